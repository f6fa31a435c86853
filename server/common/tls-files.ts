import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { rootCertificates } from 'node:tls';

/**
 * The node's own certificate and private key (TLS_CERT, TLS_KEY), as PEM. The key is a secret: it is kept
 * in a private field, so a config object that ends up in a log or in JSON shows the two paths only.
 */
export class TlsIdentity {
  readonly #key: string;

  constructor(
    readonly certFile: string,
    readonly keyFile: string,
    /** The certificate, and any intermediates after it, as the file holds them. */
    readonly cert: string,
    key: string,
  ) {
    this.#key = key;
  }

  get key(): string {
    return this.#key;
  }

  toJSON(): { certFile: string; keyFile: string } {
    return { certFile: this.certFile, keyFile: this.keyFile };
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function read(name: string, path: string, problems: string[]): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    problems.push(`${name} ${path} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return null;
  }
}

/** Every certificate of a PEM file, each checked to parse; null (and a problem) when one does not, or none is there. */
function certificates(name: string, path: string, text: string, problems: string[]): string[] | null {
  const pems = text.match(PEM_CERTIFICATE) ?? [];
  if (pems.length === 0) {
    problems.push(`${name} ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    return null;
  }
  for (const pem of pems) {
    try {
      new X509Certificate(pem);
    } catch (e) {
      problems.push(`${name} ${path} holds a certificate that does not parse: ${(e as Error).message}`);
      return null;
    }
  }
  return pems;
}

/**
 * Reads TLS_CERT and TLS_KEY, and refuses a pair that would only fail later, at the first handshake: a
 * file that does not parse, or a key that is not the certificate's. Messages name the files, never the
 * key's contents.
 */
export function readTlsIdentity(certFile: string, keyFile: string, problems: string[]): TlsIdentity | null {
  const certPath = resolve(certFile);
  const keyPath = resolve(keyFile);
  const certText = read('TLS_CERT', certPath, problems);
  const keyText = read('TLS_KEY', keyPath, problems);
  if (certText === null || keyText === null) return null;
  const chain = certificates('TLS_CERT', certPath, certText, problems);
  let key;
  try {
    key = createPrivateKey(keyText);
  } catch {
    // The parser's message may quote the file; it is a secret, so only say that it did not parse.
    problems.push(`TLS_KEY ${keyPath} is not a PEM private key without a passphrase`);
    return null;
  }
  if (chain === null) return null;
  // A key every local user can read is no secret: refused (a group, e.g. ssl-cert, may read it).
  if ((statSync(keyPath).mode & 0o004) !== 0) {
    problems.push(`TLS_KEY ${keyPath} is readable by every local user: make it readable by its owner only (chmod 600)`);
    return null;
  }
  // The first certificate of the file is the node's own; any after it are intermediates.
  if (!new X509Certificate(chain[0]).checkPrivateKey(key)) {
    problems.push(`TLS_KEY ${keyPath} is not the private key of the certificate in TLS_CERT ${certPath}`);
    return null;
  }
  return new TlsIdentity(certPath, keyPath, certText, keyText);
}

/**
 * The CAs trusted for https peers and the authority: Node's own roots plus every certificate of
 * PEER_CA_FILE. Giving `ca` to an agent replaces Node's roots, so they are listed too: a peer with a
 * publicly trusted certificate stays reachable.
 */
export function readPeerCa(file: string, problems: string[]): string[] | null {
  const path = resolve(file);
  const text = read('PEER_CA_FILE', path, problems);
  if (text === null) return null;
  const pems = certificates('PEER_CA_FILE', path, text, problems);
  return pems && [...rootCertificates, ...pems];
}
