/*
 * GET /chain of a long chain, unpaged. The node streams it one block at a time (ADRs 0014 and 0019), so its
 * memory should grow by about a block while it answers, not by the size of the answer. The body is read
 * here as it comes and only counted, and the node's resident set is sampled every 20 ms meanwhile.
 *
 * The resident set alone cannot tell memory held from garbage the collector has not reclaimed yet, so the
 * node is then restarted with its JavaScript heap capped far below the answer's size, and answers it
 * several times in a row: a node that held the answer, or a growing part of it, would run out of heap.
 */
import { get } from 'node:http';
import type { BenchNode } from '../lib/bench-node';
import { STREAM_HEAP_MB, STREAM_PASSES } from '../lib/config';
import { log, round } from '../lib/report';

const SAMPLE_MS = 20;
/** How much the `peers` at the end of an answer may add or take, between two answers of the same chain. */
const PEER_LIST_SLACK_BYTES = 4096;

export interface ChainStream {
  ms: number;
  bytes: number;
  rssBeforeMb: number;
  /** The largest resident set sampled while the answer was streamed, above the one before it. */
  rssGrowthMb: number;
}

export async function streamWholeChain(node: BenchNode): Promise<ChainStream> {
  const rssBeforeMb = node.rssMb();
  let rssMaxMb = rssBeforeMb;
  const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, node.rssMb())), SAMPLE_MS);
  const t0 = performance.now();
  try {
    const bytes = await new Promise<number>((resolve, reject) => {
      const req = get(`${node.url}/chain`, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET /chain answered ${res.statusCode}`));
          return;
        }
        let count = 0;
        res.on('data', (chunk: Buffer) => (count += chunk.length));
        res.on('end', () => resolve(count));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    const ms = performance.now() - t0;
    const stream = { ms, bytes, rssBeforeMb, rssGrowthMb: Math.max(0, rssMaxMb - rssBeforeMb) };
    log(
      `GET /chain, unpaged: ${round(bytes / 1e6, 1)} MB in ${round(ms)} ms; node RSS ${round(rssBeforeMb)} MB before, ` +
        `at most ${round(stream.rssGrowthMb, 1)} MB more meanwhile`,
    );
    return stream;
  } finally {
    clearInterval(sampler);
  }
}

export interface CappedChainStream {
  heapCapMb: number;
  /** Passes that brought the whole answer while the node kept running. */
  passesWhole: number;
  /** The largest rise of the resident set in any pass. */
  rssGrowthMb: number;
}

/**
 * Restarts `node` (on its data dir) with `--max-old-space-size=STREAM_HEAP_MB` and streams its whole chain
 * STREAM_PASSES times, counting the passes that brought `bytes` while the node stayed up. Leaves it stopped.
 */
export async function streamUnderHeapCap(node: BenchNode, bytes: number): Promise<CappedChainStream> {
  await node.stop();
  node.setEnv('NODE_OPTIONS', `--max-old-space-size=${STREAM_HEAP_MB}`);
  try {
    await node.start(300_000);
  } catch (e) {
    // A cap below what the node needs at rest says nothing of streaming: raise BENCH_STREAM_HEAP_MB.
    log(`a node with a ${STREAM_HEAP_MB} MB heap did not start: ${e instanceof Error ? e.message : String(e)}`);
    return { heapCapMb: STREAM_HEAP_MB, passesWhole: 0, rssGrowthMb: 0 };
  }
  let passesWhole = 0;
  let rssGrowthMb = 0;
  try {
    for (let pass = 1; pass <= STREAM_PASSES; pass++) {
      const streamed = await streamWholeChain(node).catch((e: unknown) => {
        log(`GET /chain under a ${STREAM_HEAP_MB} MB heap, pass ${pass}: ${e instanceof Error ? e.message : String(e)}`);
        return null;
      });
      // The same chain; only the peers listed after it may differ (the joining node registered meanwhile).
      if (!streamed || Math.abs(streamed.bytes - bytes) > PEER_LIST_SLACK_BYTES || !node.running) break;
      passesWhole++;
      rssGrowthMb = Math.max(rssGrowthMb, streamed.rssGrowthMb);
    }
  } finally {
    log(
      `GET /chain under a ${STREAM_HEAP_MB} MB heap: ${passesWhole} of ${STREAM_PASSES} passes whole; node ${node.running ? 'running' : `exited (${node.exitStatus})`}`,
    );
    await node.stop();
  }
  return { heapCapMb: STREAM_HEAP_MB, passesWhole, rssGrowthMb };
}
