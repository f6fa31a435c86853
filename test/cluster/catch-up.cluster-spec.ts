/*
 * A node that was down while the others kept mining catches up by itself once it is back (its peers are
 * persisted, its sync loop pulls what it lacks), and a dead peer never slows down voting or mining on
 * the nodes that are up.
 */
import type { MineResult } from '../../api/http';
import { chainProblems, Cluster, type ClusterNode, killStragglers, step } from './harness';
import { waitFor } from '../support/wait';

jest.setTimeout(90_000);

/** Far above a local vote or mine (a few ms), far below a peer timeout or a retry schedule (≥ 1.25 s). */
const PROMPT_MS = 1_000;

describe('a node that falls behind catches up by itself', () => {
  let cluster: Cluster;
  let A: ClusterNode, B: ClusterNode, C: ClusterNode;
  let voter = 0;

  beforeAll(async () => {
    cluster = await Cluster.start({ names: ['A', 'B', 'C'] });
    [A, B, C] = cluster.nodes;
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
  });

  /** Casts one ballot on A and mines it there; both must answer promptly. Returns the new tip. */
  async function voteAndMineOnA(): Promise<string> {
    const vote = await A.vote(`BEHIND-${++voter}`, 'Beta');
    expect({ status: vote.status, prompt: vote.ms < PROMPT_MS }).toEqual({ status: 201, prompt: true });
    const mined = await A.mine();
    expect({ status: mined.status, mined: mined.body.mined, prompt: mined.ms < PROMPT_MS }).toEqual({
      status: 200,
      mined: true,
      prompt: true,
    });
    return (mined.body as Extract<MineResult, { mined: true }>).hash;
  }

  it('a dead peer never slows a vote or a mine', () =>
    cluster.run(async () => {
      await step('B and C register with A; everyone learns everyone', async () => {
        for (const node of [B, C]) expect((await node.registerWith(A)).status).toBe(200);
        await cluster.fullMesh(15_000);
      });

      await step('a first block reaches all three', async () => {
        const tip = await voteAndMineOnA();
        await cluster.converged(15_000, cluster.nodes, tip);
      });

      await step('kill -9 C', () => C.kill9());

      await step('with C dead, A still answers votes and mines promptly, several times', async () => {
        for (let i = 0; i < 4; i++) {
          const tip = await voteAndMineOnA();
          await cluster.converged(15_000, [A, B], tip);
        }
        expect((await A.status()).height).toBe(5);
      });

      await step('A and B notice that C is unreachable', () =>
        waitFor(
          async () => {
            const [a, b] = await Promise.all([A.peers(), B.peers()]);
            const viewsOfC = [...a, ...b].filter((p) => p.url === C.publicUrl);
            return viewsOfC.length === 2 && viewsOfC.every((p) => p.state === 'unreachable' && p.failures > 0);
          },
          { timeoutMs: 15_000, intervalMs: 100, what: 'A and B to list C as unreachable' },
        ),
      );
    }));

  it('the restarted node catches up without any manual call', () =>
    cluster.run(async () => {
      const target = await A.status();
      await step("C restarts on its data (no PEERS, no register_with, no /api/sync) and reaches A's tip", async () => {
        await C.restart();
        const tip = await cluster.converged(30_000, cluster.nodes, target.tip);
        expect(tip.height).toBe(5);
      });

      await step('C serves the same valid chain as A', async () => {
        const [a, c] = await Promise.all([A.chain(), C.chain()]);
        expect(c.chain).toEqual(a.chain);
        expect(chainProblems(c.chain, cluster.electionId)).toEqual([]);
        expect([...c.peers].sort()).toEqual([A.publicUrl, B.publicUrl].sort());
      });

      await step('C keeps following: a new block on A reaches it', async () => {
        const tip = await voteAndMineOnA();
        await cluster.converged(30_000, cluster.nodes, tip);
      });

      expect(C.logEntries('caught up from peer').length).toBeGreaterThanOrEqual(1);
      expect(cluster.internalErrors()).toEqual([]);
    }));

  it('a hung peer (SIGSTOP: connections accepted, never answered) never slows a vote or a mine either', () =>
    cluster.run(async () => {
      C.pause();
      try {
        await step('with C hung, A answers votes and mines promptly, and B follows', async () => {
          for (let i = 0; i < 3; i++) {
            const tip = await voteAndMineOnA();
            await cluster.converged(15_000, [A, B], tip);
          }
        });
        await step('with C hung, a resync on A still answers: every peer request has a deadline', async () => {
          const started = Date.now();
          const res = await A.post<{ peers_contacted: number }>('/api/sync', {}, { timeoutMs: 20_000 });
          expect(res.status).toBe(200);
          expect(Date.now() - started).toBeLessThan(10_000);
        });
      } finally {
        C.resume();
      }
      await step('once resumed, C catches up by itself', async () => {
        const target = await A.status();
        const tip = await cluster.converged(30_000, cluster.nodes, target.tip);
        expect(tip.height).toBe(9);
      });
      expect(cluster.internalErrors()).toEqual([]);
    }));
});
