import fc from 'fast-check';
import {
  type Ballot,
  emptyMerkleRoot,
  merkleLevels,
  merkleProof,
  merkleRoot,
  merkleRootOfLeaves,
  type MerkleStep,
  proofFromLevels,
  type Transaction,
  transactionLeaf,
  verifyMerkleProof,
} from '../../protocol';
import { anyTransaction, hex64 } from './arbitraries';
import { ballot, NOW, PLACEHOLDER_ENTRY, PLACEHOLDER_SEALED, sha256 } from './fixtures';

const A = ballot('V001', 'Red');
const B = ballot('V002', 'Green');
const C = ballot('V003', 'Blue');
const D = ballot('V004', 'Red');

function ballots(n: number): Ballot[] {
  return Array.from({ length: n }, (_, i) => ballot(`V${i}`, i % 2 ? 'Red' : 'Blue', 1000 + i));
}

function leaves(n: number): string[] {
  return ballots(n).map((b) => transactionLeaf(b, sha256));
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
    const [la, lb] = [transactionLeaf(A, sha256), transactionLeaf(B, sha256)];
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
    const [la, lb, lc] = [A, B, C].map((b) => transactionLeaf(b, sha256));
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

  type Tamper = (
    input: { leaf: string; proof: MerkleStep[]; root: string; others: string[] },
    step: number,
  ) => { leaf: string; proof: MerkleStep[]; root: string };
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

describe('merkleRoot of mixed transactions', () => {
  const ENTRY = PLACEHOLDER_ENTRY;
  const SEALED = PLACEHOLDER_SEALED;
  const RECORD: Transaction = { type: 'credential', voter_tag: 'a'.repeat(64), roll_proof: [], signature: 's' };
  const OPEN: Transaction = { type: 'open', timestamp: NOW, signature: 's' };
  const MIXED: Transaction[] = [OPEN, RECORD, A, SEALED];

  it("hashes each transaction's canonical encoding as a leaf", () => {
    expect(transactionLeaf(SEALED, sha256)).toBe(sha256('L:["sealed-ballot",[[["a","b","c","d","e","f"]],["g","h"]],"k","c","s"]'));
    expect(transactionLeaf(OPEN, sha256)).toBe(sha256(`L:["open",${NOW},"s"]`));
    const leaves = MIXED.map((t) => transactionLeaf(t, sha256));
    expect(merkleRoot(MIXED, sha256)).toBe(merkleRootOfLeaves(leaves, sha256));
  });

  it.each<[string, Transaction[]]>([
    ['the opening becomes a closing', [{ ...OPEN, type: 'close' }, RECORD, A, SEALED]],
    [
      'a ciphertext of the sealed ballot changes',
      [OPEN, RECORD, A, { ...SEALED, sealed: { ...SEALED.sealed, entries: [{ ...ENTRY, beta: 'x' }] } }],
    ],
    ['the credential record is dropped', [OPEN, A, SEALED]],
    ['two transactions are swapped', [RECORD, OPEN, A, SEALED]],
  ])('changes when %s', (_what, changed) => {
    expect(merkleRoot(changed, sha256)).not.toBe(merkleRoot(MIXED, sha256));
  });
});

describe('merkleLevels / proofFromLevels', () => {
  it('of no leaves is one empty level (merkleRootOfLeaves gives the fixed empty root instead)', () => {
    expect(merkleLevels([], sha256)).toEqual([[]]);
    expect(() => proofFromLevels(merkleLevels([], sha256), 0)).toThrow(RangeError);
  });

  it.each(Array.from({ length: 17 }, (_, i) => i + 1))('for %i leaves: leaves first, the root last, each level half the previous', (n) => {
    const ls = leaves(n);
    const levels = merkleLevels(ls, sha256);
    expect(levels[0]).toEqual(ls);
    expect(levels[levels.length - 1]).toEqual([merkleRootOfLeaves(ls, sha256)]);
    for (let i = 1; i < levels.length; i++) expect(levels[i]).toHaveLength(Math.ceil(levels[i - 1].length / 2));
    for (let position = 0; position < n; position++) {
      expect(proofFromLevels(levels, position)).toEqual(merkleProof(ls, position, sha256));
    }
  });

  it("does not share the caller's array", () => {
    const ls = leaves(3);
    const levels = merkleLevels(ls, sha256);
    levels[0][0] = 'x';
    expect(ls[0]).not.toBe('x');
  });

  it.each([-1, 4, 1.5, NaN])('refuses position %p of 4 leaves', (position) => {
    expect(() => proofFromLevels(merkleLevels(leaves(4), sha256), position)).toThrow(RangeError);
  });

  it('property: for every position, proofFromLevels equals merkleProof and verifies against the root', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anyTransaction.map((t) => transactionLeaf(t, sha256)),
            hex64,
          ),
          { minLength: 1, maxLength: 70 },
        ),
        (ls) => {
          const levels = merkleLevels(ls, sha256);
          const root = merkleRootOfLeaves(ls, sha256);
          expect(levels[levels.length - 1]).toEqual([root]);
          ls.forEach((leaf, position) => {
            const proof = proofFromLevels(levels, position);
            expect(proof).toEqual(merkleProof(ls, position, sha256));
            expect(verifyMerkleProof(leaf, proof, root, sha256)).toBe(true);
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: a proof of one position never verifies another leaf of the same distinct list', () => {
    const distinct = fc.uniqueArray(hex64, { minLength: 2, maxLength: 40 });
    const listAndTwo = distinct.chain((ls) =>
      fc.tuple(fc.constant(ls), fc.nat({ max: ls.length - 1 }), fc.nat({ max: ls.length - 1 })).filter(([, i, j]) => i !== j),
    );
    fc.assert(
      fc.property(listAndTwo, ([ls, i, j]) => {
        const levels = merkleLevels(ls, sha256);
        const root = levels[levels.length - 1][0];
        expect(verifyMerkleProof(ls[j], proofFromLevels(levels, i), root, sha256)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
