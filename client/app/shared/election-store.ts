import { Injectable, computed, inject, signal } from '@angular/core';
import type { ElectionInfo } from '../../../protocol/api';
import { ElectionApi } from '../api/election-api';
import { type ApiFailure, toResult } from '../api/api-result';

/** The election never changes while a node runs, so it is loaded once and shared by the shell and the pages. */
@Injectable({ providedIn: 'root' })
export class ElectionStore {
  private readonly api = inject(ElectionApi);
  private readonly info = signal<ElectionInfo | null>(null);
  private readonly lastFailure = signal<ApiFailure | null>(null);
  private readonly inFlight = signal(false);

  readonly election = this.info.asReadonly();
  readonly failure = this.lastFailure.asReadonly();
  readonly loading = this.inFlight.asReadonly();
  readonly title = computed(() => this.info()?.title ?? 'Ballotchain');

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
        if (result.ok) {
          this.info.set(result.value);
          this.lastFailure.set(null);
        } else {
          this.lastFailure.set(result.failure);
        }
      });
  }
}
