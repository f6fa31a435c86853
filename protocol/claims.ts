import type { LifecycleTransaction, Transaction } from './types';

/*
 * What a transaction uses up: at most one transaction per claim, across a chain and a pool. One ballot per
 * voter ID (open), per ballot key (secret: a credential certifies exactly one key), one credential per
 * voter tag, and one opening and one closing. A claim is a short text, so stores can index it.
 */

export const voterIdClaim = (voterId: string): string => `voter:${voterId}`;
export const ballotKeyClaim = (ballotKey: string): string => `key:${ballotKey}`;
export const voterTagClaim = (voterTag: string): string => `tag:${voterTag}`;
export const phaseClaim = (phase: LifecycleTransaction['type']): string => `phase:${phase}`;

export function claimOf(tx: Transaction): string {
  if (!('type' in tx)) return voterIdClaim(tx.voter_id);
  switch (tx.type) {
    case 'ballot':
      return ballotKeyClaim(tx.ballot_key);
    case 'credential':
      return voterTagClaim(tx.voter_tag);
    case 'open':
    case 'close':
      return phaseClaim(tx.type);
  }
}
