/*
 * Per-client limits: each address has a budget per minute for each kind of request (voter, admin, peer,
 * public). A flood from one address gets 429 JSON with Retry-After, while a voter at another address
 * still votes. Wrong admin tokens are limited on their own, even before the admin budget runs out.
 */
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { NODE_ID_HEADER } from '../../server/common/node-identity';
import { MAX_FAILED_ADMIN_ATTEMPTS } from '../../server/common/admin-attempts';
import { adminAuth, startNode, type TestNode } from './support/nodes';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: { statusCode?: number; error?: string; message?: string };
}

/** One request from `from` (a loopback address of this machine): each address is another client. */
function send(node: TestNode, from: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: node.port,
        method,
        path,
        localAddress: from,
        agent: false,
        headers: { ...(data ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Reply['body']) : {} }),
        );
      },
    );
    req.once('error', reject);
    req.end(data);
  });
}

const vote = (node: TestNode, from: string, voterId: string) =>
  send(node, from, 'POST', '/new_transaction', { voter_id: voterId, party: 'Democratic Party' });

function expectTooMany(reply: Reply): void {
  expect(reply.status).toBe(429);
  expect(reply.body).toEqual({
    statusCode: 429,
    error: 'too-many-requests',
    message: expect.stringMatching(/^too many requests from this address; try again in \d+ s$/) as unknown,
  });
  expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
}

describe('rate limits per client address', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startNode({
      RATE_LIMIT_LOOPBACK: 'on',
      RATE_LIMIT_VOTER: '5',
      RATE_LIMIT_PUBLIC: '8',
      RATE_LIMIT_ADMIN: '50',
      RATE_LIMIT_PEER: '20',
    });
  });

  afterAll(() => node.stop());

  it('stop a flood of ballots from one address with 429, while a voter at another address still votes', async () => {
    const flood = [];
    // Voters of the demo roll, VOID002 to VOID009, all from one address.
    for (let i = 2; i <= 9; i++) flood.push((await vote(node, '127.0.0.2', `VOID00${i}`)).status);
    expect(flood).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    expectTooMany(await vote(node, '127.0.0.2', 'VOID010'));
    expect((await vote(node, '127.0.0.3', 'VOID001')).status).toBe(201);
  });

  it('give public reads their own budget, and peers theirs', async () => {
    const reads = [];
    for (let i = 0; i < 9; i++) reads.push((await send(node, '127.0.0.4', 'GET', '/api/status')).status);
    expect(reads).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    // The same address, as a node: the peer budget is apart.
    expect((await send(node, '127.0.0.4', 'GET', '/api/status', undefined, { [NODE_ID_HEADER]: 'a-peer' })).status).toBe(200);
    // Reads of another address are not affected.
    expect((await send(node, '127.0.0.5', 'GET', '/api/status')).status).toBe(200);
  });

  it("give a peer's budget only on the routes nodes use: claiming to be a node buys no more public reads", async () => {
    const reads = [];
    for (let i = 0; i < 9; i++) reads.push((await send(node, '127.0.0.8', 'GET', '/api/election')).status);
    expect(reads).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    expectTooMany(await send(node, '127.0.0.8', 'GET', '/api/election', undefined, { [NODE_ID_HEADER]: 'a-peer' }));
    expect((await send(node, '127.0.0.8', 'GET', '/api/status', undefined, { [NODE_ID_HEADER]: 'a-peer' })).status).toBe(200);
  });

  it(`refuse an address after ${MAX_FAILED_ADMIN_ATTEMPTS} wrong admin tokens, even with the right one`, async () => {
    const wrong = { Authorization: 'Bearer not-the-admin-token-at-all' };
    for (let i = 0; i < MAX_FAILED_ADMIN_ATTEMPTS; i++)
      expect((await send(node, '127.0.0.6', 'GET', '/api/admin/check', undefined, wrong)).status).toBe(401);
    expectTooMany(await send(node, '127.0.0.6', 'GET', '/api/admin/check', undefined, adminAuth()));
    // An admin elsewhere is not locked out.
    expect((await send(node, '127.0.0.7', 'GET', '/api/admin/check', undefined, adminAuth())).status).toBe(204);
  });
});

/*
 * Behind a reverse proxy every request comes from the proxy's address. With TRUST_PROXY naming the proxy,
 * the node takes the client's address from X-Forwarded-For; without it, that header is the client's own
 * word and is ignored.
 */
describe('rate limits behind a reverse proxy (TRUST_PROXY)', () => {
  const nodes: TestNode[] = [];
  const limits = { RATE_LIMIT_LOOPBACK: 'on', RATE_LIMIT_PUBLIC: '3' };
  /** A read relayed by a proxy on 127.0.0.8 for the client `client`. */
  const relayed = async (node: TestNode, client: string) =>
    (await send(node, '127.0.0.8', 'GET', '/api/status', undefined, { 'x-forwarded-for': client })).status;

  afterAll(async () => {
    for (const node of nodes.splice(0)) await node.stop();
  });

  it('with TRUST_PROXY=loopback, give each client behind the proxy its own budget', async () => {
    const node = await startNode({ ...limits, TRUST_PROXY: 'loopback' });
    nodes.push(node);
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await relayed(node, '203.0.113.1'));
    expect(first).toEqual([200, 200, 200, 429]);
    expect(await relayed(node, '203.0.113.2')).toBe(200);
  });

  it('without it, count every request of the proxy as one client, whatever X-Forwarded-For says', async () => {
    const node = await startNode(limits);
    nodes.push(node);
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await relayed(node, '203.0.113.1'));
    expect(first).toEqual([200, 200, 200, 429]);
    expect(await relayed(node, '203.0.113.2')).toBe(429);
  });
});
