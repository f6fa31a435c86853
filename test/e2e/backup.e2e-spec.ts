/*
 * A backup made while the authority node runs and writes, restored into a new DATA_DIR: the restored node
 * has the same tip and the same pool as at the moment of the backup, and its authority still signs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Transaction } from '../../protocol';
import type { NodeStatus } from '../../api/http';
import { BackupError, backupDatabase } from '../../server/backup/backup-database';
import { getJson } from './support/http';
import { adminAuth, startNode, type TestNode } from './support/nodes';
import { castSecret, type ElectionKeys, electionKeys, readCodes, signedBallot } from './support/secret-voter';

jest.setTimeout(30_000);

describe('backup and restore', () => {
  let root: string;
  let node: TestNode | undefined;
  let restored: TestNode | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ballotchain-backup-'));
  });

  afterEach(async () => {
    await restored?.stop();
    await node?.stop();
    node = restored = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  const vote = async (n: TestNode, keys: ElectionKeys, codes: Map<string, string>, voterId: string) => {
    const ballot = await signedBallot(n.url, keys, voterId, codes.get(voterId)!, 'Socialist party');
    expect((await castSecret(n.url, ballot)).status).toBe(201);
  };
  const state = async (n: TestNode) => ({
    tip: (await getJson<NodeStatus>(n.url, '/api/status')).tip,
    pool: await getJson<Transaction[]>(n.url, '/pending_tx'),
  });

  it('copies a running node consistently, owner-only, and the copy starts as that node was', async () => {
    node = await startNode({ ELECTION: 'demo' });
    const keys = await electionKeys(node.url);
    const codes = readCodes(node.dataDir);
    await vote(node, keys, codes, 'VOID001');
    await request(node.url).get('/mine').set(adminAuth()).expect(200);
    await vote(node, keys, codes, 'VOID002');

    const out = join(root, 'node.backup');
    const before = await state(node);
    // While the backup runs, the node goes on admitting ballots: the copy is one consistent moment in between.
    const [pages] = await Promise.all([backupDatabase(node.dataDir, out), vote(node, keys, codes, 'VOID003')]);
    expect(pages).toBeGreaterThan(0);
    expect((statSync(out).mode & 0o777).toString(8)).toBe('600');
    const after = await state(node);
    await node.stop();
    node = undefined;

    // Restore: the backup becomes the database of a new data dir.
    const dataDir = join(root, 'restored');
    mkdirSync(dataDir, { mode: 0o700 });
    copyFileSync(out, join(dataDir, 'ballotchain.db'));
    restored = await startNode({ ELECTION: 'demo', DATA_DIR: dataDir });
    const copy = await state(restored);
    expect(copy.tip).toBe(before.tip);
    // Everything acknowledged before the backup, and nothing that was not acknowledged by its end.
    expect(copy.pool).toEqual(expect.arrayContaining(before.pool));
    expect(after.pool).toEqual(expect.arrayContaining(copy.pool));
    // The authority's keys and roll came along: a voter who never asked gets a credential and votes.
    await vote(restored, await electionKeys(restored.url), codes, 'VOID004');
  });

  it('restores an authority whose keys are sealed: the copy needs the passphrase, and then signs', async () => {
    const passphrase = join(root, 'passphrase');
    writeFileSync(passphrase, 'a long passphrase for the restored authority\n', { mode: 0o600 });
    node = await startNode({ ELECTION: 'demo', AUTHORITY_PASSPHRASE_FILE: passphrase });
    const codes = readCodes(node.dataDir);
    await vote(node, await electionKeys(node.url), codes, 'VOID001');
    const out = join(root, 'sealed.backup');
    await backupDatabase(node.dataDir, out);
    const tip = (await state(node)).tip;
    await node.stop();
    node = undefined;

    const restore = (name: string) => {
      const dataDir = join(root, name);
      mkdirSync(dataDir, { mode: 0o700 });
      copyFileSync(out, join(dataDir, 'ballotchain.db'));
      return dataDir;
    };
    // The backup alone does not give the keys away: without the passphrase the copy does not start.
    await expect(startNode({ ELECTION: 'demo', DATA_DIR: restore('without') })).rejects.toThrow(/sealed/);
    restored = await startNode({ ELECTION: 'demo', DATA_DIR: restore('with'), AUTHORITY_PASSPHRASE_FILE: passphrase });
    expect((await state(restored)).tip).toBe(tip);
    await vote(restored, await electionKeys(restored.url), codes, 'VOID002');
  });

  it('never overwrites a file, and says when there is no database to copy', async () => {
    node = await startNode({ ELECTION: 'open-demo' });
    const out = join(root, 'existing');
    writeFileSync(out, 'keep me');
    await expect(backupDatabase(node.dataDir, out)).rejects.toThrow(BackupError);
    await expect(backupDatabase(node.dataDir, out)).rejects.toThrow(`cannot create ${out}: EEXIST`);
    await expect(backupDatabase(root, join(root, 'other'))).rejects.toThrow(`${root} holds no node database (ballotchain.db)`);
  });
});
