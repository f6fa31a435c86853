import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Ballot } from '../../../protocol/types';
import { LocalTimePipe } from './local-time';

/** Ballots as a table: the pending pool on the dashboard and the contents of a block in the explorer. */
@Component({
  selector: 'app-ballots-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LocalTimePipe],
  template: `
    <div class="table-scroll">
      <table [id]="tableId()" class="ballots-table">
        <caption [class.visually-hidden]="captionHidden()">{{ caption() }}</caption>
        <thead>
          <tr>
            <th scope="col">Voter ID</th>
            <th scope="col">Party</th>
            <th scope="col">{{ timeLabel() }}</th>
          </tr>
        </thead>
        <tbody>
          @for (ballot of ballots(); track ballot.voter_id) {
            <tr [attr.data-voter]="ballot.voter_id">
              <td class="voter">{{ ballot.voter_id }}</td>
              <td class="party">{{ ballot.party }}</td>
              <td>{{ ballot.timestamp | localTime }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="3" class="hint">{{ emptyText() }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class BallotsTable {
  readonly ballots = input.required<readonly Ballot[]>();
  readonly caption = input.required<string>();
  readonly captionHidden = input(false);
  readonly timeLabel = input('Time');
  readonly emptyText = input('No ballots.');
  readonly tableId = input<string | null>(null);
}
