import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database';
import { migrate } from './migrate';

/**
 * One SQLite file per node. WAL lets readers run beside the writer; synchronous=FULL makes every commit
 * durable before it returns, which is what a 201 promises. Commits are batched by callers to stay fast.
 * The layout is brought to this release's schema on opening (see migrate).
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'ballotchain.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
