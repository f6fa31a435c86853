import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { restrictIfPresent } from '../common/private-files';

/**
 * Writes `text` to `file`, readable by the owner alone, and on disk before it returns: written to a temporary
 * file first and renamed, so a crash leaves either the whole file or none.
 */
export function writePrivateFileDurably(file: string, text: string): void {
  const temporary = `${file}.tmp`;
  rmSync(temporary, { force: true });
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  restrictIfPresent(file);
}
