import type { Db } from './database';
import { RELEASE } from './release';
import { type Migration, MIGRATIONS } from './schema';

/** A data dir this release cannot open: written by a newer one. */
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

/**
 * Brings `db` to the latest schema: runs the steps it lacks, all in one transaction (a failed step leaves
 * the database as it was), and records the version and the release that wrote it. Refuses a database of
 * a newer schema, which this release would misread.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): SchemaUpgrade | null {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    const writtenBy = readWrittenBy(db);
    throw new SchemaVersionError(
      `the database ${db.name} has schema version ${current}${writtenBy ? ` (written by ${writtenBy})` : ''}; ` +
        `${RELEASE} reads versions up to ${latest}: run a newer release, or use another DATA_DIR`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return null;
  db.transaction(() => {
    for (const step of pending) step.up(db);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('written_by', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(RELEASE);
    // PRAGMA takes no bound parameters; the version is an integer of our own.
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return { from: current, to: latest };
}

function readWrittenBy(db: Db): string | undefined {
  try {
    return db.prepare(`SELECT value FROM meta WHERE key = 'written_by'`).pluck().get() as string | undefined;
  } catch {
    return undefined;
  }
}
