import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files of a CA made for one test run, and of a server certificate it signed for 127.0.0.1 and localhost. */
export interface TestCertificates {
  dir: string;
  /** The CA's certificate (PEM file), to trust. */
  caFile: string;
  ca: string;
  /** The server's certificate and its key (PEM files). */
  certFile: string;
  keyFile: string;
  /** A key of no certificate here. */
  otherKeyFile: string;
  remove(): void;
}

// A config file of our own, so that what the certificates carry does not depend on the machine's openssl.cnf.
const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

function writeKey(file: string): void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
}

/**
 * Makes a fresh CA and a server certificate with the openssl command (node:crypto makes keys but not
 * certificates). Valid for two days, so a clock a little off does not matter.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'ballotchain-tls-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    writeFileSync(file('openssl.cnf'), OPENSSL_CONFIG);
    for (const key of ['ca.key', 'server.key', 'other.key']) writeKey(file(key));
    const config = ['-config', file('openssl.cnf')];
    openssl(
      'req',
      '-new',
      '-x509',
      ...config,
      '-extensions',
      'ca',
      '-key',
      file('ca.key'),
      '-subj',
      '/CN=Ballotchain test CA',
      '-days',
      '2',
      '-out',
      file('ca.pem'),
    );
    openssl('req', '-new', ...config, '-key', file('server.key'), '-subj', '/CN=127.0.0.1', '-out', file('server.csr'));
    openssl(
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '2',
      '-extfile',
      file('openssl.cnf'),
      '-extensions',
      'server',
      '-out',
      file('server.pem'),
    );
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    caFile: file('ca.pem'),
    ca: readFileSync(file('ca.pem'), 'utf8'),
    certFile: file('server.pem'),
    keyFile: file('server.key'),
    otherKeyFile: file('other.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
