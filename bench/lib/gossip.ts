import { httpRaw } from '../../test/cluster/harness/http';
import type { BenchNode } from './bench-node';
import { via } from './load';
import { cpuWindow } from './machine';
import { median } from './report';

export interface Gossip {
  accepted: number;
  known: number;
  rejected: number;
  batches: number;
  /** Bytes of JSON sent. */
  bytes: number;
  wallMs: number;
  perSecond: number;
  /** Latency of a batch; 0 when nothing was sent. */
  batchP50: number;
  batchMax: number;
  nodeCpuPct: number;
  /** 0 when nothing was accepted. */
  nodeCpuUsPerTx: number;
  otherCpuPct: number;
}

type Outcome = Pick<Gossip, 'accepted' | 'known' | 'rejected'>;

/**
 * POST /api/gossip/ballots of `txs` (JSON texts) in batches from `senders` concurrent loops. Every batch
 * must answer 200; the outcomes are summed. Bodies are assembled before the clock starts.
 */
export async function gossip(
  node: BenchNode,
  txs: readonly string[],
  batchSize: number,
  senders: number,
  signal: AbortSignal,
): Promise<Gossip> {
  const batches: Buffer[] = [];
  for (let i = 0; i < txs.length; i += batchSize) batches.push(Buffer.from(`{"ballots":[${txs.slice(i, i + batchSize).join(',')}]}`));
  const outcome: Outcome = { accepted: 0, known: 0, rejected: 0 };
  const latencies: number[] = [];
  const cpu = cpuWindow(node);
  let next = 0;
  // The first failed batch stops every sender.
  const failures: Error[] = [];
  const sender = async () => {
    while (next < batches.length && failures.length === 0 && !signal.aborted) {
      const i = next++;
      const res = await httpRaw('POST', `${node.url}/api/gossip/ballots`, batches[i], via(300_000)).catch((e: Error) => ({
        status: 0,
        bytes: Buffer.from(e.message),
        ms: 0,
      }));
      if (res.status !== 200) {
        failures.push(
          new Error(
            `POST /api/gossip/ballots (batch ${i + 1}/${batches.length}): HTTP ${res.status}: ${res.bytes.toString('utf8').slice(0, 300)}`,
          ),
        );
        return;
      }
      const answer = JSON.parse(res.bytes.toString('utf8')) as Partial<Outcome>;
      for (const k of ['accepted', 'known', 'rejected'] as const) outcome[k] += answer[k] ?? 0;
      latencies.push(res.ms);
    }
  };
  await Promise.all(Array.from({ length: Math.min(senders, batches.length) }, sender));
  if (failures.length > 0) throw failures[0];
  const { wallMs, nodeCpuMs, selfMs, busyMs } = cpu();
  latencies.sort((a, b) => a - b);
  return {
    ...outcome,
    otherCpuPct: (Math.max(0, busyMs - nodeCpuMs - selfMs) / wallMs) * 100,
    batches: batches.length,
    bytes: batches.reduce((n, b) => n + b.length, 0),
    wallMs,
    perSecond: (outcome.accepted / wallMs) * 1000,
    batchP50: latencies.length ? median(latencies) : 0,
    batchMax: latencies.length ? latencies[latencies.length - 1] : 0,
    nodeCpuPct: (nodeCpuMs / wallMs) * 100,
    nodeCpuUsPerTx: outcome.accepted > 0 ? (nodeCpuMs * 1000) / outcome.accepted : 0,
  };
}
