import { PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { PartyCount } from '@protocol/tally';

@Component({
  selector: 'app-results-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PercentPipe],
  template: `
    <div class="table-scroll">
      <table id="results-table">
        <caption i18n="@@results.table.caption">
          Votes per party (mined ballots)
        </caption>
        <thead>
          <tr>
            <th scope="col" i18n="@@results.table.party">Party</th>
            <th scope="col" class="num" i18n="@@results.table.votes">Votes</th>
            <th scope="col" class="num" i18n="@@results.table.share">Share</th>
          </tr>
        </thead>
        <tbody>
          @for (row of tally(); track row.party) {
            <tr [attr.data-party]="row.party">
              <th scope="row" class="break">{{ row.party }}</th>
              <td class="votes num">{{ row.votes }}</td>
              <td class="share num">{{ total() > 0 ? (row.votes / total() | percent: '1.1-1') : '—' }}</td>
            </tr>
          }
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" i18n="@@results.table.total">Total</th>
            <td class="num">{{ total() }}</td>
            <td class="num">{{ total() > 0 ? (1 | percent) : '—' }}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  `,
})
export class ResultsTable {
  readonly tally = input.required<readonly PartyCount[]>();
  readonly total = input.required<number>();
}
