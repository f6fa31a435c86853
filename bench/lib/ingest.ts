/* Closed-loop ingest of prepared bodies: throughput, latency, and the CPU of the node and of the rest. */
import type { RawResult } from '../../test/cluster/harness/http';
import type { BenchNode } from './bench-node';
import { BALLOTS, CLIENTS, PARTIES, WARMUP } from './config';
import { closedLoop } from './load';
import { cpuWindow } from './machine';
import { log, percentile } from './report';

/** Bodies are serialised before the clock starts, so the load generator only sends bytes. */
export function ballotBodies(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) =>
    Buffer.from(JSON.stringify({ voter_id: `BENCH-${String(i).padStart(6, '0')}`, party: PARTIES[i % PARTIES.length] })),
  );
}

const counts = (statuses: Map<number, number>) => [...statuses].map(([s, n]) => `${n}×${s}`).join(', ');

/**
 * Requests that run the whole HTTP/validation path and are refused (422) before reaching the pool, so the
 * measured pool stays exact: well-formed open ballots for an unknown party.
 */
export async function warmUp(node: BenchNode, signal: AbortSignal): Promise<void> {
  if (WARMUP === 0) return;
  const sent = Array.from({ length: WARMUP }, (_, i) => Buffer.from(JSON.stringify({ voter_id: `WARM-${i}`, party: 'No such party' })));
  const statuses = new Map<number, number>();
  await closedLoop(
    `${node.url}/new_transaction`,
    sent,
    CLIENTS,
    (_, r) => statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1),
    signal,
  );
  if (statuses.has(201)) throw new Error('warm-up ballots were admitted: the election accepts an unknown party?');
  if ([...statuses.keys()].some((s) => s === 0 || s >= 500)) {
    throw new Error(`warm-up requests failed (${counts(statuses)}); node exited: ${JSON.stringify(node.exitStatus)}`);
  }
  log(`warm-up: ${sent.length} rejected ballots (${counts(statuses)})`);
}

export interface Ingest {
  accepted: number;
  errors: number;
  errorSamples: string[];
  wallMs: number;
  perSecond: number;
  /** Latency of the 201s; 0 when there was none. */
  p50: number;
  p99: number;
  loadgenCpuPct: number;
  nodeCpuPct: number;
  /** 0 when nothing was admitted. */
  nodeCpuUsPerBallot: number;
  otherCpuPct: number;
  iowaitPct: number;
}

/** Closed-loop ingest of prepared `bodies` on `urlPath`: throughput, latency, CPU of the node and the rest. */
export async function ingest(
  node: BenchNode,
  signal: AbortSignal,
  bodies = ballotBodies(BALLOTS),
  urlPath = '/new_transaction',
): Promise<Ingest> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let accepted = 0;
  const cpu = cpuWindow(node);
  await closedLoop(
    node.url + urlPath,
    bodies,
    CLIENTS,
    (_, r: RawResult) => {
      if (r.status === 201) {
        accepted++;
        latencies.push(r.ms);
      } else {
        const key = `${r.status} ${r.bytes.toString('utf8').slice(0, 160)}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    },
    signal,
  );
  const { wallMs, nodeCpuMs, selfMs, busyMs, iowaitMs } = cpu();
  const errorCount = bodies.length - accepted;
  if (errorCount > 0) {
    log(`ingest errors: ${errorCount}`);
    for (const [k, n] of [...errors].slice(0, 5)) log(`  ${n}× ${k}`);
  }
  latencies.sort((a, b) => a - b);
  return {
    accepted,
    errors: errorCount,
    errorSamples: [...errors.keys()].slice(0, 3),
    wallMs,
    perSecond: (accepted / wallMs) * 1000,
    p50: latencies.length ? percentile(latencies, 50) : 0,
    p99: latencies.length ? percentile(latencies, 99) : 0,
    loadgenCpuPct: (selfMs / wallMs) * 100,
    nodeCpuPct: (nodeCpuMs / wallMs) * 100,
    nodeCpuUsPerBallot: accepted > 0 ? (nodeCpuMs * 1000) / accepted : 0,
    // Everything else the machine ran meanwhile (other processes, kernel), in % of one core.
    otherCpuPct: (Math.max(0, busyMs - nodeCpuMs - selfMs) / wallMs) * 100,
    iowaitPct: (iowaitMs / wallMs) * 100,
  };
}
