// Runs every Jest project once and keeps a machine-readable report in test-results/jest.json,
// from which scripts/summarize-tests.js prints "N passed, N failed". Extra arguments go to Jest.
const { spawnSync } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
mkdirSync(join(root, 'test-results'), { recursive: true });
const args = [
  require.resolve('jest/bin/jest'),
  '--ci',
  '--json',
  '--outputFile=test-results/jest.json',
  '--maxWorkers=2',
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
