/* Step 6: secret ballots on POST /api/ballots (closed loop), then another set gossiped in batches. */
import { CLIENTS, GEN_THREADS, GOSSIP_BATCH, GOSSIP_SENDERS, SECRET_BALLOTS, SECRET_GOSSIP, WARMUP } from '../lib/config';
import { type Gossip, gossip } from '../lib/gossip';
import { ingest, warmUp } from '../lib/ingest';
import { type Fields, log, round } from '../lib/report';
import type { RunContext } from '../lib/run-context';
import { makeTransactions, startSecretNode } from '../lib/secret-election';
import { pendingOf } from './open-ingest';

export async function secretIngestPhase(run: RunContext): Promise<Fields> {
  const { node, electionId, keys } = await startSecretNode(run, 'secret', 'S', SECRET_BALLOTS);
  log(`secret: making ${SECRET_BALLOTS} + ${SECRET_GOSSIP} ballots and ${WARMUP} refused ones on ${GEN_THREADS} threads…`);
  const prep = await makeTransactions(run, { electionId, credentialKey: keys.credential }, 'making secret ballots', async (factory) => {
    const own = await factory.ballots(SECRET_BALLOTS, { offset: 0 });
    const gossiped = await factory.ballots(SECRET_GOSSIP, { offset: SECRET_BALLOTS });
    const refused = await factory.ballots(WARMUP, { tampered: true });
    return { own, gossiped, refused };
  });
  log(`secret: ${SECRET_BALLOTS + SECRET_GOSSIP + WARMUP} ballots made in ${round(prep.ms)} ms`);
  const toBuffers = (txs: string[]) => txs.map((t) => Buffer.from(t));

  await warmUp(node, run.signal, toBuffers(prep.out.refused), '/api/ballots');
  await node.cutProfile('secret-warmup');
  log(`secret ingest: ${SECRET_BALLOTS} ballots on POST /api/ballots from ${CLIENTS} clients…`);
  const ing = await ingest(node, run.signal, toBuffers(prep.out.own), '/api/ballots');
  await node.cutProfile('secret-ingest');
  log(
    `secret ingest: ${ing.accepted} × 201 in ${round(ing.wallMs)} ms = ${round(ing.perSecond)} ballots/s ` +
      `(p50 ${round(ing.p50, 2)} ms, p99 ${round(ing.p99, 2)} ms; node ${round(ing.nodeCpuPct)}% of a core, ${round(ing.nodeCpuUsPerBallot, 0)} µs/ballot; ` +
      `load generator ${round(ing.loadgenCpuPct)}%, rest of the machine ${round(ing.otherCpuPct)}%)`,
  );
  const afterIngest = await pendingOf(node);
  if (afterIngest !== ing.accepted)
    throw new Error(`secret pool holds ${afterIngest} transactions, ${ing.accepted} ballots were acknowledged`);

  let gos: Gossip | null = null;
  if (SECRET_GOSSIP > 0) {
    log(`secret gossip: ${SECRET_GOSSIP} ballots in batches of ${GOSSIP_BATCH} from ${GOSSIP_SENDERS} senders…`);
    gos = await gossip(node, prep.out.gossiped, GOSSIP_BATCH, GOSSIP_SENDERS, run.signal);
    await node.cutProfile('secret-gossip');
    log(
      `secret gossip: ${gos.accepted} accepted (${gos.known} known, ${gos.rejected} rejected) in ${round(gos.wallMs)} ms = ${round(gos.perSecond)} ballots/s ` +
        `(batch p50 ${round(gos.batchP50, 1)} ms, max ${round(gos.batchMax, 1)} ms; node ${round(gos.nodeCpuPct)}% of a core, ${round(gos.nodeCpuUsPerTx, 0)} µs/ballot; ` +
        `rest of the machine ${round(gos.otherCpuPct)}%)`,
    );
    const afterGossip = await pendingOf(node);
    if (afterGossip !== ing.accepted + gos.accepted)
      throw new Error(`secret pool holds ${afterGossip} transactions, expected ${ing.accepted + gos.accepted}`);
  }
  const peak = await node.finish();

  const result: Fields = {
    secret_ingest_ballots_per_s: round(ing.perSecond),
    secret_ingest_errors: ing.errors,
    secret_ingest_ms: round(ing.wallMs),
    secret_ingest_p50_ms: round(ing.p50, 2),
    secret_ingest_p99_ms: round(ing.p99, 2),
    secret_loadgen_cpu_pct: round(ing.loadgenCpuPct),
    secret_node_cpu_pct_ingest: round(ing.nodeCpuPct),
    secret_node_cpu_us_per_ballot: round(ing.nodeCpuUsPerBallot, 0),
    secret_other_cpu_pct_ingest: round(ing.otherCpuPct),
    secret_gossip_ballots_per_s: gos ? round(gos.perSecond) : null,
    secret_gossip_ms: gos ? round(gos.wallMs) : null,
    secret_gossip_errors: gos ? SECRET_GOSSIP - gos.accepted : null,
    secret_gossip_batch_p50_ms: gos ? round(gos.batchP50) : null,
    secret_gossip_batch_max_ms: gos ? round(gos.batchMax) : null,
    secret_gossip_node_cpu_pct: gos ? round(gos.nodeCpuPct) : null,
    secret_gossip_node_cpu_us_per_ballot: gos ? round(gos.nodeCpuUsPerTx, 0) : null,
    secret_other_cpu_pct_gossip: gos ? round(gos.otherCpuPct) : null,
    secret_prep_ms: round(prep.ms),
    secret_node_peak_rss_mb: round(peak),
    secret_ballots: SECRET_BALLOTS,
    secret_gossip_ballots: SECRET_GOSSIP,
    secret_gossip_batch: GOSSIP_BATCH,
    secret_gossip_senders: GOSSIP_SENDERS,
  };
  if (ing.errors > 0) result['secret_ingest_error_samples'] = ing.errorSamples;
  return result;
}
