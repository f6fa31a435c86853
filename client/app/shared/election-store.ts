import { Injectable, computed, inject, signal } from '@angular/core';
import type { ElectionInfo, SetupInfo } from '@api/http';
import { ElectionApi } from '../api/election-api';
import { type ApiFailure, toResult } from '../api/api-result';

/**
 * The election as the shell and the pages share it. Loaded at start; its phase moves (setup → draft →
 * open → closed), so pages that depend on it reload it, and the admin page hands over fresher answers.
 */
@Injectable({ providedIn: 'root' })
export class ElectionStore {
  private readonly api = inject(ElectionApi);
  private readonly info = signal<ElectionInfo | SetupInfo | null>(null);
  private readonly lastFailure = signal<ApiFailure | null>(null);
  private readonly inFlight = signal(false);

  /** The running election; null before the first answer and while the node awaits one. */
  readonly election = computed(() => {
    const info = this.info();
    return info && info.phase !== 'setup' ? info : null;
  });
  /** True when the node waits for an election to be created on the admin page. */
  readonly awaitingSetup = computed(() => this.info()?.phase === 'setup');
  readonly failure = this.lastFailure.asReadonly();
  readonly loading = this.inFlight.asReadonly();
  readonly title = computed(() => this.election()?.title ?? 'Ballotchain');

  constructor() {
    this.reload();
  }

  reload(): void {
    if (this.inFlight()) return;
    this.inFlight.set(true);
    this.api
      .election()
      .pipe(toResult())
      .subscribe((result) => {
        this.inFlight.set(false);
        if (result.ok) this.update(result.value);
        else this.lastFailure.set(result.failure);
      });
  }

  update(info: ElectionInfo | SetupInfo): void {
    this.info.set(info);
    this.lastFailure.set(null);
  }
}
