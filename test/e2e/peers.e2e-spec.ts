import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { Block } from '../../protocol';
import type { BallotStatus, ChainResponse, MineResult, NodeStatus } from '../../api/http';
import { NODE_ID_HEADER } from '../../server/common/node-identity';
import { expectError, getJson } from './support/http';
import { adminAuth, startNode, type TestNode, writeElection } from './support/nodes';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait';

/**
 * Two (and a third, foreign) nodes in this process, each on its own loopback port with PUBLIC_URL set
 * to its real address, talking to each other over HTTP.
 */
describe('peers: register_node and register_with between real nodes', () => {
  let a: TestNode;
  let b: TestNode;
  const cleanups: (() => unknown)[] = [];

  const http = (n: TestNode) => request(n.app.getHttpServer());
  const chainOf = (n: TestNode) => getJson<ChainResponse>(n.app.getHttpServer(), '/chain');
  const cast = (n: TestNode, voter_id: string, party = 'Democratic Party') =>
    http(n).post('/new_transaction').send({ voter_id, party }).expect(201);

  beforeAll(async () => {
    [a, b] = await Promise.all([startNode(), startNode()]);
    cleanups.push(
      () => a.stop(),
      () => b.stop(),
    );
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('refuses a node registering with itself (422 self-registration), under its own address or an alias', async () => {
    expectError(
      await http(a).post('/register_with').set(adminAuth()).send({ node_address: a.url }),
      422,
      'self-registration',
      'a node cannot register with itself',
    );
    expectError(
      await http(a)
        .post('/register_with')
        .set(adminAuth())
        .send({ node_address: `${a.url}/` }),
      422,
      'self-registration',
    );
    // localhost is the same node under another name: it recognises itself by its node ID.
    expectError(
      await http(a)
        .post('/register_with')
        .set(adminAuth())
        .send({ node_address: `http://localhost:${a.port}` }),
      422,
      'self-registration',
    );
    expectError(
      await http(a).post('/register_node').send({ node_address: a.url }),
      422,
      'self-registration',
      'a node cannot register with itself',
    );
    // A caller that presents this node's own ID is this node, whatever address it gives.
    const { node_id } = await getJson<NodeStatus>(a.app.getHttpServer(), '/api/status');
    expectError(
      await http(a).post('/register_node').set(NODE_ID_HEADER, node_id).send({ node_address: 'http://127.0.0.1:65005' }),
      422,
      'self-registration',
    );
    expect((await chainOf(a)).peers).toEqual([]);
  });

  it('refuses its own alias on register_node without the node header: the call-back reaches this very node', async () => {
    expectError(
      await http(a)
        .post('/register_node')
        .send({ node_address: `http://localhost:${a.port}` }),
      422,
      'self-registration',
      'a node cannot register with itself',
    );
    expect((await chainOf(a)).peers).toEqual([]);
    expect(await getJson<unknown[]>(a.app.getHttpServer(), '/api/peers')).toEqual([]);
  });

  it('drops a configured peer that is this node under another name, instead of retrying it', async () => {
    const port = await freePort();
    const self = await startNode({ ELECTION: 'open-demo', PORT: String(port), PEERS: `http://localhost:${port}` });
    cleanups.push(() => self.stop());
    await waitFor(async () => (await getJson<unknown[]>(self.app.getHttpServer(), '/api/peers')).length === 0, {
      timeoutMs: 5_000,
      what: 'the node to drop its own alias from its peers',
    });
    expect((await chainOf(self)).peers).toEqual([]);
  });

  it("refuses with 422 'malformed-status' a registration whose address answers its status with JSON null", async () => {
    const liar = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('null'));
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => liar.close(resolve)));
    const address = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
    expectError(
      await http(a).post('/register_node').send({ node_address: address }),
      422,
      'malformed-status',
      `the node at ${address} answered its status with no JSON object`,
    );
    expect(await getJson<unknown[]>(a.app.getHttpServer(), '/api/peers')).toEqual([]);
  });

  it("answers 502 'peer-unreachable' for an address where no node listens, and does not keep it", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    expectError(
      await http(a).post('/register_with').set(adminAuth()).send({ node_address: dead }),
      502,
      'peer-unreachable',
      new RegExp(`^could not reach ${dead}: `),
    );
    expect((await chainOf(a)).peers).toEqual([]);
  });

  it("answers 422 'different-election' for a node of another election and keeps its own chain", async () => {
    const election = writeElection({ title: 'Another election', parties: ['Yes', 'No'], difficulty: 1 });
    cleanups.push(() => election.remove());
    const foreign = await startNode({ ELECTION_FILE: election.file });
    cleanups.push(() => foreign.stop());
    const before = await chainOf(a);
    expectError(
      await http(a).post('/register_with').set(adminAuth()).send({ node_address: foreign.url }),
      422,
      'different-election',
      `${foreign.url} refused: the registering node runs a different election (genesis differs)`,
    );
    const after = await chainOf(a);
    expect(after.chain).toEqual(before.chain);
    expect(after.peers).toEqual([]);
    // The foreign node refused the registration, so it does not keep us as a peer either.
    expect((await chainOf(foreign)).peers).toEqual([]);
  });

  describe('POST /register_node calls the registering node back before keeping it', () => {
    let fresh: TestNode;

    beforeAll(async () => {
      fresh = await startNode();
      cleanups.push(() => fresh.stop());
    });

    it("answers 502 'peer-unreachable' for an address where no node answers, and keeps nothing", async () => {
      const dead = `http://127.0.0.1:${await freePort()}`;
      expectError(
        await http(fresh).post('/register_node').send({ node_address: dead }),
        502,
        'peer-unreachable',
        new RegExp(`^could not reach ${dead}: `),
      );
      expect((await chainOf(fresh)).peers).toEqual([]);
    });

    it("answers 422 'different-election' when the node at that address runs another election", async () => {
      const election = writeElection({ title: 'Another vote', parties: ['Yes', 'No'], difficulty: 1 });
      cleanups.push(() => election.remove());
      const foreign = await startNode({ ELECTION_FILE: election.file });
      cleanups.push(() => foreign.stop());
      // No genesis header: only the call-back can tell.
      expectError(
        await http(fresh).post('/register_node').send({ node_address: foreign.url }),
        422,
        'different-election',
        `the node at ${foreign.url} runs a different election`,
      );
      expect((await chainOf(fresh)).peers).toEqual([]);
    });

    it("answers 422 'address-mismatch' when the caller claims a node ID that the node at that address does not have", async () => {
      expectError(
        await http(fresh).post('/register_node').set(NODE_ID_HEADER, '00000000-0000-4000-8000-000000000000').send({ node_address: b.url }),
        422,
        'address-mismatch',
        `the node at ${b.url} is not the node that registers`,
      );
      expect((await chainOf(fresh)).peers).toEqual([]);
    });

    it('keeps a live node of this election whose node ID matches', async () => {
      const { node_id } = await getJson<NodeStatus>(b.app.getHttpServer(), '/api/status');
      await http(fresh).post('/register_node').set(NODE_ID_HEADER, node_id).send({ node_address: b.url }).expect(200);
      expect((await chainOf(fresh)).peers).toEqual([b.url]);
    });
  });

  describe('joining a network', () => {
    let aChain: Block[];

    beforeAll(async () => {
      // A holds two mined blocks and one pending ballot; B, fresh, holds one pending ballot of its own.
      await cast(a, 'VOID001');
      await http(a).get('/mine').set(adminAuth()).expect(200);
      await cast(a, 'VOID002', 'Republican Party');
      await http(a).get('/mine').set(adminAuth()).expect(200);
      await cast(a, 'VOID003');
      await cast(b, 'VOID010', 'Socialist party');
      aChain = (await chainOf(a)).chain;
    });

    it('B registers with A: 200, B adopts the heavier valid chain, and both list each other', async () => {
      const res = await http(b).post('/register_with').set(adminAuth()).send({ node_address: a.url });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Registration successful', peer: a.url, adopted: true, height: 2 });
      const bChain = await chainOf(b);
      expect(bChain.length).toBe(3);
      expect(bChain.chain).toEqual(aChain);
      expect(bChain.peers).toEqual([a.url]);
      expect((await chainOf(a)).peers).toEqual([b.url]);
    });

    it("keeps B's own pending ballot through the merge", async () => {
      expect((await http(b).get('/api/ballots/VOID010')).body).toMatchObject({ status: 'pending' });
      expect((await http(b).get('/api/ballots/VOID001')).body).toMatchObject({ status: 'confirmed', block_index: 1, confirmations: 2 });
    });

    it('registering again, under another spelling of the address, changes nothing', async () => {
      const res = await http(b)
        .post('/register_with')
        .set(adminAuth())
        .send({ node_address: `${a.url.replace('http://', 'HTTP://')}/` });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Registration successful', peer: a.url, adopted: false, height: 2 });
      expect((await chainOf(b)).peers).toEqual([a.url]);
      expect((await chainOf(a)).peers).toEqual([b.url]);
    });

    it('a ballot cast on B reaches A, and B refuses it as a duplicate once A has it', async () => {
      await cast(b, 'VOID011', 'Republican Party');
      await waitFor(async () => ((await http(a).get('/api/ballots/VOID011')).body as BallotStatus).status === 'pending', {
        timeoutMs: 5_000,
        what: 'VOID011 to reach A',
      });
      expectError(await http(a).post('/new_transaction').send({ voter_id: 'VOID011', party: 'Democratic Party' }), 409, 'duplicate-voter');
    });

    it('a block mined on A reaches B, which then holds the same chain', async () => {
      const mined = await getJson<MineResult>(a.app.getHttpServer(), '/mine', adminAuth());
      expect(mined).toMatchObject({ mined: true, index: 3 });
      await waitFor(async () => ((await http(b).get('/api/status')).body as NodeStatus).height === 3, {
        timeoutMs: 5_000,
        what: 'B to receive block 3',
      });
      expect((await chainOf(b)).chain).toEqual((await chainOf(a)).chain);
      expect((await http(b).get('/api/ballots/VOID011')).body).toMatchObject({ status: 'confirmed', block_index: 3 });
    });
  });

  describe('when the registering node holds the heavier chain', () => {
    let heavy: TestNode;
    let light: TestNode;

    beforeAll(async () => {
      [heavy, light] = await Promise.all([startNode(), startNode()]);
      cleanups.push(
        () => heavy.stop(),
        () => light.stop(),
      );
      for (const voter of ['VOID001', 'VOID002']) {
        await cast(heavy, voter);
        await http(heavy).get('/mine').set(adminAuth()).expect(200);
      }
    });

    it('keeps its own chain, and the lighter node catches up on its next sync', async () => {
      const heavyChain = (await chainOf(heavy)).chain;
      const res = await http(heavy).post('/register_with').set(adminAuth()).send({ node_address: light.url }).expect(200);
      expect(res.body).toEqual({ message: 'Registration successful', peer: light.url, adopted: false, height: 2 });
      expect((await chainOf(heavy)).chain).toEqual(heavyChain);
      expect((await chainOf(light)).length).toBe(1);

      const sync = await http(light).post('/api/sync').expect(200);
      expect(sync.body).toEqual({ height: 2, tip: heavyChain[2].hash, peers_contacted: 1, blocks_added: 2 });
      expect((await chainOf(light)).chain).toEqual(heavyChain);
      expectError(
        await http(light).post('/new_transaction').send({ voter_id: 'VOID002', party: 'Democratic Party' }),
        409,
        'duplicate-voter',
      );
    });
  });
});
