import type { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Worker threads that answer batches of checks with one pass or fail each (`{ id, passed }`), for the
 * prechecks of signatures and of sealed ballots' proofs. Batches go to the workers in turn. A worker that
 * stops leaves its batches unanswered (null): what was not checked ahead is checked again by the rules.
 * Without the compiled worker file (the node run from TypeScript sources) there are no workers at all.
 */
export class CheckWorkers {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, (passed: boolean[] | null) => void>();
  private nextId = 0;
  private nextWorker = 0;

  constructor(file: string, count: number, what: string, logger: Logger) {
    if (!existsSync(file)) return;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(file);
      worker.on('message', ({ id, passed }: { id: number; passed: boolean[] }) => this.settle(id, passed));
      worker.on('error', (e) => logger.warn({ msg: `${what} worker failed`, error: e.message }));
      worker.on('exit', () => {
        const at = this.workers.indexOf(worker);
        if (at >= 0) this.workers.splice(at, 1);
      });
      worker.unref();
      this.workers.push(worker);
    }
  }

  get available(): boolean {
    return this.workers.length > 0;
  }

  /** Posts `{ id, ...batch }` to the next worker; its answer, or null when no worker answers. */
  run(batch: object): Promise<boolean[] | null> {
    const worker = this.workers[this.nextWorker++ % this.workers.length];
    if (!worker) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, ...batch });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const id of [...this.waiting.keys()]) this.settle(id, null);
  }

  private settle(id: number, passed: boolean[] | null): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(passed);
  }
}
