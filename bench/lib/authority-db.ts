/*
 * The authority's secrets as the node keeps them (server/authority/authority.store.ts), read straight from
 * the node's SQLite file, read-only, while the node runs (WAL lets a reader beside the writer). Only the
 * benchmark does this: it stands in for the voters' browsers, which get their credentials by blind
 * signature instead.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';

/** A voter of the private roll: tag and roll proof (the JSON text stored). */
export interface RollRow {
  tag: string;
  roll_proof: string;
}

function withReadOnly<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'ballotchain.db'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** `{ signing, credential }`: PKCS#8 DER, base64url. */
export function readAuthorityKeys(dataDir: string): { signing: string; credential: string } {
  return withReadOnly(dataDir, (db) => {
    const key = db.prepare<[string], string>('SELECT value FROM authority_keys WHERE name = ?').pluck();
    const signing = key.get('signing');
    const credential = key.get('credential');
    if (!signing || !credential) throw new Error(`no authority keys in ${dataDir}/ballotchain.db: is this node the authority?`);
    return { signing, credential };
  });
}

/** Every voter's tag and roll proof, in voter ID order. */
export function readRoll(dataDir: string): RollRow[] {
  return withReadOnly(dataDir, (db) => db.prepare<[], RollRow>('SELECT tag, roll_proof FROM roll ORDER BY voter_id').all());
}
