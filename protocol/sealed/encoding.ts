import { base64urlToBytes } from '../base64url';
import { isCanonicalScalar, type SealedGroup } from './group';

/*
 * The wire form of elements and scalars: their 32 bytes in canonical base64url (43 characters). Each decoder
 * returns null for anything else, before any arithmetic sees it.
 */

/** Any 32 bytes in canonical base64url. */
export function decodeBytes32(text: unknown): Uint8Array | null {
  if (typeof text !== 'string' || text.length !== 43) return null;
  const bytes = base64urlToBytes(text);
  return bytes !== null && bytes.length === 32 ? bytes : null;
}

/** A canonical element other than the identity. */
export function decodeElement(group: SealedGroup, text: unknown): Uint8Array | null {
  const bytes = decodeBytes32(text);
  return bytes !== null && group.isElement(bytes) ? bytes : null;
}

/** A scalar below the group order. */
export function decodeScalar(text: unknown): Uint8Array | null {
  const bytes = decodeBytes32(text);
  return bytes !== null && isCanonicalScalar(bytes) ? bytes : null;
}
