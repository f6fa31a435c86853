import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths';

/*
 * Read at run time rather than imported: importing package.json would make the compiler copy it into
 * dist/server, where it would pass for the project root (see paths.ts).
 */
function readRelease(): string {
  try {
    const { name, version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    return `${name} ${version}`;
  } catch {
    return 'ballotchain (release unknown)';
  }
}

/** This release, as data dirs record it: "ballotchain 0.2.0". */
export const RELEASE = readRelease();
