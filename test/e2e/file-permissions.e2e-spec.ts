/*
 * DATA_DIR holds the authority's private keys and roll, the admin token and the activation codes: only the
 * node's own user may read any of it, whatever the umask, and a data dir of an earlier release (created
 * 0755 with a 0644 database) is tightened when the node starts on it.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TRUSTEES } from '../../server/common/demo-election';
import { UnsafeDataDirError } from '../../server/common/private-files';
import { demoTrusteesDir } from '../../server/setup/demo-trustees';
import { type InProcessNode, startInProcessNode } from '../support/in-process-node';

const FIXTURE = join(__dirname, '../fixtures/data-dir-before-schema-versions');
const FILES = ['ballotchain.db', 'ballotchain.db-wal', 'ballotchain.db-shm', 'admin-token', 'activation-codes.csv'];

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** The permissions of the data dir and of every file of it that holds a secret. */
function modes(dataDir: string): Record<string, string> {
  const entries: [string, string][] = [['.', modeOf(dataDir)], ...FILES.map((f): [string, string] => [f, modeOf(join(dataDir, f))])];
  return Object.fromEntries(entries);
}

const PRIVATE = { '.': '700', ...Object.fromEntries(FILES.map((f) => [f, '600'])) };

describe('file permissions of DATA_DIR', () => {
  let root: string;
  let node: InProcessNode | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ballotchain-perms-'));
  });

  afterEach(async () => {
    await node?.stop();
    node = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('are the owner’s alone for a new authority’s data dir, even under umask 000', async () => {
    const dataDir = join(root, 'node');
    const umask = process.umask(0);
    try {
      // No ADMIN_TOKEN: the node generates one into DATA_DIR/admin-token.
      node = await startInProcessNode({ ELECTION: 'demo', DATA_DIR: dataDir, ADMIN_TOKEN: '' });
    } finally {
      process.umask(umask);
    }
    expect(modes(dataDir)).toEqual(PRIVATE);
    // The demo's trustees, held by the node, keep their secrets there too.
    const trustees = demoTrusteesDir(dataDir);
    const files = readdirSync(trustees);
    expect(files).toHaveLength(DEMO_TRUSTEES);
    expect({ '.': modeOf(trustees), ...Object.fromEntries(files.map((f) => [f, modeOf(join(trustees, f))])) }).toEqual({
      '.': '700',
      ...Object.fromEntries(files.map((f) => [f, '600'])),
    });
  });

  it('are tightened on a data dir left 0755 with a 0644 database, as release 0.1.0 left it', async () => {
    const old = join(root, 'node');
    node = await startInProcessNode({ ELECTION: 'demo', DATA_DIR: old, ADMIN_TOKEN: '' });
    await node.stop(true);
    node = undefined;
    // What release 0.1.0 left on disk under the usual umask 022; codes and a token another tool or a copy
    // left readable by others are tightened too.
    chmodSync(old, 0o755);
    for (const file of FILES.filter((f) => existsSync(join(old, f)))) chmodSync(join(old, file), 0o644);
    writeFileSync(join(old, 'admin-token'), 'a-token-of-an-earlier-start-1234567890\n', { mode: 0o644 });
    node = await startInProcessNode({ ELECTION: 'demo', DATA_DIR: old, ADMIN_TOKEN: '' });
    expect(modes(old)).toEqual(PRIVATE);
  });

  it.each([
    ['other users can write to the data dir', '.', 0o777, 'mode 777'],
    ['its group can write to the data dir', '.', 0o775, 'mode 775'],
    ['other users can write to the database', 'ballotchain.db', 0o666, 'mode 666'],
  ])('refuses to start when %s, and changes nothing', async (_case, target, mode, detail) => {
    const dataDir = join(root, 'node');
    mkdirSync(dataDir);
    copyFileSync(join(FIXTURE, 'ballotchain.db'), join(dataDir, 'ballotchain.db'));
    chmodSync(join(dataDir, target), mode);
    const before = modeOf(join(dataDir, target));
    const start = startInProcessNode({ ELECTION: 'setup', DATA_DIR: dataDir, ADMIN_TOKEN: '' });
    await expect(start).rejects.toBeInstanceOf(UnsafeDataDirError);
    await expect(start).rejects.toThrow(`${detail}), so its contents may have been changed`);
    expect(modeOf(join(dataDir, target))).toBe(before);
  });
});
