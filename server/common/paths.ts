import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: found from this file whether it runs from server/ (tests) or dist/server/server/. */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
/** Angular's application builder writes to dist/client/browser. */
export const CLIENT_ROOT = process.env['CLIENT_DIST'] ?? join(PROJECT_ROOT, 'dist', 'client', 'browser');
