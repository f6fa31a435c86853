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

/** Bytes as unpadded base64url. */
export function bytesToBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += BASE64URL_ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** The bytes of a canonical unpadded base64url text, or null for any other text. */
export function base64urlToBytes(value: string): Uint8Array | null {
  if (!isCanonicalBase64url(value)) return null;
  const out = new Uint8Array(Math.floor((value.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (const ch of value) {
    acc = ((acc << 6) | BASE64URL_ALPHABET.indexOf(ch)) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** A 32-byte key (ristretto255 or Ed25519) in canonical base64url: 43 characters. */
export function isBase64urlKey32(value: unknown): value is string {
  return typeof value === 'string' && value.length === 43 && base64urlToBytes(value)?.length === 32;
}
