import type { Server } from 'node:http';
import request from 'supertest';
import { tallyDigest } from '../../protocol';
import type { BallotAccepted, BlockPage, NodeStatus, ResultsResponse } from '../../api/http';
import { DEMO_ELECTION } from '../../server/common/demo-election';
import { sha256 } from '../../node-crypto/sha256';
import { adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { chainOf, expectError, getJson } from './support/http';
import { buildBlock, nowSeconds, writeElection } from './support/nodes';
import { anyNumber, arrayContaining, stringMatching } from '../support/matchers';

/** What these tests read of an OpenAPI document. */
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown }>>;
}

const SUMMARY_KEYS = ['index', 'hash', 'previous_hash', 'timestamp', 'nonce', 'difficulty', 'merkle_root', 'ballots', 'contents'];

/** The /api endpoints the portal reads, and the operational ones. */
describe('portal and operations API', () => {
  let node: InProcessNode;
  let http: Server;

  const get = <T = unknown>(url: string) => getJson<T>(http, url);
  const cast = (voter_id: string, party: string) => request(http).post('/new_transaction').send({ voter_id, party }).expect(201);

  describe('on the demo election', () => {
    beforeEach(async () => {
      node = await startInProcessNode();
      http = node.app.getHttpServer();
    });

    afterEach(() => node.stop());

    it('GET /health answers ok with the height', async () => {
      const res = await request(http).get('/health').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ status: 'ok', height: 0, uptime_s: anyNumber });
    });

    it('GET /api/status describes the node', async () => {
      const genesis = (await chainOf(http))[0];
      const status = await get<NodeStatus>('/api/status');
      expect(status).toEqual({
        node_id: stringMatching(/^[0-9a-f-]{36}$/),
        public_url: stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        election: 'Demo election',
        election_id: genesis.hash,
        phase: 'open',
        height: 0,
        tip: genesis.hash,
        cumulative_work: 1,
        difficulty: 2,
        pending: 0,
        peers: 0,
        mining: false,
      });
      await cast('VOID001', 'Democratic Party');
      await request(http).get('/mine').set(adminAuth()).expect(200);
      await cast('VOID002', 'Democratic Party');
      expect(await get('/api/status')).toMatchObject({
        height: 1,
        cumulative_work: 1 + 256,
        pending: 1,
        tip: (await chainOf(http))[1].hash,
      });
      expect(await get('/health')).toMatchObject({ height: 1 });
    });

    it('GET /api/election and /election describe the open demo election', async () => {
      const genesis = (await chainOf(http))[0];
      const info = {
        phase: 'open',
        election_id: genesis.hash,
        title: 'Demo election',
        parties: ['Democratic Party', 'Republican Party', 'Socialist party'],
        difficulty: 2,
        scheme: 'open',
        roll_size: 15,
        credentials_issued: 0,
        ballots_cast: 0,
        pending: 0,
        height: 0,
        authority: null,
        is_authority: false,
        manifest: genesis.election,
        sealed: null,
      };
      expect(await get('/api/election')).toEqual(info);
      expect(await get('/election')).toEqual(info);
      expect(genesis.election).toEqual({ ...DEMO_ELECTION });
      await cast('VOID001', 'Democratic Party');
      await request(http).get('/mine').set(adminAuth()).expect(200);
      await cast('VOID002', 'Democratic Party');
      expect(await get('/api/election')).toMatchObject({ ballots_cast: 1, pending: 1, height: 1, credentials_issued: 0 });
    });

    it('GET /api/results counts a ballot only once it is mined, and reports pending ones apart', async () => {
      const zero = [
        { party: 'Democratic Party', votes: 0 },
        { party: 'Republican Party', votes: 0 },
        { party: 'Socialist party', votes: 0 },
      ];
      const genesis = (await chainOf(http))[0];
      expect(await get('/api/results')).toEqual({
        height: 0,
        tip: genesis.hash,
        tally: zero,
        total: 0,
        pending: 0,
        phase: 'open',
        final: false,
        tally_digest: tallyDigest(0, zero, sha256),
      });
      await cast('VOID001', 'Socialist party');
      await cast('VOID002', 'Socialist party');
      await cast('VOID003', 'Democratic Party');
      expect(await get('/api/results')).toMatchObject({ height: 0, tally: zero, total: 0, pending: 3 });
      await request(http).get('/mine').set(adminAuth()).expect(200);
      const mined = await get<ResultsResponse>('/api/results');
      const tally = [
        { party: 'Democratic Party', votes: 1 },
        { party: 'Republican Party', votes: 0 },
        { party: 'Socialist party', votes: 2 },
      ];
      expect(mined).toEqual({
        height: 1,
        tip: (await chainOf(http))[1].hash,
        tally,
        total: 3,
        pending: 0,
        phase: 'open',
        final: false,
        tally_digest: tallyDigest(1, tally, sha256),
      });
      // The seed path answers the same to an API client.
      expect(await get('/results')).toEqual(mined);
      await cast('VOID004', 'Republican Party');
      expect(await get('/api/results')).toMatchObject({ tally: mined.tally, total: 3, pending: 1, tally_digest: mined.tally_digest });
    });

    it('GET /api/ballots/:id goes unknown → pending → confirmed, with confirmations growing block by block', async () => {
      expect(await get('/api/ballots/VOID005')).toEqual({ voter_id: 'VOID005', status: 'unknown' });
      const ballot = ((await cast('VOID005', 'Republican Party')).body as BallotAccepted).ballot;
      expect(await get('/api/ballots/VOID005')).toEqual({ voter_id: 'VOID005', status: 'pending', ballot });
      await request(http).get('/mine').set(adminAuth()).expect(200);
      const block1 = (await chainOf(http))[1];
      expect(await get('/api/ballots/VOID005')).toEqual({
        voter_id: 'VOID005',
        status: 'confirmed',
        ballot,
        block_index: 1,
        block_hash: block1.hash,
        confirmations: 1,
      });
      await cast('VOID006', 'Republican Party');
      await request(http).get('/mine').set(adminAuth()).expect(200);
      expect(await get('/api/ballots/VOID005')).toMatchObject({ status: 'confirmed', block_index: 1, confirmations: 2 });
      // A block from elsewhere counts as well.
      const block2 = (await chainOf(http))[2];
      const block3 = buildBlock(block2, [{ voter_id: 'VOID007', party: 'Socialist party', timestamp: Math.floor(nowSeconds()) - 5 }], 2);
      await request(http).post('/add_block').send(block3).expect(201);
      expect(await get('/api/ballots/VOID005')).toMatchObject({ status: 'confirmed', block_index: 1, confirmations: 3 });
      // A voter not on the roll is simply unknown; the ID is well formed.
      expect(await get('/api/ballots/NOBODY')).toEqual({ voter_id: 'NOBODY', status: 'unknown' });
    });

    it('GET /api/blocks lists summaries newest first, pages with before/limit; /api/blocks/:index serves one block', async () => {
      for (const voter of ['VOID001', 'VOID002', 'VOID003']) {
        await cast(voter, 'Democratic Party');
        await request(http).get('/mine').set(adminAuth()).expect(200);
      }
      const chain = await chainOf(http);
      const page = await get<BlockPage>('/api/blocks');
      expect(page.height).toBe(3);
      expect(page.blocks.map((b) => b.index)).toEqual([3, 2, 1, 0]);
      for (const summary of page.blocks) expect(Object.keys(summary).sort()).toEqual([...SUMMARY_KEYS].sort());
      const { transactions, ...header } = chain[2];
      expect(page.blocks[1]).toEqual({ ...header, ballots: transactions.length, contents: [{ kind: 'ballot', count: 1 }] });
      // The genesis block carries the election, no transaction.
      expect(page.blocks[3]?.contents).toEqual([]);
      expect((await get<BlockPage>('/api/blocks?limit=2')).blocks.map((b) => b.index)).toEqual([3, 2]);
      expect((await get<BlockPage>('/api/blocks?before=2')).blocks.map((b) => b.index)).toEqual([1, 0]);
      expect((await get<BlockPage>('/api/blocks?before=2&limit=1')).blocks.map((b) => b.index)).toEqual([1]);
      expect(await get('/api/blocks?before=0')).toEqual({ height: 3, blocks: [] });
      expect((await get<BlockPage>('/api/blocks?limit=100')).blocks).toHaveLength(4);
      expect(await get('/api/blocks/2')).toEqual(chain[2]);
      expect(await get('/api/blocks/0')).toEqual(chain[0]);
      expectError(await request(http).get('/api/blocks/4'), 404, 'not-found', 'no block at index 4');
      expect(await get('/api/chain/hashes')).toEqual(chain.map((b) => b.hash));
    });

    it('GET /api/peers lists registered peers', async () => {
      expect(await get('/api/peers')).toEqual([]);
      const other = await startInProcessNode();
      try {
        await request(http).post('/register_node').send({ node_address: other.url }).expect(200);
      } finally {
        await other.stop();
      }
      expect(await get('/api/peers')).toEqual([
        { url: other.url, node_id: null, last_seen: null, failures: 0, state: 'unknown', score: 0, ban: null },
      ]);
    });

    it('GET /api/docs/openapi.json documents every endpoint', async () => {
      const doc = await get<OpenApiDocument>('/api/docs/openapi.json');
      expect(doc.openapi).toMatch(/^3\./);
      const paths = Object.keys(doc.paths);
      expect(paths).toEqual(
        arrayContaining([
          '/new_transaction',
          '/chain',
          '/mine',
          '/register_node',
          '/register_with',
          '/add_block',
          '/pending_tx',
          '/health',
          '/api/status',
          '/api/election',
          '/api/results',
          '/api/ballots/{voterId}',
          '/api/blocks',
          '/api/blocks/{index}',
          '/api/chain/hashes',
          '/api/peers',
          '/api/sync',
          '/api/gossip/ballots',
          '/election',
          '/results',
          '/api/audit',
          '/api/record',
          '/api/headers/{index}',
          '/api/receipts/{code}',
          '/api/credentials',
          '/api/credentials/check',
          '/api/sealed-ballots',
          '/api/trustees/transactions',
          '/api/admin/open',
          '/api/admin/close',
          '/api/admin/check',
        ]),
      );
      // A secret election's ballots are sealed: there is no route for a choice in clear.
      expect(paths).not.toContain('/api/ballots');
      expect(Object.keys(doc.paths['/new_transaction'])).toEqual(['post']);
      expect(Object.keys(doc.paths['/mine'])).toEqual(['get']);
      expect(doc.paths['/new_transaction'].post.requestBody).toBeDefined();
      // Admin routes declare the bearer token; voters' routes do not.
      for (const [path, method] of [
        ['/mine', 'get'],
        ['/register_with', 'post'],
        ['/api/admin/open', 'post'],
        ['/api/admin/close', 'post'],
        ['/api/admin/check', 'get'],
      ]) {
        expect({ path, security: doc.paths[path][method].security }).toEqual({ path, security: [{ bearer: [] }] });
      }
      for (const [path, method] of [
        ['/new_transaction', 'post'],
        ['/api/sealed-ballots', 'post'],
        ['/api/credentials', 'post'],
        ['/api/credentials/check', 'post'],
        ['/chain', 'get'],
      ]) {
        expect({ path, security: doc.paths[path][method].security }).toEqual({ path, security: undefined });
      }
    });
  });

  describe('on an election without a roll, from ELECTION_FILE', () => {
    let election: ReturnType<typeof writeElection>;

    beforeAll(async () => {
      election = writeElection({ title: 'Open referendum', parties: ['Yes', 'No'], difficulty: 1 });
      node = await startInProcessNode({ ELECTION_FILE: election.file });
      http = node.app.getHttpServer();
    });

    afterAll(async () => {
      await node.stop();
      election.remove();
    });

    it('describes it, admits any well-formed voter ID once, and mines at its difficulty', async () => {
      expect(await get('/api/election')).toMatchObject({
        title: 'Open referendum',
        parties: ['Yes', 'No'],
        difficulty: 1,
        scheme: 'open',
        roll_size: null,
        phase: 'open',
        authority: null,
        is_authority: false,
      });
      await cast('citizen-1', 'Yes');
      await cast('citizen.2', 'No');
      expectError(await request(http).post('/new_transaction').send({ voter_id: 'citizen-1', party: 'No' }), 409, 'duplicate-voter');
      expectError(
        await request(http).post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' }),
        422,
        'unknown-party',
      );
      expect((await request(http).get('/mine').set(adminAuth()).expect(200)).body).toMatchObject({ mined: true, index: 1, ballots: 2 });
      const block = (await chainOf(http))[1];
      expect(block.difficulty).toBe(1);
      expect(await get('/api/results')).toMatchObject({
        tally: [
          { party: 'Yes', votes: 1 },
          { party: 'No', votes: 1 },
        ],
        total: 2,
      });
    });
  });
});
