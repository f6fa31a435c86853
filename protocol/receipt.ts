import { transactionLeaf, verifyMerkleProof } from './merkle';
import { hashHeader, meetsDifficulty } from './proof-of-work';
import { headerOf } from './validate-block';
import type { BlockHeader, HashFn, MerkleStep, Transaction, Verdict } from './types';

/** A voter's tracking code: the hex merkle leaf of their ballot, so the receipt and the proof share it. */
export function trackingCode(tx: Transaction, hash: HashFn): string {
  return transactionLeaf(tx, hash);
}

/** A block header as one node serves it, with the hash it claims. */
export interface ServedHeader extends BlockHeader {
  hash: string;
}

export type ReceiptRejection = 'too-few-nodes' | 'nodes-disagree' | 'bad-header' | 'proof-mismatch';

export interface InclusionExpectations {
  /** At least this many nodes must serve the header (default 2). */
  minimumNodes?: number;
  /** The election's difficulty: a header claiming less work is refused. */
  difficulty?: number;
}

/**
 * Checks an inclusion proof the way a voter's browser does: the tracking code hashes up the proof to the
 * merkle root of a block whose header every asked node serves identically, whose hash matches the
 * header, and that meets its proof of work. `headers` holds one header per node asked.
 */
export function checkInclusion(
  code: string,
  proof: readonly MerkleStep[],
  headers: readonly ServedHeader[],
  hash: HashFn,
  expect: InclusionExpectations = {},
): Verdict<ReceiptRejection> {
  const minimumNodes = expect.minimumNodes ?? 2;
  if (headers.length < minimumNodes) {
    return { ok: false, reason: 'too-few-nodes', detail: `only ${headers.length} node(s) answered; at least ${minimumNodes} are needed` };
  }
  const first = headers[0];
  if (headers.some((h) => h.hash !== first.hash)) {
    return { ok: false, reason: 'nodes-disagree', detail: 'the nodes serve different blocks at this height' };
  }
  for (const header of headers) {
    const claimsTooLittleWork = expect.difficulty !== undefined && header.difficulty < expect.difficulty;
    if (claimsTooLittleWork || hashHeader(headerOf(header), hash) !== header.hash || !meetsDifficulty(header.hash, header.difficulty)) {
      return {
        ok: false,
        reason: 'bad-header',
        detail: 'a node served a header that does not hash to its block or lacks the proof of work',
      };
    }
  }
  if (!verifyMerkleProof(code, proof, first.merkle_root, hash)) {
    return { ok: false, reason: 'proof-mismatch', detail: 'the proof does not lead from this tracking code to the block’s merkle root' };
  }
  return { ok: true };
}
