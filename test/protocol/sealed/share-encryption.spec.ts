import {
  decryptShare,
  encryptShare,
  evaluatePolynomial,
  type ProofContext,
  revealMatches,
  scalarOf,
  type SealedGroup,
  shareMatches,
} from '../../../protocol';
import { bothGroups } from './groups';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const context = (from: number, to: number): ProofContext => ({ base: new Uint8Array(32).fill(3), bind: Uint8Array.of(from, to) });

describe('shares sent on chain between trustees', () => {
  let sodium: SealedGroup;
  let noble: SealedGroup;
  let recipientSecret: Uint8Array;
  let recipientKey: Uint8Array;

  beforeAll(async () => {
    ({ sodium, noble } = await bothGroups());
    recipientSecret = sodium.randomScalar();
    recipientKey = sodium.multiplyBase(recipientSecret);
  });

  it('reach their recipient, in either implementation, and no one else', () => {
    const share = sodium.randomScalar();
    const { encrypted } = encryptShare(sodium, context(1, 2), recipientKey, share);
    expect(hex(decryptShare(noble, context(1, 2), recipientSecret, recipientKey, encrypted))).toBe(hex(share));
    expect(hex(decryptShare(sodium, context(1, 2), sodium.randomScalar(), recipientKey, encrypted))).not.toBe(hex(share));
    // Bound to who sends to whom: the same bytes read as another pair's share give something else.
    expect(hex(decryptShare(sodium, context(1, 3), recipientSecret, recipientKey, encrypted))).not.toBe(hex(share));
  });

  it('settle a complaint by arithmetic: an honest dealer’s reveal matches, a false one does not', () => {
    const coefficients = [sodium.randomScalar(), sodium.randomScalar()];
    const commitments = coefficients.map((a) => sodium.multiplyBase(a));
    const share = evaluatePolynomial(sodium, coefficients, 2);
    const { encrypted, nonce } = encryptShare(sodium, context(1, 2), recipientKey, share);
    expect(revealMatches(noble, context(1, 2), recipientKey, encrypted, share, nonce)).toBe(true);
    expect(shareMatches(sodium, commitments, 2, share)).toBe(true);

    // A dealer that sent a bad share cannot reveal a good one that matches what it published.
    const bad = sodium.scalarAdd(share, scalarOf(1));
    const sent = encryptShare(sodium, context(1, 2), recipientKey, bad);
    expect(shareMatches(sodium, commitments, 2, decryptShare(sodium, context(1, 2), recipientSecret, recipientKey, sent.encrypted))).toBe(
      false,
    );
    expect(revealMatches(sodium, context(1, 2), recipientKey, sent.encrypted, share, sent.nonce)).toBe(false);
    expect(revealMatches(sodium, context(1, 2), recipientKey, sent.encrypted, bad, sodium.randomScalar())).toBe(false);
    expect(revealMatches(sodium, context(1, 2), recipientKey, sent.encrypted, bad, sent.nonce)).toBe(true);
  });
});
