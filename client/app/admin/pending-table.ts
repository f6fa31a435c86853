import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Ballot } from '../../../protocol/types';
import { describeFailure } from '../api/api-result';
import { LocalTimePipe } from '../shared/local-time';
import type { Polled } from './node-dashboard';

@Component({
  selector: 'app-pending-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LocalTimePipe],
  template: `
    <section class="panel" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending ballots</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert">Could not refresh pending ballots: {{ describeFailure(f) }}</p>
      }
      <div class="table-scroll">
        <table id="pending-table">
          <caption class="visually-hidden">
            Ballots waiting to be mined
          </caption>
          <thead>
            <tr>
              <th scope="col">Voter ID</th>
              <th scope="col">Party</th>
              <th scope="col">Received</th>
            </tr>
          </thead>
          <tbody>
            @for (ballot of state().value ?? []; track ballot.voter_id) {
              <tr [attr.data-voter]="ballot.voter_id">
                <td class="voter">{{ ballot.voter_id }}</td>
                <td class="party">{{ ballot.party }}</td>
                <td>{{ ballot.timestamp | localTime }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="3" class="hint">{{ state().value ? 'No ballots waiting.' : 'Loading…' }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </section>
  `,
})
export class PendingTable {
  readonly state = input.required<Polled<Ballot[]>>();
  protected readonly describeFailure = describeFailure;
}
