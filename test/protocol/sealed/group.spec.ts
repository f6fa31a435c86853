import fc from 'fast-check';
import { isCanonicalScalar, isIdentity, scalarOf, type SealedGroup } from '../../../protocol';
import { bothGroups } from './groups';

/** ℓ − 1 and ℓ, little-endian. */
const L_MINUS_1 = Uint8Array.from(Buffer.from('ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex'));
const L = Uint8Array.from(Buffer.from('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010', 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('the group of sealed ballots (ristretto255)', () => {
  let groups: { sodium: SealedGroup; noble: SealedGroup };
  beforeAll(async () => {
    groups = await bothGroups();
  });

  it('takes a scalar only below ℓ, in 32 bytes', () => {
    expect(isCanonicalScalar(L_MINUS_1)).toBe(true);
    expect(isCanonicalScalar(scalarOf(0))).toBe(true);
    expect(isCanonicalScalar(L)).toBe(false);
    expect(isCanonicalScalar(new Uint8Array(32).fill(0xff))).toBe(false);
    expect(isCanonicalScalar(new Uint8Array(31))).toBe(false);
  });

  it.each(['sodium', 'noble'] as const)('%s: refuses the identity and non-canonical encodings as elements', (name) => {
    const g = groups[name];
    expect(g.isElement(new Uint8Array(32))).toBe(false);
    expect(g.isElement(g.multiplyBase(scalarOf(5)))).toBe(true);
    // The field prime p = 2^255 − 19 itself: a non-canonical encoding of zero.
    const p = Uint8Array.from(Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'));
    expect(g.isElement(p)).toBe(false);
    expect(g.isElement(new Uint8Array(31).fill(1))).toBe(false);
  });

  it.each(['sodium', 'noble'] as const)('%s: gives the identity, not an exception, where a product is the identity', (name) => {
    const g = groups[name];
    expect(isIdentity(g.multiplyBase(scalarOf(0)))).toBe(true);
    expect(isIdentity(g.multiply(scalarOf(0), g.multiplyBase(scalarOf(3))))).toBe(true);
    const x = g.multiplyBase(scalarOf(9));
    expect(isIdentity(g.subtract(x, x))).toBe(true);
  });

  it('computes the same bytes in libsodium and in noble', () => {
    const { sodium, noble } = groups;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.uint8Array({ minLength: 64, maxLength: 64 }), (wa, wb) => {
        const a = sodium.scalarFromWideBytes(wa);
        const b = sodium.scalarFromWideBytes(wb);
        expect(hex(noble.scalarFromWideBytes(wa))).toBe(hex(a));
        expect(hex(noble.scalarAdd(a, b))).toBe(hex(sodium.scalarAdd(a, b)));
        expect(hex(noble.scalarSubtract(a, b))).toBe(hex(sodium.scalarSubtract(a, b)));
        expect(hex(noble.scalarMultiply(a, b))).toBe(hex(sodium.scalarMultiply(a, b)));
        const A = sodium.multiplyBase(a);
        expect(hex(noble.multiplyBase(a))).toBe(hex(A));
        expect(hex(noble.multiply(b, A))).toBe(hex(sodium.multiply(b, A)));
        const B = sodium.multiplyBase(b);
        expect(hex(noble.add(A, B))).toBe(hex(sodium.add(A, B)));
        expect(hex(noble.subtract(A, B))).toBe(hex(sodium.subtract(A, B)));
        if (!a.every((x) => x === 0)) expect(hex(noble.scalarInvert(a))).toBe(hex(sodium.scalarInvert(a)));
      }),
      { numRuns: 40 },
    );
  });

  it('draws fresh random scalars, all below ℓ', () => {
    for (const g of [groups.sodium, groups.noble]) {
      const drawn = Array.from({ length: 50 }, () => g.randomScalar());
      expect(drawn.every(isCanonicalScalar)).toBe(true);
      expect(new Set(drawn.map(hex)).size).toBe(50);
    }
  });

  it('expands messages as RFC 9380 says (its SHA-512 test vector)', () => {
    // RFC 9380, K.2: expand_message_xmd(SHA-512), DST "QUUX-V01-CS02-with-expander-SHA512-256", msg "", 32 bytes.
    const out = groups.sodium.expandMessage(new Uint8Array(0), 'QUUX-V01-CS02-with-expander-SHA512-256', 32);
    expect(hex(out)).toBe('6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba');
  });
});
