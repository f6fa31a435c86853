import { Worker } from 'node:worker_threads';
import type { Db } from '../common/database';
import { POOL_INSERT_SQL, type PoolRow } from './pool.store';

/**
 * Durable commits of admitted ballots. A 201 waits for SQLite's fsync; doing that on a second connection
 * in a worker thread keeps the event loop serving requests meanwhile, so the next batch forms while the
 * current one reaches the disk. Each transaction is inserted only if none of its claims is pending or confirmed,
 * so the chain always wins a race with a block that confirmed the same claim.
 */
export interface PoolWriter {
  /** For each row, whether it was stored (false: its claim was already used). */
  insert(rows: readonly PoolRow[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** Plain JavaScript: it runs as a worker from compiled code and from the test runner alike. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
const insert = db.prepare(workerData.sql.row);
const insertMore = db.prepare(workerData.sql.more);
const store = (r) => {
  const stored = insert.run(r);
  if (stored.changes !== 1) return false;
  if (r.more !== '[]') insertMore.run({ more: r.more, seq: stored.lastInsertRowid });
  return true;
};
const commit = db.transaction((rows) => rows.map(store));
parentPort.on('message', ({ id, rows }) => {
  try {
    parentPort.postMessage({ id, stored: commit.immediate(rows) });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

interface Reply {
  id: number;
  stored?: boolean[];
  error?: string;
}

class WorkerPoolWriter implements PoolWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(stored: boolean[]): void; reject(e: Error): void }>();
  private nextId = 0;
  /** Set when the worker is gone: later inserts fail at once instead of waiting for an answer forever. */
  private failure: Error | null = null;

  constructor(file: string) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver: require.resolve('better-sqlite3'), sql: POOL_INSERT_SQL },
    });
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.stored) waiter?.resolve(reply.stored);
      else waiter?.reject(new Error(`ballot commit failed: ${reply.error}`));
    });
    this.worker.on('error', (e) => this.failAll(e));
    this.worker.on('exit', (code) => this.failAll(new Error(`ballot writer stopped (exit code ${code})`)));
  }

  insert(rows: readonly PoolRow[]): Promise<boolean[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, rows });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(e: Error): void {
    this.failure ??= e;
    for (const waiter of this.waiting.values()) waiter.reject(e);
    this.waiting.clear();
  }
}

/** An in-memory database (unit tests) has no file a second connection could open: commit in place. */
class InlinePoolWriter implements PoolWriter {
  private readonly commit;

  constructor(db: Db) {
    const insert = db.prepare(POOL_INSERT_SQL.row);
    const insertMore = db.prepare(POOL_INSERT_SQL.more);
    const store = (r: PoolRow) => {
      const stored = insert.run(r);
      if (stored.changes !== 1) return false;
      if (r.more !== '[]') insertMore.run({ more: r.more, seq: stored.lastInsertRowid });
      return true;
    };
    this.commit = db.transaction((rows: readonly PoolRow[]) => rows.map(store));
  }

  insert(rows: readonly PoolRow[]): Promise<boolean[]> {
    // A promise executor turns a failed commit into a rejection, as the worker's writer reports it.
    return new Promise((resolve) => resolve(this.commit.immediate(rows)));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function createPoolWriter(db: Db): PoolWriter {
  return db.memory ? new InlinePoolWriter(db) : new WorkerPoolWriter(db.name);
}
