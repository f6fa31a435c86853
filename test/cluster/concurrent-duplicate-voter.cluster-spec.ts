/*
 * One voter, two nodes, the same instant: each node may admit its ballot before the other's gossip
 * arrives, and both may mine it. The network must still end with exactly one ballot for that voter.
 */
import type { BallotStatus } from '../../api/http';
import { ballotsOf, chainProblems, Cluster, type ClusterNode, killStragglers, step } from './harness';

jest.setTimeout(90_000);

describe('the same voter cast on two nodes at the same moment', () => {
  let cluster: Cluster;
  let A: ClusterNode, B: ClusterNode;

  beforeAll(async () => {
    // B joins A through PEERS at start (the other scenarios use register_with).
    cluster = await Cluster.start({ names: ['A', 'B'], peersOf: (name) => (name === 'B' ? ['A'] : []) });
    [A, B] = cluster.nodes;
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
  });

  it('ends with that voter exactly once on the chain and on no pool', () =>
    cluster.run(async () => {
      await step('B registers with A through PEERS', () => cluster.fullMesh(15_000));

      const VOTER = 'TWICE-0001';
      const acknowledged: string[] = [];
      await step('cast the voter on A (Alpha) and on B (Beta) at once', async () => {
        const [onA, onB] = await Promise.all([A.vote(VOTER, 'Alpha'), B.vote(VOTER, 'Beta')]);
        for (const [res, party] of [
          [onA, 'Alpha'],
          [onB, 'Beta'],
        ] as const) {
          expect([201, 409]).toContain(res.status);
          if (res.status === 201) acknowledged.push(party);
          else expect(res.body.error).toBe('duplicate-voter');
        }
        expect(acknowledged.length).toBeGreaterThanOrEqual(1);
      });

      await step('mine on both nodes at once', async () => {
        const [mA, mB] = await Promise.all([A.mine(), B.mine()]);
        // Each either mines its own block or finds its pool emptied by the other's block.
        expect([mA.status, mB.status]).toEqual([200, 200]);
        expect(mA.body.mined || mB.body.mined).toBe(true);
      });

      await step('one more block settles a tie between two equal blocks', async () => {
        // Fork choice keeps the first block seen when two have equal work, so A and B may each hold
        // their own block 1; the next block decides.
        expect((await A.vote('TIEBREAK-1', 'Gamma')).status).toBe(201);
        const mined = await A.mine();
        expect(mined.body).toMatchObject({ mined: true });
        const tip = await cluster.converged(20_000, cluster.nodes, (mined.body as { hash: string }).hash);
        expect(tip.height).toBe(2);
        await cluster.poolsEmpty(10_000);
      });

      await step('the voter is on the chain exactly once, with an acknowledged party, and on no pool', async () => {
        const [a, b] = await Promise.all([A.chain(), B.chain()]);
        expect(b.chain).toEqual(a.chain);
        expect(chainProblems(a.chain, cluster.electionId)).toEqual([]);
        const votes = ballotsOf(a.chain).filter((t) => t.voter_id === VOTER);
        expect(votes).toHaveLength(1);
        expect(acknowledged).toContain(votes[0].party);
        expect(ballotsOf(a.chain).filter((t) => t.voter_id === 'TIEBREAK-1')).toHaveLength(1);
        for (const node of cluster.nodes) {
          expect((await node.pendingVoters()).has(VOTER)).toBe(false);
          const status = await node.get<BallotStatus>(`/api/ballots/${VOTER}`);
          expect(status.body).toMatchObject({ status: 'confirmed', ballot: { voter_id: VOTER, party: votes[0].party } });
        }
        // Casting the voter again is refused everywhere.
        for (const node of cluster.nodes) expect((await node.vote(VOTER, 'Gamma')).status).toBe(409);
        const results = await Promise.all(cluster.nodes.map((n) => n.results()));
        expect(results[1]).toEqual(results[0]);
        expect(results[0].total).toBe(2);
      });

      expect(cluster.internalErrors()).toEqual([]);
    }));
});
