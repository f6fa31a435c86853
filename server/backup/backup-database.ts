import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The backup could not be made: no database there, an output that exists, or SQLite failed. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/**
 * Copies the database of `dataDir` to `out` with SQLite's online backup: consistent while the node runs
 * and writes (WAL). The copy holds the authority's keys and private roll, so it is made readable by its
 * owner only before a byte is written, and an existing file is never overwritten. Resolves with the size
 * in pages.
 */
export async function backupDatabase(dataDir: string, out: string): Promise<number> {
  const file = join(dataDir, 'ballotchain.db');
  if (!existsSync(file)) throw new BackupError(`${dataDir} holds no node database (ballotchain.db)`);
  try {
    // Created here, empty and 0600, so the backup never exists with wider permissions.
    closeSync(openSync(out, 'wx', 0o600));
  } catch (e) {
    throw new BackupError(`cannot create ${out}: ${(e as Error).message}`, { cause: e });
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(out);
    chmodSync(out, 0o600);
    return totalPages;
  } catch (e) {
    rmSync(out, { force: true });
    throw new BackupError(`the backup failed: ${(e as Error).message}`, { cause: e });
  } finally {
    db.close();
  }
}
