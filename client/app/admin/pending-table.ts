import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Transaction } from '@protocol/types';
import { TransactionsTable } from '../shared/transactions-table';
import { adminFailureText } from './admin-failure';
import type { Polled } from './node-dashboard';

@Component({
  selector: 'app-pending-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TransactionsTable],
  template: `
    <section class="panel" aria-labelledby="pending-heading">
      <h2 id="pending-heading" i18n="@@admin.pending.heading">Pending transactions</h2>
      @if (state().failure; as f) {
        <p class="notice error" role="alert" i18n="@@admin.pending.refreshFailed">
          Could not refresh pending transactions: {{ failureText(f) }}
        </p>
      }
      <app-transactions-table
        tableId="pending-table"
        [caption]="caption"
        [captionHidden]="true"
        [timeLabel]="timeLabel"
        [transactions]="state().value ?? []"
        [emptyText]="state().value ? nothingWaiting : loading"
      />
    </section>
  `,
})
export class PendingTable {
  readonly state = input.required<Polled<Transaction[]>>();
  protected readonly failureText = adminFailureText;
  protected readonly caption = $localize`:@@admin.pending.caption:Transactions waiting to be mined`;
  protected readonly timeLabel = $localize`:@@admin.pending.time:Time`;
  protected readonly nothingWaiting = $localize`:@@admin.pending.none:Nothing waiting.`;
  protected readonly loading = $localize`:@@admin.pending.loading:Loading…`;
}
