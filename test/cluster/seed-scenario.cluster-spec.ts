/*
 * The seed README's sample scenario, with real processes: nodes B and C `register_with` A exactly as the
 * README's curl commands do, then ballots and blocks from any node reach every node.
 */
import type { Ballot } from '../../protocol';
import { ballotsOf, chainProblems, Cluster, type ClusterNode, killStragglers, step, voterCounts } from './harness';

jest.setTimeout(90_000);

describe('seed scenario: three nodes registered with register_with', () => {
  let cluster: Cluster;
  let A: ClusterNode, B: ClusterNode, C: ClusterNode;

  beforeAll(async () => {
    cluster = await Cluster.start({ names: ['A', 'B', 'C'] });
    [A, B, C] = cluster.nodes;
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
  });

  /** Casts a ballot on `node` and expects 201 with the ballot echoed. */
  async function cast(node: ClusterNode, voterId: string, party: string): Promise<Ballot> {
    const res = await node.vote(voterId, party);
    expect({ node: node.name, status: res.status, voter: res.body.ballot?.voter_id }).toEqual({
      node: node.name,
      status: 201,
      voter: voterId,
    });
    return res.body.ballot!;
  }

  /** Waits until every node's pool holds exactly these voters' open ballots. */
  const everyPoolHolds = (voterIds: string[]) => cluster.poolsHold(voterIds.map((id) => `voter:${id}`));

  it('learns the full mesh, gossips ballots, propagates blocks mined anywhere and serves one chain and tally', () =>
    cluster.run(async () => {
      await step('B and C register with A (the README curls, with the admin token)', async () => {
        const anonymous = await B.post<{ error: string }>('/register_with', { node_address: A.publicUrl });
        expect({ status: anonymous.status, error: anonymous.body.error }).toEqual({ status: 401, error: 'admin-token-required' });
        for (const node of [B, C]) {
          const res = await node.registerWith(A);
          expect({ node: node.name, status: res.status, body: res.body }).toEqual({
            node: node.name,
            status: 200,
            body: { message: 'Registration successful', peer: A.publicUrl, adopted: false, height: 0 },
          });
        }
      });

      await step('every node learns the other two by itself', () => cluster.fullMesh(15_000));

      const posted: Ballot[] = [];
      await step('ballots posted to A, B and C reach every pool', async () => {
        posted.push(await cast(A, 'SEED-A-1', 'Alpha'), await cast(A, 'SEED-A-2', 'Beta'));
        posted.push(await cast(B, 'SEED-B-1', 'Beta'), await cast(B, 'SEED-B-2', 'Gamma'));
        posted.push(await cast(C, 'SEED-C-1', 'Gamma'), await cast(C, 'SEED-C-2', 'Alpha'));
        await everyPoolHolds(posted.map((b) => b.voter_id));
      });

      await step('GET /mine on B: the block reaches A and C', async () => {
        const mined = await B.mine();
        expect(mined.status).toBe(200);
        expect(mined.body).toMatchObject({ mined: true, index: 1, ballots: 6 });
        const tip = await cluster.converged(15_000, cluster.nodes, (mined.body as { hash: string }).hash);
        expect(tip.height).toBe(1);
        await everyPoolHolds([]);
      });

      await step('a ballot cast on A is mined on C, and reaches every node', async () => {
        posted.push(await cast(A, 'SEED-A-3', 'Gamma'));
        await everyPoolHolds(['SEED-A-3']);
        const mined = await C.mine();
        expect(mined.body).toMatchObject({ mined: true, index: 2, ballots: 1 });
        await cluster.converged(15_000, cluster.nodes, (mined.body as { hash: string }).hash);
      });

      await step('a ballot cast on B is mined on A, and reaches every node', async () => {
        posted.push(await cast(B, 'SEED-B-3', 'Gamma'));
        await everyPoolHolds(['SEED-B-3']);
        const mined = await A.mine();
        expect(mined.body).toMatchObject({ mined: true, index: 3, ballots: 1 });
        await cluster.converged(15_000, cluster.nodes, (mined.body as { hash: string }).hash);
        await everyPoolHolds([]);
      });

      await step('/chain is identical on every node, valid, and holds each ballot once', async () => {
        const [a, b, c] = await Promise.all(cluster.nodes.map((n) => n.chain()));
        expect(a.length).toBe(4);
        expect(a.chain).toHaveLength(4);
        expect(b.chain).toEqual(a.chain);
        expect(c.chain).toEqual(a.chain);
        // Each node's `peers` names the other two.
        expect([...a.peers].sort()).toEqual([B.publicUrl, C.publicUrl].sort());
        expect([...b.peers].sort()).toEqual([A.publicUrl, C.publicUrl].sort());
        expect([...c.peers].sort()).toEqual([A.publicUrl, B.publicUrl].sort());
        expect(chainProblems(a.chain, cluster.electionId)).toEqual([]);
        const onChain = ballotsOf(a.chain);
        expect(onChain.map((t) => [t.voter_id, t.party]).sort()).toEqual(posted.map((t) => [t.voter_id, t.party]).sort());
        expect([...voterCounts(onChain).values()].every((n) => n === 1)).toBe(true);
      });

      await step('/api/results is identical on every node', async () => {
        const [a, b, c] = await Promise.all(cluster.nodes.map((n) => n.results()));
        expect(a.tally).toEqual([
          { party: 'Alpha', votes: 2 },
          { party: 'Beta', votes: 2 },
          { party: 'Gamma', votes: 4 },
        ]);
        expect(a).toMatchObject({ height: 3, total: 8, pending: 0 });
        expect(b).toEqual(a);
        expect(c).toEqual(a);
      });

      expect(cluster.internalErrors()).toEqual([]);
    }));

  // The built node finds the built portal on its own (no CLIENT_DIST): what npm start and npm run network serve.
  it('serves the built portal from every node, at / and at a deep link', async () => {
    for (const node of cluster.nodes) {
      for (const path of ['/', '/verify/deep-link']) {
        const res = await node.get(path, { headers: { accept: 'text/html' } });
        expect({ node: node.name, path, status: res.status, portal: res.text.includes('<app-root></app-root>') }).toEqual({
          node: node.name,
          path,
          status: 200,
          portal: true,
        });
      }
    }
  });
});
