/** Consensus limits shared by every node. Changing one is a fork. */
export const PROTOCOL_VERSION = 'ballotchain/1';
export const MAX_BALLOTS_PER_BLOCK = 10_000;
/** How far ahead of a node's clock a block or transaction timestamp may be. */
export const MAX_FUTURE_DRIFT_SECONDS = 120;
export const MAX_DIFFICULTY = 8;
export const MAX_VOTER_ID_LENGTH = 64;
export const MAX_PARTY_LENGTH = 100;
export const MAX_ROLL_SIZE = 10_000_000;
/** A roll proof of a roll of MAX_ROLL_SIZE voters has 24 steps. */
export const MAX_ROLL_PROOF_STEPS = 32;
export const VOTER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const HASH_PATTERN = /^[0-9a-f]{64}$/;
/** Base64url without padding, bounded: an RSA-4096 SPKI key is the longest value (about 740 characters). */
export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]{1,1024}$/;

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Base64url (no padding) in its one canonical spelling: the unused low bits of the last character are zero.
 * Otherwise two texts decode to the same bytes, and a relay could change a ballot's tracking code without
 * breaking its signature.
 */
export function isCanonicalBase64url(value: string): boolean {
  if (!BASE64URL_PATTERN.test(value) || value.length % 4 === 1) return false;
  const last = BASE64URL_ALPHABET.indexOf(value[value.length - 1]);
  const unusedBits = value.length % 4 === 2 ? 0b1111 : value.length % 4 === 3 ? 0b11 : 0;
  return (last & unusedBits) === 0;
}

/** A plain JSON object (not null, not an array): what untrusted input must be before its fields are read. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
