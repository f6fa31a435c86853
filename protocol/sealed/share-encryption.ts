import { type ProofContext } from './challenge';
import { equalBytes, isCanonicalScalar, type SealedGroup } from './group';

/*
 * How a dealing trustee sends trustee k its share f_i(k) on chain: hashed ElGamal to k's share key P_k.
 * The dealer picks ξ, publishes E = ξ·G and c = f_i(k) + H(ξ·P_k) mod ℓ; k, holding x_k with P_k = x_k·G,
 * recovers f_i(k) = c − H(x_k·E). If k finds the share inconsistent with the dealer's commitments it says so on
 * chain, and the dealer answers by revealing f_i(k) and ξ: anyone can then recompute E and c and check the
 * share against the commitments, so a complaint is settled by arithmetic, not by trust (as ElectionGuard does).
 */
export interface EncryptedShare {
  /** E = ξ·G */
  ephemeral: Uint8Array;
  /** f_i(k) + H(ξ·P_k) mod ℓ */
  masked: Uint8Array;
}

const DOMAIN = 'ballotchain-v1-share-pad';

/** The pad H(shared point, E, P_k, context), a scalar. */
function pad(group: SealedGroup, context: ProofContext, shared: Uint8Array, ephemeral: Uint8Array, recipientKey: Uint8Array): Uint8Array {
  const message = new Uint8Array(32 * 4 + context.bind.length);
  message.set(context.base, 0);
  message.set(shared, 32);
  message.set(ephemeral, 64);
  message.set(recipientKey, 96);
  message.set(context.bind, 128);
  return group.scalarFromWideBytes(group.expandMessage(message, DOMAIN, 64));
}

/** The dealer's side; ξ is returned so that the dealer can answer a complaint (and must otherwise keep it secret). */
export function encryptShare(
  group: SealedGroup,
  context: ProofContext,
  recipientKey: Uint8Array,
  share: Uint8Array,
): { encrypted: EncryptedShare; nonce: Uint8Array } {
  const nonce = group.randomScalar();
  const ephemeral = group.multiplyBase(nonce);
  const masked = group.scalarAdd(share, pad(group, context, group.multiply(nonce, recipientKey), ephemeral, recipientKey));
  return { encrypted: { ephemeral, masked }, nonce };
}

/** The recipient's side, with its secret share key x_k. */
export function decryptShare(
  group: SealedGroup,
  context: ProofContext,
  recipientSecret: Uint8Array,
  recipientKey: Uint8Array,
  encrypted: EncryptedShare,
): Uint8Array {
  const shared = group.multiply(recipientSecret, encrypted.ephemeral);
  return group.scalarSubtract(encrypted.masked, pad(group, context, shared, encrypted.ephemeral, recipientKey));
}

/** Anyone's check of a dealer's answer to a complaint: the revealed share and nonce give the published encryption. */
export function revealMatches(
  group: SealedGroup,
  context: ProofContext,
  recipientKey: Uint8Array,
  encrypted: EncryptedShare,
  share: Uint8Array,
  nonce: Uint8Array,
): boolean {
  if (!isCanonicalScalar(share) || !isCanonicalScalar(nonce)) return false;
  const ephemeral = group.multiplyBase(nonce);
  if (!equalBytes(ephemeral, encrypted.ephemeral)) return false;
  const masked = group.scalarAdd(share, pad(group, context, group.multiply(nonce, recipientKey), ephemeral, recipientKey));
  return equalBytes(masked, encrypted.masked);
}
