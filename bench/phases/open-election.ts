/* Steps 1-5: the open election (ingest, mine, GET /chain, sync to a second node, memory), after the yardstick. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIFFICULTY, PARTIES } from '../lib/config';
import { type Fields, log, round } from '../lib/report';
import type { RunContext } from '../lib/run-context';
import { readChain, syncSecondNode } from './chain-and-sync';
import { mineOpenPool } from './mining';
import { openIngest } from './open-ingest';
import { expressBaseline } from './yardstick';

export async function openElectionPhase(run: RunContext): Promise<Fields> {
  const electionFile = join(run.tmp, 'election.json');
  // No "voters": an open roll, any well-formed voter ID may vote.
  writeFileSync(electionFile, JSON.stringify({ title: 'Benchmark election', parties: PARTIES, difficulty: DIFFICULTY }));

  log('bare Express baseline…');
  const baseline = await expressBaseline(run.signal);
  log(`bare Express 5 with the same client: ${round(baseline)} requests/s`);

  const first = await run.startNode('node1', electionFile);
  log(`node1 pid ${first.pid} on ${first.url}`);
  await first.cutProfile('startup');

  // 1. ingest
  const ing = await openIngest(first, run.signal);
  // 2. mine
  const mine = await mineOpenPool(first, ing.accepted);
  // 3. GET /chain
  const chain = await readChain(first, mine.body.ballots);
  // 4. a fresh node joins and validates the chain
  const { second, ms: syncMs } = await syncSecondNode(run, first, electionFile);

  // 5. memory. Both open-election nodes are then done: stopped (the second first: it holds connections to
  // the first), so the sealed steps have the machine to themselves.
  const peak2 = await second.finish();
  const peak1 = await first.finish();

  const result: Fields = {
    ingest_ballots_per_s: round(ing.perSecond),
    ingest_errors: ing.errors,
    bare_express_per_s: round(baseline),
    ingest_ms: round(ing.wallMs),
    ingest_p50_ms: round(ing.p50, 2),
    ingest_p99_ms: round(ing.p99, 2),
    loadgen_cpu_pct: round(ing.loadgenCpuPct),
    node_cpu_pct_ingest: round(ing.nodeCpuPct),
    node_cpu_us_per_ballot: round(ing.nodeCpuUsPerBallot, 0),
    other_cpu_pct_ingest: round(ing.otherCpuPct),
    iowait_pct_ingest: round(ing.iowaitPct),
    mine_10k_ms: round(mine.ms),
    mine_ballots: mine.body.ballots,
    chain_get_ms: round(chain.ms, 2),
    chain_bytes: chain.bytes,
    sync_10k_ms: round(syncMs),
    peak_rss_mb: round(peak1),
    sync_node_peak_rss_mb: round(peak2),
  };
  if (ing.errors > 0) result['ingest_error_samples'] = ing.errorSamples;
  return result;
}
