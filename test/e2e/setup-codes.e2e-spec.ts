import type { LoggerService } from '@nestjs/common';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { ElectionCreated } from '../../api/http';
import { loadConfig } from '../../server/common/load-config';
import { type RunningNode, startNode } from '../../server/node-runner';
import { pendingCodesFile } from '../../server/setup/pending-codes-file';
import { freePort } from '../support/ports';
import { expectError } from './support/http';
import { ADMIN_TOKEN, adminAuth } from './support/nodes';
import { parseCodes } from './support/secret-voter';

// Each election made here generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

const DEFINITION = { title: 'Student council', parties: ['Alpha', 'Beta'], difficulty: 1, scheme: 'secret', demo_trustees: 1 };
const ROLL_CSV = 'voter_id\nS001\nS002\nS003\n';

/** Every line the node logs, at every level, as text: the codes must be in none of them. */
function capturingLogger(lines: string[]): LoggerService {
  const keep = (...args: unknown[]) => lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  return { log: keep, warn: keep, error: keep, debug: keep, verbose: keep, fatal: keep };
}

/**
 * ELECTION=setup: the activation codes of an election created on the Admin page wait in DATA_DIR, owner-only,
 * until the admin confirms their download, so that a reload or a restart of the node cannot lose them.
 */
describe('setup mode: the activation codes wait for the admin until their download is confirmed', () => {
  let dataDir: string;
  let node: RunningNode | undefined;
  let url: string;
  const logs: string[] = [];
  const api = () => request(url);

  async function start(): Promise<void> {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      ELECTION: 'setup',
      ADMIN_TOKEN,
      MINE_INTERVAL_MS: '0',
      SYNC_INTERVAL_MS: '60000',
      RATE_LIMIT_LOOPBACK: 'off',
      PUBLIC_URL: url,
      PORT: String(port),
      DATA_DIR: dataDir,
    });
    node = await startNode(config, { logger: capturingLogger(logs), listenHost: '127.0.0.1' });
  }

  async function stop(): Promise<void> {
    await node?.close();
    node = undefined;
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ballotchain-codes-'));
    logs.length = 0;
  });

  afterEach(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps an owner-only copy, serves it again to the admin only (also after a restart), and deletes it once confirmed', async () => {
    await start();
    const created = (
      await api()
        .post('/api/admin/election')
        .set(adminAuth())
        .send({ ...DEFINITION, roll_csv: ROLL_CSV })
        .expect(201)
    ).body as ElectionCreated;
    const codes = parseCodes(created.codes_csv);
    expect([...codes.keys()]).toEqual(['S001', 'S002', 'S003']);

    // On disk before the answer left, readable and writable by the node's user alone.
    const file = pendingCodesFile(dataDir);
    expect(readFileSync(file, 'utf8')).toBe(created.codes_csv);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    await node!.whenElectionReady();
    expectError(await api().get('/api/admin/activation-codes'), 401, 'admin-token-required');
    expectError(await api().get('/api/admin/activation-codes').set(adminAuth('not-the-token')), 401, 'invalid-admin-token');
    expectError(await api().delete('/api/admin/activation-codes'), 401, 'admin-token-required');
    const again = await api().get('/api/admin/activation-codes').set(adminAuth()).expect(200);
    expect(again.body).toEqual({ election_id: created.election_id, voters: 3, codes_csv: created.codes_csv });
    expect(again.headers['cache-control']).toBe('no-store');

    // A restart of the node keeps them waiting.
    await stop();
    await start();
    expect(node!.mode).toBe('node');
    expect((await api().get('/api/admin/activation-codes').set(adminAuth()).expect(200)).body).toEqual(again.body);

    await api().delete('/api/admin/activation-codes').set(adminAuth()).expect(204);
    expect(existsSync(file)).toBe(false);
    const none = await api().get('/api/admin/activation-codes').set(adminAuth()).expect(204);
    expect(none.text).toBe('');
    // Confirming twice (two tabs) is no error.
    await api().delete('/api/admin/activation-codes').set(adminAuth()).expect(204);

    // No code reached the log, at any level, whatever was asked.
    expect(logs.length).toBeGreaterThan(0);
    const logged = logs.join('\n');
    for (const code of codes.values()) expect(logged).not.toContain(code);
  });

  it('keeps nothing for an open election, which has no codes', async () => {
    await start();
    await api()
      .post('/api/admin/election')
      .set(adminAuth())
      .send({ ...DEFINITION, scheme: 'open', demo_trustees: undefined, roll_csv: '' })
      .expect(201);
    await node!.whenElectionReady();
    expect(existsSync(pendingCodesFile(dataDir))).toBe(false);
    await api().get('/api/admin/activation-codes').set(adminAuth()).expect(204);
  });

  it('refuses to serve a copy that other users could have changed', async () => {
    await start();
    await api()
      .post('/api/admin/election')
      .set(adminAuth())
      .send({ ...DEFINITION, roll_csv: ROLL_CSV })
      .expect(201);
    await node!.whenElectionReady();
    chmodSync(pendingCodesFile(dataDir), 0o666);
    const res = await api().get('/api/admin/activation-codes').set(adminAuth());
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(res.body)).not.toContain('S001,');
  });
});
