import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/common/load-config';
import { type RunningNode, startNode } from '../../server/node-runner';
import { freePort } from './ports';

/** The admin token of every in-process node, unless a test sets ADMIN_TOKEN itself. */
export const ADMIN_TOKEN = 'in-process-test-admin-token';

/** `Authorization` header for admin requests: `request(http).get('/mine').set(adminAuth())`. */
export function adminAuth(token = ADMIN_TOKEN): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

export interface InProcessNode {
  /** The app serving the port now: in setup mode, the full node replaces the setup app once the election exists. */
  readonly app: NestExpressApplication;
  readonly running: RunningNode;
  url: string;
  port: number;
  dataDir: string;
  /** Resolves when the full node serves the election (at once, unless the node started in setup mode). */
  whenElectionReady(): Promise<void>;
  /** Closes the app; removes the data dir unless `keepData`. */
  stop(keepData?: boolean): Promise<void>;
}

/**
 * Defaults for tests: the seed's open demo (no authority, open from genesis), mining only on GET /mine,
 * a known admin token, a sync loop too slow to interfere, and no rate limit for the tests' own loopback
 * clients (the rate-limit tests turn them on). The election default applies only when the
 * test names no election source (ELECTION, ELECTION_FILE) and no PEERS, which would mean join.
 */
function withDefaults(env: Record<string, string>): Record<string, string> {
  const namesElection = 'ELECTION' in env || 'ELECTION_FILE' in env || 'PEERS' in env;
  return {
    SYNC_INTERVAL_MS: '60000',
    MINE_INTERVAL_MS: '0',
    RATE_LIMIT_LOOPBACK: 'off',
    ADMIN_TOKEN,
    ...(namesElection ? {} : { ELECTION: 'open-demo' }),
    ...env,
  };
}

/**
 * A node in this process on a free loopback port and a fresh temporary data dir, started by startNode()
 * exactly as main.ts starts one (same configureApp() pipeline). `env` takes the node's environment
 * variables (ELECTION, ELECTION_FILE, PEERS, DATA_DIR, …). A failing start rejects, and removes the data
 * dir if this function made it.
 */
export async function startInProcessNode(env: Record<string, string> = {}): Promise<InProcessNode> {
  const ownDir = env['DATA_DIR'] === undefined;
  const dataDir = env['DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'ballotchain-test-'));
  // The port is known before the node starts, so its PUBLIC_URL is the address peers really use.
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  // A node given a certificate serves https only (the test certificates name 127.0.0.1).
  const url = `${env['TLS_CERT'] ? 'https' : 'http'}://127.0.0.1:${port}`;
  let running: RunningNode;
  try {
    const config = loadConfig({ PUBLIC_URL: url, ...withDefaults(env), PORT: String(port), DATA_DIR: dataDir });
    running = await startNode(config, { logger: false, listenHost: '127.0.0.1' });
  } catch (e) {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    get app() {
      return running.app;
    },
    running,
    url,
    port,
    dataDir,
    whenElectionReady: () => running.whenElectionReady(),
    stop: async (keepData = false) => {
      await running.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
