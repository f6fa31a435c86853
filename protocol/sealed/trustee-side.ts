import { base64urlToBytes, bytesToBase64url } from '../base64url';
import type { TrusteeCommitments, TrusteeDecryption, TrusteeShares } from '../types';
import { commitmentContext, type SealedSetup, shareContext } from './ceremony';
import { type SealedGroup } from './group';
import { proveKeyKnowledge } from './proofs';
import { decryptionContext } from './decryption';
import { type Ciphertext } from './elgamal';
import { decryptShare, type EncryptedShare, encryptShare } from './share-encryption';
import { evaluatePolynomial, partialDecrypt, shareMatches } from './threshold';

/*
 * A trustee's side of the ceremony: what it computes and keeps secret (its coefficients, the nonces of its
 * shares, so that it can answer a complaint), and the unsigned transactions it posts. Signing is the caller's,
 * with the trustee's Ed25519 key.
 */

/**
 * Fresh coefficients a_0 … a_(t−1) (or those a trustee kept from an earlier run), their commitments, and the
 * proof for each.
 */
export function dealCommitments(
  group: SealedGroup,
  base: Uint8Array,
  trustee: number,
  threshold: number,
  kept?: readonly Uint8Array[],
): { coefficients: Uint8Array[]; unsigned: Omit<TrusteeCommitments, 'signature'> } {
  const coefficients = kept ? [...kept] : Array.from({ length: threshold }, () => group.randomScalar());
  const commitments = coefficients.map((a) => group.multiplyBase(a));
  const proofs = coefficients.map((a, j) => proveKeyKnowledge(group, commitmentContext(base, trustee, j), commitments[j], a));
  return {
    coefficients,
    unsigned: {
      type: 'trustee-commitments',
      trustee,
      commitments: commitments.map(bytesToBase64url),
      proofs: proofs.map((p) => ({ challenge: bytesToBase64url(p.challenge), response: bytesToBase64url(p.response) })),
    },
  };
}

/** f(k) for every other trustee k, each encrypted to k's share key; the nonces answer complaints later. */
export function dealShares(
  group: SealedGroup,
  base: Uint8Array,
  trustee: number,
  coefficients: readonly Uint8Array[],
  setup: SealedSetup,
): { nonces: Map<number, Uint8Array>; shares: Map<number, Uint8Array>; unsigned: Omit<TrusteeShares, 'signature'> } {
  const nonces = new Map<number, Uint8Array>();
  const shares = new Map<number, Uint8Array>();
  const sent: TrusteeShares['shares'] = [];
  setup.trustees.forEach((recipient, index) => {
    const k = index + 1;
    if (k === trustee) return;
    const share = evaluatePolynomial(group, coefficients, k);
    const { encrypted, nonce } = encryptShare(group, shareContext(base, trustee, k), base64urlToBytes(recipient.share_key)!, share);
    nonces.set(k, nonce);
    shares.set(k, share);
    sent.push({ to: k, ephemeral: bytesToBase64url(encrypted.ephemeral), masked: bytesToBase64url(encrypted.masked) });
  });
  return { nonces, shares, unsigned: { type: 'trustee-shares', trustee, shares: sent } };
}

/**
 * Trustee k's key share z_k = Σ_i f_i(k): its own f_k(k) and the share every other dealer sent it, each
 * decrypted with k's share secret and checked against that dealer's commitments. `bad` lists the dealers whose
 * share does not match: k complains about them on chain instead of using the key share.
 */
export function keyShareOf(
  group: SealedGroup,
  base: Uint8Array,
  k: number,
  own: { coefficients: readonly Uint8Array[]; shareSecret: Uint8Array },
  received: ReadonlyMap<number, { encrypted: EncryptedShare; commitments: readonly Uint8Array[] }>,
): { keyShare: Uint8Array; bad: number[] } {
  const shareKey = group.multiplyBase(own.shareSecret);
  let keyShare = evaluatePolynomial(group, own.coefficients, k);
  const bad: number[] = [];
  for (const [dealer, { encrypted, commitments }] of received) {
    const share = decryptShare(group, shareContext(base, dealer, k), own.shareSecret, shareKey, encrypted);
    if (!shareMatches(group, commitments, k, share)) bad.push(dealer);
    else keyShare = group.scalarAdd(keyShare, share);
  }
  return { keyShare, bad };
}

/** Trustee k's partial decryption of every option's sum, with its proofs; signing is the caller's. */
export function decryptSums(
  group: SealedGroup,
  base: Uint8Array,
  k: number,
  keyShare: Uint8Array,
  sum: readonly Ciphertext[],
): Omit<TrusteeDecryption, 'signature'> {
  const partials = sum.map((ct, j) => partialDecrypt(group, decryptionContext(base, k, j), keyShare, ct.alpha));
  return {
    type: 'trustee-decryption',
    trustee: k,
    shares: partials.map((p) => bytesToBase64url(p.share)),
    proofs: partials.map((p) => ({ challenge: bytesToBase64url(p.proof.challenge), response: bytesToBase64url(p.proof.response) })),
  };
}
