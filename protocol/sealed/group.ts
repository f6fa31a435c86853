/**
 * The prime-order group of sealed ballots: ristretto255 (RFC 9496), given to the protocol by the caller as
 * hashing is (see ADR 0001), so the node, the browser and the verifier share every rule and the verifier can
 * repeat the arithmetic with a second library. Elements and scalars are their canonical 32-byte encodings.
 *
 * The acceptance rules come first and are the protocol's, not a library's: `isElement` refuses the identity
 * (libsodium's own check accepts it) and `isCanonicalScalar` refuses a scalar of ℓ or more (libsodium reduces
 * one silently, so a ballot would have many encodings). No method throws on bytes that passed those checks;
 * `multiply` returns the identity encoding where a library would throw.
 */
export interface SealedGroup {
  /** Which library, for reports of the cross-check. */
  readonly implementation: string;
  /** A canonical encoding of an element other than the identity. Never throws. */
  isElement(bytes: Uint8Array): boolean;
  add(a: Uint8Array, b: Uint8Array): Uint8Array;
  subtract(a: Uint8Array, b: Uint8Array): Uint8Array;
  /** scalar · element; the identity encoding if that is the result. */
  multiply(scalar: Uint8Array, element: Uint8Array): Uint8Array;
  /** scalar · G, G the group's standard generator. */
  multiplyBase(scalar: Uint8Array): Uint8Array;
  scalarAdd(a: Uint8Array, b: Uint8Array): Uint8Array;
  scalarSubtract(a: Uint8Array, b: Uint8Array): Uint8Array;
  scalarMultiply(a: Uint8Array, b: Uint8Array): Uint8Array;
  /** The inverse mod ℓ of a non-zero scalar. */
  scalarInvert(a: Uint8Array): Uint8Array;
  /** 64 bytes read little-endian, reduced mod ℓ (RFC 9380's hash_to_field with L = 64). */
  scalarFromWideBytes(bytes: Uint8Array): Uint8Array;
  /** A fresh secret scalar: 64 bytes from the platform's CSPRNG, reduced mod ℓ. */
  randomScalar(): Uint8Array;
  /** SHA-512 expand_message_xmd (RFC 9380, section 5.3.1) of `message` under `dst`, to `length` bytes. */
  expandMessage(message: Uint8Array, dst: string, length: number): Uint8Array;
}

export const ELEMENT_BYTES = 32;
export const SCALAR_BYTES = 32;

/** ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const GROUP_ORDER_LE = [
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/** 32 bytes whose little-endian value is below ℓ: the one encoding of a scalar the protocol accepts. */
export function isCanonicalScalar(bytes: Uint8Array): boolean {
  if (bytes.length !== SCALAR_BYTES) return false;
  for (let i = SCALAR_BYTES - 1; i >= 0; i--) {
    if (bytes[i] !== GROUP_ORDER_LE[i]) return bytes[i] < GROUP_ORDER_LE[i];
  }
  return false;
}

/** The identity's encoding (all zero bytes in ristretto255). */
export function isIdentity(bytes: Uint8Array): boolean {
  return bytes.length === ELEMENT_BYTES && bytes.every((b) => b === 0);
}

/** A small non-negative integer as a scalar (counts, trustee indices, Lagrange numerators). */
export function scalarOf(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`scalarOf takes a non-negative safe integer, got ${n}`);
  const out = new Uint8Array(SCALAR_BYTES);
  let rest = n;
  for (let i = 0; rest > 0; i++) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
