import { PROTOCOL_VERSION } from './limits';
import { merkleLevels, merkleRootOfLeaves, proofFromLevels, verifyMerkleProof } from './merkle';
import type { HashFn, MerkleStep } from './types';

/*
 * The roll of a secret election is published only as a merkle root over voter tags. A tag hashes the voter
 * ID with a random per-voter salt that only the authority holds, so nobody can test a name against the
 * chain, yet every credential record proves that its tag was on the roll fixed at genesis.
 */

export function voterTag(salt: string, voterId: string, hash: HashFn): string {
  return hash(JSON.stringify([PROTOCOL_VERSION, 'voter-tag', salt, voterId]));
}

/** Roll leaves are the tags, sorted, so the root does not depend on the order of the imported file. */
function rollLeaf(tag: string, hash: HashFn): string {
  return hash('R:' + tag);
}

export function rollCommitment(tags: readonly string[], hash: HashFn): { size: number; root: string } {
  const sorted = [...tags].sort();
  return {
    size: sorted.length,
    root: merkleRootOfLeaves(
      sorted.map((t) => rollLeaf(t, hash)),
      hash,
    ),
  };
}

/** The proof of every tag of a roll, from one build of the tree. */
export function rollProofs(tags: readonly string[], hash: HashFn): Map<string, MerkleStep[]> {
  const sorted = [...tags].sort();
  const levels = merkleLevels(
    sorted.map((t) => rollLeaf(t, hash)),
    hash,
  );
  return new Map(sorted.map((tag, i) => [tag, proofFromLevels(levels, i)]));
}

export function isOnCommittedRoll(tag: string, proof: readonly MerkleStep[], root: string, hash: HashFn): boolean {
  return verifyMerkleProof(rollLeaf(tag, hash), proof, root, hash);
}
