/*
 * Base64url without padding, the protocol's encoding of every binary value. Built on atob/btoa, which
 * browsers and Node 20 both have, so the kit needs no Buffer.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  // A length of 1 mod 4 cannot come from whole bytes; atob would reject it less clearly.
  if (!BASE64URL.test(text) || text.length % 4 === 1) throw new Error('not a base64url value');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
