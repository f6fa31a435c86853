import {
  type AncestryView,
  type Ballot,
  type Block,
  type BlockContext,
  type BlockHeader,
  type Election,
  type ElectionRules,
  electionRules,
  genesisBlock,
  initialLedgerState,
  type LedgerState,
  type SealedBallot,
  type SealedGroup,
  type Transaction,
} from '../../protocol';
import { SealedVerdicts } from '../../node-crypto/sealed-verdicts';
import { nodeSignatures } from '../../node-crypto/signatures';
import { sha256 } from '../../node-crypto/sha256';
import { nobleGroup } from '../../sealed-crypto/noble-group';
import { mineBlockOn } from '../support/mine-block';

export { nodeSignatures, sha256 };

/** The validating node's clock in every protocol test (seconds): 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;

/** A small open election with a roll and a low difficulty, so that mining in tests is a few dozen hashes. */
export const TEST_ELECTION: Election = {
  title: 'Test election',
  parties: ['Red', 'Green', 'Blue'],
  voters: Array.from({ length: 10 }, (_, i) => `V${String(i + 1).padStart(3, '0')}`),
  difficulty: 1,
  scheme: 'open',
};

export const TEST_VOTERS: readonly string[] = TEST_ELECTION.voters ?? [];

/** Well-formed authority keys that are no one's: enough for rules that only look at the manifest. */
export const PLACEHOLDER_AUTHORITY = { signing_key: 'S'.repeat(43), credential_key: 'C'.repeat(392) };

/** A well-formed trustee that is no one: two distinct 32-byte keys in canonical base64url. */
export const PLACEHOLDER_TRUSTEE = { name: 'Trustee', signing_key: 'Q'.repeat(43), share_key: 'g'.repeat(43) };

/** A placeholder sealed ciphertext entry: well shaped for encodings, hashes and claims; no proof holds. */
export const PLACEHOLDER_ENTRY = { alpha: 'a', beta: 'b', c0: 'c', c1: 'd', v0: 'e', v1: 'f' };

/** A sealed ballot made of placeholders, for rules that only encode, hash or claim it. */
export const PLACEHOLDER_SEALED: SealedBallot = {
  type: 'sealed-ballot',
  sealed: { entries: [PLACEHOLDER_ENTRY], sum_proof: { challenge: 'g', response: 'h' } },
  ballot_key: 'k',
  credential: 'c',
  signature: 's',
};

/** The smallest secret manifest: one party, a roll of two, placeholder keys, one trustee. */
export const MINIMAL_SECRET_ELECTION: Election = {
  title: 'S',
  parties: ['Red'],
  difficulty: 1,
  scheme: 'secret',
  roll: { size: 2, root: 'a'.repeat(64) },
  authority: PLACEHOLDER_AUTHORITY,
  sealed: { threshold: 1, trustees: [PLACEHOLDER_TRUSTEE], blank: false },
};

export function ballot(voter_id: string, party: string, timestamp = NOW - 60): Ballot {
  return { voter_id, party, timestamp };
}

/**
 * A sealed election's rules in `group`, keeping the verdicts on ballot proofs as a node does: each ballot's
 * proofs are checked once, however many blocks and states a test offers it in.
 */
export function sealedRulesOf(election: Election, group: SealedGroup): ElectionRules {
  const verdicts = new SealedVerdicts(group, election.parties.length + (election.sealed?.blank ? 1 : 0));
  return electionRules(election, sha256, nodeSignatures, { group, choiceProblem: (opened, b) => verdicts.problem(opened, b) });
}

const sealedRules = new WeakMap<Election, ElectionRules>();

/** The rules as a node applies them; a sealed election's in noble's group (it needs no asynchronous start), made once. */
export function rulesOf(election: Election = TEST_ELECTION): ElectionRules {
  if (!election.sealed) return electionRules(election, sha256, nodeSignatures);
  let rules = sealedRules.get(election);
  if (!rules) sealedRules.set(election, (rules = sealedRulesOf(election, nobleGroup())));
  return rules;
}

export function context(election: Election = TEST_ELECTION, now = NOW): BlockContext {
  return { rules: rulesOf(election), hash: sha256, now };
}

/** An ancestry in which the given claims (see claimOf) are used, with the ledger state after it. */
export function ancestry(claims: readonly string[], state: LedgerState): AncestryView {
  const used = new Set(claims);
  return { isClaimed: (claim) => used.has(claim), state };
}

/** An ancestry of an election without authority (open from genesis) in which the given voters have voted. */
export function ancestryOf(...voterIds: string[]): AncestryView {
  return ancestry(
    voterIds.map((id) => `voter:${id}`),
    { phase: 'open', ballots: voterIds.length, credentials: 0 },
  );
}

export const NO_ANCESTRY: AncestryView = ancestry([], initialLedgerState(TEST_ELECTION));

export function genesis(election: Election = TEST_ELECTION): Block {
  return genesisBlock(election, sha256);
}

/**
 * A block on `parent` carrying `transactions`, at NOW unless told, with a nonce that meets its difficulty.
 * Any header field can be given before the proof of work, so a test can build a block broken in exactly
 * one way while its hash and proof stay valid.
 */
export function mineBlock(
  parent: Pick<Block, 'index' | 'hash'>,
  transactions: readonly Transaction[],
  overrides: Partial<Omit<BlockHeader, 'nonce'>> = {},
  election: Election = TEST_ELECTION,
): Block {
  return mineBlockOn(parent, transactions, { timestamp: NOW, difficulty: election.difficulty, ...overrides });
}

/** A deep copy, so that a mutation never reaches the original block. */
export function cloneBlock(block: Block): Block {
  return structuredClone(block);
}
