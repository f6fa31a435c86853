import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  addCiphertexts,
  ceremonyBaseHash,
  electionBaseHash,
  base64urlToBytes,
  type Ciphertext,
  checkKeyKnowledge,
  checkPartialDecryption,
  combinePartials,
  CountFinder,
  evaluatePolynomial,
  jointKey,
  lagrangeAtZero,
  partialDecrypt,
  type ProofContext,
  proveKeyKnowledge,
  scalarOf,
  sealChoice,
  type SealedGroup,
  shareMatches,
  verificationKey,
} from '../../../protocol';
import { bothGroups } from './groups';

const N = 5;
const T = 3;
const OPTIONS = 3;
const base = new Uint8Array(32).fill(9);
const trusteeContext = (k: number): ProofContext => ({ base, bind: scalarOf(k) });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A whole key ceremony among N trustees with threshold T. */
function ceremony(group: SealedGroup) {
  const coefficients = Array.from({ length: N }, () => Array.from({ length: T }, () => group.randomScalar()));
  const commitments = coefficients.map((cs) => cs.map((a) => group.multiplyBase(a)));
  const shares = (k: number) => coefficients.map((cs) => evaluatePolynomial(group, cs, k));
  const keyShare = (k: number) => shares(k).reduce((a, b) => group.scalarAdd(a, b));
  return { coefficients, commitments, shares, keyShare, key: jointKey(group, commitments) };
}

describe('threshold trustees', () => {
  let sodium: SealedGroup;
  let noble: SealedGroup;

  beforeAll(async () => {
    ({ sodium, noble } = await bothGroups());
  });

  it('lets each trustee check every share it receives, and catches a wrong one', () => {
    const c = ceremony(sodium);
    for (let k = 1; k <= N; k++) {
      c.shares(k).forEach((share, i) => expect(shareMatches(sodium, c.commitments[i], k, share)).toBe(true));
    }
    const wrong = sodium.scalarAdd(c.shares(2)[0], scalarOf(1));
    expect(shareMatches(sodium, c.commitments[0], 2, wrong)).toBe(false);
    expect(shareMatches(noble, c.commitments[0], 3, c.shares(2)[0])).toBe(false);
  });

  it('proves knowledge of each commitment, bound to its trustee', () => {
    const c = ceremony(sodium);
    const proof = proveKeyKnowledge(sodium, trusteeContext(1), c.commitments[0][1], c.coefficients[0][1]);
    expect(checkKeyKnowledge(noble, trusteeContext(1), c.commitments[0][1], proof)).toBe(true);
    expect(checkKeyKnowledge(sodium, trusteeContext(2), c.commitments[0][1], proof)).toBe(false);
    expect(checkKeyKnowledge(sodium, trusteeContext(1), c.commitments[0][0], proof)).toBe(false);
  });

  it('gives each trustee a key share that matches its public verification key, and any T of them the election secret', () => {
    const c = ceremony(sodium);
    const secret = c.coefficients.map((cs) => cs[0]).reduce((a, b) => sodium.scalarAdd(a, b));
    expect(hex(sodium.multiplyBase(secret))).toBe(hex(c.key));
    for (let k = 1; k <= N; k++) expect(hex(sodium.multiplyBase(c.keyShare(k)))).toBe(hex(verificationKey(noble, c.commitments, k)));
    fc.assert(
      fc.property(fc.shuffledSubarray([1, 2, 3, 4, 5], { minLength: T, maxLength: T }), (quorum) => {
        const combined = quorum
          .map((k) => sodium.scalarMultiply(lagrangeAtZero(sodium, quorum, k), c.keyShare(k)))
          .reduce((a, b) => sodium.scalarAdd(a, b));
        expect(hex(combined)).toBe(hex(secret));
      }),
      { numRuns: 10 },
    );
    // Fewer than T shares do not give it.
    const two = [1, 2]
      .map((k) => sodium.scalarMultiply(lagrangeAtZero(sodium, [1, 2], k), c.keyShare(k)))
      .reduce((a, b) => sodium.scalarAdd(a, b));
    expect(hex(two)).not.toBe(hex(secret));
  });

  it('decrypts the homomorphic tally with any T trustees, and finds the counts', () => {
    const c = ceremony(sodium);
    const choices = [0, 2, 2, 1, 2, 0, 2];
    const tally: Ciphertext[] = Array.from({ length: OPTIONS }, () => ({ alpha: new Uint8Array(32), beta: new Uint8Array(32) }));
    for (const [b, choice] of choices.entries()) {
      const { sealed } = sealChoice(sodium, c.key, OPTIONS, choice, { base, bind: scalarOf(1000 + b) });
      sealed.entries.forEach((e, i) => {
        tally[i] = addCiphertexts(sodium, tally[i], { alpha: base64urlToBytes(e.alpha)!, beta: base64urlToBytes(e.beta)! });
      });
    }
    const finder = new CountFinder(sodium, 100);
    for (const quorum of [
      [1, 3, 5],
      [2, 3, 4],
      [5, 4, 1, 2],
    ]) {
      const counts = tally.map((ct) => {
        const partials = new Map(quorum.map((k) => [k, partialDecrypt(sodium, trusteeContext(k), c.keyShare(k), ct.alpha)]));
        for (const [k, partial] of partials) {
          expect(checkPartialDecryption(noble, trusteeContext(k), verificationKey(sodium, c.commitments, k), ct.alpha, partial)).toBe(true);
        }
        const m = combinePartials(sodium, new Map([...partials].map(([k, p]) => [k, p.share])));
        return finder.find(sodium.subtract(ct.beta, m));
      });
      expect(counts).toEqual([2, 1, 4]);
    }
  });

  it('refuses a partial decryption with the wrong share, another trustee’s key, or a proof for another ciphertext', () => {
    const c = ceremony(sodium);
    const alpha = sodium.multiplyBase(sodium.randomScalar());
    const otherAlpha = sodium.multiplyBase(sodium.randomScalar());
    const honest = partialDecrypt(sodium, trusteeContext(2), c.keyShare(2), alpha);
    const k2 = verificationKey(sodium, c.commitments, 2);
    expect(checkPartialDecryption(sodium, trusteeContext(2), k2, alpha, honest)).toBe(true);
    const bent = { ...honest, share: sodium.add(honest.share, sodium.multiplyBase(scalarOf(1))) };
    expect(checkPartialDecryption(sodium, trusteeContext(2), k2, alpha, bent)).toBe(false);
    expect(checkPartialDecryption(sodium, trusteeContext(3), verificationKey(sodium, c.commitments, 3), alpha, honest)).toBe(false);
    expect(checkPartialDecryption(sodium, trusteeContext(2), k2, otherAlpha, honest)).toBe(false);
    expect(checkPartialDecryption(sodium, trusteeContext(2), k2, new Uint8Array(32), honest)).toBe(false);
  });
});

describe('CountFinder', () => {
  let sodium: SealedGroup;
  beforeAll(async () => {
    ({ sodium } = await bothGroups());
  });

  it('finds every count from 0 to max, and nothing beyond', () => {
    const max = 50;
    const finder = new CountFinder(sodium, max);
    for (let m = 0; m <= max; m++) expect(finder.find(sodium.multiplyBase(scalarOf(m)))).toBe(m);
    expect(finder.find(sodium.multiplyBase(scalarOf(max + 1)))).toBeNull();
    expect(finder.find(sodium.multiplyBase(sodium.randomScalar()))).toBeNull();
  });

  it('finds large counts', () => {
    const finder = new CountFinder(sodium, 10_000_000);
    for (const m of [9_999_999, 10_000_000, 3_141_592]) expect(finder.find(sodium.multiplyBase(scalarOf(m)))).toBe(m);
  });
});

describe('base hashes', () => {
  it('change with everything they commit to, and agree across implementations', async () => {
    const { sodium, noble } = await bothGroups();
    const hash = (s: string) => createHash('sha256').update(s).digest('hex');
    const g = 'a'.repeat(64);
    const c = ceremony(sodium);
    const of = (group: SealedGroup, genesis = g, t = T, commitments = c.commitments, key = c.key) =>
      hex(electionBaseHash(hash, group, genesis, t, commitments, key));
    const reference = of(sodium);
    expect(of(noble)).toBe(reference);
    expect(
      new Set([
        reference,
        of(sodium, 'b'.repeat(64)),
        of(sodium, g, T - 1),
        of(sodium, g, T, c.commitments.slice(0, 4)),
        of(sodium, g, T, c.commitments, c.commitments[0][0]),
      ]).size,
    ).toBe(5);
    const ceremonyHash = hex(ceremonyBaseHash(hash, sodium, g, T, N));
    expect(ceremonyHash).not.toBe(reference);
    expect(hex(ceremonyBaseHash(hash, noble, g, T, N))).toBe(ceremonyHash);
    expect(hex(ceremonyBaseHash(hash, sodium, g, T, N + 1))).not.toBe(ceremonyHash);
  });
});
