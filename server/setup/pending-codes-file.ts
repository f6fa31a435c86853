import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { restrictIfPresent } from '../common/private-files';

/*
 * An election created on the Admin page hands its activation codes to the official's browser; the node
 * keeps only their hashes. Until the official confirms the download, a copy waits in DATA_DIR (owner-only),
 * so that a reload, a closed tab or a restart cannot lose every code of an election that can no longer be
 * changed. The confirmation deletes it.
 */

export function pendingCodesFile(dataDir: string): string {
  return join(dataDir, 'pending-activation-codes.csv');
}

/** The codes still waiting for the official, as the CSV they downloaded; null once confirmed (or never kept). */
export function readPendingCodes(dataDir: string): { csv: string; voters: number } | null {
  const file = pendingCodesFile(dataDir);
  try {
    // A copy others could have changed is refused (UnsafeDataDirError), never served.
    restrictIfPresent(file);
    const csv = readFileSync(file, 'utf8');
    const rows: string[][] = parse(csv, { skip_empty_lines: true });
    return { csv, voters: Math.max(rows.length - 1, 0) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Deletes the node's copy; nothing to do when there is none. */
export function forgetPendingCodes(dataDir: string): void {
  rmSync(pendingCodesFile(dataDir), { force: true });
}
