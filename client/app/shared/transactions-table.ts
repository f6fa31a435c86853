import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { BallotScheme, Transaction } from '@protocol/types';
import { HashText } from './hash-text';
import { LocalTimePipe } from './local-time';

/** What the second column holds for a transaction: a voter ID in clear, a sealed ballot's key, a credential's voter tag. */
type WhoKind = 'voter-id' | 'ballot-key' | 'voter-tag';

/** One table row per transaction, whatever its type, in the same four columns. */
interface Row {
  kind: string;
  who: string | null;
  whoKind: WhoKind | null;
  party: string | null;
  timestamp: number | null;
}

function rowOf(tx: Transaction): Row {
  if (!('type' in tx)) {
    const kind = $localize`:@@shell.tx.ballot:Ballot`;
    return { kind, who: tx.voter_id, whoKind: 'voter-id', party: tx.party, timestamp: tx.timestamp };
  }
  const none = { who: null, whoKind: null, party: null, timestamp: null };
  switch (tx.type) {
    case 'credential':
      return { ...none, kind: $localize`:@@shell.tx.credential:Credential issued`, who: tx.voter_tag, whoKind: 'voter-tag' };
    case 'open':
      return { ...none, kind: $localize`:@@shell.tx.open:Election opened`, timestamp: tx.timestamp };
    case 'close':
      return { ...none, kind: $localize`:@@shell.tx.close:Election closed`, timestamp: tx.timestamp };
    case 'sealed-ballot':
      return { ...none, kind: $localize`:@@shell.tx.sealedBallot:Sealed ballot`, who: tx.ballot_key, whoKind: 'ballot-key' };
    case 'trustee-decryption':
      return { ...none, kind: $localize`:@@shell.tx.decryption:Decryption by trustee ${tx.trustee}:trustee:` };
    default:
      return { ...none, kind: $localize`:@@shell.tx.ceremony:Key ceremony: trustee ${tx.trustee}:trustee:` };
  }
}

const WHO_ORDER: readonly WhoKind[] = ['voter-id', 'ballot-key', 'voter-tag'];

function whoLabel(kind: WhoKind): string {
  switch (kind) {
    case 'voter-id':
      return $localize`:@@shell.tx.voterId:Voter ID`;
    case 'ballot-key':
      return $localize`:@@shell.tx.ballotKey:Ballot key`;
    case 'voter-tag':
      return $localize`:@@shell.tx.voterTag:Voter tag`;
  }
}

/**
 * Transactions as a table: the pending pool on the dashboard and the contents of a block in the explorer.
 * A sealed ballot names no voter and no party: the table shows its one-time ballot key instead. On a narrow
 * screen each row becomes a card, its cells labelled, so nothing is cut off (styles.css).
 */
@Component({
  selector: 'app-transactions-table',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText, LocalTimePipe],
  template: `
    <div
      class="table-scroll transactions-scroll"
      tabindex="0"
      role="region"
      aria-label="Transactions"
      i18n-aria-label="@@explorer.transactions.region"
    >
      <table [id]="tableId()" class="transactions-table">
        <caption [class.visually-hidden]="captionHidden()">
          {{
            caption()
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ labels.kind }}</th>
            <th scope="col" class="who-heading">{{ whoHeading() }}</th>
            <th scope="col">{{ labels.party }}</th>
            <th scope="col">{{ timeHeading() }}</th>
          </tr>
        </thead>
        <tbody>
          @for (row of rows(); track $index) {
            <tr [attr.data-kind]="row.kind">
              <td class="kind nowrap" [attr.data-label]="labels.kind">{{ row.kind }}</td>
              <td class="voter" [attr.data-label]="row.whoKind ? whoLabel(row.whoKind) : whoHeading()">
                @if (row.who === null) {
                  —
                } @else if (row.whoKind !== 'voter-id') {
                  <app-hash-text [value]="row.who" />
                } @else {
                  {{ row.who }}
                }
              </td>
              <td class="party" [attr.data-label]="labels.party">{{ row.party ?? '—' }}</td>
              <td class="time" [attr.data-label]="timeHeading()">{{ row.timestamp | localTime }}</td>
            </tr>
          } @empty {
            <tr class="empty">
              <td colspan="4" class="hint">{{ emptyText() ?? labels.empty }}</td>
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
  /** null: "Time". */
  readonly timeLabel = input<string | null>(null);
  /** null: "No transactions." */
  readonly emptyText = input<string | null>(null);
  readonly tableId = input<string | null>(null);
  /** The election's scheme, to name the key column when no row says what it holds (null: not known). */
  readonly scheme = input<BallotScheme | null>(null);

  protected readonly labels = {
    kind: $localize`:@@shell.tx.type:Type`,
    party: $localize`:@@shell.tx.party:Party`,
    time: $localize`:@@shell.tx.time:Time`,
    empty: $localize`:@@shell.tx.empty:No transactions.`,
  };
  protected readonly whoLabel = whoLabel;
  protected readonly rows = computed(() => this.transactions().map(rowOf));
  /** Names what the column holds here: voter IDs in an open election, ballot keys (and voter tags) in a secret one. */
  protected readonly whoHeading = computed(() => {
    const held = new Set(this.rows().flatMap((row) => (row.whoKind ? [row.whoKind] : [])));
    if (held.size === 0) {
      const scheme = this.scheme();
      if (scheme === 'secret') held.add('ballot-key');
      else if (scheme === 'open') held.add('voter-id');
      else return `${whoLabel('voter-id')} / ${whoLabel('ballot-key')}`;
    }
    return WHO_ORDER.filter((kind) => held.has(kind))
      .map(whoLabel)
      .join(' / ');
  });
  protected readonly timeHeading = computed(() => this.timeLabel() ?? this.labels.time);
}
