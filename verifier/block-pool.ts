import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Election, OpenedElection } from '../protocol';
import { blockContext, type BlockVerdict, checkBlock } from './block-check';

/** Checks blocks on their own (shape, signatures, proof of work, merkle root), possibly on other threads. */
export interface BlockChecker {
  check(block: unknown): Promise<BlockVerdict>;
  /** A sealed election's key is known: blocks checked from now on also have their sealed ballots' proofs checked. */
  setOpened(opened: OpenedElection, optionCount: number): void;
  close(): Promise<void>;
}

/** A worker's answer to one block. */
export type BlockJobResult = BlockVerdict | { error: string };

/** What a worker is sent: a block to check, or the opened election its sealed ballots are checked against. */
export type WorkerMessage = { kind: 'block'; block: unknown } | { kind: 'opened'; key: Uint8Array; base: Uint8Array; optionCount: number };

/** In the calling thread: for small chains, tests, and machines with one core. */
export function inlineChecker(election: Election, now: number): BlockChecker {
  const ctx = blockContext(election, now);
  return {
    // A promise executor turns a throw into a rejection, as a worker's failure would be.
    check: (block) => new Promise((resolve) => resolve(checkBlock(block, ctx))),
    // In the calling thread the order rules check the proofs themselves.
    setOpened: () => undefined,
    close: () => Promise.resolve(),
  };
}

/** The compiled worker beside this file (dist/server/verifier/block-worker.js). */
export const BLOCK_WORKER_SCRIPT = join(__dirname, 'block-worker.js');

interface Job {
  block: unknown;
  resolve(verdict: BlockVerdict): void;
  reject(error: Error): void;
}

/**
 * A fixed set of worker threads, each checking one whole block at a time; a block goes to the first idle
 * worker. Signature checks dominate the cost, so whole blocks share the work evenly enough.
 */
export class WorkerPoolChecker implements BlockChecker {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private failure: Error | null = null;
  private closing = false;

  constructor(count: number, election: Election, now: number, script = BLOCK_WORKER_SCRIPT) {
    this.workers = Array.from({ length: count }, () => this.start(script, election, now));
    this.idle = [...this.workers];
  }

  check(block: unknown): Promise<BlockVerdict> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ block, resolve, reject });
      this.dispatch();
    });
  }

  setOpened(opened: OpenedElection, optionCount: number): void {
    const message: WorkerMessage = { kind: 'opened', key: opened.key, base: opened.base, optionCount };
    for (const worker of this.workers) worker.postMessage(message);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private start(script: string, election: Election, now: number): Worker {
    const worker = new Worker(script, { workerData: { election, now } });
    worker.on('message', (result: BlockJobResult) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      this.idle.push(worker);
      if (job) {
        if ('error' in result) job.reject(new Error(`a worker failed to check a block: ${result.error}`));
        else job.resolve(result);
      }
      this.dispatch();
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`a verifier worker thread stopped with code ${code}`));
    });
    return worker;
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as Job;
      this.running.set(worker, job);
      worker.postMessage({ kind: 'block', block: job.block } satisfies WorkerMessage);
    }
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const job of [...this.running.values(), ...this.queue.splice(0)]) job.reject(error);
    this.running.clear();
  }
}
