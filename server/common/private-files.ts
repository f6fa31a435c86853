import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/*
 * DATA_DIR holds the authority's private keys and roll, the admin token and the activation codes: only the
 * node's own user may read it, whatever the umask, and a data dir of an earlier release is tightened too.
 */

/** Creates `dir` if needed and makes it the owner's alone (0700). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrict(dir, 0o700);
}

/** Creates `file` if needed (empty) and makes it readable and writable by the owner alone (0600). */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  restrict(file, 0o600);
}

/** Makes `file` the owner's alone if it exists. */
export function restrictIfPresent(file: string): void {
  if (existsSync(file)) restrict(file, 0o600);
}

function restrict(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (e) {
    throw new Error(`${path} cannot be made private to its owner: ${(e as Error).message}`, { cause: e });
  }
}
