import { encodeTransaction } from './canonical';
import type { HashFn, MerkleStep, Transaction } from './types';

/*
 * Leaves and inner nodes are domain-separated ("L:" / "N:") so a leaf can never pass for an inner node,
 * and an odd node is promoted rather than duplicated, so two different transaction lists never share a root.
 */

/** A transaction's merkle leaf; its hex form is also the voter's tracking code (see receipt.ts). */
export function transactionLeaf(tx: Transaction, hash: HashFn): string {
  return hash('L:' + encodeTransaction(tx));
}

function parent(left: string, right: string, hash: HashFn): string {
  return hash('N:' + left + right);
}

/** Root of an empty list: a fixed value. */
export function emptyMerkleRoot(hash: HashFn): string {
  return hash('E:');
}

export function merkleRootOfLeaves(leaves: readonly string[], hash: HashFn): string {
  if (leaves.length === 0) return emptyMerkleRoot(hash);
  let level = leaves.slice();
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? parent(level[i], level[i + 1], hash) : level[i]);
    }
    level = next;
  }
  return level[0];
}

export function merkleRoot(transactions: readonly Transaction[], hash: HashFn): string {
  return merkleRootOfLeaves(
    transactions.map((t) => transactionLeaf(t, hash)),
    hash,
  );
}

/** Every level of the tree, leaves first and the root last; proofs of many leaves share one build. */
export function merkleLevels(leaves: readonly string[], hash: HashFn): string[][] {
  const levels = [leaves.slice()];
  while (levels[levels.length - 1].length > 1) {
    const level = levels[levels.length - 1];
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? parent(level[i], level[i + 1], hash) : level[i]);
    }
    levels.push(next);
  }
  return levels;
}

/** Inclusion proof of the leaf at `position` (steps from leaf to root), from prebuilt levels. */
export function proofFromLevels(levels: readonly string[][], position: number): MerkleStep[] {
  if (!Number.isInteger(position) || position < 0 || position >= levels[0].length) throw new RangeError('position outside the leaves');
  const steps: MerkleStep[] = [];
  let index = position;
  for (const level of levels.slice(0, -1)) {
    const sibling = index % 2 === 0 ? index + 1 : index - 1;
    if (sibling < level.length) steps.push({ side: index % 2 === 0 ? 'right' : 'left', hash: level[sibling] });
    index = Math.floor(index / 2);
  }
  return steps;
}

export function merkleProof(leaves: readonly string[], position: number, hash: HashFn): MerkleStep[] {
  return proofFromLevels(merkleLevels(leaves, hash), position);
}

export function verifyMerkleProof(leaf: string, steps: readonly MerkleStep[], root: string, hash: HashFn): boolean {
  let acc = leaf;
  for (const step of steps) {
    acc = step.side === 'right' ? parent(acc, step.hash, hash) : parent(step.hash, acc, hash);
  }
  return acc === root;
}
