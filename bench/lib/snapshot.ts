import { cpSync, existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../server/common/paths';

/** The built server, protocol and verifier. */
export const DIST = join(PROJECT_ROOT, 'dist', 'server');

export interface Built {
  /** The node. */
  main: string;
  verifier: string;
  /** The protocol's signed texts, for the ballot makers. */
  messages: string;
}

export function built(dist: string): Built {
  return {
    main: join(dist, 'server', 'main.js'),
    verifier: join(dist, 'verifier', 'main.js'),
    messages: join(dist, 'protocol', 'messages.js'),
  };
}

/**
 * Copies dist/server (about 1 MB) into the temporary folder and runs everything from there, so a rebuild
 * of the tree while the benchmark runs (nest build empties dist/ first) cannot break or mix up a run of
 * several minutes. node_modules is reached through a symbolic link; the nodes run with the repository
 * as working directory, where they find the portal (dist/client).
 */
export function snapshotDist(tmp: string): Built {
  const copy = join(tmp, 'dist', 'server');
  cpSync(DIST, copy, { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(tmp, 'node_modules'), 'dir');
  const paths = built(copy);
  if (!existsSync(paths.main) || !existsSync(paths.messages)) {
    throw new Error(`dist/server was incomplete when copied (a build running meanwhile?): run the benchmark again`);
  }
  return paths;
}
