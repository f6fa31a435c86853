import {
  type Ballot,
  ballotLeaf,
  emptyMerkleRoot,
  merkleProof,
  merkleRoot,
  merkleRootOfLeaves,
  type MerkleStep,
  verifyMerkleProof,
} from '../../protocol';
import { ballot, sha256 } from './fixtures';

const A = ballot('V001', 'Red');
const B = ballot('V002', 'Green');
const C = ballot('V003', 'Blue');
const D = ballot('V004', 'Red');

function ballots(n: number): Ballot[] {
  return Array.from({ length: n }, (_, i) => ballot(`V${i}`, i % 2 ? 'Red' : 'Blue', 1000 + i));
}

function leaves(n: number): string[] {
  return ballots(n).map((b) => ballotLeaf(b, sha256));
}

describe('merkleRoot', () => {
  it('of an empty list is a fixed value', () => {
    expect(merkleRoot([], sha256)).toBe(sha256('E:'));
    expect(merkleRoot([], sha256)).toBe(emptyMerkleRoot(sha256));
    expect(merkleRootOfLeaves([], sha256)).toBe(emptyMerkleRoot(sha256));
  });

  it('of one ballot is its domain-separated leaf', () => {
    expect(merkleRoot([A], sha256)).toBe(sha256('L:["V001","Red",' + A.timestamp + ']'));
  });

  it('hashes inner nodes with their own prefix', () => {
    const [la, lb] = [ballotLeaf(A, sha256), ballotLeaf(B, sha256)];
    expect(merkleRoot([A, B], sha256)).toBe(sha256('N:' + la + lb));
  });

  it('is deterministic', () => {
    expect(merkleRoot([A, B, C], sha256)).toBe(merkleRoot([{ ...A }, { ...B }, { ...C }], sha256));
  });

  const base = [A, B, C, D];
  it.each<[string, Ballot[]]>([
    ['first ballot voter changes', [{ ...A, voter_id: 'V009' }, B, C, D]],
    ['a middle ballot party changes', [A, { ...B, party: 'Blue' }, C, D]],
    ['the last ballot timestamp changes', [A, B, C, { ...D, timestamp: D.timestamp + 1 }]],
    ['two ballots are swapped', [B, A, C, D]],
    ['the list is reversed', [D, C, B, A]],
    ['a ballot is added', [A, B, C, D, ballot('V005', 'Red')]],
    ['a ballot is duplicated', [A, B, C, D, D]],
    ['the last ballot is removed', [A, B, C]],
    ['the first ballot is removed', [B, C, D]],
    ['every ballot is removed', []],
  ])('changes when %s', (_what, changed) => {
    expect(merkleRoot(changed, sha256)).not.toBe(merkleRoot(base, sha256));
  });

  it('promotes an odd node instead of duplicating it: [a,b,c] and [a,b,c,c] differ', () => {
    expect(merkleRoot([A, B, C], sha256)).not.toBe(merkleRoot([A, B, C, C], sha256));
    const [la, lb, lc] = [A, B, C].map((b) => ballotLeaf(b, sha256));
    expect(merkleRoot([A, B, C], sha256)).toBe(sha256('N:' + sha256('N:' + la + lb) + lc));
  });

  it('gives distinct roots for every list length 1..33 of the same prefix', () => {
    const roots = Array.from({ length: 33 }, (_, n) => merkleRoot(ballots(n + 1), sha256));
    expect(new Set(roots).size).toBe(33);
  });
});

describe('merkleProof / verifyMerkleProof', () => {
  const sizes = Array.from({ length: 33 }, (_, i) => i + 1);

  it.each(sizes)('proves every position of %i leaves', (n) => {
    const ls = leaves(n);
    const root = merkleRootOfLeaves(ls, sha256);
    for (let position = 0; position < n; position++) {
      const proof = merkleProof(ls, position, sha256);
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
      expect(verifyMerkleProof(ls[position], proof, root, sha256)).toBe(true);
    }
  });

  it('proves a single leaf with an empty path', () => {
    const ls = leaves(1);
    expect(merkleProof(ls, 0, sha256)).toEqual([]);
    expect(verifyMerkleProof(ls[0], [], merkleRootOfLeaves(ls, sha256), sha256)).toBe(true);
  });

  it.each([-1, 5, 6])('refuses position %i outside 5 leaves', (position) => {
    expect(() => merkleProof(leaves(5), position, sha256)).toThrow(RangeError);
  });

  it('refuses any position of an empty list', () => {
    expect(() => merkleProof([], 0, sha256)).toThrow(RangeError);
  });

  const flip = (s: MerkleStep): MerkleStep => ({ ...s, side: s.side === 'left' ? 'right' : 'left' });
  const otherHash = (h: string): string => sha256('other:' + h);

  type Tamper = (input: { leaf: string; proof: MerkleStep[]; root: string; others: string[] }, step: number) =>
    { leaf: string; proof: MerkleStep[]; root: string };
  const tampers: [string, Tamper][] = [
    ['a wrong leaf', (x) => ({ ...x, leaf: otherHash(x.leaf) })],
    ['another leaf of the same tree', (x) => ({ ...x, leaf: x.others[0] })],
    ['a wrong sibling', (x, i) => ({ ...x, proof: x.proof.map((s, j) => (j === i ? { ...s, hash: otherHash(s.hash) } : s)) })],
    ['a flipped side', (x, i) => ({ ...x, proof: x.proof.map((s, j) => (j === i ? flip(s) : s)) })],
    ['a dropped step', (x, i) => ({ ...x, proof: x.proof.filter((_, j) => j !== i) })],
    ['a wrong root', (x) => ({ ...x, root: otherHash(x.root) })],
  ];

  describe.each(tampers)('fails for %s', (_name, tamper) => {
    it.each([2, 3, 5, 8, 13, 33])('at every position and step of %i leaves', (n) => {
      const ls = leaves(n);
      const root = merkleRootOfLeaves(ls, sha256);
      for (let position = 0; position < n; position++) {
        const proof = merkleProof(ls, position, sha256);
        const others = ls.filter((_, j) => j !== position);
        for (let step = 0; step < proof.length; step++) {
          const t = tamper({ leaf: ls[position], proof, root, others }, step);
          expect(verifyMerkleProof(t.leaf, t.proof, t.root, sha256)).toBe(false);
        }
      }
    });
  });

  it('fails for a single leaf with a wrong leaf or root', () => {
    const [leaf] = leaves(1);
    expect(verifyMerkleProof(otherHash(leaf), [], leaf, sha256)).toBe(false);
    expect(verifyMerkleProof(leaf, [], otherHash(leaf), sha256)).toBe(false);
  });
});
