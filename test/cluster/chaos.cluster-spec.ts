/*
 * Seeded chaos on three real nodes (CHAOS_CYCLES, CHAOS_SEED; `npm run chaos -- --cycles N --seed S`).
 * Each cycle casts ballots on the nodes that answer, does one harmful thing, casts more, mines, and undoes
 * the harm: kill -9 and restart a node (also while ballots are on their way to it, once it has answered
 * the first of them), freeze one (SIGSTOP, then SIGCONT), split the network through the proxies, or race
 * two miners. C's clock runs ahead all along (CLOCK_OFFSET_SECONDS; CHAOS_CLOCK_AHEAD seconds, 90 by
 * default, within the protocol's two minutes of drift). Further ahead, the others refuse what C dates
 * beyond their drift (its ballots and blocks) without holding it against C, and take it once their own
 * clocks have come close enough: the end then waits that much longer. At the end, with the network whole, every ballot a node acknowledged
 * (201) must be on every node's chain exactly once, the chains identical and valid, the pools empty.
 */
import fc from 'fast-check';
import { Agent } from 'node:http';
import { ballotsOf, chainProblems, Cluster, type ClusterNode, killStragglers, step, voterCounts } from './harness';
import { waitFor } from '../support/wait';
import { MAX_FUTURE_DRIFT_SECONDS } from '../../protocol';

const CYCLES = Number(process.env['CHAOS_CYCLES'] ?? 4);
const SEED = Number(process.env['CHAOS_SEED'] ?? 20261202);
const BALLOTS_PER_STEP = 12;
const PARTIES = ['Alpha', 'Beta', 'Gamma'];
const NAMES = ['A', 'B', 'C'];
const CLOCK_AHEAD = Number(process.env['CHAOS_CLOCK_AHEAD'] ?? 90);
/** How long what C dates ahead waits before the other nodes' clocks let it in. */
const CLOCK_WAIT_MS = Math.max(0, CLOCK_AHEAD - MAX_FUTURE_DRIFT_SECONDS) * 1000;

jest.setTimeout(60_000 + CYCLES * 30_000 + 3 * CLOCK_WAIT_MS);

type Harm =
  | { kind: 'kill9'; node: number }
  | { kind: 'kill9-in-flight'; node: number }
  | { kind: 'freeze'; node: number }
  | { kind: 'split'; alone: number }
  | { kind: 'mining-race' };

/** The whole schedule, drawn from the seed before anything runs: the same seed, the same chaos. */
function schedule(): { harm: Harm; voters: number[]; miner: number }[] {
  const harm: fc.Arbitrary<Harm> = fc.oneof(
    fc.integer({ min: 0, max: 2 }).map((node): Harm => ({ kind: 'kill9', node })),
    // Killed while ballots are on their way to it: those it answered 201 before dying must survive.
    fc.integer({ min: 0, max: 2 }).map((node): Harm => ({ kind: 'kill9-in-flight', node })),
    fc.integer({ min: 0, max: 2 }).map((node): Harm => ({ kind: 'freeze', node })),
    fc.integer({ min: 0, max: 2 }).map((alone): Harm => ({ kind: 'split', alone })),
    fc.constant<Harm>({ kind: 'mining-race' }),
  );
  const cycle = fc.record({
    harm,
    voters: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2 * BALLOTS_PER_STEP, maxLength: 2 * BALLOTS_PER_STEP }),
    miner: fc.integer({ min: 0, max: 2 }),
  });
  return fc.sample(fc.array(cycle, { minLength: CYCLES, maxLength: CYCLES }), { seed: SEED, numRuns: 1 })[0];
}

describe(`chaos: ${CYCLES} seeded cycles (seed ${SEED}) on three nodes`, () => {
  let cluster: Cluster;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  beforeAll(async () => {
    cluster = await Cluster.start({
      names: NAMES,
      peersOf: (n) => (n === 'A' ? [] : ['A']),
      env: (n): Record<string, string> => (n === 'C' ? { CLOCK_OFFSET_SECONDS: String(CLOCK_AHEAD) } : {}),
    });
  });

  afterAll(async () => {
    agent.destroy();
    await cluster?.stop();
    killStragglers();
  });

  it('loses no acknowledged ballot and counts none twice, whatever happens to the nodes and the network', () =>
    cluster.run(async () => {
      const acknowledged = new Set<string>();
      const sent = new Set<string>();
      const serverErrors: string[] = [];
      const frozen = new Set<ClusterNode>();
      const usable = () => cluster.running.filter((n) => !frozen.has(n));
      let serial = 0;

      /**
       * One ballot per voter index on that node (or the next usable one), or all on `only`; a 201 is a promise
       * to keep.
       */
      const castOn = async (indexes: number[], only?: ClusterNode[]) => {
        await Promise.all(
          indexes.map(async (i) => {
            const nodes = only ?? usable();
            const node = nodes.find((n) => n.name === NAMES[i]) ?? nodes[i % nodes.length];
            const voter = `CHAOS-${String(serial++).padStart(5, '0')}`;
            sent.add(voter);
            try {
              const res = await node.vote(voter, PARTIES[i], { agent, timeoutMs: 10_000 });
              if (res.status === 201) acknowledged.add(voter);
              if (res.status >= 500) serverErrors.push(`${node.name} ${res.status} ${res.text.slice(0, 200)}`);
            } catch {
              // No answer: not acknowledged, so the node owes nothing (it may still have stored it).
            }
          }),
        );
      };
      const mineOn = async (node: ClusterNode) => {
        const res = await node.mine().catch(() => null);
        if (res && res.status >= 500) throw new Error(`${node.name} /mine answered ${res.status} ${res.text}`);
      };

      await step('the three nodes find each other', () => cluster.fullMesh(15_000));

      for (const [c, { harm, voters, miner }] of schedule().entries()) {
        await step(`cycle ${c + 1}: ${JSON.stringify(harm)}`, async () => {
          await castOn(voters.slice(0, BALLOTS_PER_STEP));
          const victim = 'node' in harm ? cluster.nodes[harm.node] : undefined;
          if (harm.kind === 'kill9') await victim!.kill9();
          if (harm.kind === 'freeze') {
            victim!.pause();
            frozen.add(victim!);
          }
          if (harm.kind === 'split') {
            const alone = NAMES[harm.alone];
            cluster.partition(
              [alone],
              NAMES.filter((n) => n !== alone),
            );
          }
          if (harm.kind === 'kill9-in-flight') {
            // The second half goes out, and the victim dies as soon as it has acknowledged one of them.
            const before = acknowledged.size;
            const casting = castOn(voters.slice(BALLOTS_PER_STEP), [victim!]);
            await waitFor(() => acknowledged.size > before, {
              timeoutMs: 10_000,
              intervalMs: 1,
              what: 'a first ballot acknowledged',
            }).catch(() => undefined);
            await victim!.kill9();
            await casting;
          } else await castOn(voters.slice(BALLOTS_PER_STEP));
          if (harm.kind === 'mining-race') await Promise.all(usable().map(mineOn));
          else await mineOn(usable()[miner % usable().length]);
          // Undo the harm.
          if (harm.kind === 'kill9' || harm.kind === 'kill9-in-flight') await victim!.restart();
          if (harm.kind === 'freeze') {
            victim!.resume();
            frozen.delete(victim!);
          }
          if (harm.kind === 'split') cluster.heal();
        });
      }

      await step('with the network whole, mining on every node empties the pools and the nodes agree', async () => {
        // Mining goes on until the pools are empty and the nodes share one tip, both at once: what C dated
        // ahead is taken only once the clocks allow it, and a node that then reorganises puts the ballots of
        // the blocks it leaves back into its pool, to be mined again.
        await waitFor(
          async () => {
            for (const node of cluster.nodes) await mineOn(node);
            const statuses = await Promise.all(cluster.nodes.map((n) => n.status()));
            return statuses.every((st) => st.pending === 0 && st.tip === statuses[0].tip);
          },
          { timeoutMs: 30_000 + 2 * CLOCK_WAIT_MS, intervalMs: 250, what: 'empty pools and one tip on every node' },
        );
        await cluster.poolsEmpty(30_000);
        await cluster.converged(30_000, cluster.nodes);
      });

      await step(`every one of the ${acknowledged.size} acknowledged ballots is on every chain exactly once`, async () => {
        const chains = await Promise.all(cluster.nodes.map(async (n) => (await n.chain()).chain));
        for (const chain of chains) expect(chainProblems(chain, cluster.electionId)).toEqual([]);
        expect(chains.every((chain) => JSON.stringify(chain) === JSON.stringify(chains[0]))).toBe(true);
        const counts = voterCounts(ballotsOf(chains[0]));
        const missing = [...acknowledged].filter((v) => counts.get(v) !== 1);
        expect({ acknowledged: acknowledged.size, missing }).toEqual({ acknowledged: acknowledged.size, missing: [] });
        // Nothing appears that was never sent; unanswered ballots may or may not have been kept.
        expect([...counts.keys()].filter((v) => !sent.has(v))).toEqual([]);
        expect([...counts.values()].every((n) => n === 1)).toBe(true);
        expect(acknowledged.size).toBeGreaterThan(CYCLES * BALLOTS_PER_STEP);
        expect(serverErrors).toEqual([]);
        if (process.env['CHAOS_REPORT'])
          process.stdout.write(
            `chaos: ${CYCLES} cycles, seed ${SEED}, C ${CLOCK_AHEAD} s ahead: ${sent.size} ballots sent, ${acknowledged.size} acknowledged, ` +
              `${counts.size} on every chain, 0 lost, 0 counted twice, ${serverErrors.length} answers 5xx\n`,
          );
      });

      expect(cluster.internalErrors()).toEqual([]);
    }));
});
