import fc from 'fast-check';
import {
  addCiphertexts,
  base64urlToBytes,
  bytesToBase64url,
  encodeEntry,
  encryptBit,
  openChallenged,
  type ProofContext,
  proveZeroOrOne,
  scalarOf,
  sealChoice,
  type SealedChoice,
  sealedChoiceProblem,
  type SealedGroup,
} from '../../../protocol';
import { bothGroups } from './groups';

const OPTIONS = 3;
const context = (bind: string, base = 7): ProofContext => ({ base: new Uint8Array(32).fill(base), bind: new TextEncoder().encode(bind) });
const BALLOT = context('ballot-key-1');

describe('sealed choices', () => {
  let sodium: SealedGroup;
  let noble: SealedGroup;
  let key: Uint8Array;
  let secret: Uint8Array;

  beforeAll(async () => {
    ({ sodium, noble } = await bothGroups());
    secret = sodium.randomScalar();
    key = sodium.multiplyBase(secret);
  });

  it('seals any option so that both implementations accept it, and the randomness opens it', () => {
    for (let choice = 0; choice < OPTIONS; choice++) {
      const { sealed, randomness } = sealChoice(sodium, key, OPTIONS, choice, BALLOT);
      expect(sealedChoiceProblem(sodium, key, OPTIONS, sealed, BALLOT)).toBeNull();
      expect(sealedChoiceProblem(noble, key, OPTIONS, sealed, BALLOT)).toBeNull();
      expect(openChallenged(sodium, key, sealed, randomness)).toBe(choice);
    }
  });

  it('accepts in libsodium what noble sealed', () => {
    const { sealed } = sealChoice(noble, key, OPTIONS, 1, BALLOT);
    expect(sealedChoiceProblem(sodium, key, OPTIONS, sealed, BALLOT)).toBeNull();
  });

  it('refuses a sealed choice moved to another ballot, another election or another key', () => {
    const { sealed } = sealChoice(sodium, key, OPTIONS, 2, BALLOT);
    expect(sealedChoiceProblem(sodium, key, OPTIONS, sealed, context('ballot-key-2'))?.reason).toBe('sealed-entry-proof');
    expect(sealedChoiceProblem(sodium, key, OPTIONS, sealed, context('ballot-key-1', 8))?.reason).toBe('sealed-entry-proof');
    const otherKey = sodium.multiplyBase(sodium.randomScalar());
    expect(sealedChoiceProblem(sodium, otherKey, OPTIONS, sealed, BALLOT)?.reason).toBe('sealed-entry-proof');
  });

  it('refuses any change to any field, whatever the implementation', () => {
    const { sealed } = sealChoice(sodium, key, OPTIONS, 0, BALLOT);
    const fields = ['alpha', 'beta', 'c0', 'c1', 'v0', 'v1'] as const;
    fc.assert(
      fc.property(fc.nat(OPTIONS * fields.length + 1), fc.integer({ min: 1, max: 255 }), fc.nat(31), (at, flip, byte) => {
        const tampered = structuredClone(sealed);
        const change = (text: string) => {
          const bytes = base64urlToBytes(text)!;
          bytes[byte] ^= flip;
          return bytesToBase64url(bytes);
        };
        if (at >= OPTIONS * fields.length) {
          const part = at === OPTIONS * fields.length ? 'challenge' : 'response';
          tampered.sum_proof[part] = change(tampered.sum_proof[part]);
        } else {
          const entry = tampered.entries[Math.floor(at / fields.length)];
          const field = fields[at % fields.length];
          entry[field] = change(entry[field]);
        }
        expect(sealedChoiceProblem(sodium, key, OPTIONS, tampered, BALLOT)).not.toBeNull();
        expect(sealedChoiceProblem(noble, key, OPTIONS, tampered, BALLOT)).not.toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it('refuses two ones, each with an honest 0-or-1 proof: only the sum proof can tell, and it does', () => {
    const r = [sodium.randomScalar(), sodium.randomScalar(), sodium.randomScalar()];
    const bits = [1, 1, 0] as const;
    const cts = r.map((ri, i) => encryptBit(sodium, key, bits[i], ri));
    const honest = sealChoice(sodium, key, OPTIONS, 0, BALLOT).sealed;
    const forged: SealedChoice = {
      entries: cts.map((ct, i) => encodeEntry(ct, proveZeroOrOne(sodium, BALLOT, key, ct, bits[i], r[i]))),
      sum_proof: honest.sum_proof,
    };
    expect(sealedChoiceProblem(sodium, key, OPTIONS, forged, BALLOT)?.reason).toBe('sealed-sum-proof');
    // The homomorphic sum of the entries is an encryption of 2.
    const total = cts.reduce((a, b) => addCiphertexts(sodium, a, b));
    const two = sodium.multiplyBase(scalarOf(2));
    expect(Buffer.from(sodium.subtract(total.beta, sodium.multiply(secret, total.alpha))).equals(Buffer.from(two))).toBe(true);
  });

  it('refuses the wrong number of entries, extra fields, and encodings the protocol does not take', () => {
    const { sealed } = sealChoice(sodium, key, OPTIONS, 1, BALLOT);
    expect(sealedChoiceProblem(sodium, key, OPTIONS + 1, sealed, BALLOT)?.reason).toBe('sealed-malformed');
    expect(sealedChoiceProblem(sodium, key, OPTIONS, { ...sealed, party: 'Red' }, BALLOT)?.reason).toBe('sealed-malformed');
    expect(
      sealedChoiceProblem(
        sodium,
        key,
        OPTIONS,
        { ...sealed, entries: [{ ...sealed.entries[0], extra: 'x' }, ...sealed.entries.slice(1)] },
        BALLOT,
      )?.reason,
    ).toBe('sealed-malformed');
    for (const bad of [null, 'sealed', [], { entries: 'x', sum_proof: {} }]) {
      expect(sealedChoiceProblem(sodium, key, OPTIONS, bad, BALLOT)?.reason).toBe('sealed-malformed');
    }
    const identity = bytesToBase64url(new Uint8Array(32));
    expect(
      sealedChoiceProblem(
        sodium,
        key,
        OPTIONS,
        { ...sealed, entries: [{ ...sealed.entries[0], alpha: identity }, ...sealed.entries.slice(1)] },
        BALLOT,
      )?.reason,
    ).toBe('sealed-encoding');
    // A response plus ℓ: the same value for libsodium, another encoding for the protocol.
    const v = BigInt('0x' + Buffer.from(base64urlToBytes(sealed.entries[0].v0)!).reverse().toString('hex'));
    const plusL = v + 2n ** 252n + 27742317777372353535851937790883648493n;
    const unreduced = Buffer.from(plusL.toString(16).padStart(64, '0'), 'hex').reverse();
    const widened = { ...sealed, entries: [{ ...sealed.entries[0], v0: bytesToBase64url(unreduced) }, ...sealed.entries.slice(1)] };
    expect(sealedChoiceProblem(sodium, key, OPTIONS, widened, BALLOT)?.reason).toBe('sealed-encoding');
  });

  it('opens a challenged ballot only with its own randomness', () => {
    const { sealed, randomness } = sealChoice(sodium, key, OPTIONS, 1, BALLOT);
    const other = sealChoice(sodium, key, OPTIONS, 1, BALLOT).randomness;
    expect(openChallenged(noble, key, sealed, randomness)).toBe(1);
    expect(openChallenged(sodium, key, sealed, other)).toBeNull();
    expect(openChallenged(sodium, key, sealed, randomness.slice(1))).toBeNull();
  });
});
