/*
 * Upgrading a node: a data dir written before the database recorded a schema version (the fixture in
 * test/fixtures/data-dir-before-schema-versions, made by a real node of that release) is migrated, and
 * everything in it survives: the chain, the pool, the peers, the authority's keys and roll. A node refuses
 * it, since its secret election is not sealed; a data dir written by a newer release is refused too.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../server/common/database';
import { openDatabase } from '../../server/common/open-database';
import { migrate, type SchemaUpgrade, schemaVersion } from '../../server/common/migrate';
import { RELEASE } from '../../server/common/release';
import { MIGRATIONS } from '../../server/common/schema';
import { startInProcessNode } from '../support/in-process-node';

const FIXTURE = join(__dirname, '../fixtures/data-dir-before-schema-versions');
const LATEST = MIGRATIONS.at(-1)!.version;

/** Every row of every table, by table name, in a fixed order. */
function contents(db: Db): Record<string, unknown[]> {
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  return Object.fromEntries(names.map((name) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]));
}

function readContents(dataDir: string): Record<string, unknown[]> {
  const db = new Database(join(dataDir, 'ballotchain.db'), { readonly: true, fileMustExist: true });
  try {
    return contents(db);
  } finally {
    db.close();
  }
}

describe('a data dir from before schema versions', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ballotchain-migration-'));
    for (const file of ['ballotchain.db', 'activation-codes.csv']) copyFileSync(join(FIXTURE, file), join(dataDir, file));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is the previous layout: schema version 0, a chain, a pool, a peer and the authority’s secrets', () => {
    const before = readContents(dataDir);
    const db = new Database(join(dataDir, 'ballotchain.db'), { readonly: true });
    expect(schemaVersion(db)).toBe(0);
    db.close();
    expect(Object.fromEntries(Object.entries(before).map(([name, rows]) => [name, rows.length]))).toEqual({
      authority_keys: 2,
      blocks: 3,
      confirmed: 7,
      main_chain: 3,
      meta: 4,
      peers: 1,
      pool: 3,
      roll: 15,
      side_claims: 0,
      sqlite_sequence: 1,
    });
  });

  it('is migrated to the latest schema, every row kept; only the release that wrote it and the new columns are added', () => {
    const before = readContents(dataDir);
    const db = new Database(join(dataDir, 'ballotchain.db'));
    try {
      expect(migrate(db)).toEqual({ from: 0, to: LATEST });
      // Migrated again, there is nothing left to do.
      expect(migrate(db)).toBeNull();
      expect(schemaVersion(db)).toBe(LATEST);
    } finally {
      db.close();
    }
    const after = readContents(dataDir);
    expect(after['meta']).toEqual([...before['meta'], { key: 'written_by', value: RELEASE }].sort((a, b) => cmp(a, b)));
    // Version 2 adds the sealed ledger of each block (none, in an election that is not sealed) and an empty table;
    // version 4 what each block holds, counted from its stored JSON: the genesis block, the OPEN, then a block of
    // three credentials and three ballots.
    const contents: Record<number, unknown[]> = {
      0: [],
      1: [{ kind: 'open', count: 1 }],
      2: [
        { kind: 'credential', count: 3 },
        { kind: 'ballot', count: 3 },
      ],
    };
    const blocks = (before['blocks'] as Record<string, unknown>[]).map((row) => ({
      ...row,
      sealed_state: null,
      contents: JSON.stringify(contents[row['height'] as number]),
    }));
    expect({ ...after, meta: [] }).toEqual({ ...before, blocks, pool_claims: [], meta: [] });
  });

  it('is refused by a node, which says why and leaves it as it was: its secret election is not sealed', async () => {
    // The fixture's election is the demo of release 0.1.0: a secret election with its choices in clear, which
    // this release no longer runs. Upgrading its layout would keep that release from finishing it.
    const before = readContents(dataDir);
    await expect(startInProcessNode({ ELECTION: 'setup', DATA_DIR: dataDir })).rejects.toThrow(
      'holds an election this release cannot run (a secret election is sealed: it needs "sealed"): finish it with the release that made it, or use another DATA_DIR',
    );
    expect(readContents(dataDir)).toEqual(before);
  });

  it('is not reported as upgraded when the data dir is new', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'ballotchain-migration-'));
    const upgrades: SchemaUpgrade[] = [];
    const db = openDatabase(fresh, (u) => upgrades.push(u));
    expect(schemaVersion(db)).toBe(LATEST);
    db.close();
    rmSync(fresh, { recursive: true, force: true });
    expect(upgrades).toEqual([]);
  });

  it('written by a newer release is refused, with a message naming the versions, and left as it was', async () => {
    const db = new Database(join(dataDir, 'ballotchain.db'));
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    const before = readContents(dataDir);
    await expect(startInProcessNode({ ELECTION: 'setup', DATA_DIR: dataDir })).rejects.toThrow(
      `has schema version ${LATEST + 1}; ${RELEASE} reads versions up to ${LATEST}: run a newer release, or use another DATA_DIR`,
    );
    expect(readContents(dataDir)).toEqual(before);
  });
});

function cmp(a: unknown, b: unknown): number {
  const key = (r: unknown) => (r as { key: string }).key;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
