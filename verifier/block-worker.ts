import { parentPort, workerData } from 'node:worker_threads';
import type { Election } from '../protocol';
import { blockContext, checkBlock } from './block-check';
import type { BlockJobResult } from './block-pool';

/* A worker thread of the verifier: checks whole blocks on their own (shape, then rules), one message per block. */

const { election, now } = workerData as { election: Election; now: number };
const ctx = blockContext(election, now);
const port = parentPort;
if (!port) throw new Error('block-worker.js runs as a worker thread of the verifier');

port.on('message', (block: unknown) => {
  let result: BlockJobResult;
  try {
    result = checkBlock(block, ctx);
  } catch (e) {
    result = { error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(result);
});
