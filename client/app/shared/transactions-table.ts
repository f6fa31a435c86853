import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Transaction } from '@protocol/types';
import { HashText } from './hash-text';
import { LocalTimePipe } from './local-time';

/** One table row per transaction, whatever its type, in the same four columns. */
interface Row {
  kind: string;
  /** Open ballot: the voter ID; sealed ballot: its ballot key; credential: the voter tag. */
  who: string | null;
  whoIsKey: boolean;
  party: string | null;
  timestamp: number | null;
}

function rowOf(tx: Transaction): Row {
  if (!('type' in tx)) return { kind: 'Ballot', who: tx.voter_id, whoIsKey: false, party: tx.party, timestamp: tx.timestamp };
  switch (tx.type) {
    case 'credential':
      return { kind: 'Credential issued', who: tx.voter_tag, whoIsKey: true, party: null, timestamp: null };
    case 'open':
      return { kind: 'Election opened', who: null, whoIsKey: false, party: null, timestamp: tx.timestamp };
    case 'close':
      return { kind: 'Election closed', who: null, whoIsKey: false, party: null, timestamp: tx.timestamp };
    case 'sealed-ballot':
      return { kind: 'Sealed ballot', who: tx.ballot_key, whoIsKey: true, party: null, timestamp: null };
    case 'trustee-decryption':
      return { kind: `Decryption by trustee ${tx.trustee}`, who: null, whoIsKey: false, party: null, timestamp: null };
    default:
      return { kind: `Key ceremony: trustee ${tx.trustee}`, who: null, whoIsKey: false, party: null, timestamp: null };
  }
}

/**
 * Transactions as a table: the pending pool on the dashboard and the contents of a block in the explorer.
 * A sealed ballot names no voter and no party: the table shows its one-time ballot key instead.
 */
@Component({
  selector: 'app-transactions-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText, LocalTimePipe],
  template: `
    <div class="table-scroll">
      <table [id]="tableId()" class="transactions-table">
        <caption [class.visually-hidden]="captionHidden()">
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Voter ID / key</th>
            <th scope="col">Party</th>
            <th scope="col">{{ timeLabel() }}</th>
          </tr>
        </thead>
        <tbody>
          @for (tx of transactions(); track $index) {
            @let row = rowOf(tx);
            <tr [attr.data-kind]="row.kind">
              <td class="kind nowrap">{{ row.kind }}</td>
              <td class="voter">
                @if (row.who === null) {
                  —
                } @else if (row.whoIsKey) {
                  <app-hash-text [value]="row.who" />
                } @else {
                  {{ row.who }}
                }
              </td>
              <td class="party">{{ row.party ?? '—' }}</td>
              <td>{{ row.timestamp | localTime }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="4" class="hint">{{ emptyText() }}</td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class TransactionsTable {
  readonly transactions = input.required<readonly Transaction[]>();
  readonly caption = input.required<string>();
  readonly captionHidden = input(false);
  readonly timeLabel = input('Time');
  readonly emptyText = input('No transactions.');
  readonly tableId = input<string | null>(null);
  protected readonly rowOf = rowOf;
}
