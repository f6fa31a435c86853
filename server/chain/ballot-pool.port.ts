import type { Transaction } from '../../protocol';

/**
 * What the chain needs from the pending pool, called inside the chain's own transaction so that a block
 * and the pool change together or not at all. VotingModule provides it (the chain never imports voting).
 */
export interface BallotPoolPort {
  /** Transactions now confirmed on the main chain leave the pool (by claim, see protocol claimOf). */
  removeClaims(claims: readonly string[]): void;
  /** Transactions of blocks that left the main chain come back, unless their claim is confirmed again. */
  restore(transactions: readonly Transaction[]): void;
}
