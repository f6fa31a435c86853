import {
  type Block,
  type BlockContext,
  blockShapeProblem,
  claimsOf,
  type Election,
  electionRules,
  validateBlockAlone,
  validateTransaction,
} from '../protocol';
import { nodeSignatures } from '../node-crypto/signatures';
import { sha256 } from '../node-crypto/sha256';

/** One broken rule in a block; `transaction` is the position in the block when one transaction is to blame. */
export interface BlockFinding {
  transaction?: number;
  reason: string;
  detail: string;
}

/** The checks of one block on its own, built once per thread: the election and the verifier's clock. */
export function blockContext(election: Election, now: number): BlockContext {
  return { rules: electionRules(election, sha256, nodeSignatures), hash: sha256, now };
}

/**
 * What a block on its own is found to be: not even shaped like a block, or what its rules say; with, in a
 * sealed election once its key is known, the positions of the sealed ballots whose proofs hold under that
 * election (by its base hash). The order rules then find those proofs already checked.
 */
export type BlockVerdict = { malformed: string } | { findings: BlockFinding[]; sealedPassed?: { base: string; positions: number[] } };

/** Untrusted data first has to be shaped like a block; then checkBlockAlone. */
export function checkBlock(raw: unknown, ctx: BlockContext): BlockVerdict {
  const malformed = blockShapeProblem(raw);
  return malformed === null ? { findings: checkBlockAlone(raw as Block, ctx) } : { malformed };
}

/**
 * The rules a block must meet on its own (validateBlockAlone). That stops at the first broken rule; when a
 * block fails, every transaction is checked too, so an auditor sees each forged or altered one and not only
 * "merkle root mismatch". Runs in a worker thread or inline.
 */
export function checkBlockAlone(block: Block, ctx: BlockContext): BlockFinding[] {
  const verdict = validateBlockAlone(block, ctx);
  if (verdict.ok) return [];
  const perTransaction = transactionFindings(block, ctx);
  // Those two verdicts only repeat the first per-transaction finding.
  const repeated = verdict.reason === 'invalid-ballot' || verdict.reason === 'duplicate-in-block';
  if (repeated && perTransaction.length > 0) return perTransaction;
  return [{ reason: verdict.reason, detail: verdict.detail }, ...perTransaction];
}

function transactionFindings(block: Block, ctx: BlockContext): BlockFinding[] {
  const findings: BlockFinding[] = [];
  const firstUse = new Map<string, number>();
  block.transactions.forEach((tx, i) => {
    const verdict = validateTransaction(tx, ctx.rules, block.timestamp);
    if (!verdict.ok) findings.push({ transaction: i, reason: verdict.reason, detail: verdict.detail });
    for (const claim of claimsOf(tx)) {
      const first = firstUse.get(claim);
      if (first === undefined) firstUse.set(claim, i);
      else {
        findings.push({
          transaction: i,
          reason: 'duplicate-in-block',
          detail: `${claim} is already used by transaction ${first} of this block`,
        });
      }
    }
  });
  return findings;
}
