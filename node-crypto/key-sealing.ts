import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/*
 * Private keys at rest, sealed under a passphrase (the authority's, AUTHORITY_PASSPHRASE_FILE; a trustee's key
 * file), so that a copy of the file alone does not give them away: scrypt derives an AES-256-GCM key from the
 * passphrase and a fresh salt, and the key's name is authenticated with it, so sealed keys cannot be
 * swapped. Stored as "sealed:v1:<salt>:<iv>:<tag>:<ciphertext>", base64url; an unsealed key is its
 * PKCS#8 DER in base64url, as release 0.1.0 kept it.
 */

const PREFIX = 'sealed:v1:';
/** scrypt with N = 2^15, r = 8: about 32 MiB and a tenth of a second per key, paid once at start. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** A sealed key that this passphrase does not open (wrong passphrase, or altered bytes). */
export class SealedKeyError extends Error {
  override readonly name = 'SealedKeyError';
}

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

function keyFrom(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, SCRYPT);
}

/** `owner` names whose key it is (the authority, a trustee): it is authenticated with the key's name. */
export function sealKey(plain: string, passphrase: string, name: string, owner = 'authority'): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(passphrase, salt), iv);
  cipher.setAAD(Buffer.from(`ballotchain ${owner} key ${name}`, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + [salt, iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join(':');
}

export function openKey(stored: string, passphrase: string, name: string, owner = 'authority'): string {
  const parts = stored.slice(PREFIX.length).split(':');
  if (!isSealed(stored) || parts.length !== 4) throw new SealedKeyError(`the ${owner}'s ${name} key is not a sealed key`);
  const [salt, iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64url'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(passphrase, salt), iv);
    decipher.setAAD(Buffer.from(`ballotchain ${owner} key ${name}`, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch (e) {
    throw new SealedKeyError(`the ${owner}'s ${name} key does not open with this passphrase (wrong passphrase, or altered data)`, {
      cause: e,
    });
  }
}
