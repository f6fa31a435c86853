import Database from 'better-sqlite3';
import type { Db } from './database';
import { RELEASE } from './release';
import { type Migration, MIGRATIONS } from './schema';

/** A data dir this release cannot open: written by a newer one, or of a layout it does not know. */
export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

/** What migrate did to a database that lacked steps. */
export interface SchemaUpgrade {
  from: number;
  to: number;
}

/** The schema version of `db` (0: made before versions were recorded, or empty). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws if `db` was written by a release with more steps than `migrations`: this one would misread it. */
export function refuseNewerSchema(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db);
  const latest = latestVersion(migrations);
  if (current <= latest) return;
  const writtenBy = readWrittenBy(db);
  throw new SchemaVersionError(
    `the database ${db.name} has schema version ${current}${writtenBy ? ` (written by ${writtenBy})` : ''}; ` +
      `${RELEASE} reads versions up to ${latest}: run a newer release, or use another DATA_DIR`,
  );
}

/**
 * Brings `db` to the latest schema: runs the steps it lacks, all in one transaction (a failed step leaves
 * the database as it was), and records the version and the release that last opened it. Refuses a
 * database of a newer schema, and one from before versions whose tables are not the first layout.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): SchemaUpgrade | null {
  refuseNewerSchema(db, migrations);
  const current = schemaVersion(db);
  const latest = latestVersion(migrations);
  const pending = migrations.filter((m) => m.version > current);
  // Tables but no version: the first step finds them in place, so they must be exactly the ones it makes.
  const unversioned = current === 0 && tableCount(db) > 0;
  db.transaction(() => {
    for (const step of pending) step.up(db);
    if (unversioned) refuseUnknownLayout(db, migrations);
    if (readWrittenBy(db) !== RELEASE) {
      db.prepare(`INSERT INTO meta (key, value) VALUES ('written_by', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(
        RELEASE,
      );
    }
    // PRAGMA takes no bound parameters; the version is an integer of our own.
    if (pending.length > 0) db.pragma(`user_version = ${latest}`);
  }).immediate();
  return pending.length > 0 ? { from: current, to: latest } : null;
}

function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

function tableCount(db: Db): number {
  return db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`).pluck().get() as number;
}

/** Every table with its columns, and every index: what the stores' statements rely on. */
function layoutOf(db: Db): string {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  const columns = tables.map((t) => [t, db.prepare(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`).all(t)]);
  const indexes = db.prepare(`SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name`).all();
  return JSON.stringify({ columns, indexes });
}

/** Compares `db`, migrated, with a new database given every step: a different layout cannot be read. */
function refuseUnknownLayout(db: Db, migrations: readonly Migration[]): void {
  const reference = new Database(':memory:');
  try {
    for (const step of migrations) step.up(reference);
    if (layoutOf(db) !== layoutOf(reference)) {
      throw new SchemaVersionError(
        `the database ${db.name} has no schema version and tables this release does not know ` +
          `(an early development layout): use another DATA_DIR`,
      );
    }
  } finally {
    reference.close();
  }
}

function readWrittenBy(db: Db): string | undefined {
  try {
    return db.prepare(`SELECT value FROM meta WHERE key = 'written_by'`).pluck().get() as string | undefined;
  } catch {
    return undefined;
  }
}
