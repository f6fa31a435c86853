// Runs every Jest project once and keeps a machine-readable report in test-results/jest.json,
// from which scripts/summarize-tests.js prints "N passed, N failed". Extra arguments go to Jest.
//
// The suites that assert a node's response time run after the others, alone: beside another suite that
// keeps both cores busy, they would measure the other suite, not the node. With extra arguments (a
// selection of one's own), everything runs in one pass as asked.
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const TIMED = ['test/cluster/hostile-peers.cluster-spec.ts'];

function jest(outputFile, args) {
  const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${outputFile}`, ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  return run.status ?? 1;
}

const extra = process.argv.slice(2);
if (extra.length > 0) process.exit(jest('test-results/jest.json', ['--maxWorkers=2', ...extra]));

const parts = ['test-results/jest-parallel.json', 'test-results/jest-alone.json'];
for (const part of parts) rmSync(join(root, part), { force: true });
const first = jest(parts[0], ['--maxWorkers=2', ...TIMED.map((t) => `--testPathIgnorePatterns=${t}`)]);
const second = jest(parts[1], ['--runInBand', ...TIMED.map((t) => `--testPathPatterns=${t}`)]);

// One report, as a single run would have written it; a pass that wrote none counts as a broken suite.
const reports = parts.map((part) => {
  try {
    return JSON.parse(readFileSync(join(root, part), 'utf8'));
  } catch {
    return { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTotalTests: 1, testResults: [], success: false };
  }
});
const sum = (field) => reports.reduce((n, r) => n + (r[field] ?? 0), 0);
writeFileSync(
  join(results, 'jest.json'),
  JSON.stringify({
    numPassedTests: sum('numPassedTests'),
    numFailedTests: sum('numFailedTests'),
    numPendingTests: sum('numPendingTests'),
    numTotalTests: sum('numTotalTests'),
    success: reports.every((r) => r.success),
    testResults: reports.flatMap((r) => r.testResults),
  }),
);
process.exit(first !== 0 ? first : second);
