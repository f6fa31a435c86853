import type { Server } from 'node:http';
import request from 'supertest';
import { type Ballot, type Block, merkleRoot } from '../../protocol';
import type { ChainResponse } from '../../api/http';
import { NODE_URL_HEADER } from '../../server/common/node-identity';
import { sha256 } from '../../node-crypto/sha256';
import { type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { expectError, getJson } from './support/http';
import { buildBlock, nowSeconds } from './support/nodes';
import { waitFor } from '../support/wait';
import { objectContaining } from '../support/matchers';

/** The demo election's difficulty. */
const D = 2;

const vote = (voter_id: string, party = 'Democratic Party', age = 10): Ballot => ({
  voter_id,
  party,
  timestamp: Math.floor(nowSeconds()) - age,
});

describe('POST /add_block', () => {
  let node: InProcessNode;
  let http: Server;

  const chain = () => getJson<ChainResponse>(http, '/chain');
  const addBlock = (block: unknown) =>
    request(http)
      .post('/add_block')
      .send(block as object);

  describe('accepting blocks', () => {
    beforeEach(async () => {
      node = await startInProcessNode();
      http = node.app.getHttpServer();
    });

    afterEach(() => node.stop());

    it('adds a valid block built elsewhere with 201, then answers 200 for the same block again', async () => {
      const [genesis] = (await chain()).chain;
      const block = buildBlock(genesis, [vote('VOID001'), vote('VOID002', 'Socialist party')], D);
      const res = await addBlock(block);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ message: 'Block added to the chain', outcome: 'extended-main' });
      const after = await chain();
      expect(after.length).toBe(2);
      expect(after.chain[1]).toEqual(block);

      const again = await addBlock(block);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ message: 'Block already known' });
      expect((await chain()).length).toBe(2);
    });

    it('confirms through the block a voter pending here: the pool drops the ballot and the voter cannot vote again', async () => {
      await request(http).post('/new_transaction').send({ voter_id: 'VOID002', party: 'Republican Party' }).expect(201);
      await request(http).post('/new_transaction').send({ voter_id: 'VOID003', party: 'Republican Party' }).expect(201);
      const [genesis] = (await chain()).chain;
      const confirmed = vote('VOID002', 'Socialist party');
      await addBlock(buildBlock(genesis, [confirmed], D)).expect(201);
      expect((await request(http).get('/pending_tx')).body).toEqual([objectContaining({ voter_id: 'VOID003' })]);
      expect((await request(http).get('/api/ballots/VOID002')).body).toMatchObject({
        status: 'confirmed',
        ballot: confirmed,
        block_index: 1,
      });
      expectError(
        await request(http).post('/new_transaction').send({ voter_id: 'VOID002', party: 'Republican Party' }),
        409,
        'duplicate-voter',
      );
    });

    it('stores a side branch that loses the tie without adopting it, and reorganises onto a heavier one, returning abandoned ballots to the pool', async () => {
      const [genesis] = (await chain()).chain;
      const a1 = buildBlock(genesis, [vote('VOID001')], D);
      await addBlock(a1).expect(201);

      // As much work as a1: it loses the tie only with the higher hash (fork choice), so take such a block.
      let b1 = buildBlock(genesis, [vote('VOID003', 'Republican Party')], D, { timestamp: a1.timestamp + 1 });
      for (let t = 2; b1.hash < a1.hash; t++)
        b1 = buildBlock(genesis, [vote('VOID003', 'Republican Party')], D, { timestamp: a1.timestamp + t });
      const side = await addBlock(b1);
      // Status and body together: a refusal then says its reason.
      expect({ status: side.status, body: side.body as unknown }).toEqual({
        status: 201,
        body: { message: 'Block added to the chain', outcome: 'stored-side-branch' },
      });
      expect((await chain()).chain.map((b) => b.hash)).toEqual([genesis.hash, a1.hash]);

      const b2 = buildBlock(b1, [vote('VOID004', 'Republican Party')], D);
      const reorg = await addBlock(b2);
      expect(reorg.status).toBe(201);
      expect(reorg.body).toEqual({ message: 'Block added to the chain', outcome: 'reorganised' });
      expect((await chain()).chain.map((b) => b.hash)).toEqual([genesis.hash, b1.hash, b2.hash]);
      expect((await request(http).get('/pending_tx')).body).toEqual(a1.transactions);
      expect((await request(http).get('/api/ballots/VOID001')).body).toEqual({
        voter_id: 'VOID001',
        status: 'pending',
        ballot: a1.transactions[0],
      });
      expect((await request(http).get('/api/results')).body).toMatchObject({ height: 2, total: 2, pending: 1 });
    });
  });

  describe('refusing blocks', () => {
    let genesis: Block;
    let tip: Block;

    beforeAll(async () => {
      node = await startInProcessNode();
      http = node.app.getHttpServer();
      genesis = (await chain()).chain[0];
      tip = buildBlock(genesis, [vote('VOID001')], D);
      await addBlock(tip).expect(201);
    });

    afterAll(() => node.stop());

    const cases: { name: string; reason: string; message?: string; build: () => Block }[] = [
      {
        name: 'a ballot tampered after mining',
        reason: 'merkle-root-mismatch',
        message: 'merkle_root does not match the transactions',
        build: () => {
          const b = buildBlock(tip, [vote('VOID002', 'Democratic Party')], D);
          (b.transactions[0] as Ballot).party = 'Republican Party';
          return b;
        },
      },
      {
        name: 'a merkle root of other ballots',
        reason: 'merkle-root-mismatch',
        build: () => buildBlock(tip, [vote('VOID002')], D, { merkle_root: merkleRoot([vote('VOID003')], sha256) }),
      },
      {
        name: 'a hash that is not the header hash',
        reason: 'hash-mismatch',
        message: 'hash does not match the block header',
        build: () => ({ ...buildBlock(tip, [vote('VOID002')], D), hash: '00' + 'f'.repeat(62) }),
      },
      {
        name: 'a lower difficulty than the election',
        reason: 'difficulty-mismatch',
        message: 'difficulty 1, the election requires 2',
        build: () => buildBlock(tip, [vote('VOID002')], 1),
      },
      {
        name: 'a voter who already voted in an earlier block',
        reason: 'already-used',
        message: 'voter:VOID001 is already used on this chain',
        build: () => buildBlock(tip, [vote('VOID002'), vote('VOID001', 'Socialist party')], D),
      },
      {
        name: 'the same voter twice',
        reason: 'duplicate-in-block',
        message: 'voter:VOID002 is used twice in the block',
        build: () => buildBlock(tip, [vote('VOID002'), vote('VOID002', 'Socialist party')], D),
      },
      {
        name: 'a voter not on the roll',
        reason: 'invalid-ballot',
        message: 'not-on-roll: VOID016 is not on the voter roll',
        build: () => buildBlock(tip, [vote('VOID016')], D),
      },
      {
        name: 'an unknown party',
        reason: 'invalid-ballot',
        message: 'unknown-party: "Pirate Party" is not a party in this election',
        build: () => buildBlock(tip, [vote('VOID002', 'Pirate Party')], D),
      },
      { name: 'no ballots', reason: 'empty-block', build: () => buildBlock(tip, [], D) },
      { name: 'an index that skips one', reason: 'index-mismatch', build: () => buildBlock(tip, [vote('VOID002')], D, { index: 3 }) },
      {
        name: 'a timestamp before its parent',
        reason: 'timestamp-before-parent',
        build: () => buildBlock(tip, [vote('VOID002', 'Democratic Party', 100)], D, { timestamp: tip.timestamp - 50 }),
      },
      {
        name: 'a timestamp an hour ahead',
        reason: 'timestamp-in-future',
        build: () => buildBlock(tip, [vote('VOID002')], D, { timestamp: Math.floor(nowSeconds()) + 3600 }),
      },
    ];

    it.each(cases)('refuses $name with 422 $reason and keeps its chain', async ({ reason, message, build }) => {
      const block = build();
      expectError(await addBlock(block), 422, reason, message);
      const after = await chain();
      expect(after.chain.map((b) => b.hash)).toEqual([genesis.hash, tip.hash]);
      expect((await request(http).get(`/api/ballots/VOID002`)).body).toEqual({ voter_id: 'VOID002', status: 'unknown' });
    });

    it("refuses a block whose parent it does not know with 422 'unknown-parent'", async () => {
      const fakeParent = { index: 1, hash: 'c'.repeat(64), timestamp: tip.timestamp };
      const orphan = buildBlock(fakeParent, [vote('VOID002')], D);
      expectError(await addBlock(orphan), 422, 'unknown-parent', `the parent block ${'c'.repeat(64)} is not known to this node`);
      // A sender that is not a peer does not change that.
      expectError(await addBlock(orphan).set(NODE_URL_HEADER, 'http://127.0.0.1:65002'), 422, 'unknown-parent');
      expect((await chain()).length).toBe(2);
    });

    it('a valid block on the same tip is still accepted after all those refusals', async () => {
      const res = await addBlock(buildBlock(tip, [vote('VOID002')], D));
      expect(res.status).toBe(201);
      expect((res.body as { outcome: string }).outcome).toBe('extended-main');
    });
  });

  describe('an orphan announced by a peer', () => {
    let peerNode: InProcessNode | undefined;

    beforeAll(async () => {
      [node, peerNode] = await Promise.all([startInProcessNode(), startInProcessNode()]);
      http = node.app.getHttpServer();
    });

    afterAll(async () => {
      await Promise.all([node.stop(), peerNode?.stop()]);
    });

    it('answers 202 and tries to fetch the missing blocks from that peer', async () => {
      // A node registers only a live peer of its election (it calls it back); that peer then goes away.
      const peer = peerNode!.url;
      await request(http).post('/register_node').send({ node_address: peer }).expect(200);
      const stopping = peerNode!;
      peerNode = undefined;
      await stopping.stop();
      const orphan = buildBlock({ index: 4, hash: 'd'.repeat(64), timestamp: 0 }, [vote('VOID002')], D);
      const res = await addBlock(orphan).set(NODE_URL_HEADER, peer);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ message: 'Parent unknown; fetching the missing blocks from the sender' });
      // The fetch fails (nobody listens) and is recorded against the peer; the chain is unchanged.
      const peers = await waitFor(
        async () => {
          const list = (await request(http).get('/api/peers')).body as { url: string; failures: number; state: string }[];
          return list[0]?.failures > 0 ? list : null;
        },
        { timeoutMs: 5_000, what: 'the failed fetch to be recorded' },
      );
      expect(peers).toEqual([objectContaining({ url: peer, state: 'unreachable' })]);
      expect((await chain()).length).toBe(1);
    });
  });
});
