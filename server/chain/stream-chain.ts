import type { Response } from 'express';
import type { ChainService } from './chain.service';

/**
 * A client that takes nothing of the answer for this long is cut off: it would otherwise hold its connection
 * and the snapshot of the chain for as long as it likes (Node's request timeout covers only the request).
 */
export const STALLED_ANSWER_TIMEOUT_MS = 30_000;

/** Resolves once the client has taken what was written, or has gone, or has been cut off for stalling. */
function drained(res: Response, stallMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(() => {
      res.destroy();
      done();
    }, stallMs);
    res.once('drain', done);
    res.once('close', done);
  });
}

/**
 * Answers with a JSON document that holds the main chain, streamed: `head(length)`, then the blocks of the
 * chain as it was when the request came (a snapshot of hashes: a reorganisation meanwhile changes nothing
 * in the answer), one at a time, waiting whenever the client reads slower than the node writes, then
 * `tail`. A node's memory holds one block of it at a time, however long the chain (see ADRs 0014 and 0019).
 */
export async function streamMainChain(
  chain: ChainService,
  res: Response,
  range: { from: number; limit?: number },
  head: (length: number) => string,
  tail: string,
  stallMs = STALLED_ANSWER_TIMEOUT_MS,
): Promise<void> {
  const { length, hashes } = chain.mainChainSnapshot(range.from, range.limit);
  res.status(200).type('application/json');
  res.write(`${head(length)}[`);
  for (const [i, hash] of hashes.entries()) {
    if (res.destroyed) return;
    // The separator is written on its own: prefixing it would copy the block's JSON (megabytes) once more.
    if (i > 0) res.write(',');
    if (!res.write(chain.blockJson(hash)!)) await drained(res, stallMs);
  }
  res.end(`]${tail}`);
}
