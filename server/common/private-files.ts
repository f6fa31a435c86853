import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/*
 * DATA_DIR holds the authority's private keys and roll, the admin token and the activation codes: only the
 * node's own user may read it, whatever the umask. A data dir of an earlier release (0755, files 0644) is
 * tightened; one that another user could have written to is refused, since its contents can no longer be
 * trusted.
 */

/** A data dir, or a file in it, that another user could have changed. */
export class UnsafeDataDirError extends Error {
  override readonly name = 'UnsafeDataDirError';
}

/** Creates `dir` if needed and makes it the owner's alone (0700). */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir)) refuseIfOthersCanWrite(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrict(dir, 0o700);
}

/** Creates `file` if needed (empty) and makes it readable and writable by the owner alone (0600). */
export function ensurePrivateFile(file: string): void {
  if (existsSync(file)) refuseIfOthersCanWrite(file);
  closeSync(openSync(file, 'a', 0o600));
  restrict(file, 0o600);
}

/** Makes `file` the owner's alone if it exists. */
export function restrictIfPresent(file: string): void {
  if (!existsSync(file)) return;
  refuseIfOthersCanWrite(file);
  restrict(file, 0o600);
}

function refuseIfOthersCanWrite(path: string): void {
  const { mode, uid } = statSync(path);
  const owner = process.getuid?.();
  if ((mode & 0o022) !== 0 || (owner !== undefined && uid !== owner)) {
    const why =
      (mode & 0o022) !== 0 ? `other users can write to it (mode ${(mode & 0o777).toString(8)})` : `it belongs to another user (uid ${uid})`;
    throw new UnsafeDataDirError(
      `${path}: ${why}, so its contents may have been changed; check them and make it the node user's alone ` +
        `(chmod go-w, chown), or use a new DATA_DIR`,
    );
  }
}

function restrict(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (e) {
    throw new Error(`${path} cannot be made private to its owner: ${(e as Error).message}`, { cause: e });
  }
}
