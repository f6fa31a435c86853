/*
 * npm run backup's built tool against a real node process that keeps running: a copy readable by its owner
 * only, never over an existing file, and the exit statuses its help promises.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKUP_MAIN, Cluster, type ClusterNode, killStragglers, runBuiltTool } from './harness';

jest.setTimeout(60_000);

describe('npm run backup on a running node', () => {
  let cluster: Cluster;
  let A: ClusterNode;
  let dir: string;

  beforeAll(async () => {
    cluster = await Cluster.start({ names: ['A'] });
    [A] = cluster.nodes;
    dir = mkdtempSync(join(tmpdir(), 'ballotchain-backup-cli-'));
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
    rmSync(dir, { recursive: true, force: true });
  });

  const backup = (...args: string[]) => runBuiltTool(BACKUP_MAIN, args);

  it('copies the database while the node serves ballots, readable by its owner only', async () => {
    expect((await A.vote('BACKUP-1', 'Alpha')).status).toBe(201);
    const out = join(dir, 'a.backup');
    const [run, during] = await Promise.all([backup('--data-dir', A.dataDir, '--out', out), A.vote('BACKUP-2', 'Beta')]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^backed up ${A.dataDir} to ${out} \\(\\d+ pages, readable by its owner only\\)\\n$`));
    expect(during.status).toBe(201);
    expect((statSync(out).mode & 0o777).toString(8)).toBe('600');

    const again = await backup('--data-dir', A.dataDir, '--out', out);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(`backup: cannot create ${out}: EEXIST`);
  });

  it('answers --help with 0 and a missing argument with 2', async () => {
    const help = await backup('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Ballotchain backup: /);
    const missing = await backup('--data-dir', A.dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^backup: --data-dir and --out are both needed/);
  });
});
