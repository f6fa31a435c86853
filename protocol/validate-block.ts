import { MAX_BALLOTS_PER_BLOCK, MAX_FUTURE_DRIFT_SECONDS } from './limits';
import { merkleRoot } from './merkle';
import { hashHeader, meetsDifficulty } from './proof-of-work';
import { type ElectionRules, validateBallot } from './validate-ballot';
import type { Block, BlockHeader, HashFn, Verdict } from './types';

export type BlockRejection =
  | 'index-mismatch'
  | 'previous-hash-mismatch'
  | 'timestamp-before-parent'
  | 'timestamp-in-future'
  | 'difficulty-mismatch'
  | 'hash-mismatch'
  | 'insufficient-work'
  | 'merkle-root-mismatch'
  | 'empty-block'
  | 'too-many-ballots'
  | 'invalid-ballot'
  | 'duplicate-voter-in-block'
  | 'voter-already-voted';

/** A read-only view of the chain that ends at the candidate block's parent. */
export interface AncestryView {
  hasVoted(voterId: string): boolean;
}

export interface BlockContext {
  rules: ElectionRules;
  hash: HashFn;
  /** The validating node's clock, in seconds. */
  now: number;
}

function reject(reason: BlockRejection, detail: string): Verdict<BlockRejection> {
  return { ok: false, reason, detail };
}

/**
 * Rules that need only the block itself and the election: proof of work, hash, merkle root, size and
 * ballot validity. Cheap to run before touching storage.
 */
export function validateBlockAlone(block: Block, ctx: BlockContext): Verdict<BlockRejection> {
  const { rules, hash } = ctx;
  if (block.difficulty !== rules.election.difficulty) {
    return reject('difficulty-mismatch', `difficulty ${block.difficulty}, the election requires ${rules.election.difficulty}`);
  }
  // Written so that NaN fails: every comparison with NaN is false.
  if (!(block.timestamp <= ctx.now + MAX_FUTURE_DRIFT_SECONDS)) return reject('timestamp-in-future', 'block timestamp is too far ahead');
  if (block.transactions.length === 0) return reject('empty-block', 'a block must carry at least one ballot');
  if (block.transactions.length > MAX_BALLOTS_PER_BLOCK) {
    return reject('too-many-ballots', `a block holds at most ${MAX_BALLOTS_PER_BLOCK} ballots`);
  }
  const header: BlockHeader = {
    index: block.index,
    timestamp: block.timestamp,
    previous_hash: block.previous_hash,
    nonce: block.nonce,
    difficulty: block.difficulty,
    merkle_root: block.merkle_root,
  };
  if (hashHeader(header, hash) !== block.hash) return reject('hash-mismatch', 'hash does not match the block header');
  if (!meetsDifficulty(block.hash, block.difficulty)) return reject('insufficient-work', 'hash does not meet the difficulty');
  if (merkleRoot(block.transactions, hash) !== block.merkle_root) {
    return reject('merkle-root-mismatch', 'merkle_root does not match the ballots');
  }
  const seen = new Set<string>();
  for (const ballot of block.transactions) {
    const verdict = validateBallot(ballot, rules, block.timestamp);
    if (!verdict.ok) return reject('invalid-ballot', `${verdict.reason}: ${verdict.detail}`);
    if (seen.has(ballot.voter_id)) return reject('duplicate-voter-in-block', `${ballot.voter_id} votes twice in the block`);
    seen.add(ballot.voter_id);
  }
  return { ok: true };
}

/** Rules that link a block to its parent and to the ballots already in its ancestry. */
export function validateBlockOnParent(block: Block, parent: Block, ancestry: AncestryView): Verdict<BlockRejection> {
  if (block.index !== parent.index + 1) return reject('index-mismatch', `index ${block.index} after parent ${parent.index}`);
  if (block.previous_hash !== parent.hash) return reject('previous-hash-mismatch', 'previous_hash is not the parent hash');
  if (!(block.timestamp >= parent.timestamp)) return reject('timestamp-before-parent', 'block timestamp is before its parent');
  for (const ballot of block.transactions) {
    if (ancestry.hasVoted(ballot.voter_id)) return reject('voter-already-voted', `${ballot.voter_id} already voted`);
  }
  return { ok: true };
}

/** Every rule: a block is valid on a parent only when both checks pass. */
export function validateBlock(block: Block, parent: Block, ancestry: AncestryView, ctx: BlockContext): Verdict<BlockRejection> {
  const alone = validateBlockAlone(block, ctx);
  return alone.ok ? validateBlockOnParent(block, parent, ancestry) : alone;
}
