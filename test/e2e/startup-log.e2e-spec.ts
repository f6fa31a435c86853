import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogLevelSetting } from '../../server/common/app-config';
import { loadConfig } from '../../server/common/load-config';
import { NodeLogger } from '../../server/common/node-logger';
import { startNode } from '../../server/node-runner';
import { freePort } from '../support/ports';
import { chainOf } from './support/http';
import { ADMIN_TOKEN } from './support/nodes';

interface LogLine {
  level: string;
  context?: string;
  message: unknown;
}

/** Starts a node on `dataDir` as main.ts does, with its JSON log; returns what it logged (stdout and stderr) and the node. */
async function startLogged(dataDir: string, env: Record<string, string>, level: LogLevelSetting = 'log') {
  const port = await freePort();
  const config = loadConfig({
    ADMIN_TOKEN,
    MINE_INTERVAL_MS: '0',
    SYNC_INTERVAL_MS: '60000',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    DATA_DIR: dataDir,
    ...env,
  });
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const node = await startNode(config, {
      logger: new NodeLogger({ format: 'json', level }, { stdout: {}, stderr: {} }, {}),
      listenHost: '127.0.0.1',
    });
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LogLine);
    return { node, lines, url: `http://127.0.0.1:${port}` };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const messageOf = (line: LogLine) => line.message as Record<string, unknown>;

jest.setTimeout(30_000);

describe('the log a node opens with', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ballotchain-log-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('names the election, its phase and the data dir; reopened, it says so and how to start afresh', async () => {
    const first = await startLogged(dataDir, { ELECTION: 'open-demo' });
    const genesis = (await chainOf(first.url))[0];
    await first.node.close();
    const opened = first.lines.filter((l) => l.context === 'Main').map(messageOf);
    expect(opened).toContainEqual({
      msg: 'new election in the data dir',
      election: genesis.hash,
      title: genesis.election!.title,
      phase: 'open',
      height: 0,
      dataDir,
      origin: 'definition',
    });

    const again = await startLogged(dataDir, { ELECTION: 'open-demo' });
    await again.node.close();
    expect(again.lines.filter((l) => l.context === 'Main').map(messageOf)).toContainEqual({
      msg: 'election reopened from the data dir',
      election: genesis.hash,
      title: genesis.election!.title,
      phase: 'open',
      height: 0,
      dataDir,
      origin: 'data dir',
      fresh: 'a new DATA_DIR (or an empty one) starts a new election',
    });
  });

  it('leaves Nest’s start-up report (modules, routes) out of the default level, and shows it at debug', async () => {
    const quiet = await startLogged(dataDir, { ELECTION: 'open-demo' });
    await quiet.node.close();
    const contexts = new Set(quiet.lines.map((l) => l.context));
    for (const context of ['RoutesResolver', 'RouterExplorer', 'InstanceLoader']) expect(contexts).not.toContain(context);
    // The node's own lines come first, not after some fifty lines of routes.
    expect(quiet.lines.length).toBeLessThan(10);

    const verbose = await startLogged(dataDir, { ELECTION: 'open-demo' }, 'debug');
    await verbose.node.close();
    const routes = verbose.lines.filter((l) => l.context === 'RouterExplorer');
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.every((l) => l.level === 'debug')).toBe(true);
    expect(routes.map((l) => l.message)).toContain('Mapped {/health, GET} route');
  });

  it('in setup mode, says that there is no election yet, and where it will be kept', async () => {
    const setup = await startLogged(dataDir, { ELECTION: 'setup' });
    await setup.node.close();
    // A node waiting for its election is not in trouble: nothing in its log says so.
    expect(setup.lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(setup.lines.map(messageOf)).toContainEqual({
      msg: 'no election yet: waiting for an admin to create it',
      url: setup.url + '/admin',
      dataDir,
    });
  });
});
