/*
 * Ballotchain benchmark: `npm run bench` (builds the server, compiles the benchmark into dist/bench/, runs it).
 *
 * Starts a node on a free port with a fresh data folder and an open-roll election (3 parties,
 * difficulty 2), then measures:
 *   1. concurrent ballot ingest: BENCH_BALLOTS ballots, distinct voter IDs, BENCH_CLIENTS concurrent
 *      keep-alive clients on POST /new_transaction (only 201s count)          phases/open-ingest.ts
 *   2. GET /mine of that pool as one block (wall time of the request)         phases/mining.ts
 *   3. GET /chain (median of BENCH_CHAIN_RUNS) and its size in bytes;
 *   4. a second, fresh node: POST /register_with the first node (returns once the chain is validated
 *      and adopted), then its tip is compared with the first node's          phases/chain-and-sync.ts
 *   5. peak RSS (VmHWM) of both node processes                               phases/open-election.ts
 *   6. the verifier on a sealed election's chain of BENCH_VERIFY_BALLOTS sealed ballots (and as many
 *      credential records), made beforehand as browsers and the authority would (the authority's keys read
 *      from the node's database): the chain is built through the gossip route and GET /mine, then
 *      dist/server/verifier/main.js --node is timed, and a fresh node catches the chain up  phases/verifier.ts
 *   7. a sealed election: BENCH_SEALED_BALLOTS sealed ballots one per request and as many gossiped, a
 *      fresh node catching the chain up (with /health timed), the verifier, and the decryption by two
 *      trustees                                                               phases/sealed.ts
 * and first, as a yardstick, a bare Express 5 server answering the same requests (bare_express_per_s,
 * phases/yardstick.ts). Nodes and verifier run from a copy of dist/server made at start, so a rebuild
 * meanwhile cannot disturb a run. Prints ONE JSON line on stdout; progress goes to stderr. Exit 0 when
 * every step worked (targets missed are listed in "targets_missed"; add --strict to exit 3 on a miss),
 * 1 on failure, 130 when interrupted. The options (environment variables) are in lib/config.ts and README.md.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../server/common/paths';
import { killStragglers } from '../test/cluster/harness/node-process';
import { freePort } from '../test/support/ports';
import { BenchNode } from './lib/bench-node';
import {
  BALLOTS,
  CLIENTS,
  CPU_PROF_DIR,
  DIFFICULTY,
  KEEP_LOGS,
  RETIRED_OPTIONS,
  SEALED_BALLOTS,
  SKIP_OPEN,
  STRICT,
  TARGETS,
  VERIFY_BALLOTS,
} from './lib/config';
import { agent } from './lib/load';
import { type Fields, log, round } from './lib/report';
import type { RunContext } from './lib/run-context';
import { built, type Built, DIST, snapshotDist } from './lib/snapshot';
import { openElectionPhase } from './phases/open-election';
import { sealedPhase } from './phases/sealed';
import { verifyPhase } from './phases/verifier';

/** The targets the result misses, and the errors it reports. */
function missedTargets(result: Fields): string[] {
  const missed = Object.entries(TARGETS)
    .filter(([k, t]) => {
      const figure = result[k];
      // A target whose figure was not measured (a skipped step) is neither met nor missed.
      if (typeof figure !== 'number') return false;
      return (t.min !== undefined && figure < t.min) || (t.max !== undefined && figure > t.max);
    })
    .map(([k]) => k);
  const positive = (k: string) => typeof result[k] === 'number' && result[k] > 0;
  if (positive('ingest_errors')) missed.push('ingest_errors');
  if (positive('sealed_ingest_errors')) missed.push('sealed_ingest_errors');
  if (positive('sealed_gossip_errors')) missed.push('sealed_gossip_errors');
  if (typeof result['sealed_verify_ms'] === 'number' && result['sealed_verify_exit_code'] !== 0) missed.push('sealed_verify_exit_code');
  if (typeof result['verify_100k_ms'] === 'number' && result['verify_exit_code'] !== 0) missed.push('verify_exit_code');
  if (result['verify_counts_ok'] === false) missed.push('verify_counts_ok');
  return missed;
}

async function main(): Promise<number> {
  const mainJs = built(DIST).main;
  if (!existsSync(mainJs)) throw new Error(`${relative(PROJECT_ROOT, mainJs)} is missing: build the server first (npm run build:server)`);
  if (CPU_PROF_DIR) mkdirSync(CPU_PROF_DIR, { recursive: true });

  const benchStart = performance.now();
  for (const name of RETIRED_OPTIONS) log(`note: ${name} is no longer read: a secret election's ballots are sealed (BENCH_SEALED_BALLOTS)`);
  const loadAtStart = round(loadavg()[0], 2);
  if (loadAtStart > 1) log(`note: load average ${loadAtStart} on ${cpus().length} CPUs before starting: figures will be noisy`);
  const tmp = mkdtempSync(join(tmpdir(), 'ballotchain-bench-'));
  let snapshot: Built;
  try {
    snapshot = snapshotDist(tmp);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const abort = new AbortController();
  const nodes: BenchNode[] = [];
  const run: RunContext = {
    tmp,
    built: snapshot,
    signal: abort.signal,
    startNode: async (name, electionFile, healthTimeoutMs, env = {}) => {
      if (abort.signal.aborted) throw new Error('the benchmark is stopping');
      const node = new BenchNode(name, await freePort(), join(tmp, name), electionFile, snapshot.main);
      for (const [key, value] of Object.entries(env)) node.setEnv(key, value);
      nodes.push(node);
      await node.start(healthTimeoutMs);
      return node;
    },
  };

  let cleaning: Promise<void> | null = null;
  // Our keep-alive sockets go first (a node waits for open connections when it closes), then the nodes,
  // newest first (the second node holds connections to the first), then whatever else still runs (the
  // verifier, when interrupted), then the temporary folder.
  const cleanup = () =>
    (cleaning ??= (async () => {
      agent.destroy();
      for (const n of [...nodes].reverse()) await n.stop().catch(() => undefined);
      killStragglers();
      if (KEEP_LOGS) for (const n of nodes) log(`--- ${n.name} (pid ${n.lastProcessId}) log tail ---\n${n.logTail(Infinity)}`);
      rmSync(tmp, { recursive: true, force: true });
    })());
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: stopping`);
    abort.abort();
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // 1-5. the open election
    const result: Fields = SKIP_OPEN ? {} : await openElectionPhase(run);
    if (SKIP_OPEN) log('open election: skipped (BENCH_SKIP_OPEN=1)');

    // 6. the verifier on a chain of VERIFY_BALLOTS sealed ballots
    if (VERIFY_BALLOTS > 0) Object.assign(result, await verifyPhase(run));
    else log('verify: skipped (BENCH_VERIFY_BALLOTS=0)');

    // 7. a sealed election: ingest, gossip, catch-up, verifier, decryption
    if (SEALED_BALLOTS > 0) Object.assign(result, await sealedPhase(run));
    else log('sealed: skipped (BENCH_SEALED_BALLOTS=0)');

    Object.assign(result, {
      ballots: BALLOTS,
      clients: CLIENTS,
      difficulty: DIFFICULTY,
      node: process.version,
      cpus: cpus().length,
      loadavg_1m_at_start: loadAtStart,
      bench_ms: round(performance.now() - benchStart),
    });
    result['targets_missed'] = missedTargets(result);
    const unmeasured = Object.keys(TARGETS).filter((k) => result[k] === null);
    if (unmeasured.length > 0) result['targets_unmeasured'] = unmeasured;
    if (abort.signal.aborted) throw new Error('interrupted');
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return STRICT && (result['targets_missed'] as string[]).length > 0 ? 3 : 0;
  } catch (e) {
    if (abort.signal.aborted) return 130; // onSignal cleans up and exits
    log(`FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    for (const n of nodes) log(`--- ${n.name} (pid ${n.lastProcessId}) last log lines ---\n${n.logTail(30)}`);
    return 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(`FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
