import { randomInt } from 'node:crypto';
import { normaliseActivationCode } from '../../protocol';
import { sha256 } from '../../node-crypto/sha256';

/** Crockford's base32 without I, L, O, U: no letters a voter can misread. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 80 random bits as XXXX-XXXX-XXXX-XXXX: too many to guess, so a plain hash protects the stored copy. */
export function activationCode(): string {
  const chars = Array.from({ length: 16 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export function codeHash(voterId: string, code: string): string {
  return sha256(JSON.stringify(['activation-code', voterId, normaliseActivationCode(code)]));
}
