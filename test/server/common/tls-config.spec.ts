import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { inspect } from 'node:util';
import { ConfigError, loadConfig } from '../../../server/common/load-config';
import { makeTestCertificates, type TestCertificates } from '../../support/test-certificates';

/** The problems a refused configuration names. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('the configuration was accepted');
}

describe('TLS_CERT, TLS_KEY, PEER_CA_FILE and TRUST_PROXY', () => {
  let certs: TestCertificates;

  beforeAll(() => {
    certs = makeTestCertificates();
  });

  afterAll(() => certs?.remove());

  it('load a certificate and its key, and make the default public address https', () => {
    const config = loadConfig({ PORT: '8443', TLS_CERT: certs.certFile, TLS_KEY: certs.keyFile });
    expect(config.tls).toMatchObject({ certFile: certs.certFile, keyFile: certs.keyFile, cert: readFileSync(certs.certFile, 'utf8') });
    expect(config.tls?.key).toBe(readFileSync(certs.keyFile, 'utf8'));
    expect(config.publicUrl).toBe('https://127.0.0.1:8443');
    // Without them: plain http.
    expect(loadConfig({ PORT: '8443' })).toMatchObject({ tls: null, publicUrl: 'http://127.0.0.1:8443' });
  });

  it('never show the private key when the configuration is printed or serialised', () => {
    const config = loadConfig({ TLS_CERT: certs.certFile, TLS_KEY: certs.keyFile });
    const keyBody = readFileSync(certs.keyFile, 'utf8').split('\n')[1];
    expect(keyBody.length).toBeGreaterThan(20);
    expect(JSON.stringify(config)).not.toContain(keyBody);
    expect(inspect(config, { depth: 10 })).not.toContain(keyBody);
    expect(JSON.stringify(config)).toContain(certs.keyFile);
  });

  it('refuse one of the two without the other', () => {
    const both = /TLS_CERT and TLS_KEY go together/;
    expect(problemsOf({ TLS_CERT: certs.certFile })).toEqual([expect.stringMatching(both)]);
    expect(problemsOf({ TLS_KEY: certs.keyFile })).toEqual([expect.stringMatching(both)]);
  });

  it('refuse a missing file, and files that hold no certificate or key', () => {
    const missing = join(certs.dir, 'missing.pem');
    expect(problemsOf({ TLS_CERT: missing, TLS_KEY: certs.keyFile })).toEqual([`TLS_CERT ${missing} cannot be read: ENOENT`]);
    expect(problemsOf({ TLS_CERT: certs.certFile, TLS_KEY: missing })).toEqual([`TLS_KEY ${missing} cannot be read: ENOENT`]);
    // A key given as the certificate, and the other way round.
    expect(problemsOf({ TLS_CERT: certs.keyFile, TLS_KEY: certs.keyFile })).toEqual([
      `TLS_CERT ${certs.keyFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    ]);
    expect(problemsOf({ TLS_CERT: certs.certFile, TLS_KEY: certs.certFile })).toEqual([
      `TLS_KEY ${certs.certFile} is not a PEM private key without a passphrase`,
    ]);
    const broken = join(certs.dir, 'broken.pem');
    writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    expect(problemsOf({ TLS_CERT: broken, TLS_KEY: certs.keyFile })).toEqual([
      expect.stringMatching(new RegExp(`^TLS_CERT ${broken} holds a certificate that does not parse`)),
    ]);
  });

  it('refuse a key that is not the certificate’s', () => {
    expect(problemsOf({ TLS_CERT: certs.certFile, TLS_KEY: certs.otherKeyFile })).toEqual([
      `TLS_KEY ${certs.otherKeyFile} is not the private key of the certificate in TLS_CERT ${certs.certFile}`,
    ]);
  });

  it('refuse a key every local user can read', () => {
    const open = join(dirname(certs.keyFile), 'world-readable.key');
    copyFileSync(certs.keyFile, open);
    chmodSync(open, 0o644);
    expect(problemsOf({ TLS_CERT: certs.certFile, TLS_KEY: open })).toEqual([
      `TLS_KEY ${open} is readable by every local user: make it readable by its owner only (chmod 600)`,
    ]);
    // Readable by a group (ssl-cert, say) is allowed.
    chmodSync(open, 0o640);
    expect(loadConfig({ PORT: '8443', TLS_CERT: certs.certFile, TLS_KEY: open }).tls).toMatchObject({ keyFile: open });
  });

  it('refuse an http PUBLIC_URL on a node that serves TLS', () => {
    const env = { TLS_CERT: certs.certFile, TLS_KEY: certs.keyFile };
    expect(problemsOf({ ...env, PUBLIC_URL: 'http://node.example:8000' })).toEqual([
      'PUBLIC_URL must be an https:// address when the node serves TLS',
    ]);
    expect(loadConfig({ ...env, PUBLIC_URL: 'https://node.example' }).publicUrl).toBe('https://node.example');
  });

  it('trust the CAs of PEER_CA_FILE besides Node’s own, and refuse a file without a certificate', () => {
    expect(loadConfig({}).peerCa).toBeNull();
    expect(loadConfig({ PEER_CA_FILE: certs.caFile }).peerCa).toEqual([...rootCertificates, certs.ca.trim()]);
    expect(problemsOf({ PEER_CA_FILE: certs.keyFile })).toEqual([
      `PEER_CA_FILE ${certs.keyFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    ]);
    const missing = join(certs.dir, 'missing-ca.pem');
    expect(problemsOf({ PEER_CA_FILE: missing })).toEqual([`PEER_CA_FILE ${missing} cannot be read: ENOENT`]);
  });

  it.each([
    [undefined, false],
    ['off', false],
    ['1', 1],
    ['loopback', ['loopback']],
    ['loopback, 10.0.0.0/8, 192.0.2.7, fd00::/8', ['loopback', '10.0.0.0/8', '192.0.2.7', 'fd00::/8']],
  ])('TRUST_PROXY=%s trusts %j', (raw, trusted) => {
    expect(loadConfig(raw === undefined ? {} : { TRUST_PROXY: raw }).trustProxy).toEqual(trusted);
  });

  it.each(['0', '11', 'yes', 'on', '10.0.0.0/33', 'example.com', 'loopback,'])('TRUST_PROXY=%s is refused', (raw) => {
    expect(problemsOf({ TRUST_PROXY: raw })).toEqual([expect.stringMatching(/^TRUST_PROXY must be/)]);
  });
});
