import { type SealedGroup } from './group';

/**
 * Exponential ElGamal over the group: m is encrypted under key K with randomness r as (α, β) = (r·G,
 * r·K + m·G). Ciphertexts add up to the encryption of the sum of their messages, which is how the tally
 * is counted without decrypting any ballot.
 */
export interface Ciphertext {
  alpha: Uint8Array;
  beta: Uint8Array;
}

/** Encrypts 0 or 1 (a one-hot entry) with the given randomness. */
export function encryptBit(group: SealedGroup, key: Uint8Array, bit: 0 | 1, r: Uint8Array): Ciphertext {
  const alpha = group.multiplyBase(r);
  const masked = group.multiply(r, key);
  const beta = bit === 1 ? group.add(masked, generatorOf(group)) : masked;
  return { alpha, beta };
}

export function addCiphertexts(group: SealedGroup, a: Ciphertext, b: Ciphertext): Ciphertext {
  return { alpha: group.add(a.alpha, b.alpha), beta: group.add(a.beta, b.beta) };
}

/** The scalar 1, little-endian. */
export const ONE = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0));

const generators = new WeakMap<SealedGroup, Uint8Array>();

/**
 * G, computed once per group: checking a ballot subtracts it from every entry, and a multiplication from the
 * base point is about a third of one from any other. The bytes are shared: no caller may change them.
 */
export function generatorOf(group: SealedGroup): Uint8Array {
  let g = generators.get(group);
  if (g === undefined) {
    g = group.multiplyBase(ONE);
    generators.set(group, g);
  }
  return g;
}
