import { BASE64URL_PATTERN } from './limits';

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
