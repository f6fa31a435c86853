import { readFileSync, statSync } from 'node:fs';
import request from 'supertest';
import type { NodeStatus } from '../../api/http';
import { adminTokenFile } from '../../server/common/admin-token';
import { prepareCredentialRequest } from '../../voter';
import { expectError, getJson } from './support/http';
import { ADMIN_TOKEN, adminAuth, startNode, type TestNode, writeElection } from './support/nodes';
import { castSecret, electionKeys, sealedBallotFor } from './support/secret-voter';

// The secret election below generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

const REQUIRED = 'this is an admin request: send Authorization: Bearer <admin token>';
const INVALID = 'the admin token is not valid';

/** Every admin route of a full node, with a body it would accept. */
const ADMIN_ROUTES: { method: 'get' | 'post'; path: string; body?: object }[] = [
  { method: 'get', path: '/mine' },
  { method: 'post', path: '/register_with', body: { node_address: 'http://127.0.0.1:9' } },
  { method: 'post', path: '/api/admin/open' },
  { method: 'post', path: '/api/admin/close' },
  { method: 'get', path: '/api/admin/check' },
];

/**
 * Admin requests carry `Authorization: Bearer <token>`; everything a voter, an observer or a peer does
 * needs none. The node runs a secret election in draft, its ceremony done by the one trustee it holds, so an
 * accepted OPEN or CLOSE is visible.
 */
describe('admin token', () => {
  let node: TestNode;
  let election: ReturnType<typeof writeElection>;

  const api = () => request(node.url);
  const send = (route: (typeof ADMIN_ROUTES)[number], headers: Record<string, string> = {}) => {
    const req = api()[route.method](route.path).set(headers);
    return route.body ? req.send(route.body) : req;
  };
  const state = async () => {
    const status = await getJson<NodeStatus>(node.url, '/api/status');
    return { phase: status.phase, height: status.height, pending: status.pending, peers: status.peers };
  };

  beforeAll(async () => {
    election = writeElection({
      title: 'Board',
      parties: ['Oak', 'Elm'],
      difficulty: 1,
      scheme: 'secret',
      voters: ['v1', 'v2'],
      demo_trustees: 1,
    });
    node = await startNode({ ELECTION_FILE: election.file });
  });

  afterAll(async () => {
    await node?.stop();
    election?.remove();
  });

  describe.each(ADMIN_ROUTES)('$method $path', (route) => {
    it('is 401 admin-token-required without a bearer token, and 401 invalid-admin-token with a wrong one; nothing happens', async () => {
      const before = await state();
      expectError(await send(route), 401, 'admin-token-required', REQUIRED);
      expectError(
        await send(route, { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` }),
        401,
        'admin-token-required',
        REQUIRED,
      );
      expectError(await send(route, { Authorization: 'Bearer' }), 401, 'admin-token-required', REQUIRED);
      expectError(await send(route, { 'X-Admin-Token': ADMIN_TOKEN }), 401, 'admin-token-required', REQUIRED);
      expectError(await send(route, adminAuth('a-wrong-token-of-some-length')), 401, 'invalid-admin-token', INVALID);
      expectError(await send(route, adminAuth(`${ADMIN_TOKEN}x`)), 401, 'invalid-admin-token', INVALID);
      expectError(await send(route, adminAuth(ADMIN_TOKEN.slice(0, -1))), 401, 'invalid-admin-token', INVALID);
      expect(await state()).toEqual(before);
    });
  });

  it('accepts each admin route with the token', async () => {
    expect((await api().get('/api/admin/check').set(adminAuth()).expect(204)).text).toBe('');
    expect((await api().get('/mine').set(adminAuth()).expect(200)).body).toEqual({ mined: false, message: 'No transactions to mine' });
    // Past the guard: the request itself is judged (nothing listens on port 9).
    expectError(await api().post('/register_with').set(adminAuth()).send({ node_address: 'http://127.0.0.1:9' }), 502, 'peer-unreachable');
    expect((await api().post('/api/admin/open').set(adminAuth()).expect(200)).body).toMatchObject({ phase: 'open' });
    expect((await api().post('/api/admin/close').set(adminAuth()).expect(200)).body).toMatchObject({ phase: 'closed' });
  });

  it('lets voters, observers and peers in without a token', async () => {
    const open: [string, number][] = [
      ['/health', 200],
      ['/chain', 200],
      ['/pending_tx', 200],
      ['/election', 200],
      ['/results', 200],
      ['/api/status', 200],
      ['/api/election', 200],
      ['/api/results', 200],
      ['/api/audit', 200],
      ['/api/record', 200],
      ['/api/headers/0', 200],
      ['/api/blocks', 200],
      ['/api/blocks/0', 200],
      ['/api/chain/hashes', 200],
      ['/api/peers', 200],
      [`/api/receipts/${'a'.repeat(64)}`, 200],
      ['/api/ballots/v1', 200],
    ];
    for (const [path, status] of open) expect({ path, status: (await api().get(path)).status }).toEqual({ path, status });
    await api().post('/api/sync').expect(200);
    expect((await api().post('/api/gossip/ballots').send({ ballots: [] }).expect(200)).body).toEqual({
      accepted: 0,
      known: 0,
      rejected: 0,
      forged: 0,
    });
    // A voter's requests are judged on their content, not refused for want of a token.
    expectError(
      await api().post('/api/credentials').send({ voter_id: 'v1', code: 'AAAA-BBBB-CCCC-DDDD', blinded_message: 'AAAA' }),
      409,
      'election-closed',
    );
    const keys = await electionKeys(node.url);
    const prepared = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    expectError(await castSecret(node.url, await sealedBallotFor(keys, prepared, 'AAAA', 'Oak')), 422, 'bad-credential');
  });

  it('does not let another origin send an admin request from a browser: CORS allows reads only', async () => {
    const preflight = await api()
      .options('/api/admin/open')
      .set('Origin', 'https://elsewhere.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET,HEAD');
    // Reads are open to every origin: a voter's browser compares headers from several nodes.
    const header = await api().get('/api/headers/0').set('Origin', 'https://elsewhere.example').expect(200);
    expect(header.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('admin token generated when ADMIN_TOKEN is not set', () => {
  let node: TestNode | undefined;

  afterEach(async () => {
    await node?.stop();
    node = undefined;
  });

  it('is written once to DATA_DIR/admin-token (owner only), works, and survives a restart', async () => {
    node = await startNode({ ADMIN_TOKEN: '' });
    const file = adminTokenFile(node.dataDir);
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await request(node.url).get('/api/admin/check').set(adminAuth(token)).expect(204);
    expectError(await request(node.url).get('/api/admin/check').set(adminAuth()), 401, 'invalid-admin-token');

    const dataDir = node.dataDir;
    await node.stop(true);
    node = await startNode({ ADMIN_TOKEN: '', DATA_DIR: dataDir });
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    await request(node.url).get('/api/admin/check').set(adminAuth(token)).expect(204);
  });

  it('ADMIN_TOKEN, when set, is the only token, even beside a generated one', async () => {
    node = await startNode({ ADMIN_TOKEN: '' });
    const generated = readFileSync(adminTokenFile(node.dataDir), 'utf8').trim();
    const dataDir = node.dataDir;
    await node.stop(true);
    node = await startNode({ DATA_DIR: dataDir });
    await request(node.url).get('/api/admin/check').set(adminAuth()).expect(204);
    expectError(await request(node.url).get('/api/admin/check').set(adminAuth(generated)), 401, 'invalid-admin-token');
  });
});
