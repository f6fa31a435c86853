import Database from 'better-sqlite3';
import type { Db } from '../../../server/common/database';
import { migrate, schemaVersion, SchemaVersionError } from '../../../server/common/migrate';
import { RELEASE } from '../../../server/common/release';
import { type Migration, MIGRATIONS } from '../../../server/common/schema';

const tables = (db: Db) =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all();
const writtenBy = (db: Db) => db.prepare(`SELECT value FROM meta WHERE key = 'written_by'`).pluck().get();

/** Three steps of a made-up layout, recording the order they ran in. */
function steps(ran: number[], failAt?: number): Migration[] {
  const step = (version: number, sql: string): Migration => ({
    version,
    description: `step ${version}`,
    up: (db) => {
      ran.push(version);
      if (version === failAt) throw new Error(`step ${version} failed`);
      db.exec(sql);
    },
  });
  return [
    step(1, 'CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); CREATE TABLE items (id INTEGER PRIMARY KEY)'),
    step(2, 'ALTER TABLE items ADD COLUMN name TEXT'),
    step(3, 'CREATE INDEX items_by_name ON items (name)'),
  ];
}

describe('migrate', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('gives a new database every table of the latest schema, its version and the release that wrote it', () => {
    migrate(db);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(tables(db)).toEqual([
      'authority_keys',
      'blocks',
      'confirmed',
      'main_chain',
      'meta',
      'peers',
      'pool',
      'pool_claims',
      'roll',
      'side_claims',
    ]);
    expect(writtenBy(db)).toBe(RELEASE);
  });

  it('runs no step on a database that has the latest schema, and records the release that opened it', () => {
    migrate(db);
    db.prepare(`UPDATE meta SET value = 'ballotchain 0.0.9' WHERE key = 'written_by'`).run();
    expect(migrate(db)).toBeNull();
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)!.version);
    expect(writtenBy(db)).toBe(RELEASE);
  });

  it('reports the versions it upgraded from and to', () => {
    const ran: number[] = [];
    expect(migrate(db, steps(ran).slice(0, 1))).toEqual({ from: 0, to: 1 });
    expect(migrate(db, steps(ran))).toEqual({ from: 1, to: 3 });
  });

  it('refuses a database without a version whose tables are not the first layout, and leaves it as it was', () => {
    // A blocks table of an early development layout, before the ledger state was kept per block.
    db.exec('CREATE TABLE blocks (hash TEXT PRIMARY KEY, parent_hash TEXT NOT NULL, height INTEGER NOT NULL, json TEXT NOT NULL)');
    expect(() => migrate(db)).toThrow(SchemaVersionError);
    expect(() => migrate(db)).toThrow(/has no schema version and tables this release does not know/);
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual(['blocks']);
  });

  it('runs the steps a database lacks, in order, and only those', () => {
    const ran: number[] = [];
    migrate(db, steps(ran).slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    migrate(db, steps(ran));
    expect(ran).toEqual([1, 2, 3]);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare(`SELECT name FROM pragma_table_info('items')`).pluck().all()).toEqual(['id', 'name']);
  });

  it('runs all the lacking steps in one transaction: a failing step leaves the database as it was', () => {
    migrate(db, steps([]).slice(0, 1));
    const ran: number[] = [];
    expect(() => migrate(db, steps(ran, 3))).toThrow('step 3 failed');
    expect(ran).toEqual([2, 3]);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT name FROM pragma_table_info('items')`).pluck().all()).toEqual(['id']);
  });

  it('refuses a database written by a newer release, naming both versions and that release', () => {
    migrate(db);
    const newer = MIGRATIONS.at(-1)!.version + 1;
    db.pragma(`user_version = ${newer}`);
    db.prepare(`UPDATE meta SET value = 'ballotchain 9.0.0' WHERE key = 'written_by'`).run();
    const error = (() => {
      try {
        migrate(db);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SchemaVersionError);
    expect((error as Error).message).toBe(
      `the database :memory: has schema version ${newer} (written by ballotchain 9.0.0); ` +
        `${RELEASE} reads versions up to ${newer - 1}: run a newer release, or use another DATA_DIR`,
    );
    expect(schemaVersion(db)).toBe(newer);
  });
});
