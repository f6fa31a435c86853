import { randomInt } from 'node:crypto';
import { sha256 } from '../../node-crypto/sha256';

/** Crockford's base32 without I, L, O, U: no letters a voter can misread. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 80 random bits as XXXX-XXXX-XXXX-XXXX: too many to guess, so a plain hash protects the stored copy. */
export function activationCode(): string {
  const chars = Array.from({ length: 16 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Codes are compared without dashes, spaces or case. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

export function codeHash(voterId: string, code: string): string {
  return sha256(JSON.stringify(['activation-code', voterId, normaliseCode(code)]));
}
