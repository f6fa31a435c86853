import { isWellFormedVoterId } from './election';
import { MAX_FUTURE_DRIFT_SECONDS } from './limits';
import type { Ballot, Election, Verdict } from './types';

export type BallotRejection = 'malformed-voter-id' | 'unknown-party' | 'not-on-roll' | 'bad-timestamp';

/**
 * What an election lets any node check about a ballot on its own. Whether the voter already voted
 * depends on a chain and a pool, and is checked by the caller that has them.
 */
export interface ElectionRules {
  election: Election;
  isParty(party: string): boolean;
  isOnRoll(voterId: string): boolean;
}

export function electionRules(election: Election): ElectionRules {
  const parties = new Set(election.parties);
  const roll = election.voters ? new Set(election.voters) : null;
  return {
    election,
    isParty: (party) => parties.has(party),
    isOnRoll: (voterId) => roll === null || roll.has(voterId),
  };
}

/** `now` bounds the timestamp; pass the block's timestamp when checking a ballot inside a block. */
export function validateBallot(ballot: Ballot, rules: ElectionRules, now: number): Verdict<BallotRejection> {
  if (!isWellFormedVoterId(ballot.voter_id)) {
    return { ok: false, reason: 'malformed-voter-id', detail: 'voter_id must be 1-64 letters, digits or . _ : -' };
  }
  if (typeof ballot.party !== 'string' || !rules.isParty(ballot.party)) {
    return { ok: false, reason: 'unknown-party', detail: `"${String(ballot.party)}" is not a party in this election` };
  }
  if (!rules.isOnRoll(ballot.voter_id)) {
    return { ok: false, reason: 'not-on-roll', detail: `${ballot.voter_id} is not on the voter roll` };
  }
  if (!Number.isFinite(ballot.timestamp) || ballot.timestamp < 0 || ballot.timestamp > now + MAX_FUTURE_DRIFT_SECONDS) {
    return { ok: false, reason: 'bad-timestamp', detail: 'ballot timestamp is not a time this node accepts' };
  }
  return { ok: true };
}
