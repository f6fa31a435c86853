import { createHash } from 'node:crypto';
import { mineBlockOn } from '../support/mine-block';
import {
  type AncestryView,
  type Ballot,
  type Block,
  type BlockContext,
  type BlockHeader,
  type Election,
  electionRules,
  genesisBlock,
  type HashFn,
} from '../../protocol';

export const sha256: HashFn = (s) => createHash('sha256').update(s).digest('hex');

/** The validating node's clock in every protocol test (seconds): 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;

/** A small election with a roll and a low difficulty, so that mining in tests is a few dozen hashes. */
export const TEST_ELECTION: Election = {
  title: 'Test election',
  parties: ['Red', 'Green', 'Blue'],
  voters: Array.from({ length: 10 }, (_, i) => `V${String(i + 1).padStart(3, '0')}`),
  difficulty: 1,
};

export const TEST_VOTERS: readonly string[] = TEST_ELECTION.voters ?? [];

export function ballot(voter_id: string, party: string, timestamp = NOW - 60): Ballot {
  return { voter_id, party, timestamp };
}

export function context(election: Election = TEST_ELECTION, now = NOW): BlockContext {
  return { rules: electionRules(election), hash: sha256, now };
}

/** An ancestry in which the given voters have already voted. */
export function ancestryOf(...voterIds: string[]): AncestryView {
  const voted = new Set(voterIds);
  return { hasVoted: (voterId) => voted.has(voterId) };
}

export const NO_ANCESTRY: AncestryView = ancestryOf();

export function genesis(election: Election = TEST_ELECTION): Block {
  return genesisBlock(election, sha256);
}

/** A mined block on `parent` at NOW (see test/support/mine-block.ts). */
export function mineBlock(
  parent: Block,
  ballots: readonly Ballot[],
  overrides: Partial<Omit<BlockHeader, 'nonce'>> = {},
  election: Election = TEST_ELECTION,
): Block {
  return mineBlockOn(parent, ballots, { timestamp: NOW, difficulty: election.difficulty, ...overrides });
}

/** A deep copy, so that a mutation never reaches the original block. */
export function cloneBlock(block: Block): Block {
  return { ...block, transactions: block.transactions.map((b) => ({ ...b })) };
}
