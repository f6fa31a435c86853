// npm run chaos -- --cycles N --seed S [--clock-ahead SECONDS]: the seeded chaos suite (test/cluster/chaos.cluster-spec.ts) at
// any length. The same seed replays the same schedule of kills, freezes, partitions and mining races;
// node C's clock runs --clock-ahead seconds ahead (default 90).
// Builds the node first: the cluster tests run the built node.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { parseArgs } = require('node:util');

const usage = 'usage: npm run chaos -- [--cycles N] [--seed S] [--clock-ahead SECONDS]   (defaults: 200 cycles, seed 20261202, 90 s ahead)';
let values;
try {
  ({ values } = parseArgs({
    options: {
      cycles: { type: 'string', default: '200' },
      seed: { type: 'string', default: '20261202' },
      'clock-ahead': { type: 'string', default: '90' },
      help: { type: 'boolean' },
    },
  }));
} catch (e) {
  console.error(`${e.message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
for (const name of ['cycles', 'seed']) {
  if (!/^\d+$/.test(values[name]) || Number(values[name]) < 1) {
    console.error(`--${name} must be a positive integer, got "${values[name]}"\n${usage}`);
    process.exit(2);
  }
}
// CLOCK_OFFSET_SECONDS takes up to an hour.
if (!/^\d+$/.test(values['clock-ahead']) || Number(values['clock-ahead']) > 3600) {
  console.error(`--clock-ahead must be a whole number of seconds from 0 to 3600, got "${values['clock-ahead']}"\n${usage}`);
  process.exit(2);
}

const root = join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', 'build:server'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--selectProjects', 'cluster', '--testPathPatterns', 'chaos.cluster-spec'],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      CHAOS_CYCLES: values.cycles,
      CHAOS_SEED: values.seed,
      CHAOS_CLOCK_AHEAD: values['clock-ahead'],
      CHAOS_REPORT: '1',
    },
  },
);
process.exit(run.status ?? 1);
