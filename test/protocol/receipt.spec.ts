import fc from 'fast-check';
import {
  type Block,
  checkInclusion,
  hashHeader,
  headerOf,
  merkleProof,
  type MerkleStep,
  meetsDifficulty,
  type ReceiptRejection,
  type SealedBallot,
  type ServedHeader,
  trackingCode,
  type Transaction,
  transactionLeaf,
} from '../../protocol';
import { anyTransaction } from './arbitraries';
import { ballot, genesis, mineBlock, NOW, PLACEHOLDER_ENTRY, PLACEHOLDER_SEALED, sha256 } from './fixtures';
import { anyString } from '../support/matchers';

const ENTRY = PLACEHOLDER_ENTRY;
const SEALED = PLACEHOLDER_SEALED;
/** The same ballot with another first ciphertext: what a node that altered it would hold. */
const ALTERED: SealedBallot = { ...SEALED, sealed: { ...SEALED.sealed, entries: [{ ...ENTRY, alpha: 'x' }] } };
const RECORD: Transaction = {
  type: 'credential',
  voter_tag: 'a'.repeat(64),
  roll_proof: [{ side: 'left', hash: 'b'.repeat(64) }],
  signature: 's',
};
const OPEN: Transaction = { type: 'open', timestamp: NOW - 10, signature: 's' };
const TXS: Transaction[] = [OPEN, RECORD, SEALED, ballot('V001', 'Red'), { ...ALTERED, ballot_key: 'k2' }];

const G = genesis();
const BLOCK = mineBlock(G, TXS);
const OTHER = mineBlock(BLOCK, [ballot('V002', 'Green')]);
const served = (b: Block): ServedHeader => ({ ...headerOf(b), hash: b.hash });
const HEADER = served(BLOCK);
const leaves = TXS.map((t) => transactionLeaf(t, sha256));
const receipt = (i: number) => ({ code: trackingCode(TXS[i], sha256), proof: merkleProof(leaves, i, sha256) });

/** A header whose hash matches it but does not meet its difficulty. */
function withoutWork(h: ServedHeader): ServedHeader {
  for (let nonce = 0; ; nonce++) {
    const hash = hashHeader({ ...headerOf(h), nonce }, sha256);
    if (!meetsDifficulty(hash, h.difficulty)) return { ...h, nonce, hash };
  }
}

describe('trackingCode', () => {
  it.each(TXS.map((t, i) => [i, t] as const))('of transaction #%i is its merkle leaf', (_i, tx) => {
    expect(trackingCode(tx, sha256)).toBe(transactionLeaf(tx, sha256));
    expect(trackingCode(tx, sha256)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs for any two transactions of a block', () => {
    expect(new Set(TXS.map((t) => trackingCode(t, sha256))).size).toBe(TXS.length);
  });
});

describe('checkInclusion', () => {
  it.each(TXS.map((_, i) => i))('accepts transaction #%i with two identical valid headers', (i) => {
    const { code, proof } = receipt(i);
    expect(checkInclusion(code, proof, [HEADER, { ...HEADER }], sha256)).toEqual({ ok: true });
  });

  it('accepts three agreeing nodes, and one when the caller asks for one', () => {
    const { code, proof } = receipt(2);
    expect(checkInclusion(code, proof, [HEADER, HEADER, HEADER], sha256)).toEqual({ ok: true });
    expect(checkInclusion(code, proof, [HEADER], sha256, { minimumNodes: 1 })).toEqual({ ok: true });
  });

  it('accepts headers as parsed JSON with their keys in another order', () => {
    const { code, proof } = receipt(0);
    const reordered = Object.fromEntries(
      Object.entries(JSON.parse(JSON.stringify(HEADER)) as Record<string, unknown>).reverse(),
    ) as unknown as ServedHeader;
    expect(checkInclusion(code, proof, [reordered, HEADER], sha256)).toEqual({ ok: true });
  });

  const flip = (s: MerkleStep): MerkleStep => ({ ...s, side: s.side === 'left' ? 'right' : 'left' });
  const { code, proof } = receipt(2);
  const forged = { ...HEADER, merkle_root: 'f'.repeat(64) };

  it.each<[string, string, MerkleStep[], ServedHeader[], ReceiptRejection, number?]>([
    ['no node answered', code, proof, [], 'too-few-nodes'],
    ['one node answered', code, proof, [HEADER], 'too-few-nodes'],
    ['two of the three nodes the caller asks for', code, proof, [HEADER, HEADER], 'too-few-nodes', 3],
    ['the nodes serve different blocks at the height', code, proof, [HEADER, served(OTHER)], 'nodes-disagree'],
    ['one of three nodes serves another block', code, proof, [HEADER, HEADER, served(OTHER)], 'nodes-disagree'],
    ['a header altered under its hash (merkle_root)', code, proof, [forged, forged], 'bad-header'],
    ['one node alters the header under the shared hash', code, proof, [HEADER, forged], 'bad-header'],
    [
      'a header altered under its hash (timestamp)',
      code,
      proof,
      [
        { ...HEADER, timestamp: NOW + 1 },
        { ...HEADER, timestamp: NOW + 1 },
      ],
      'bad-header',
    ],
    ['a header without proof of work', code, proof, [withoutWork(HEADER), withoutWork(HEADER)], 'bad-header'],
    ['an altered tracking code', 'f'.repeat(64), proof, [HEADER, HEADER], 'proof-mismatch'],
    ['the code of another transaction of the block', receipt(1).code, proof, [HEADER, HEADER], 'proof-mismatch'],
    ['the code of a transaction not in the block', trackingCode(ALTERED, sha256), proof, [HEADER, HEADER], 'proof-mismatch'],
    ['an altered step', code, proof.map((s, i) => (i === 0 ? { ...s, hash: 'f'.repeat(64) } : s)), [HEADER, HEADER], 'proof-mismatch'],
    ['a flipped step', code, proof.map((s, i) => (i === 1 ? flip(s) : s)), [HEADER, HEADER], 'proof-mismatch'],
    ['a dropped step', code, proof.slice(1), [HEADER, HEADER], 'proof-mismatch'],
    ['an extra step', code, [...proof, { side: 'right', hash: 'f'.repeat(64) }], [HEADER, HEADER], 'proof-mismatch'],
    ['the proof of another position', code, receipt(3).proof, [HEADER, HEADER], 'proof-mismatch'],
    ['the headers of another valid block', code, proof, [served(OTHER), served(OTHER)], 'proof-mismatch'],
  ])('rejects %s', (_name, c, p, headers, reason, ...minimum) => {
    // A rest parameter: a sixth declared parameter would make jest pass `done` to the 5-element rows.
    const expectations = minimum.length > 0 ? { minimumNodes: minimum[0] as number } : {};
    expect(checkInclusion(c, p, headers, sha256, expectations)).toEqual({ ok: false, reason, detail: anyString });
  });

  it('checks the number of nodes, then agreement, then the headers, then the proof', () => {
    expect(checkInclusion('x', [], [forged], sha256)).toMatchObject({ reason: 'too-few-nodes' });
    expect(checkInclusion('x', [], [forged, served(OTHER)], sha256)).toMatchObject({ reason: 'nodes-disagree' });
    expect(checkInclusion('x', [], [forged, forged], sha256)).toMatchObject({ reason: 'bad-header' });
    expect(checkInclusion('x', [], [HEADER, HEADER], sha256)).toMatchObject({ reason: 'proof-mismatch' });
  });

  it('property: every transaction of any block is proven by its tracking code; a tampered step never is', () => {
    const input = fc
      .array(anyTransaction, { minLength: 2, maxLength: 30 })
      .chain((txs) => fc.tuple(fc.constant(txs), fc.nat({ max: txs.length - 1 })));
    fc.assert(
      fc.property(input, ([txs, i]) => {
        const block = mineBlock(G, txs);
        const header = served(block);
        const ls = txs.map((t) => transactionLeaf(t, sha256));
        const p = merkleProof(ls, i, sha256);
        const c = trackingCode(txs[i], sha256);
        expect(checkInclusion(c, p, [header, header], sha256)).toEqual({ ok: true });
        const tampered = p.map((s, j) => (j === p.length - 1 ? { ...s, hash: sha256('x' + s.hash) } : s));
        expect(checkInclusion(c, tampered, [header, header], sha256)).toMatchObject({ ok: false, reason: 'proof-mismatch' });
      }),
      { numRuns: 150 },
    );
  });
});

describe('checkInclusion with the election difficulty', () => {
  it('refuses headers that claim less work than the election requires, even when every node serves them', () => {
    // A single-transaction block at difficulty 0: its merkle root is the transaction's leaf, no proof steps.
    const code = trackingCode(SEALED, sha256);
    const header = { index: 1, timestamp: NOW, previous_hash: G.hash, nonce: 0, difficulty: 0, merkle_root: code };
    const easy: ServedHeader = { ...header, hash: hashHeader(header, sha256) };
    expect(checkInclusion(code, [], [easy, easy], sha256)).toEqual({ ok: true });
    expect(checkInclusion(code, [], [easy, easy], sha256, { difficulty: 2 })).toMatchObject({ ok: false, reason: 'bad-header' });
  });
});
