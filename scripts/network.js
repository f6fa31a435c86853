// The seed's three-node scenario: nodes on ports 8000-8002, 8001 and 8002 registered with 8000.
// Each node keeps its data in data/node-<port>; Ctrl-C stops all three.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

require('./ensure-build');
const root = join(__dirname, '..');
const ports = [8000, 8001, 8002];
const children = ports.map((port) => {
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: process.env.DATA_ROOT ? join(process.env.DATA_ROOT, `node-${port}`) : join(root, 'data', `node-${port}`),
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
