import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { type Observable, of, switchMap, tap } from 'rxjs';
import type { ResultsResponse } from '@api/http';
import type { ApiFailure } from '../api/api-result';
import { ElectionApi } from '../api/election-api';
import { ElectionStore } from '../shared/election-store';
import { HashText } from '../shared/hash-text';
import { POLL_INTERVAL_MS, poll } from '../shared/poll';
import { ResultsChart } from './results-chart';
import { ResultsDownloads } from './results-downloads';
import { ResultsTable } from './results-table';

/*
 * Element ids: results-no-election (a node waiting for its election), results-sealed (a sealed election:
 * where the decryption stands), results-final ("Final results", "Provisional", or no count yet while
 * sealed), results-total, results-pending, results-height, results-digest, results-table (rows
 * data-party), results-chart; once the result is final, results-downloads (see ResultsDownloads).
 */

/** A node without an election has no results route (404) or says so (503 no-election). */
function meansNoElection(failure: ApiFailure): boolean {
  return failure.status === 404 || (failure.status === 503 && failure.error === 'no-election');
}

@Component({
  selector: 'app-results-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ResultsChart, ResultsTable, ResultsDownloads, HashText, RouterLink],
  templateUrl: './results-page.html',
})
export class ResultsPage {
  private readonly api = inject(ElectionApi);
  private readonly store = inject(ElectionStore);
  protected readonly intervalSeconds = inject(POLL_INTERVAL_MS) / 1000;
  protected readonly results = signal<ResultsResponse | null>(null);
  protected readonly failure = signal<ApiFailure | null>(null);
  protected readonly noElection = signal(false);

  constructor() {
    // A failed poll keeps the last known numbers on screen and says they may be stale.
    poll(() => this.ask(), inject(POLL_INTERVAL_MS))
      .pipe(takeUntilDestroyed())
      .subscribe((result) => {
        if (result.ok) {
          this.noElection.set(result.value === null);
          if (result.value) this.results.set(result.value);
          this.failure.set(null);
        } else if (meansNoElection(result.failure)) {
          this.noElection.set(true);
          this.failure.set(null);
        } else {
          this.failure.set(result.failure);
        }
      });
  }

  /**
   * The results, or null while the node has no election. Until the election is known to exist, the page asks
   * for the election first (and hands the answer to the store): a node in setup mode has no results to ask
   * for, and learns of its election being created this way, so the page comes alive by itself.
   */
  private ask(): Observable<ResultsResponse | null> {
    if (this.store.election()) return this.api.results();
    return this.api.election().pipe(
      tap((info) => this.store.update(info)),
      switchMap((info) => (info.phase === 'setup' ? of(null) : this.api.results())),
    );
  }
}
