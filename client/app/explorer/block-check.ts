import { genesisProblem } from '@protocol/election';
import { merkleRoot } from '@protocol/merkle';
import { hashHeader, meetsDifficulty } from '@protocol/proof-of-work';
import type { Block } from '@protocol/types';
import { browserSha256 } from '../shared/browser-sha256';

export interface BlockCheck {
  hash: boolean;
  merkleRoot: boolean;
  proofOfWork: boolean;
}

/**
 * Recomputes a block's hash, merkle root and proof of work with the protocol's own rules, in the browser:
 * an auditor does not have to trust the node that served the block.
 */
export function checkBlock(block: Block): BlockCheck {
  return {
    hash: hashHeader(block, browserSha256) === block.hash,
    merkleRoot: merkleRoot(block.transactions, browserSha256) === block.merkle_root,
    proofOfWork: meetsDifficulty(block.hash, block.difficulty),
  };
}

export function blockCheckPassed(check: BlockCheck): boolean {
  return check.hash && check.merkleRoot && check.proofOfWork;
}

/**
 * The genesis block has no proof of work: it checks out when it is exactly the genesis block of the manifest
 * it carries (hash, header, no transactions). Returns what is wrong, or null.
 */
export function checkGenesis(block: Block): string | null {
  return genesisProblem(block, browserSha256);
}
