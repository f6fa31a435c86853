/*
 * Seeded HTTP fuzzing (fast-check): requests of every shape to every route the node documents (and the
 * seed's), with random bodies, content types, query strings, path parameters and tokens, against a secret
 * election's authority. No answer may be a 5xx, every refusal is the JSON error shape, and the node is
 * healthy afterwards, its chain intact. FUZZ_RUNS and FUZZ_SEED make a long or a replayed run
 * (`npm run fuzz`); npm test runs a short one with a fixed seed.
 */
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import type { ChainResponse } from '../../api/http';
import { bytesToBase64url, scalarOf } from '../../protocol';
import { nobleGroup } from '../../sealed-crypto/noble-group';
import { chainProblems } from '../cluster/harness/chain-checks';
import { adminAuth, startNode, type TestNode } from './support/nodes';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 2000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);

jest.setTimeout(Math.max(60_000, RUNS * 200));

interface Reply {
  status: number;
  contentType: string;
  text: string;
}

/** One raw request (no client library that would fix up what it is given). */
function send(node: TestNode, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: node.port,
        method,
        path,
        agent: false,
        headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

/** A path template of the API (`/api/receipts/{code}`) with its parameters filled in by `value`. */
const fill = (template: string, value: string) => template.replace(/\{[^}]+\}/g, () => encodeURIComponent(value));

/** Texts a parser or a rule may mishandle are drawn more often than arbitrary ones. */
const anyText = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '',
      '0',
      '-1',
      '1e308',
      'NaN',
      '__proto__',
      'constructor',
      '../../etc/passwd',
      '%00',
      'VOID001',
      'a'.repeat(5000),
    ),
    weight: 3,
  },
  { arbitrary: fc.string({ maxLength: 80 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 80 }), weight: 1 },
  { arbitrary: fc.stringMatching(/^[0-9a-f]{64}$/), weight: 1 },
);

/*
 * The parts of a sealed ballot: real group elements and canonical scalars, so that proofs are checked (and
 * fail), beside 43 characters that encode neither and any text. Fixed values keep a seed's run replayable.
 */
const GROUP = nobleGroup();
const PARTS = [
  ...[1, 2, 3, 7].map((n) => bytesToBase64url(GROUP.multiplyBase(scalarOf(n)))),
  ...[0, 1, 2, 2 ** 48].map((n) => bytesToBase64url(scalarOf(n))),
];
/** A part as the wire shapes it: an element, a scalar, or 43 characters that are neither. */
const wellShapedPart = fc.oneof({ arbitrary: fc.constantFrom(...PARTS), weight: 2 }, fc.stringMatching(/^[A-Za-z0-9_-]{43}$/));
const anyPart = fc.oneof({ arbitrary: wellShapedPart, weight: 5 }, anyText);
const entryOf = (part: fc.Arbitrary<string>) => fc.record({ alpha: part, beta: part, c0: part, c1: part, v0: part, v1: part });
const anyEntry = fc.oneof({ arbitrary: entryOf(wellShapedPart), weight: 5 }, entryOf(anyPart));
const anyBase64url = fc.oneof(
  { arbitrary: fc.oneof(fc.constantFrom(...PARTS), fc.stringMatching(/^[A-Za-z0-9_-]{1,400}$/)), weight: 5 },
  anyText,
);
/** A secret election's ballot: well shaped or nearly, its proofs and signatures as they come. */
const anySealedBallot = fc.record({
  type: fc.constant('sealed-ballot'),
  sealed: fc.oneof(
    {
      arbitrary: fc.record({
        entries: fc.array(anyEntry, { minLength: 1, maxLength: 4 }),
        sum_proof: fc.record({ challenge: anyPart, response: anyPart }),
      }),
      weight: 4,
    },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  ),
  ballot_key: anyBase64url,
  credential: anyBase64url,
  signature: anyBase64url,
});
const anyHash = fc.stringMatching(/^[0-9a-f]{64}$/);
/** A block of sealed ballots, well shaped: its proofs are checked ahead of the block's own rules. */
const anySealedBlock = fc.record({
  index: fc.nat(8),
  transactions: fc.array(anySealedBallot, { minLength: 1, maxLength: 3 }),
  timestamp: fc.nat(),
  previous_hash: anyHash,
  nonce: fc.nat(),
  hash: anyHash,
  difficulty: fc.nat(3),
  merkle_root: anyHash,
});
const anyJson = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom(
      'voter_id',
      'party',
      'code',
      'blinded_message',
      'type',
      'sealed',
      'entries',
      'sum_proof',
      'ballot_key',
      'credential',
      'signature',
      'node_address',
      'ballots',
      'transactions',
      'index',
      'hash',
      'previous_hash',
      'nonce',
      'timestamp',
      'difficulty',
      'merkle_root',
      '__proto__',
      'constructor',
    ),
    fc.jsonValue({ maxDepth: 3 }),
  ),
  anySealedBallot,
  fc.record({ ballots: fc.array(anySealedBallot, { maxLength: 4 }) }),
  anySealedBlock,
  fc.constant({ ballots: Array.from({ length: 600 }, () => ({ type: 'sealed-ballot' })) }),
  fc.constant(JSON.parse('{"a":'.repeat(60) + '1' + '}'.repeat(60)) as unknown),
);
const anyBody = fc.oneof(
  fc.constant(undefined),
  anyJson.map((v) => ({ type: 'application/json', bytes: Buffer.from(JSON.stringify(v) ?? 'null') })),
  anyText.map((t) => ({ type: 'application/json', bytes: Buffer.from(t) })),
  fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        '',
      ),
      anyText,
    )
    .map(([type, t]) => ({ type, bytes: Buffer.from(t) })),
);
const anyAuth = fc.oneof(
  fc.constant(undefined),
  fc.constant('Bearer wrong-token-of-no-one'),
  anyText.map((t) => `Bearer ${t.replace(/[^\x21-\x7e]/g, 'x')}`),
);

describe('HTTP fuzzing: no request makes a node answer 5xx', () => {
  let node: TestNode;
  let routes: { method: string; path: string }[];

  beforeAll(async () => {
    node = await startNode({ ELECTION: 'demo' });
    const doc = JSON.parse((await send(node, 'GET', '/api/docs/openapi.json', {}, undefined)).text) as { paths: Record<string, object> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
    expect(routes.length).toBeGreaterThan(25);
  });

  afterAll(() => node.stop());

  it(`answers ${RUNS} random requests (seed ${SEED}) with 2xx–4xx and the JSON error shape`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(), // which route
        // Mostly the route's own method (null), sometimes another one.
        fc.oneof(
          { arbitrary: fc.constant(null), weight: 6 },
          { arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'), weight: 1 },
        ),
        anyText, // path parameters
        fc.dictionary(fc.constantFrom('from', 'limit', 'before', 'x', 'code'), anyText, { maxKeys: 3 }),
        anyBody,
        anyAuth,
        async (which, otherMethod, param, query, body, auth) => {
          const route = routes[which % routes.length];
          const method = otherMethod ?? route.method;
          const search = new URLSearchParams(query).toString();
          const path = fill(route.path, param) + (search ? `?${search}` : '');
          const headers: Record<string, string> = {
            ...(body?.type ? { 'content-type': body.type } : {}),
            ...(auth ? { authorization: auth } : {}),
          };
          const reply = await send(node, method, path, headers, body?.bytes);
          const what = `${method} ${path} → ${reply.status} ${reply.text.slice(0, 200)}`;
          expect({ what, serverError: reply.status >= 500 }).toEqual({ what, serverError: false });
          if (reply.status >= 400 && method !== 'HEAD' && reply.contentType.startsWith('application/json')) {
            const error = JSON.parse(reply.text) as Record<string, unknown>;
            expect({ what, keys: Object.keys(error).sort() }).toEqual({ what, keys: ['error', 'message', 'statusCode'] });
          }
        },
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('is healthy afterwards, with an intact chain, and still takes a valid admin request', async () => {
    expect((await send(node, 'GET', '/health', {}, undefined)).status).toBe(200);
    const { chain } = JSON.parse((await send(node, 'GET', '/chain', {}, undefined)).text) as ChainResponse;
    expect(chainProblems(chain)).toEqual([]);
    expect((await send(node, 'GET', '/api/admin/check', adminAuth(), undefined)).status).toBe(204);
  });
});
