import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { SignatureVerifier } from '../../protocol';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function ed25519Key(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
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
      const raw = Buffer.from(publicKey, 'base64url');
      const sig = Buffer.from(signature, 'base64url');
      if (raw.length !== 32 || sig.length !== 64) return false;
      return verify(null, Buffer.from(message, 'utf8'), ed25519Key(raw), sig);
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
