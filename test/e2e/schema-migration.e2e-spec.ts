/*
 * Upgrading a node: a data dir written before the database recorded a schema version (the fixture in
 * test/fixtures/data-dir-before-schema-versions, made by a real node of that release) is migrated when
 * opened, and everything in it survives: the chain, the pool, the peers, the authority's keys and roll.
 * A data dir written by a newer release is refused.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { ChainResponse, ElectionInfo, PeerInfo } from '../../api/http';
import type { Transaction } from '../../protocol';
import type { Db } from '../../server/common/database';
import { openDatabase } from '../../server/common/open-database';
import { type SchemaUpgrade, schemaVersion } from '../../server/common/migrate';
import { RELEASE } from '../../server/common/release';
import { MIGRATIONS } from '../../server/common/schema';
import { readCodes } from '../support/activation-codes';
import { type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { expectError } from './support/http';
import { askCredential, castSecret, electionKeys, signedBallot } from './support/secret-voter';

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
  let node: InProcessNode | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ballotchain-migration-'));
    for (const file of ['ballotchain.db', 'activation-codes.csv']) copyFileSync(join(FIXTURE, file), join(dataDir, file));
  });

  afterEach(async () => {
    await node?.stop();
    node = undefined;
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

  it('is migrated to the latest schema on opening, every row kept; only the release that wrote it and the new columns are added', () => {
    const before = readContents(dataDir);
    const upgrades: SchemaUpgrade[] = [];
    openDatabase(dataDir, (u) => upgrades.push(u)).close();
    expect(upgrades).toEqual([{ from: 0, to: LATEST }]);
    // Opened again, there is nothing left to do.
    const db = openDatabase(dataDir, (u) => upgrades.push(u));
    expect(schemaVersion(db)).toBe(LATEST);
    db.close();
    expect(upgrades).toHaveLength(1);
    const after = readContents(dataDir);
    expect(after['meta']).toEqual([...before['meta'], { key: 'written_by', value: RELEASE }].sort((a, b) => cmp(a, b)));
    // Version 2 adds the sealed ledger of each block (none, in an election that is not sealed) and an empty table.
    const blocks = (before['blocks'] as Record<string, unknown>[]).map((row) => ({ ...row, sealed_state: null }));
    expect({ ...after, meta: [] }).toEqual({ ...before, blocks, pool_claims: [], meta: [] });
  });

  it('serves its chain, pool, peers and election after the upgrade, and its authority still issues credentials once', async () => {
    const before = readContents(dataDir);
    const mainChain = (before['main_chain'] as { hash: string }[]).map((r) => r.hash);
    const pool = (before['pool'] as { json: string }[]).map((r) => JSON.parse(r.json) as Transaction);
    const peers = (before['peers'] as { url: string }[]).map((r) => r.url);
    // The fixture was made by the demo election, so the node is started as that node was.
    node = await startInProcessNode({ ELECTION: 'demo', DATA_DIR: dataDir });
    const http = node.app.getHttpServer();

    const chain = (await request(http).get('/chain').expect(200)).body as ChainResponse;
    expect(chain.chain.map((b) => b.hash)).toEqual(mainChain);
    expect((await request(http).get('/pending_tx').expect(200)).body).toEqual(pool);
    expect(((await request(http).get('/api/peers').expect(200)).body as PeerInfo[]).map((p) => p.url)).toEqual(peers);
    expect((await request(http).get('/api/election').expect(200)).body).toMatchObject<Partial<ElectionInfo>>({
      phase: 'open',
      scheme: 'secret',
      is_authority: true,
      height: 2,
      ballots_cast: 3,
      credentials_issued: 3,
      pending: 3,
    });

    // The roll remembers who has a credential: VOID005 got one before the upgrade, VOID006 did not.
    const codes = readCodes(dataDir);
    const keys = await electionKeys(http);
    const again = await askCredential(http, keys, 'VOID005', codes.get('VOID005')!);
    expectError(again.res, 409, 'credential-already-issued');
    const ballot = await signedBallot(http, keys, 'VOID006', codes.get('VOID006')!, 'Socialist party');
    expect((await castSecret(http, ballot)).status).toBe(201);
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
    await expect(startInProcessNode({ ELECTION: 'demo', DATA_DIR: dataDir })).rejects.toThrow(
      `has schema version ${LATEST + 1}; ${RELEASE} reads versions up to ${LATEST}: run a newer release, or use another DATA_DIR`,
    );
    expect(readContents(dataDir)).toEqual(before);
  });
});

function cmp(a: unknown, b: unknown): number {
  const key = (r: unknown) => (r as { key: string }).key;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
