/*
 * Step 6: a sealed election's chain of VERIFY_BALLOTS credential records and as many sealed ballots, built
 * through the gossip route and GET /mine (setup, timed but without a target), then the verifier on it (timed).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ElectionInfo, MineResult } from '../../api/http';
import { PROJECT_ROOT } from '../../server/common/paths';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { runVerifier } from '../../test/cluster/harness/node-process';
import type { VerificationReport } from '../../verifier/verify-chain';
import { readRoll } from '../lib/authority-db';
import type { BenchNode } from '../lib/bench-node';
import { CPU_PROF_DIR, GEN_THREADS, GOSSIP_BATCH, GOSSIP_SENDERS, VERIFIER_ARGS, VERIFY_BALLOTS, VERIFY_BATCH } from '../lib/config';
import { gossip } from '../lib/gossip';
import { expectStatus, via } from '../lib/load';
import { CLK_TCK, cpuWindow, procCpuTicks, procMemoryMb } from '../lib/machine';
import { type Fields, log, round } from '../lib/report';
import type { RunContext } from '../lib/run-context';
import { makeTransactions, startSealedNode } from '../lib/sealed-election';
import { built, DIST } from '../lib/snapshot';
import { catchUpPhase } from './catch-up';
import { streamUnderHeapCap, streamWholeChain } from './chain-stream';

/** Far beyond the target (20 s): only a verifier that hangs is stopped. */
const VERIFIER_TIMEOUT_MS = 30 * 60_000;

interface TimedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  report: VerificationReport | null;
  stdout: string;
  stderr: string;
  /** Sampled from /proc every 100 ms, so slightly low. */
  peakRssMb: number;
  cpuMs: number;
}

/** The verifier against `url`: its exit status, wall time, output, and (sampled) peak RSS and CPU time. */
export async function timeVerifier(run: RunContext, url: string, electionId: string): Promise<TimedRun> {
  // With BENCH_CPU_PROF, V8 writes one profile per thread (main, signature workers) at exit into <dir>/verifier/.
  const prof = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${join(CPU_PROF_DIR, 'verifier')}`] : [];
  let peakMb = 0;
  let cpuTicks = 0;
  let sampler: NodeJS.Timeout | undefined;
  const sample = (pid: number) => {
    try {
      cpuTicks = procCpuTicks(pid);
      peakMb = Math.max(peakMb, procMemoryMb(pid).peak);
    } catch {
      // exited between two samples
    }
  };
  const t0 = performance.now();
  const result = await runVerifier(['--node', url, '--election', electionId, '--json', ...VERIFIER_ARGS], {
    main: run.built.verifier,
    nodeArgs: prof,
    timeoutMs: VERIFIER_TIMEOUT_MS,
    onSpawn: (pid) => (sampler = setInterval(() => sample(pid), 100)),
  }).finally(() => clearInterval(sampler));
  const ms = performance.now() - t0;
  if (run.signal.aborted) throw new Error('the benchmark is stopping');
  let report: VerificationReport | null = null;
  try {
    report = JSON.parse(result.stdout) as VerificationReport;
  } catch {
    // not JSON: kept as text
  }
  return { ...result, ms, report, peakRssMb: peakMb, cpuMs: (cpuTicks * 1000) / CLK_TCK };
}

/** GET /mine until the pool is empty (`transactions` of them); returns the number of blocks. */
export async function mineEverything(node: BenchNode, t0: number, transactions = 2 * VERIFY_BALLOTS): Promise<number> {
  let blocks = 0;
  for (;;) {
    const mine = await node.admin<MineResult>('GET', '/mine', undefined, via(600_000));
    expectStatus(mine, 200, 'GET /mine');
    if (!mine.body?.mined) return blocks;
    blocks++;
    log(`verify: block #${mine.body.index} with ${mine.body.ballots} transactions (${round(performance.now() - t0)} ms so far)`);
    if (blocks > transactions / 10_000 + 10) throw new Error(`GET /mine keeps mining: ${blocks} blocks for ${transactions} transactions`);
  }
}

export async function verifyPhase(run: RunContext): Promise<Fields> {
  const verifierName = relative(PROJECT_ROOT, built(DIST).verifier);
  if (!existsSync(run.built.verifier)) {
    const why = `${verifierName} does not exist (the verifier is not built): the verifier step is skipped`;
    log(`verify: SKIPPED — ${why}`);
    return { verify_100k_ms: null, verify_exit_code: null, verify_ballots: VERIFY_BALLOTS, verify_skipped: why };
  }
  const t0 = performance.now();
  const sealedNode = await startSealedNode(run, await libsodiumGroup(), 'verify', 'V', VERIFY_BALLOTS);
  const { node, electionId, startMs } = sealedNode;
  const roll = readRoll(node.dataDir);
  if (roll.length !== VERIFY_BALLOTS) throw new Error(`the authority's roll has ${roll.length} voters, expected ${VERIFY_BALLOTS}`);
  log(`verify: making ${VERIFY_BALLOTS} credential records and ${VERIFY_BALLOTS} sealed ballots on ${GEN_THREADS} threads…`);
  const prep = await makeTransactions(run, sealedNode, 'making the verifier’s chain', async (factory) => ({
    records: await factory.records(roll),
    ballots: await factory.sealedBallots(VERIFY_BALLOTS),
  }));
  roll.length = 0;
  log(`verify: made in ${round(prep.ms)} ms`);

  const feed = async (what: string, txs: string[], batch: number) => {
    const g = await gossip(node, txs, batch, GOSSIP_SENDERS, run.signal);
    if (g.accepted !== txs.length)
      throw new Error(`gossip of ${txs.length} ${what}: ${g.accepted} accepted, ${g.known} known, ${g.rejected} rejected`);
    log(
      `verify: ${txs.length} ${what} gossiped in ${round(g.wallMs)} ms (${round(g.perSecond)}/s, ${round(g.bytes / 1e6)} MB; ` +
        `node ${round(g.nodeCpuUsPerTx, 0)} µs CPU each; rest of the machine ${round(g.otherCpuPct)}%)`,
    );
    return g;
  };
  const tFeed = performance.now();
  // Records first: a block may hold no more ballots than credentials recorded before them. Sealed ballots go
  // in smaller batches, as in the sealed step: each one's proofs are checked before the answer.
  const fedRecords = await feed('credential records', prep.out.records, VERIFY_BATCH);
  const fedBallots = await feed('sealed ballots', prep.out.ballots, GOSSIP_BATCH);
  const feedMs = performance.now() - tFeed;
  // Hundreds of MB of JSON texts: let them go before the verifier runs.
  prep.out.records.length = 0;
  prep.out.ballots.length = 0;
  await node.cutProfile('verify-feed');

  const tMine = performance.now();
  const blocks = await mineEverything(node, tMine);
  const mineMs = performance.now() - tMine;
  await node.cutProfile('verify-mine');
  const info = await node.get<ElectionInfo>('/api/election', via());
  expectStatus(info, 200, 'GET /api/election');
  if (info.body.pending !== 0 || info.body.ballots_cast !== VERIFY_BALLOTS || info.body.credentials_issued !== VERIFY_BALLOTS) {
    throw new Error(
      `the chain should hold ${VERIFY_BALLOTS} ballots and credentials, nothing pending: ballots_cast ${info.body.ballots_cast}, ` +
        `credentials_issued ${info.body.credentials_issued}, pending ${info.body.pending}`,
    );
  }
  const buildMs = performance.now() - t0;
  log(`verify: chain of ${blocks} blocks (height ${info.body.height}) mined in ${round(mineMs)} ms; whole setup ${round(buildMs)} ms`);

  const base: Fields = {
    verify_ballots: VERIFY_BALLOTS,
    verify_chain_build_ms: round(buildMs),
    verify_node_start_ms: round(startMs),
    verify_prep_ms: round(prep.ms),
    verify_feed_ms: round(feedMs),
    verify_feed_tx_per_s: round(((fedRecords.accepted + fedBallots.accepted) / feedMs) * 1000),
    verify_mine_ms: round(mineMs),
    verify_blocks: blocks,
    verify_tx_mb: round((fedRecords.bytes + fedBallots.bytes) / 1e6),
  };
  log(`verify: node ${verifierName} --node ${node.url} ${VERIFIER_ARGS.join(' ')}…`);
  const cpu = cpuWindow(node);
  const verified = await timeVerifier(run, node.url, electionId);
  const { nodeCpuMs, busyMs } = cpu();
  // What neither the verifier nor the node used (other processes); the verifier's CPU is sampled, so this is an upper bound.
  const otherCpuPct = (Math.max(0, busyMs - nodeCpuMs - verified.cpuMs) / verified.ms) * 100;
  await node.cutProfile('verify-verifier');
  const summary = verified.report?.summary;
  const problems = verified.report?.problems ?? [];
  log(
    `verify: exit ${verified.code ?? verified.signal} in ${round(verified.ms)} ms (verifier CPU ≈ ${round(verified.cpuMs)} ms, peak RSS ≈ ${round(verified.peakRssMb)} MB; ` +
      `node serving the chain: ${round(nodeCpuMs)} ms CPU; rest of the machine ≤ ${round(otherCpuPct)}%); ${summary ? `${summary.ballots} ballots, ${summary.credentials_issued} credentials` : 'no summary'}` +
      `${problems.length ? `; ${problems.length} problems` : ''}`,
  );
  if (verified.code !== 0) {
    log(`verifier stderr tail:\n${verified.stderr.split('\n').slice(-20).join('\n')}`);
    log(`verifier stdout (start):\n${verified.stdout.slice(0, 2000)}`);
  }
  const streamed = await streamWholeChain(node);
  const caughtUp = await catchUpPhase(run, node, VERIFY_BALLOTS);
  const peak = await node.finish();
  const capped = await streamUnderHeapCap(node, streamed.bytes);
  const result: Fields = {
    verify_100k_ms: round(verified.ms),
    verify_exit_code: verified.code,
    ...base,
    verify_counts_ok: summary ? summary.ballots === VERIFY_BALLOTS && summary.credentials_issued === VERIFY_BALLOTS : false,
    verifier_cpu_ms: round(verified.cpuMs),
    verifier_peak_rss_mb: round(verified.peakRssMb),
    verify_node_cpu_ms: round(nodeCpuMs),
    verify_other_cpu_pct: round(otherCpuPct),
    verify_node_peak_rss_mb: round(peak),
    chain_stream_bytes: streamed.bytes,
    chain_stream_ms: round(streamed.ms),
    chain_stream_rss_before_mb: round(streamed.rssBeforeMb),
    chain_stream_rss_growth_mb: round(streamed.rssGrowthMb, 1),
    chain_stream_heap_cap_mb: capped.heapCapMb,
    chain_stream_capped_passes_whole: capped.passesWhole,
    chain_stream_capped_rss_growth_mb: round(capped.rssGrowthMb, 1),
    ...caughtUp,
  };
  if (problems.length) result['verify_problem_samples'] = problems.slice(0, 3);
  return result;
}
