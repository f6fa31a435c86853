import { genesisBlock, isWellFormedVoterId } from './election';
import { MAX_FUTURE_DRIFT_SECONDS } from './limits';
import { type SealedGroup, type SealedRules, sealedRules } from './sealed';
import type { Ballot, Election, HashFn, SignatureVerifier, Verdict } from './types';

export type BallotRejection = 'malformed-voter-id' | 'unknown-party' | 'not-on-roll' | 'bad-timestamp' | 'wrong-scheme';

/**
 * What an election lets any node check about a transaction on its own. Whether a voter, ballot key or
 * tag was already used depends on a chain and a pool, and is checked by the caller that has them.
 */
export interface ElectionRules {
  election: Election;
  /** The genesis hash: every signed message names it. */
  electionId: string;
  /** Elections with an authority go through draft → open → closed; others are open from genesis. */
  hasLifecycle: boolean;
  hash: HashFn;
  signatures: SignatureVerifier;
  isParty(party: string): boolean;
  isOnRoll(voterId: string): boolean;
  /**
   * A sealed election's rules (its group, trustees, ceremony); null for every other election, and for rules made
   * without the group, which check transactions on their own but refuse to apply any (see applyTransaction).
   */
  sealed: SealedRules | null;
}

/** What a sealed election's rules are made with: the group, and where a node keeps verdicts, its check of ballot proofs. */
export interface SealedRulesInput {
  group: SealedGroup;
  choiceProblem?: SealedRules['choiceProblem'];
}

export function electionRules(election: Election, hash: HashFn, signatures: SignatureVerifier, sealed?: SealedRulesInput): ElectionRules {
  const parties = new Set(election.parties);
  const roll = election.voters ? new Set(election.voters) : null;
  const electionId = genesisBlock(election, hash).hash;
  return {
    election,
    electionId,
    sealed:
      election.sealed && sealed
        ? sealedRules(election.sealed, election.parties.length, electionId, hash, signatures, sealed.group, sealed.choiceProblem)
        : null,
    hasLifecycle: election.authority !== undefined,
    hash,
    signatures,
    isParty: (party) => parties.has(party),
    isOnRoll: (voterId) => roll === null || roll.has(voterId),
  };
}

/** An open-scheme ballot. `now` bounds the timestamp; pass the block's timestamp for a ballot in a block. */
export function validateBallot(ballot: Ballot, rules: ElectionRules, now: number): Verdict<BallotRejection> {
  if (rules.election.scheme !== 'open') {
    return { ok: false, reason: 'wrong-scheme', detail: 'this election takes secret ballots; a voter ID in clear is not accepted' };
  }
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
