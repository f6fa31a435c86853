import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { SignatureVerifier } from '../protocol';

/** Every ballot has its own key. Importing it as a JWK costs a tenth of parsing the same key as DER. */
function ed25519Key(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

/** RSA keys are few (one per election): parse each once. */
const rsaKeys = new Map<string, KeyObject>();
function rsaKey(spki: string): KeyObject {
  let key = rsaKeys.get(spki);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    rsaKeys.set(spki, key);
  }
  return key;
}

/**
 * Signature checks with node:crypto (OpenSSL): the fast path on nodes and in the verifier. A blind RSA
 * signature once finalised is an ordinary RSASSA-PSS signature (RFC 9474 §4.4), so OpenSSL checks it.
 */
export const nodeSignatures: SignatureVerifier = {
  ed25519(publicKey, message, signature) {
    try {
      const sig = Buffer.from(signature, 'base64url');
      if (publicKey.length !== 43 || sig.length !== 64) return false; // 43 base64url characters: 32 bytes
      return verify(null, Buffer.from(message, 'utf8'), ed25519Key(publicKey), sig);
    } catch {
      return false;
    }
  },
  rsaPss(publicKey, message, signature) {
    try {
      return verify(
        'sha384',
        Buffer.from(message, 'utf8'),
        { key: rsaKey(publicKey), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 },
        Buffer.from(signature, 'base64url'),
      );
    } catch {
      return false;
    }
  },
};
