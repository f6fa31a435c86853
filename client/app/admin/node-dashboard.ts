import { Injectable, type Signal, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type Observable, Subject } from 'rxjs';
import type { ApiFailure, ApiResult } from '../api/api-result';
import { ElectionApi } from '../api/election-api';
import { NodeApi } from '../api/node-api';
import { ElectionStore } from '../shared/election-store';
import { POLL_INTERVAL_MS, poll } from '../shared/poll';

/** The last answer to one polled request, kept when a later poll fails. */
export interface Polled<T> {
  value: T | null;
  failure: ApiFailure | null;
}

/**
 * Live view of the node for the admin page (provided by AdminDashboard, so polling stops when it is left).
 * `refresh()` asks at once, e.g. right after mining, instead of waiting for the next tick.
 */
@Injectable()
export class NodeDashboard {
  private readonly api = inject(NodeApi);
  private readonly electionApi = inject(ElectionApi);
  private readonly store = inject(ElectionStore);
  private readonly intervalMs = inject(POLL_INTERVAL_MS);
  private readonly refresh$ = new Subject<void>();

  readonly status = this.track(() => this.api.status());
  readonly pending = this.track(() => this.api.pending());
  readonly peers = this.track(() => this.api.peers());
  /** Turnout and phase; each answer also goes to the shared store, so every page sees the phase move. */
  readonly election = this.track(
    () => this.electionApi.election(),
    (info) => this.store.update(info),
  );
  readonly audit = this.track(() => this.electionApi.audit());

  refresh(): void {
    this.refresh$.next();
  }

  private track<T>(request: () => Observable<T>, onValue?: (value: T) => void): Signal<Polled<T>> {
    const state = signal<Polled<T>>({ value: null, failure: null });
    poll(request, this.intervalMs, this.refresh$)
      .pipe(takeUntilDestroyed())
      .subscribe((result: ApiResult<T>) => {
        state.update((previous) =>
          result.ok ? { value: result.value, failure: null } : { value: previous.value, failure: result.failure },
        );
        if (result.ok) onValue?.(result.value);
      });
    return state.asReadonly();
  }
}
