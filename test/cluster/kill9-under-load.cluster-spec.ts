/*
 * A 201 promises the ballot is on disk. Sixteen clients vote on A while a mining loop runs there, and A is
 * SIGKILLed in the middle: after a restart on the same data directory, every acknowledged ballot must be
 * pending or mined, none twice, and every block acknowledged by /mine must still be on the chain. A peer,
 * B, follows along and must end with the same chain.
 */
import { Agent } from 'node:http';
import { ballotsOf, chainProblems, Cluster, type ClusterNode, killStragglers, step, transactionsOf, voterCounts } from './harness';

jest.setTimeout(120_000);

const TOTAL = 2_000;
const CLIENTS = 16;
const KILL_AFTER = 800;
const PARTIES = ['Alpha', 'Beta', 'Gamma'];

describe('kill -9 in the middle of a voting and mining load', () => {
  let cluster: Cluster;
  let A: ClusterNode, B: ClusterNode;
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });

  beforeAll(async () => {
    cluster = await Cluster.start({ names: ['A', 'B'] });
    [A, B] = cluster.nodes;
  });

  afterAll(async () => {
    agent.destroy();
    await cluster?.stop();
    killStragglers();
  });

  it('keeps every acknowledged ballot and block across the crash, exactly once', () =>
    cluster.run(async () => {
      const sent = new Map<string, string>(); // voter → party, for every request sent
      const acknowledged: string[] = [];
      const unexpected: string[] = [];
      const minedBeforeKill: { index: number; hash: string }[] = [];
      let killing: Promise<void> | null = null;

      await step('B registers with A', async () => {
        expect((await B.registerWith(A)).status).toBe(200);
        await cluster.fullMesh(15_000);
      });

      await step(
        `${CLIENTS} clients cast up to ${TOTAL} ballots while /mine loops; SIGKILL after ${KILL_AFTER} acknowledgements`,
        async () => {
          let next = 0;
          const client = async () => {
            while (next < TOTAL && killing === null) {
              const i = next++;
              const voter = `LOAD-${String(i).padStart(5, '0')}`;
              const party = PARTIES[i % PARTIES.length];
              sent.set(voter, party);
              let status: number;
              try {
                status = (await A.vote(voter, party, { agent, timeoutMs: 20_000 })).status;
              } catch {
                return; // the node is gone
              }
              if (status === 201) acknowledged.push(voter);
              else unexpected.push(`${voter}: ${status}`);
              if (acknowledged.length >= KILL_AFTER && killing === null) killing = A.kill9();
            }
          };
          const miner = async () => {
            while (killing === null) {
              try {
                const res = await A.mine();
                if (res.status !== 200) unexpected.push(`/mine: ${res.status} ${res.text}`);
                else if (res.body.mined) minedBeforeKill.push({ index: res.body.index, hash: res.body.hash });
              } catch {
                return;
              }
            }
          };
          await Promise.all([miner(), ...Array.from({ length: CLIENTS }, client)]);
          expect(killing).not.toBeNull();
          await killing;
          expect(A.running).toBe(false);
          expect(unexpected).toEqual([]);
          expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
          expect(acknowledged.length).toBeLessThan(TOTAL);
          // The load really overlapped mining: at least one block was acknowledged before the crash.
          expect(minedBeforeKill.length).toBeGreaterThanOrEqual(1);
        },
      );

      await step('restart on the same port and data directory, cut off from B', async () => {
        // B holds gossiped copies of A's ballots and blocks: until A's own disk has been checked, B must
        // not be able to hand back anything A lost.
        cluster.partition(['A'], ['B']);
        await A.restart();
      });

      await step('every acknowledged ballot is pending or mined, none twice; acknowledged blocks survived', async () => {
        const [{ chain, length }, pool, status] = [await A.chain(), await A.pending(), await A.status()];
        expect(chainProblems(chain, cluster.electionId)).toEqual([]);
        expect(length).toBe(chain.length);
        expect(status.height).toBe(chain.length - 1);
        expect(status.tip).toBe(chain[chain.length - 1].hash);
        expect(status.pending).toBe(pool.length);
        for (const block of minedBeforeKill) expect({ index: block.index, hash: chain[block.index]?.hash }).toEqual(block);

        const counts = voterCounts(ballotsOf(chain), pool);
        expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
        expect(acknowledged.filter((v) => counts.get(v) !== 1)).toEqual([]);
        // Nothing appears that was not sent (an open election holds nothing but ballots), and each ballot keeps its party.
        expect([...transactionsOf(chain), ...pool].filter((t) => !('voter_id' in t) || sent.get(t.voter_id) !== t.party)).toEqual([]);
        // The same chain is served again (nothing half-written shows up on a second read).
        expect((await A.chain()).chain).toEqual(chain);
      });

      await step('mining after the restart empties the pool', async () => {
        const before = (await A.status()).pending;
        const first = await A.mine();
        expect(first.status).toBe(200);
        // One block takes up to 10 000 ballots, so one mine empties a pool of at most 2 000.
        expect(first.body).toMatchObject(before > 0 ? { mined: true, ballots: before } : { mined: false });
        expect((await A.mine()).body).toMatchObject({ mined: false });
        const [{ chain }, pool, status, results] = [await A.chain(), await A.pending(), await A.status(), await A.results()];
        expect(pool).toEqual([]);
        expect(status.pending).toBe(0);
        expect(chainProblems(chain, cluster.electionId)).toEqual([]);
        const counts = voterCounts(ballotsOf(chain));
        expect(acknowledged.filter((v) => counts.get(v) !== 1)).toEqual([]);
        expect(results.total).toBe(ballotsOf(chain).length);
        expect(results.height).toBe(chain.length - 1);
      });

      await step('reconnected, the peer B ends with the same chain and an empty pool', async () => {
        cluster.heal();
        await cluster.converged(30_000, [A, B]);
        await cluster.poolsEmpty(30_000, [A, B]);
        expect((await B.chain()).chain).toEqual((await A.chain()).chain);
      });

      expect(cluster.internalErrors()).toEqual([]);
    }));
});
