import { isBallot } from './transactions';
import type { Transaction } from './types';

export interface PartyCount {
  party: string;
  votes: number;
}

/**
 * Counts an open election's ballots per party, in the election's party order; other transactions and names
 * are skipped. A sealed ballot names no party: a secret election's counts exist only once decrypted
 * (sealed/sealed-result.ts).
 */
export function tally(transactions: Iterable<Transaction>, parties: readonly string[]): PartyCount[] {
  const counts = new Map(parties.map((p) => [p, 0]));
  for (const tx of transactions) {
    if (!isBallot(tx) || !('party' in tx)) continue;
    const n = counts.get(tx.party);
    if (n !== undefined) counts.set(tx.party, n + 1);
  }
  return parties.map((party) => ({ party, votes: counts.get(party) ?? 0 }));
}

/** A short digest of a tally at a height, so nodes can compare their counts at a glance. */
export function tallyDigest(height: number, counts: readonly PartyCount[], hash: (s: string) => string): string {
  return hash(JSON.stringify(['tally', height, counts.map((c) => [c.party, c.votes])]));
}
