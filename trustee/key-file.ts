import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { base64urlToBytes, bytesToBase64url, type SealedGroup, type TrusteeShares, type TrusteeSpec } from '../protocol';
import { isSealed, openKey, sealKey } from '../node-crypto/key-sealing';

/*
 * A trustee's key file: its public keys in clear (to put in an election definition), and its secrets, sealed
 * under a passphrase when one is given (scrypt and AES-256-GCM, as the authority's keys). The secrets are the
 * Ed25519 signing key, the share secret x (share key x·G), and for each election the coefficients it dealt and
 * the transactions it signed, so that a trustee that stops can take up the ceremony where it left it.
 * Written 0600, replaced atomically, never logged.
 */

export const KEY_FILE_FORMAT = 'ballotchain-trustee/1';

/** What a trustee keeps for one election. */
export interface ElectionSecrets {
  /** The coefficients of its polynomial, base64url. */
  coefficients: string[];
  /** The nonces of the shares it sent, by recipient: a complaint is answered with them. */
  nonces: Record<string, string>;
  /** The shares it sent, by recipient, in clear: the reveal of a complaint names one. */
  shares: Record<string, string>;
  /** The shares transaction, unsigned, once dealt: posted again as it is if the chain does not hold it. */
  sent?: Omit<TrusteeShares, 'signature'>;
}

interface Secrets {
  signing_key: string;
  share_secret: string;
  elections: Record<string, ElectionSecrets>;
}

interface StoredKeyFile {
  format: typeof KEY_FILE_FORMAT;
  name: string;
  signing_key: string;
  share_key: string;
  /** JSON of Secrets, or that JSON sealed. */
  secrets: string;
}

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

export class TrusteeKeyFile {
  private constructor(
    private readonly file: string,
    private readonly stored: StoredKeyFile,
    private readonly secrets: Secrets,
    private readonly passphrase: string | null,
  ) {}

  /** A new key file; refuses to overwrite one. */
  static create(file: string, name: string, group: SealedGroup, passphrase: string | null): TrusteeKeyFile {
    if (existsSync(file)) throw new KeyFileError(`${file} exists: a trustee key file is never overwritten`);
    const signing = generateKeyPairSync('ed25519');
    const shareSecret = group.randomScalar();
    const secrets: Secrets = {
      signing_key: signing.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url'),
      share_secret: bytesToBase64url(shareSecret),
      elections: {},
    };
    const stored: StoredKeyFile = {
      format: KEY_FILE_FORMAT,
      name,
      signing_key: (signing.publicKey.export({ format: 'jwk' }) as { x: string }).x,
      share_key: bytesToBase64url(group.multiplyBase(shareSecret)),
      secrets: '',
    };
    const keyFile = new TrusteeKeyFile(file, stored, secrets, passphrase);
    keyFile.save();
    return keyFile;
  }

  static open(file: string, passphrase: string | null): TrusteeKeyFile {
    if (!existsSync(file)) throw new KeyFileError(`no trustee key file at ${file}`);
    if ((statSync(file).mode & 0o077) !== 0) throw new KeyFileError(`${file} is readable by other users: make it 0600 first`);
    let stored: StoredKeyFile;
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKeyFile;
    } catch {
      throw new KeyFileError(`${file} is not a trustee key file`);
    }
    if ((stored as { format?: unknown }).format !== KEY_FILE_FORMAT || typeof stored.secrets !== 'string') {
      throw new KeyFileError(`${file} is not a trustee key file of this release (${KEY_FILE_FORMAT})`);
    }
    if (isSealed(stored.secrets) && passphrase === null) throw new KeyFileError(`${file} is sealed: give its --passphrase-file`);
    const json = isSealed(stored.secrets) ? openKey(stored.secrets, passphrase!, 'secrets', 'trustee') : stored.secrets;
    return new TrusteeKeyFile(file, stored, JSON.parse(json) as Secrets, isSealed(stored.secrets) ? passphrase : null);
  }

  /** The trustee as an election definition names it. */
  spec(): TrusteeSpec {
    return { name: this.stored.name, signing_key: this.stored.signing_key, share_key: this.stored.share_key };
  }

  shareSecret(): Uint8Array {
    return base64urlToBytes(this.secrets.share_secret)!;
  }

  /** An Ed25519 signature of `message`, base64url. */
  sign(message: string): string {
    const key: KeyObject = createPrivateKey({ key: Buffer.from(this.secrets.signing_key, 'base64url'), format: 'der', type: 'pkcs8' });
    return sign(null, Buffer.from(message, 'utf8'), key).toString('base64url');
  }

  election(electionId: string): ElectionSecrets | undefined {
    return this.secrets.elections[electionId];
  }

  /** Records what the trustee dealt for an election, on disk before anything is posted. */
  remember(electionId: string, secrets: ElectionSecrets): void {
    this.secrets.elections[electionId] = secrets;
    this.save();
  }

  private save(): void {
    const json = JSON.stringify(this.secrets);
    this.stored.secrets = this.passphrase === null ? json : sealKey(json, this.passphrase, 'secrets', 'trustee');
    writePrivately(this.file, JSON.stringify(this.stored, null, 2) + '\n');
  }
}

/** Writes a file 0600 through a temporary file in the same directory, then renames it: never half written. */
function writePrivately(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
