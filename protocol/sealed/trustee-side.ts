import { base64urlToBytes, bytesToBase64url } from '../base64url';
import { commitmentContext, type SealedSetup, shareContext, type TrusteeCommitments, type TrusteeShares } from './ceremony';
import { type SealedGroup } from './group';
import { proveKeyKnowledge } from './proofs';
import { encryptShare } from './share-encryption';
import { evaluatePolynomial } from './threshold';

/*
 * A trustee's side of the ceremony: what it computes and keeps secret (its coefficients, the nonces of its
 * shares, so that it can answer a complaint), and the unsigned transactions it posts. Signing is the caller's,
 * with the trustee's Ed25519 key.
 */

/** Fresh coefficients a_0 … a_(t−1), their commitments, and the proof for each. */
export function dealCommitments(
  group: SealedGroup,
  base: Uint8Array,
  trustee: number,
  threshold: number,
): { coefficients: Uint8Array[]; unsigned: Omit<TrusteeCommitments, 'signature'> } {
  const coefficients = Array.from({ length: threshold }, () => group.randomScalar());
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
