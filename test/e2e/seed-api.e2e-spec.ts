import type { Server } from 'node:http';
import request from 'supertest';
import { type Ballot, genesisBlock, hashHeader, merkleRoot } from '../../protocol';
import type { BallotAccepted, ChainResponse } from '../../api/http';
import { DEMO_ELECTION } from '../../server/common/demo-election';
import { sha256 } from '../../node-crypto/sha256';
import { adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { BALLOT_KEYS, BLOCK_KEYS, expectError, getJson } from './support/http';
import { anyNumber, objectContaining } from '../support/matchers';

/** The seed's endpoints, verbatim: paths, status codes, body shapes and key order. */
describe('seed API', () => {
  let node: InProcessNode;
  let http: Server;

  beforeEach(async () => {
    node = await startInProcessNode();
    http = node.app.getHttpServer();
  });

  afterEach(() => node.stop());

  const cast = (voter_id: unknown, party: unknown) => request(http).post('/new_transaction').send({ voter_id, party });
  /** A ballot the node must admit (201): the ballot as stored. */
  const castBallot = async (voter_id: string, party: string) => ((await cast(voter_id, party).expect(201)).body as BallotAccepted).ballot;
  const chain = (query = '') => getJson<ChainResponse>(http, `/chain${query}`);

  describe('POST /new_transaction', () => {
    it('answers 201 with the stored ballot, stamped by the node', async () => {
      const before = Date.now() / 1000;
      const res = await cast('VOID001', 'Democratic Party');
      const after = Date.now() / 1000;
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        message: 'Success',
        ballot: { voter_id: 'VOID001', party: 'Democratic Party', timestamp: anyNumber },
      });
      const { ballot } = res.body as BallotAccepted;
      expect(Object.keys(ballot)).toEqual(BALLOT_KEYS);
      expect(ballot.timestamp).toBeGreaterThanOrEqual(before - 1);
      expect(ballot.timestamp).toBeLessThanOrEqual(after + 1);
      expect((await request(http).get('/pending_tx').expect(200)).body).toEqual([ballot]);
    });

    it('accepts every demo party and every roll ID format', async () => {
      expect((await cast('VOID001', 'Democratic Party')).status).toBe(201);
      expect((await cast('VOID002', 'Republican Party')).status).toBe(201);
      expect((await cast('VOID015', 'Socialist party')).status).toBe(201);
    });

    it('answers 409 duplicate-voter for a voter whose ballot is pending', async () => {
      await cast('VOID002', 'Democratic Party').expect(201);
      expectError(await cast('VOID002', 'Republican Party'), 409, 'duplicate-voter', 'voter VOID002 has already voted');
      expect((await request(http).get('/pending_tx')).body).toEqual([objectContaining({ voter_id: 'VOID002', party: 'Democratic Party' })]);
    });

    it('answers 409 duplicate-voter for a voter whose ballot is mined', async () => {
      await cast('VOID003', 'Socialist party').expect(201);
      await request(http).get('/mine').set(adminAuth()).expect(200);
      expectError(await cast('VOID003', 'Democratic Party'), 409, 'duplicate-voter', 'voter VOID003 has already voted');
      expect((await request(http).get('/pending_tx')).body).toEqual([]);
    });

    it('answers 422 not-on-roll for a voter ID that is not on the roll', async () => {
      expectError(await cast('VOID999', 'Democratic Party'), 422, 'not-on-roll', 'VOID999 is not on the voter roll');
      expectError(await cast('void999', 'Democratic Party'), 422, 'not-on-roll', 'void999 is not on the voter roll');
    });

    it('takes a roll voter ID in any case, with spaces around it, under the roll’s own spelling', async () => {
      expect(await castBallot(' void001 ', 'Democratic Party')).toMatchObject({ voter_id: 'VOID001' });
      expectError(await cast('VOID001', 'Socialist party'), 409, 'duplicate-voter', 'voter VOID001 has already voted');
      expect(((await request(http).get('/pending_tx')).body as Ballot[]).map((b) => b.voter_id)).toEqual(['VOID001']);
    });

    it('answers 422 unknown-party for a party that is not in the election', async () => {
      expectError(await cast('VOID004', 'Pirate Party'), 422, 'unknown-party', '"Pirate Party" is not a party in this election');
      expectError(await cast('VOID004', 'Socialist Party'), 422, 'unknown-party', '"Socialist Party" is not a party in this election');
      expect((await request(http).get('/pending_tx')).body).toEqual([]);
    });

    it('admits exactly one of many concurrent ballots of the same voter', async () => {
      const replies = await Promise.all(
        Array.from({ length: 30 }, (_, i) => cast('VOID005', i % 2 ? 'Democratic Party' : 'Republican Party')),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...new Array<number>(29).fill(409)]);
      const pending = (await request(http).get('/pending_tx')).body as Ballot[];
      expect(pending).toHaveLength(1);
      expect(pending[0]).toEqual((replies.find((r) => r.status === 201)!.body as BallotAccepted).ballot);
    });
  });

  describe('GET /chain', () => {
    it('serves {length, chain, peers} with the genesis block in the seed key order, carrying the election manifest', async () => {
      const res = await request(http).get('/chain').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.body as ChainResponse;
      expect(Object.keys(body)).toEqual(['length', 'chain', 'peers']);
      expect(body.length).toBe(1);
      expect(body.peers).toEqual([]);
      const [genesis] = body.chain;
      expect(Object.keys(genesis)).toEqual([...BLOCK_KEYS, 'election']);
      expect(genesis).toMatchObject({ index: 0, transactions: [], timestamp: 0, nonce: 0, difficulty: 0 });
      expect(genesis.hash).toBe(hashHeader(genesis, sha256));
      // The seed's demo, open scheme, no authority: its genesis is the protocol's genesis of that manifest.
      expect(genesis.election).toEqual({ ...DEMO_ELECTION, parties: [...DEMO_ELECTION.parties], voters: [...DEMO_ELECTION.voters!] });
      expect(genesis).toEqual(genesisBlock(DEMO_ELECTION, sha256));
    });

    it('serves mined blocks that any client can verify: linked, proof of work, merkle root, ballot key order', async () => {
      const a = await castBallot('VOID001', 'Democratic Party');
      const b = await castBallot('VOID002', 'Socialist party');
      await request(http).get('/mine').set(adminAuth()).expect(200);
      const { length, chain: blocks } = await chain();
      expect(length).toBe(2);
      const [genesis, block] = blocks;
      expect(Object.keys(block)).toEqual(BLOCK_KEYS);
      expect(block.transactions).toEqual([a, b]);
      for (const t of block.transactions) expect(Object.keys(t)).toEqual(BALLOT_KEYS);
      expect(block.index).toBe(1);
      expect(block.previous_hash).toBe(genesis.hash);
      expect(block.difficulty).toBe(2);
      expect(block.hash).toMatch(/^00[0-9a-f]{62}$/);
      expect(block.hash).toBe(hashHeader(block, sha256));
      expect(block.merkle_root).toBe(merkleRoot(block.transactions, sha256));
      expect(block.timestamp).toBeGreaterThanOrEqual(a.timestamp);
    });

    it('pages the main chain with ?from&limit while length stays the whole chain', async () => {
      for (const voter of ['VOID001', 'VOID002', 'VOID003', 'VOID004']) {
        await cast(voter, 'Democratic Party').expect(201);
        await request(http).get('/mine').set(adminAuth()).expect(200);
      }
      const full = await chain();
      expect(full.length).toBe(5);
      expect(full.chain.map((b) => b.index)).toEqual([0, 1, 2, 3, 4]);

      const page = await chain('?from=1&limit=2');
      expect(page.length).toBe(5);
      expect(page.chain).toEqual(full.chain.slice(1, 3));
      expect((await chain('?from=3')).chain.map((b) => b.index)).toEqual([3, 4]);
      expect((await chain('?limit=1')).chain.map((b) => b.index)).toEqual([0]);
      expect((await chain('?from=4&limit=100')).chain.map((b) => b.index)).toEqual([4]);
      expect(await chain('?from=5')).toEqual({ length: 5, chain: [], peers: [] });
      expect((await chain('?from=0&limit=0')).chain).toHaveLength(5); // limit 0 = all, as no limit
    });
  });

  describe('GET /mine', () => {
    it("answers 200 'No transactions to mine' when the pool is empty", async () => {
      const res = await request(http).get('/mine').set(adminAuth()).expect(200);
      expect(res.body).toEqual({ mined: false, message: 'No transactions to mine' });
      expect((await chain()).length).toBe(1);
    });

    it('mines every pending ballot into the next block and empties the pool', async () => {
      await cast('VOID001', 'Democratic Party').expect(201);
      await cast('VOID002', 'Republican Party').expect(201);
      const res = await request(http).get('/mine').set(adminAuth()).expect(200);
      const { chain: blocks } = await chain();
      expect(res.body).toEqual({ mined: true, message: 'Block #1 is mined.', index: 1, hash: blocks[1].hash, ballots: 2 });
      expect((await request(http).get('/pending_tx')).body).toEqual([]);
      await cast('VOID003', 'Socialist party').expect(201);
      expect((await request(http).get('/mine').set(adminAuth()).expect(200)).body).toMatchObject({
        mined: true,
        message: 'Block #2 is mined.',
        index: 2,
        ballots: 1,
      });
    });
  });

  describe('GET /pending_tx', () => {
    it('lists pending ballots oldest first as a JSON array, with an optional limit', async () => {
      expect((await request(http).get('/pending_tx').expect(200)).body).toEqual([]);
      const ballots: Ballot[] = [];
      for (const voter of ['VOID007', 'VOID001', 'VOID004']) ballots.push(await castBallot(voter, 'Republican Party'));
      expect((await request(http).get('/pending_tx').expect(200)).body).toEqual(ballots);
      expect((await request(http).get('/pending_tx?limit=2').expect(200)).body).toEqual(ballots.slice(0, 2));
    });
  });

  describe('POST /register_node', () => {
    it('adds the normalised address of a live node of this election as a peer and answers with the chain', async () => {
      const other = await startInProcessNode();
      try {
        const res = await request(http)
          .post('/register_node')
          .send({ node_address: `${other.url.replace('http://', 'HTTP://')}/` })
          .expect(200);
        expect(Object.keys(res.body as ChainResponse)).toEqual(['length', 'chain', 'peers']);
        expect(res.body).toMatchObject({ length: 1, peers: [other.url] });
        // The same node under another spelling is not a second peer.
        await request(http).post('/register_node').send({ node_address: other.url }).expect(200);
        expect((await chain()).peers).toEqual([other.url]);
      } finally {
        await other.stop();
      }
    });
  });
});
