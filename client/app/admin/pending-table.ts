import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Transaction } from '@protocol/types';
import { describeFailure } from '../api/api-result';
import { TransactionsTable } from '../shared/transactions-table';
import type { Polled } from './node-dashboard';

@Component({
  selector: 'app-pending-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TransactionsTable],
  template: `
    <section class="panel" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending transactions</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert">Could not refresh pending transactions: {{ describeFailure(f) }}</p>
      }
      <app-transactions-table
        tableId="pending-table"
        caption="Transactions waiting to be mined"
        [captionHidden]="true"
        timeLabel="Time"
        [transactions]="state().value ?? []"
        [emptyText]="state().value ? 'Nothing waiting.' : 'Loading…'"
      />
    </section>
  `,
})
export class PendingTable {
  readonly state = input.required<Polled<Transaction[]>>();
  protected readonly describeFailure = describeFailure;
}
