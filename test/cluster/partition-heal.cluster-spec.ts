/*
 * Four nodes split in two halves that each keep voting and mining, then the network heals: the periodic
 * sync alone must bring every node to the heavier chain, and no acknowledged ballot may be lost or
 * counted twice (ballots of the abandoned block go back to the pool and are mined again).
 */
import type { Ballot } from '../../protocol';
import type { MineResult } from '../../api/http';
import { ballotsOf, chainProblems, Cluster, type ClusterNode, killStragglers, step, voterCounts } from './harness';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

describe('partition {A,B} | {C,D}, then heal', () => {
  let cluster: Cluster;
  let A: ClusterNode, B: ClusterNode, C: ClusterNode, D: ClusterNode;

  beforeAll(async () => {
    cluster = await Cluster.start({ names: ['A', 'B', 'C', 'D'] });
    [A, B, C, D] = cluster.nodes;
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
  });

  const acknowledged: Ballot[] = [];
  const PARTIES = ['Alpha', 'Beta', 'Gamma'];

  /** Casts one ballot on `node`, which must answer 201. */
  async function castOne(node: ClusterNode, voterId: string, party: string): Promise<Ballot> {
    const res = await node.vote(voterId, party);
    if (res.status !== 201) throw new Error(`${node.name} answered ${res.status} to ${voterId}: ${res.text}`);
    return res.body.ballot!;
  }

  /** Casts `count` ballots on `node`, all answered 201, and records them as acknowledged. */
  async function castMany(node: ClusterNode, prefix: string, count: number): Promise<Ballot[]> {
    const mine: Ballot[] = [];
    for (let i = 0; i < count; i++) mine.push(await castOne(node, `${prefix}-${i}`, PARTIES[i % PARTIES.length]));
    acknowledged.push(...mine);
    return mine;
  }

  function ids(ballots: Ballot[]): string[] {
    return ballots.map((b) => b.voter_id).sort();
  }

  async function poolIs(node: ClusterNode, expected: Ballot[], timeoutMs = 10_000): Promise<void> {
    let last: string[] = [];
    await waitFor(
      async () => {
        last = [...(await node.pendingVoters())].sort();
        return JSON.stringify(last) === JSON.stringify(ids(expected));
      },
      { timeoutMs: timeoutMs, intervalMs: 100, what: `${node.name}'s pool to be exactly [${ids(expected).join(', ')}]` },
    ).catch((e: Error) => {
      e.message += ` — it holds [${last.join(', ')}]`;
      throw e;
    });
  }

  async function mineOn(node: ClusterNode, expectedIndex: number, expectedBallots: number): Promise<string> {
    const res = await node.mine();
    expect({ node: node.name, status: res.status, body: res.body }).toMatchObject({
      node: node.name,
      status: 200,
      body: { mined: true, index: expectedIndex, ballots: expectedBallots },
    });
    return (res.body as Extract<MineResult, { mined: true }>).hash;
  }

  it('converges on the heavier side by itself and keeps every acknowledged ballot exactly once', () =>
    cluster.run(async () => {
      await step('B, C and D register with A; everyone learns everyone', async () => {
        for (const node of [B, C, D]) expect((await node.registerWith(A)).status).toBe(200);
        await cluster.fullMesh(20_000);
      });

      await step('a first block, shared by all four, is the fork point', async () => {
        const first = await castMany(D, 'P0-D', 1);
        await poolIs(A, first);
        const hash = await mineOn(A, 1, 1);
        await cluster.converged(15_000, cluster.nodes, hash);
      });

      cluster.partition(['A', 'B'], ['C', 'D']);

      let heavyTip = '';
      let lightSide: Ballot[] = [];
      // One voter votes on both sides of the cut: each side accepts it, and only the heavier side's
      // ballot may survive the heal.
      const SPLIT = 'SPLIT-VOTER';
      await step('while partitioned, {A,B} mines two blocks and {C,D} one', async () => {
        const splitOnA = await castOne(A, SPLIT, 'Alpha');
        acknowledged.push(splitOnA);
        await castOne(C, SPLIT, 'Beta');
        const ab1 = [splitOnA, ...(await castMany(A, 'P1-A', 3)), ...(await castMany(B, 'P1-B', 3))];
        const cdOnly = [...(await castMany(C, 'P1-C', 3)), ...(await castMany(D, 'P1-D', 3))];
        lightSide = cdOnly;
        const cd = [...cdOnly, { voter_id: SPLIT, party: 'Beta', timestamp: 0 }];
        // Gossip flows inside each half only.
        await poolIs(A, ab1);
        await poolIs(C, cd);
        await poolIs(D, cd);
        await mineOn(A, 2, ab1.length);
        await poolIs(B, []);
        const ab2 = await castMany(B, 'P2-B', 2);
        await poolIs(A, ab2);
        heavyTip = await mineOn(B, 3, ab2.length);
        const lightTip = await mineOn(C, 2, cd.length);
        await cluster.converged(15_000, [A, B], heavyTip);
        await cluster.converged(15_000, [C, D], lightTip);
        await poolIs(D, []);
        // Still apart: nothing crossed the cut.
        expect((await A.status()).tip).not.toBe((await C.status()).tip);
        expect((await C.status()).height).toBe(2);
        expect((await A.pendingVoters()).size).toBe(0);
      });

      await step('each half sees the other half as unreachable', async () => {
        const stateOf = async (node: ClusterNode) => Object.fromEntries((await node.peers()).map((p) => [p.url, p.state]));
        await waitFor(
          async () => {
            const [a, c] = [await stateOf(A), await stateOf(C)];
            return (
              a[C.publicUrl] === 'unreachable' &&
              a[D.publicUrl] === 'unreachable' &&
              a[B.publicUrl] === 'reachable' &&
              c[A.publicUrl] === 'unreachable' &&
              c[B.publicUrl] === 'unreachable' &&
              c[D.publicUrl] === 'reachable'
            );
          },
          {
            timeoutMs: 15_000,
            intervalMs: 100,
            what: 'A to see C and D unreachable (B reachable), and C to see A and B unreachable (D reachable)',
          },
        );
      });

      cluster.heal();

      await step('after healing, the periodic sync alone brings all four to the heavier tip', async () => {
        const tip = await cluster.converged(60_000, cluster.nodes, heavyTip);
        expect(tip.height).toBe(3);
      });

      await step("the light side's abandoned ballots are back in C's pool, except the split voter's", () => poolIs(C, lightSide, 20_000));

      await step('one more block on C mines them; every node ends on it with empty pools', async () => {
        const hash = await mineOn(C, 4, lightSide.length);
        await cluster.converged(30_000, cluster.nodes, hash);
        await cluster.poolsEmpty(20_000);
      });

      await step('every acknowledged ballot is on the one chain exactly once', async () => {
        const chains = await Promise.all(cluster.nodes.map((n) => n.chain()));
        for (const c of chains.slice(1)) expect(c.chain).toEqual(chains[0].chain);
        const chain = chains[0].chain;
        expect(chain).toHaveLength(5);
        expect(chainProblems(chain, cluster.electionId)).toEqual([]);
        const onChain = ballotsOf(chain);
        const counts = voterCounts(onChain);
        const missingOrRepeated = acknowledged
          .filter((b) => counts.get(b.voter_id) !== 1)
          .map((b) => `${b.voter_id}×${counts.get(b.voter_id) ?? 0}`);
        expect(missingOrRepeated).toEqual([]);
        expect(onChain).toHaveLength(acknowledged.length);
        // The party of each ballot is the one the voter cast; the split voter keeps the heavier side's.
        const cast = new Map(acknowledged.map((b) => [b.voter_id, b.party]));
        expect(onChain.filter((b) => cast.get(b.voter_id) !== b.party)).toEqual([]);
        expect(onChain.filter((b) => b.voter_id === SPLIT)).toMatchObject([{ party: 'Alpha' }]);
        const results = await Promise.all(cluster.nodes.map((n) => n.results()));
        for (const r of results.slice(1)) expect(r).toEqual(results[0]);
        expect(results[0].total).toBe(acknowledged.length);
      });

      await step('no node logged an internal error (500)', () => {
        expect(cluster.internalErrors()).toEqual([]);
        // The heavier chain won by reorganisation on C and D, as the logs record.
        expect(C.logEntries('reorganised').length).toBeGreaterThanOrEqual(1);
        expect(D.logEntries('reorganised').length).toBeGreaterThanOrEqual(1);
      });
    }));
});
