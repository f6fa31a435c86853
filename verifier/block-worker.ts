import { parentPort, workerData } from 'node:worker_threads';
import { ballotChoiceProblem, type Block, bytesToBase64url, type Election, type OpenedElection } from '../protocol';
import { libsodiumGroup } from '../sealed-crypto/libsodium-group';
import { blockContext, type BlockVerdict, checkBlock } from './block-check';
import type { BlockJobResult, WorkerMessage } from './block-pool';

/*
 * A worker thread of the verifier: checks whole blocks on their own (shape, then rules), one message per block,
 * and, once told the opened election of a sealed one, the proofs of its sealed ballots: the heaviest checks of
 * such an election, spread over the workers as the signatures are.
 */

const { election, now } = workerData as { election: Election; now: number };
const ctx = blockContext(election, now);
const port = parentPort;
if (!port) throw new Error('block-worker.js runs as a worker thread of the verifier');
const group = election.sealed ? libsodiumGroup() : null;
let opened: { election: OpenedElection; optionCount: number } | null = null;
/** Messages are handled one after the other, in the order they came, once the group is ready. */
let previous: Promise<void> = Promise.resolve();

port.on('message', (message: WorkerMessage) => {
  previous = previous.then(() => handle(message));
});

async function handle(message: WorkerMessage): Promise<void> {
  if (message.kind === 'opened') {
    opened = { election: { key: message.key, base: message.base, commitments: [] }, optionCount: message.optionCount };
    return;
  }
  let result: BlockJobResult;
  try {
    const verdict = checkBlock(message.block, ctx);
    result = group && opened && 'findings' in verdict ? await withSealedProofs(verdict, message.block as Block) : verdict;
  } catch (e) {
    result = { error: e instanceof Error ? e.message : String(e) };
  }
  port!.postMessage(result);
}

async function withSealedProofs(verdict: BlockVerdict & { findings: unknown[] }, block: Block): Promise<BlockVerdict> {
  const g = await group!;
  const at = opened!;
  const positions: number[] = [];
  block.transactions.forEach((tx, i) => {
    if ('type' in tx && tx.type === 'sealed-ballot' && ballotChoiceProblem(g, at.optionCount, at.election, tx) === null) {
      positions.push(i);
    }
  });
  return { ...verdict, sealedPassed: { base: bytesToBase64url(at.election.base), positions } };
}
