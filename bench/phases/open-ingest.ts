/* Step 1: BENCH_BALLOTS open ballots, distinct voter IDs, from BENCH_CLIENTS keep-alive clients. */
import type { NodeStatus } from '../../api/http';
import type { BenchNode } from '../lib/bench-node';
import { BALLOTS, CLIENTS } from '../lib/config';
import { type Ingest, ingest, warmUp } from '../lib/ingest';
import { expectStatus, via } from '../lib/load';
import { log, round } from '../lib/report';

/** The node's pool size (GET /api/status). */
export async function pendingOf(node: BenchNode): Promise<number> {
  const status = await node.get<NodeStatus>('/api/status', via());
  expectStatus(status, 200, 'GET /api/status');
  return status.body.pending;
}

/** Warm-up, then the measured ingest; the pool must then hold exactly the acknowledged ballots. */
export async function openIngest(node: BenchNode, signal: AbortSignal): Promise<Ingest> {
  await warmUp(node, signal);
  await node.cutProfile('warmup');
  log(`ingest: ${BALLOTS} ballots from ${CLIENTS} clients…`);
  const ing = await ingest(node, signal);
  await node.cutProfile('ingest');
  log(
    `ingest: ${ing.accepted} × 201 in ${round(ing.wallMs)} ms = ${round(ing.perSecond)} ballots/s ` +
      `(p50 ${round(ing.p50, 2)} ms, p99 ${round(ing.p99, 2)} ms; load generator ${round(ing.loadgenCpuPct)}% of a core, node ${round(ing.nodeCpuPct)}%, ` +
      `rest of the machine ${round(ing.otherCpuPct)}%, iowait ${round(ing.iowaitPct)}%)`,
  );
  const pending = await pendingOf(node);
  if (pending !== ing.accepted) throw new Error(`pool holds ${pending} ballots, ${ing.accepted} were acknowledged`);
  return ing;
}
