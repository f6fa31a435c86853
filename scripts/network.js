// Three nodes on ports 8000-8002: 8000 runs the election, 8001 and 8002 join it. Each node keeps its data in
// data/node-<port> (or DATA_ROOT/node-<port>), so a second run reopens the same election, as it was left;
// `npm run network -- --fresh` deletes those three data dirs first. Ctrl-C stops all three.
const { spawn } = require('node:child_process');
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const ports = [8000, 8001, 8002];
const dataDirOf = (port) => (process.env.DATA_ROOT ? join(process.env.DATA_ROOT, `node-${port}`) : join(root, 'data', `node-${port}`));
// As the user would type it: relative to where they are, unless that climbs out of it.
const shown = (dir) => {
  const rel = relative(process.cwd(), dir);
  return rel && !rel.startsWith('..') ? rel : dir;
};
const fresh = process.argv.includes('--fresh');

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    'Usage: npm run network [-- --fresh]\n  --fresh  delete the three data dirs first: a new election, new codes, a new admin token',
  );
  process.exit(0);
}
const held = ports.map(dataDirOf).filter((dir) => existsSync(dir) && readdirSync(dir).length > 0);
if (fresh) {
  for (const dir of held) rmSync(dir, { recursive: true, force: true });
  if (held.length > 0) console.log(`Deleted ${held.map(shown).join(', ')}: the nodes start a new election.`);
} else if (held.length > 0) {
  // The nodes reopen the election their data dirs hold, maybe closed: say so before their logs scroll by.
  console.log(
    `Reusing ${held.map(shown).join(', ')}: the election there, as it was left. \`npm run network -- --fresh\` starts a new one.`,
  );
}

require('./ensure-build');
const children = ports.map((port) => {
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDirOf(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    PEERS: port === 8000 ? '' : 'http://127.0.0.1:8000',
    LOG_FORMAT: process.env.LOG_FORMAT || 'text',
  };
  const child = spawn(process.execPath, [join(root, 'dist/server/server/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) =>
    stream.on('data', (chunk) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((line) => out.write(`[${port}] ${line}\n`)),
    );
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code) => console.log(`[${port}] exited with ${code}`));
  return child;
});
console.log('Nodes at http://127.0.0.1:8000, :8001 and :8002 (portal on each). Ctrl-C stops them.');
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
