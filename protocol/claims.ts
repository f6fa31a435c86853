import type { LifecycleTransaction, Transaction } from './types';

/*
 * What a transaction uses up: at most one transaction per claim, across a chain and a pool. One ballot per
 * voter ID (open), per ballot key (secret and sealed: a credential certifies exactly one key), one credential
 * per voter tag, one opening and one closing, and each trustee's every step once. A claim is a short text, so stores can index it.
 */

export const voterIdClaim = (voterId: string): string => `voter:${voterId}`;
export const ballotKeyClaim = (ballotKey: string): string => `key:${ballotKey}`;
export const voterTagClaim = (voterTag: string): string => `tag:${voterTag}`;
export const phaseClaim = (phase: LifecycleTransaction['type']): string => `phase:${phase}`;

/** Each step of the ceremony and each decryption, once per trustee (and per pair, for complaints and reveals). */
export const trusteeClaim = (type: string, trustee: number, other?: number): string =>
  `trustee:${type}:${trustee}${other === undefined ? '' : `>${other}`}`;

/**
 * A sealed ballot also claims each of its ciphertexts (by α = r·G, fresh for every entry of every honest
 * ballot): a ballot that repeats a ciphertext already on chain is a copy, and is refused (Cortier and Smyth's
 * ballot-copying attack), even under a ballot key of its own.
 */
export const sealClaim = (alpha: string): string => `seal:${alpha}`;

/** Every claim of a transaction: its own (claimOf) first, then those of a sealed ballot's ciphertexts. */
export function claimsOf(tx: Transaction): string[] {
  const own = claimOf(tx);
  if (!('type' in tx) || tx.type !== 'sealed-ballot') return [own];
  return [own, ...tx.sealed.entries.map((e) => sealClaim(e.alpha))];
}

export function claimOf(tx: Transaction): string {
  if (!('type' in tx)) return voterIdClaim(tx.voter_id);
  switch (tx.type) {
    case 'sealed-ballot':
      return ballotKeyClaim(tx.ballot_key);
    case 'credential':
      return voterTagClaim(tx.voter_tag);
    case 'open':
    case 'close':
      return phaseClaim(tx.type);
    case 'trustee-commitments':
    case 'trustee-shares':
    case 'trustee-decryption':
      return trusteeClaim(tx.type, tx.trustee);
    case 'trustee-complaint':
      return trusteeClaim(tx.type, tx.trustee, tx.against);
    case 'trustee-reveal':
      return trusteeClaim(tx.type, tx.trustee, tx.to);
  }
}
