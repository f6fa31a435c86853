/*
 * GET /chain of a long chain, unpaged. The node streams it one block at a time (ADRs 0014 and 0019), so its
 * memory should grow by about a block while it answers, not by the size of the answer. The body is read
 * here as it comes and only counted, and the node's resident set is sampled every 20 ms meanwhile.
 */
import { get } from 'node:http';
import type { BenchNode } from '../lib/bench-node';
import { log, round } from '../lib/report';

const SAMPLE_MS = 20;

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
