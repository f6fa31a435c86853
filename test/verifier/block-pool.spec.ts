import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPoolChecker } from '../../verifier/block-pool';
import { openElection } from './support/elections';

/*
 * The pool's own bookkeeping, with stand-in worker scripts in plain JavaScript: the real block-worker.js
 * exists only once built, and what it checks is covered by verify-chain.spec.ts through the inline checker.
 */

const { election } = openElection(3);
const dir = mkdtempSync(join(tmpdir(), 'verifier-pool-'));
function workerScript(name: string, onMessage: string): string {
  const file = join(dir, `${name}.js`);
  // Messages are { kind: 'block', block } (or the opened election of a sealed one, which these ignore).
  writeFileSync(
    file,
    `const { parentPort } = require('node:worker_threads');\nparentPort.on('message', ({ block }) => { ${onMessage} });\n`,
  );
  return file;
}

describe('WorkerPoolChecker', () => {
  let pool: WorkerPoolChecker | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('answers each block with the verdict of the worker that checked it, with more blocks than workers', async () => {
    // Later blocks answer sooner, so answers arrive out of order.
    const answer = 'parentPort.postMessage({ findings: [{ reason: "seen", detail: String(block) }] })';
    const script = workerScript('echo', `setTimeout(() => ${answer}, 50 - 10 * block);`);
    pool = new WorkerPoolChecker(2, election, 0, script);
    const verdicts = await Promise.all([0, 1, 2, 3, 4].map((n) => pool!.check(n)));
    expect(verdicts).toEqual([0, 1, 2, 3, 4].map((n) => ({ findings: [{ reason: 'seen', detail: String(n) }] })));
  });

  it('rejects a block a worker could not check, and goes on with the next', async () => {
    const script = workerScript('throws', 'parentPort.postMessage(block === "bad" ? { error: "boom" } : { findings: [] });');
    pool = new WorkerPoolChecker(1, election, 0, script);
    await expect(pool.check('bad')).rejects.toThrow('a worker failed to check a block: boom');
    await expect(pool.check('good')).resolves.toEqual({ findings: [] });
  });

  it('rejects every block, queued or later, once a worker thread stops', async () => {
    const script = workerScript('exits', 'process.exit(3);');
    pool = new WorkerPoolChecker(1, election, 0, script);
    const first = pool.check(1);
    const queued = pool.check(2);
    await expect(first).rejects.toThrow('a verifier worker thread stopped with code 3');
    await expect(queued).rejects.toThrow('stopped with code 3');
    await expect(pool.check(3)).rejects.toThrow('stopped with code 3');
  });
});
