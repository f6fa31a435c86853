import { encodeBallot } from './canonical';
import type { Ballot, HashFn } from './types';

/*
 * Leaves and inner nodes are domain-separated ("L:" / "N:") so a leaf can never pass for an inner node,
 * and an odd node is promoted rather than duplicated, so two different ballot lists never share a root.
 */

export function ballotLeaf(ballot: Ballot, hash: HashFn): string {
  return hash('L:' + encodeBallot(ballot));
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

export function merkleRoot(ballots: readonly Ballot[], hash: HashFn): string {
  return merkleRootOfLeaves(ballots.map((b) => ballotLeaf(b, hash)), hash);
}

/** One step of an inclusion proof: the sibling hash and which side it sits on. */
export interface MerkleStep {
  side: 'left' | 'right';
  hash: string;
}

/** Inclusion proof of the leaf at `position` (steps from leaf to root). */
export function merkleProof(leaves: readonly string[], position: number, hash: HashFn): MerkleStep[] {
  if (!Number.isInteger(position) || position < 0 || position >= leaves.length) throw new RangeError('position outside the leaves');
  const steps: MerkleStep[] = [];
  let level = leaves.slice();
  let index = position;
  while (level.length > 1) {
    const sibling = index % 2 === 0 ? index + 1 : index - 1;
    if (sibling < level.length) steps.push({ side: index % 2 === 0 ? 'right' : 'left', hash: level[sibling] });
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? parent(level[i], level[i + 1], hash) : level[i]);
    }
    level = next;
    index = Math.floor(index / 2);
  }
  return steps;
}

export function verifyMerkleProof(leaf: string, steps: readonly MerkleStep[], root: string, hash: HashFn): boolean {
  let acc = leaf;
  for (const step of steps) {
    acc = step.side === 'right' ? parent(acc, step.hash, hash) : parent(step.hash, acc, hash);
  }
  return acc === root;
}
