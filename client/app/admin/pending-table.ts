import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Ballot } from '../../../protocol/types';
import { describeFailure } from '../api/api-result';
import { BallotsTable } from '../shared/ballots-table';
import type { Polled } from './node-dashboard';

@Component({
  selector: 'app-pending-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BallotsTable],
  template: `
    <section class="panel" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending ballots</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert">Could not refresh pending ballots: {{ describeFailure(f) }}</p>
      }
      <app-ballots-table
        tableId="pending-table"
        caption="Ballots waiting to be mined"
        [captionHidden]="true"
        timeLabel="Received"
        [ballots]="state().value ?? []"
        [emptyText]="state().value ? 'No ballots waiting.' : 'Loading…'"
      />
    </section>
  `,
})
export class PendingTable {
  readonly state = input.required<Polled<Ballot[]>>();
  protected readonly describeFailure = describeFailure;
}
