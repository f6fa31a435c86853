// `npm start` runs the built node; build first only when no build exists.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const built = [
  'dist/server/server/main.js',
  'dist/server/server/backup/main.js',
  'dist/server/verifier/main.js',
  'dist/server/trustee/main.js',
  'dist/client/browser/index.html',
].every((f) => existsSync(join(root, f)));
if (!built) {
  console.log('No build found: building the portal and the node (about half a minute)…');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
