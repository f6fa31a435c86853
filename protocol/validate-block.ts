import { type LedgerState, type OrderRejection, applyTransaction } from './ledger-state';
import { MAX_BALLOTS_PER_BLOCK, MAX_FUTURE_DRIFT_SECONDS } from './limits';
import { merkleRootOfLeaves, transactionLeaf } from './merkle';
import { hashHeader, meetsDifficulty } from './proof-of-work';
import { claimsOf } from './claims';
import { validateTransaction } from './transactions';
import type { ElectionRules } from './validate-ballot';
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
  | 'duplicate-in-block'
  | 'already-used'
  | OrderRejection;

export type BlockOutcome = { ok: true; state: LedgerState } | (Verdict<BlockRejection> & { ok: false });

/** A read-only view of the chain that ends at the candidate block's parent. */
export interface AncestryView {
  /** Whether a transaction with this claim (see claimOf) is already in the ancestry. */
  isClaimed(claim: string): boolean;
  /** The ledger state after the parent. */
  state: LedgerState;
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

export function headerOf(block: BlockHeader): BlockHeader {
  return {
    index: block.index,
    timestamp: block.timestamp,
    previous_hash: block.previous_hash,
    nonce: block.nonce,
    difficulty: block.difficulty,
    merkle_root: block.merkle_root,
  };
}

/**
 * Rules that need only the block itself and the election: proof of work, hash, merkle root, size, and
 * every transaction's own rules (signatures, credentials, roll). Cheap to run before touching storage.
 */
export function validateBlockAlone(
  block: Block,
  ctx: BlockContext,
  /** The transactions' merkle leaves, when the caller has computed them already (they are its tracking codes). */
  leaves: readonly string[] = block.transactions.map((t) => transactionLeaf(t, ctx.hash)),
): Verdict<BlockRejection> {
  const { rules, hash } = ctx;
  if (block.difficulty !== rules.election.difficulty) {
    return reject('difficulty-mismatch', `difficulty ${block.difficulty}, the election requires ${rules.election.difficulty}`);
  }
  // Written so that NaN fails: every comparison with NaN is false.
  if (!(block.timestamp <= ctx.now + MAX_FUTURE_DRIFT_SECONDS)) return reject('timestamp-in-future', 'block timestamp is too far ahead');
  if (block.transactions.length === 0) return reject('empty-block', 'a block must carry at least one transaction');
  if (block.transactions.length > MAX_BALLOTS_PER_BLOCK) {
    return reject('too-many-ballots', `a block holds at most ${MAX_BALLOTS_PER_BLOCK} transactions`);
  }
  if (hashHeader(headerOf(block), hash) !== block.hash) return reject('hash-mismatch', 'hash does not match the block header');
  if (!meetsDifficulty(block.hash, block.difficulty)) return reject('insufficient-work', 'hash does not meet the difficulty');
  if (leaves.length !== block.transactions.length || merkleRootOfLeaves(leaves, hash) !== block.merkle_root) {
    return reject('merkle-root-mismatch', 'merkle_root does not match the transactions');
  }
  const seen = new Set<string>();
  for (const tx of block.transactions) {
    const verdict = validateTransaction(tx, rules, block.timestamp);
    if (!verdict.ok) return reject('invalid-ballot', `${verdict.reason}: ${verdict.detail}`);
    for (const claim of claimsOf(tx)) {
      if (seen.has(claim)) return reject('duplicate-in-block', `${claim} is used twice in the block`);
      seen.add(claim);
    }
  }
  return { ok: true };
}

/**
 * Rules that link a block to its parent: index, link, time, nothing already used in the ancestry, and
 * the order rules from the parent's ledger state. Returns the state after the block when it is valid.
 */
export function validateBlockOnParent(block: Block, parent: Block, ancestry: AncestryView, rules: ElectionRules): BlockOutcome {
  const fail = (reason: BlockRejection, detail: string) => ({ ok: false as const, reason, detail });
  if (block.index !== parent.index + 1) return fail('index-mismatch', `index ${block.index} after parent ${parent.index}`);
  if (block.previous_hash !== parent.hash) return fail('previous-hash-mismatch', 'previous_hash is not the parent hash');
  if (!(block.timestamp >= parent.timestamp)) return fail('timestamp-before-parent', 'block timestamp is before its parent');
  return applyBlock(block, ancestry, rules);
}

/** The ancestry and order rules of a block's transactions, in order. */
export function applyBlock(block: Block, ancestry: AncestryView, rules: ElectionRules): BlockOutcome {
  let state = ancestry.state;
  for (const tx of block.transactions) {
    const used = claimsOf(tx).find((claim) => ancestry.isClaimed(claim));
    if (used !== undefined) return { ok: false, reason: 'already-used', detail: `${used} is already used on this chain` };
    const next = applyTransaction(state, tx, rules);
    if (!next.ok) return next;
    state = next.state;
  }
  return { ok: true, state };
}

/** Every rule: a block is valid on a parent only when both checks pass. */
export function validateBlock(block: Block, parent: Block, ancestry: AncestryView, ctx: BlockContext): BlockOutcome {
  const alone = validateBlockAlone(block, ctx);
  return alone.ok ? validateBlockOnParent(block, parent, ancestry, ctx.rules) : alone;
}
