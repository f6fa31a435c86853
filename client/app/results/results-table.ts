import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { PartyCount } from '@protocol/tally';

@Component({
  selector: 'app-results-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-scroll">
      <table id="results-table">
        <caption>
          Votes per party (mined ballots)
        </caption>
        <thead>
          <tr>
            <th scope="col">Party</th>
            <th scope="col" class="num">Votes</th>
            <th scope="col" class="num">Share</th>
          </tr>
        </thead>
        <tbody>
          @for (row of tally(); track row.party) {
            <tr [attr.data-party]="row.party">
              <th scope="row">{{ row.party }}</th>
              <td class="votes num">{{ row.votes }}</td>
              <td class="share num">{{ share(row.votes) }}</td>
            </tr>
          }
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td class="num">{{ total() }}</td>
            <td class="num">{{ total() > 0 ? '100%' : '—' }}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  `,
})
export class ResultsTable {
  readonly tally = input.required<readonly PartyCount[]>();
  readonly total = input.required<number>();

  protected share(votes: number): string {
    const total = this.total();
    return total > 0 ? `${((votes / total) * 100).toFixed(1)}%` : '—';
  }
}
