import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database';
import { migrate, refuseNewerSchema, type SchemaUpgrade } from './migrate';
import { ensurePrivateDir, ensurePrivateFile, restrictIfPresent } from './private-files';
import { refuseUnrunnableElection } from './unrunnable-election';

/**
 * One SQLite file per node. WAL lets readers run beside the writer; synchronous=FULL makes every commit
 * durable before it returns, which is what a 201 promises. Commits are batched by callers to stay fast.
 * The layout is brought to this release's schema on opening (see migrate); `onUpgrade` hears of an
 * existing data dir that was upgraded.
 */
export function openDatabase(dataDir: string, onUpgrade?: (upgrade: SchemaUpgrade) => void): Db {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, 'ballotchain.db');
  const existed = existsSync(file);
  // SQLite gives its -wal and -shm files the database file's permissions; those of an earlier release are
  // tightened as well.
  ensurePrivateFile(file);
  for (const companion of ['-wal', '-shm']) restrictIfPresent(file + companion);
  // The activation codes of a secret election, as written once at its creation.
  restrictIfPresent(join(dataDir, 'activation-codes.csv'));
  const db = new Database(file);
  let upgrade: SchemaUpgrade | null;
  try {
    // Before anything is set: a data dir of a newer release, or of an election this one cannot run, is left
    // exactly as it is.
    refuseNewerSchema(db);
    refuseUnrunnableElection(db);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    upgrade = migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  // A new file is given the latest layout; only an existing one is upgraded.
  if (upgrade && existed) onUpgrade?.(upgrade);
  return db;
}
