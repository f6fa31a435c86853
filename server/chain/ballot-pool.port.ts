import type { Ballot } from '../../protocol';

/**
 * What the chain needs from the pending pool, called inside the chain's own transaction so that a block
 * and the pool change together or not at all. VotingModule provides it (the chain never imports voting).
 */
export interface BallotPoolPort {
  /** Ballots now confirmed on the main chain leave the pool. */
  removeVoters(voterIds: readonly string[]): void;
  /** Ballots of blocks that left the main chain come back, unless their voter is confirmed again. */
  restore(ballots: readonly Ballot[]): void;
}
