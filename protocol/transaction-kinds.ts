import type { Transaction } from './types';

/** What a block can hold, as the explorer names it: ballots of either scheme count as ballots. */
export type ContentKind = 'ballot' | 'credential' | 'open' | 'close' | 'ceremony' | 'decryption';

export interface ContentCount {
  kind: ContentKind;
  count: number;
}

/** In the order an election goes through them: the key ceremony, the opening, credentials and ballots, the close, the decryption. */
const ORDER: readonly ContentKind[] = ['ceremony', 'open', 'credential', 'ballot', 'close', 'decryption'];

export function contentKindOf(tx: Transaction): ContentKind {
  if (!('type' in tx)) return 'ballot';
  switch (tx.type) {
    case 'sealed-ballot':
      return 'ballot';
    case 'credential':
      return 'credential';
    case 'open':
      return 'open';
    case 'close':
      return 'close';
    case 'trustee-decryption':
      return 'decryption';
    case 'trustee-commitments':
    case 'trustee-shares':
    case 'trustee-complaint':
    case 'trustee-reveal':
      return 'ceremony';
    default:
      // Only a block stored by release 0.1.0 holds another type: its secret ballot with the party in clear
      // (`type: 'ballot'`), which that release counted as a ballot.
      return 'ballot';
  }
}

/** How many transactions of each kind a block holds, kinds that it holds none of left out. */
export function countByKind(transactions: readonly Transaction[]): ContentCount[] {
  const counts = new Map<ContentKind, number>();
  for (const tx of transactions) {
    const kind = contentKindOf(tx);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return ORDER.filter((kind) => counts.has(kind)).map((kind) => ({ kind, count: counts.get(kind)! }));
}
