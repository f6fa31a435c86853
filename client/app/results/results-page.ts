import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { ResultsResponse } from '@api/http';
import { type ApiFailure, describeFailure } from '../api/api-result';
import { ElectionApi } from '../api/election-api';
import { HashText } from '../shared/hash-text';
import { plural } from '../shared/outcome';
import { POLL_INTERVAL_MS, poll } from '../shared/poll';
import { ResultsChart } from './results-chart';
import { ResultsTable } from './results-table';

/*
 * Element ids: results-sealed (a sealed election: where the decryption stands), results-final ("Final
 * results", "Provisional", or no count yet while sealed), results-total, results-pending,
 * results-height, results-digest, results-table (rows data-party), results-chart.
 */

@Component({
  selector: 'app-results-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ResultsChart, ResultsTable, HashText],
  templateUrl: './results-page.html',
})
export class ResultsPage {
  private readonly api = inject(ElectionApi);
  protected readonly intervalSeconds = inject(POLL_INTERVAL_MS) / 1000;
  protected readonly results = signal<ResultsResponse | null>(null);
  protected readonly failure = signal<ApiFailure | null>(null);
  protected readonly describeFailure = describeFailure;
  protected readonly plural = plural;

  /** Trustees by their numbers: "trustee 2", "trustees 1, 3". */
  protected trustees(indices: number[]): string {
    return `${indices.length === 1 ? 'trustee' : 'trustees'} ${indices.join(', ')}`;
  }

  constructor() {
    // A failed poll keeps the last known numbers on screen and says they may be stale.
    poll(() => this.api.results(), inject(POLL_INTERVAL_MS))
      .pipe(takeUntilDestroyed())
      .subscribe((result) => {
        if (result.ok) {
          this.results.set(result.value);
          this.failure.set(null);
        } else {
          this.failure.set(result.failure);
        }
      });
  }
}
