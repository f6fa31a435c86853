/*
 * TLS_CERT and TLS_KEY make a node serve https only, with HSTS; PEER_CA_FILE makes its peers' certificates
 * trusted when a private CA signed them. The certificates are made for this run by the test's own CA.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import request from 'supertest';
import type { ChainResponse, PeerInfo } from '../../api/http';
import { HSTS_MAX_AGE_SECONDS } from '../../server/common/security-headers';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';
import { waitFor } from '../support/wait';
import { expectError } from './support/http';
import { adminAuth, startNode, type TestNode } from './support/nodes';

/** A plain-http GET of /health on the port: its status, or the error that ended it. */
function plainHttpGet(port: number): Promise<number | Error> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', resolve);
    req.end();
  });
}

describe('TLS', () => {
  let certs: TestCertificates;
  const nodes: TestNode[] = [];

  const tlsEnv = () => ({ TLS_CERT: certs.certFile, TLS_KEY: certs.keyFile });
  const start = async (env: Record<string, string>) => {
    const node = await startNode(env);
    nodes.push(node);
    return node;
  };
  /** supertest over https, trusting the test CA. */
  const get = (n: TestNode, path: string) => request(n.url).get(path).ca(certs.ca);
  const post = (n: TestNode, path: string) => request(n.url).post(path).ca(certs.ca);

  beforeAll(() => {
    certs = makeTestCertificates();
  });

  afterAll(async () => {
    for (const node of nodes.splice(0).reverse()) await node.stop();
    certs?.remove();
  });

  describe('a node with TLS_CERT and TLS_KEY', () => {
    let a: TestNode;

    beforeAll(async () => {
      a = await start({ ...tlsEnv(), HTTP_HEADERS_TIMEOUT_MS: '500' });
    });

    it('answers over https to a client that trusts its CA, with Strict-Transport-Security', async () => {
      expect(a.url).toMatch(/^https:/);
      for (const [path, status] of [
        ['/health', 200],
        ['/api/status', 200],
        ['/api/no-such-route', 404],
      ] as const) {
        const res = await get(a, path).expect(status);
        expect(res.headers['strict-transport-security']).toBe(`max-age=${HSTS_MAX_AGE_SECONDS}`);
        // The other security headers are still there.
        expect(res.headers['x-frame-options']).toBe('DENY');
      }
      expect((await get(a, '/health')).body).toMatchObject({ status: 'ok' });
    });

    it('is refused by a client that does not trust its CA', async () => {
      await expect(request(a.url).get('/health')).rejects.toThrow(/unable to verify the first certificate/);
    });

    it('does not answer plain http on its port, and keeps serving https', async () => {
      const plain = await plainHttpGet(a.port);
      expect(plain).toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|EPIPE)$/) as unknown });
      await get(a, '/health').expect(200);
    });

    it('closes a connection that never completes its handshake within the head timeout', async () => {
      let closed = false;
      const socket = connect(a.port, '127.0.0.1');
      socket.on('close', () => (closed = true)).on('error', () => (closed = true));
      try {
        await waitFor(() => closed, { timeoutMs: 5_000, what: 'the node to close the silent connection' });
      } finally {
        socket.destroy();
      }
    });
  });

  describe('two nodes as https peers', () => {
    let a: TestNode;
    let b: TestNode;

    beforeAll(async () => {
      // A calls B back at its https address when B registers, so both trust the test CA.
      a = await start({ ...tlsEnv(), PEER_CA_FILE: certs.caFile });
      b = await start({ ...tlsEnv(), PEER_CA_FILE: certs.caFile, PEERS: a.url });
    });

    it("B joins A's election over https, and takes its blocks and pending ballots", async () => {
      const genesisOf = async (n: TestNode) => ((await get(n, '/chain').expect(200)).body as ChainResponse).chain[0].hash;
      expect(await genesisOf(b)).toBe(await genesisOf(a));
      // A keeps B only once it has called B back at its https address.
      await waitFor(async () => ((await get(a, '/api/peers')).body as PeerInfo[]).some((p) => p.url === b.url), {
        what: 'A to keep B as a peer',
      });
      await post(a, '/api/sync').set(adminAuth()).expect(200);
      expect((await get(a, '/api/peers')).body).toEqual([expect.objectContaining({ url: b.url, state: 'reachable' })]);

      await post(a, '/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' }).expect(201);
      await get(a, '/mine').set(adminAuth()).expect(200);
      await post(a, '/new_transaction').send({ voter_id: 'VOID002', party: 'Republican Party' }).expect(201);

      await post(b, '/api/sync').set(adminAuth()).expect(200);
      await waitFor(async () => ((await get(b, '/chain')).body as ChainResponse).length === 2, { what: 'B to hold block 1 of A' });
      const pending = (await get(b, '/pending_tx').expect(200)).body as { voter_id: string }[];
      expect(pending.map((t) => t.voter_id)).toEqual(['VOID002']);
      const peers = (await get(b, '/api/peers').expect(200)).body as PeerInfo[];
      expect(peers).toEqual([expect.objectContaining({ url: a.url, state: 'reachable' })]);
    });

    it('a node without PEER_CA_FILE refuses the peer’s certificate: the peer is unreachable, the node keeps running', async () => {
      const c = await start({ ELECTION: 'open-demo', PEERS: a.url });
      expectError(
        await request(c.url).post('/register_with').set(adminAuth()).send({ node_address: a.url }),
        502,
        'peer-unreachable',
        `could not reach ${a.url}: UNABLE_TO_VERIFY_LEAF_SIGNATURE`,
      );
      await request(c.url).post('/api/sync').set(adminAuth()).expect(200);
      const peers = (await request(c.url).get('/api/peers').expect(200)).body as PeerInfo[];
      expect(peers).toEqual([expect.objectContaining({ url: a.url, state: 'unreachable' })]);
      // C still serves; A never heard from it.
      await request(c.url).get('/health').expect(200);
      expect(((await get(a, '/api/peers')).body as PeerInfo[]).map((p) => p.url)).toEqual([b.url]);
    });
  });
});
