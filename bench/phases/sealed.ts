/*
 * Step 7: a sealed election (3 parties, 2 of 3 trustees), its ceremony through the API. BENCH_SEALED_BALLOTS
 * sealed ballots one per request on POST /api/sealed-ballots (each proof checked before its 201), as many
 * again gossiped in batches; the chain mined; a fresh node catching it up while /health is timed; the
 * verifier on it; GET /chain of it unpaged, with the node's memory meanwhile; then the close, two trustees'
 * partial decryptions (each verifies the whole chain itself, as the trustee tool does) and the first
 * GET /api/results after them, which combines and recovers the counts.
 */
import type { ElectionInfo, MineResult, ResultsResponse } from '../../api/http';
import { dirname, join } from 'node:path';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { runBuiltTool } from '../../test/cluster/harness/node-process';
import { readRoll } from '../lib/authority-db';
import { CLIENTS, GEN_THREADS, GOSSIP_BATCH, GOSSIP_SENDERS, SEALED_BALLOTS, VERIFY_BATCH } from '../lib/config';
import { gossip } from '../lib/gossip';
import { ingest } from '../lib/ingest';
import { expectStatus, via } from '../lib/load';
import { type Fields, log, round } from '../lib/report';
import type { RunContext } from '../lib/run-context';
import { makeTransactions, SEALED_THRESHOLD, startSealedNode } from '../lib/sealed-election';
import { catchUpPhase } from './catch-up';
import { streamWholeChain } from './chain-stream';
import { mineEverything, timeVerifier } from './verifier';

const prefixed = (prefix: string, fields: Fields): Fields =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v]));

export async function sealedPhase(run: RunContext): Promise<Fields> {
  const n = SEALED_BALLOTS;
  const group = await libsodiumGroup();
  const sealedNode = await startSealedNode(run, group, 'sealed', 'Z', 2 * n);
  const { node, electionId, trusteeFiles: trustees, ceremonyMs } = sealedNode;
  const roll = readRoll(node.dataDir);
  log(`sealed: making ${2 * n} credential records and ${2 * n} sealed ballots on ${GEN_THREADS} threads…`);
  const prep = await makeTransactions(run, sealedNode, 'making sealed ballots', async (f) => ({
    records: await f.records(roll),
    own: await f.sealedBallots(n),
    gossiped: await f.sealedBallots(n, { offset: n }),
  }));
  log(`sealed: made in ${round(prep.ms)} ms (${round((prep.ms * GEN_THREADS * 1000) / (4 * n), 0)} µs of a thread per transaction)`);
  const records = await gossip(node, prep.out.records, VERIFY_BATCH, GOSSIP_SENDERS, run.signal);
  if (records.accepted !== 2 * n) throw new Error(`sealed: ${records.accepted} of ${2 * n} credential records accepted`);

  log(`sealed ingest: ${n} ballots on POST /api/sealed-ballots from ${CLIENTS} clients…`);
  const ing = await ingest(
    node,
    run.signal,
    prep.out.own.map((t) => Buffer.from(t)),
    '/api/sealed-ballots',
  );
  log(
    `sealed ingest: ${ing.accepted} × 201 in ${round(ing.wallMs)} ms = ${round(ing.perSecond)} ballots/s (p50 ${round(ing.p50, 1)} ms, ` +
      `p99 ${round(ing.p99, 1)} ms; node ${round(ing.nodeCpuPct)}% of a core (its proof workers included), ${round(ing.nodeCpuUsPerBallot, 0)} µs/ballot; ` +
      `load generator ${round(ing.loadgenCpuPct)}%, rest ${round(ing.otherCpuPct)}%)`,
  );
  await node.cutProfile('ingest');
  log(`sealed gossip: ${n} ballots in batches of ${GOSSIP_BATCH} from ${GOSSIP_SENDERS} senders…`);
  const gos = await gossip(node, prep.out.gossiped, GOSSIP_BATCH, GOSSIP_SENDERS, run.signal);
  log(
    `sealed gossip: ${gos.accepted} accepted (${gos.rejected} rejected) in ${round(gos.wallMs)} ms = ${round(gos.perSecond)} ballots/s ` +
      `(node ${round(gos.nodeCpuPct)}% of a core, ${round(gos.nodeCpuUsPerTx, 0)} µs/ballot; rest ${round(gos.otherCpuPct)}%)`,
  );
  await node.cutProfile('gossip');
  prep.out.own.length = 0;
  prep.out.gossiped.length = 0;
  prep.out.records.length = 0;

  const tMine = performance.now();
  const blocks = await mineEverything(node, tMine, 4 * n);
  const mineMs = performance.now() - tMine;
  await node.cutProfile('mine');
  const info = (await node.get<ElectionInfo>('/api/election', via())).body;
  log(`sealed: ${info.ballots_cast} ballots on chain in ${blocks} blocks, mined in ${round(mineMs)} ms`);

  const caughtUp = prefixed('sealed_', await catchUpPhase(run, node, info.ballots_cast, 'sealed-join'));
  const verified = await timeVerifier(run, node.url, electionId);
  log(`sealed verify: exit ${verified.code} in ${round(verified.ms)} ms for ${info.ballots_cast} sealed ballots`);
  const streamed = await streamWholeChain(node);

  const close = await node.admin('POST', '/api/admin/close', undefined, via(120_000));
  expectStatus(close, 200, 'POST /api/admin/close');
  // The trustee tool as a trustee runs it (the built one, from the benchmark's copy of dist/server).
  const trusteeMain = join(dirname(run.built.verifier), '..', 'trustee', 'main.js');
  const decryptMs: number[] = [];
  for (const file of trustees.slice(0, SEALED_THRESHOLD)) {
    const t0 = performance.now();
    const tool = await runBuiltTool(trusteeMain, ['decrypt', '--key', file, '--node', node.url], { timeoutMs: 1_800_000 });
    decryptMs.push(performance.now() - t0);
    if (tool.code !== 0) throw new Error(`sealed: the trustee tool failed: ${tool.stderr.slice(0, 500)}`);
    const mined = await node.admin<MineResult>('GET', '/mine', undefined, via(60_000));
    expectStatus(mined, 200, 'GET /mine');
  }
  const tResult = performance.now();
  const results = await node.get<ResultsResponse>('/api/results', via(60_000));
  const resultMs = performance.now() - tResult;
  expectStatus(results, 200, 'GET /api/results');
  const counted = results.body.tally.reduce((sum, t) => sum + t.votes, 0);
  log(
    `sealed decryption: the trustee tool verified the chain and decrypted in ${decryptMs.map((m) => round(m)).join(' and ')} ms; ` +
      `the node combined them and recovered the counts in ${round(resultMs)} ms (first GET /api/results): ${JSON.stringify(results.body.tally)}`,
  );
  if (results.body.sealed?.state !== 'decrypted' || counted !== info.ballots_cast) {
    throw new Error(`sealed: the result is ${JSON.stringify(results.body.sealed)}, counting ${counted} of ${info.ballots_cast} ballots`);
  }
  const peak = await node.finish();
  return {
    sealed_ballots: n,
    sealed_ceremony_ms: round(ceremonyMs),
    sealed_prep_ms: round(prep.ms),
    sealed_ingest_ballots_per_s: round(ing.perSecond),
    sealed_ingest_errors: ing.errors,
    sealed_ingest_p50_ms: round(ing.p50, 1),
    sealed_ingest_p99_ms: round(ing.p99, 1),
    sealed_node_cpu_pct_ingest: round(ing.nodeCpuPct),
    sealed_node_cpu_us_per_ballot: round(ing.nodeCpuUsPerBallot, 0),
    sealed_loadgen_cpu_pct: round(ing.loadgenCpuPct),
    sealed_gossip_ballots_per_s: round(gos.perSecond),
    sealed_gossip_errors: n - gos.accepted,
    sealed_gossip_node_cpu_us_per_ballot: round(gos.nodeCpuUsPerTx, 0),
    sealed_chain_ballots: info.ballots_cast,
    sealed_mine_ms: round(mineMs),
    ...caughtUp,
    sealed_verify_ms: round(verified.ms),
    sealed_verify_exit_code: verified.code,
    sealed_verify_ms_per_ballot: round(verified.ms / Math.max(1, info.ballots_cast), 3),
    sealed_chain_stream_bytes: streamed.bytes,
    sealed_chain_stream_ms: round(streamed.ms),
    sealed_chain_stream_rss_before_mb: round(streamed.rssBeforeMb),
    sealed_chain_stream_rss_growth_mb: round(streamed.rssGrowthMb, 1),
    sealed_trustee_decrypt_ms: decryptMs.map((m) => round(m)),
    sealed_tally_decrypt_ms: round(resultMs),
    sealed_node_peak_rss_mb: round(peak),
  };
}
