import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve';
import { invert, mod } from '@noble/curves/abstract/modular';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/abstract/utils';
import { ed25519, RistrettoPoint } from '@noble/curves/ed25519';
import { sha512 } from '@noble/hashes/sha2';
import { randomBytes } from '@noble/hashes/utils';
import { ELEMENT_BYTES, type SealedGroup } from '../protocol';

const L = ed25519.CURVE.n;

/**
 * ristretto255 from @noble/curves (pure JavaScript, about six times slower than libsodium): the second,
 * independent implementation of the same group, with which `npm run verify -- --cross-check` repeats the
 * arithmetic so that no single library is trusted. Same canonical encodings as libsodium.
 */
export function nobleGroup(): SealedGroup {
  const point = (bytes: Uint8Array) => RistrettoPoint.fromBytes(bytes);
  const scalar = (bytes: Uint8Array) => bytesToNumberLE(bytes);
  const encode = (n: bigint) => numberToBytesLE(mod(n, L), 32);
  return {
    implementation: 'noble-curves',
    isElement: (bytes) => {
      if (bytes.length !== ELEMENT_BYTES) return false;
      try {
        return !point(bytes).is0();
      } catch {
        return false;
      }
    },
    add: (a, b) => point(a).add(point(b)).toBytes(),
    subtract: (a, b) => point(a).subtract(point(b)).toBytes(),
    // multiply() is constant-time and takes 1 ≤ n < ℓ; 0 gives the identity.
    multiply: (s, element) => {
      const n = mod(scalar(s), L);
      const p = point(element);
      return n === 0n || p.is0() ? RistrettoPoint.ZERO.toBytes() : p.multiply(n).toBytes();
    },
    multiplyBase: (s) => {
      const n = mod(scalar(s), L);
      return n === 0n ? RistrettoPoint.ZERO.toBytes() : RistrettoPoint.BASE.multiply(n).toBytes();
    },
    scalarAdd: (a, b) => encode(scalar(a) + scalar(b)),
    scalarSubtract: (a, b) => encode(scalar(a) - scalar(b)),
    scalarMultiply: (a, b) => encode(scalar(a) * scalar(b)),
    scalarInvert: (a) => encode(invert(scalar(a), L)),
    scalarFromWideBytes: (bytes) => encode(bytesToNumberLE(bytes)),
    randomScalar: () => encode(bytesToNumberLE(randomBytes(64))),
    expandMessage: (message, dst, length) => expand_message_xmd(message, dst, length, sha512),
  };
}
