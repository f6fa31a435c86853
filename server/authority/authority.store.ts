import { Inject, Injectable } from '@nestjs/common';
import type { MerkleStep } from '../../protocol';
import { DATABASE, type Db } from '../common/database';

/** One voter on the authority's private roll. */
export interface RollEntry {
  voter_id: string;
  salt: string;
  tag: string;
  code_hash: string;
  roll_proof: MerkleStep[];
  /** Set once a credential was issued: the hash of the blinded message signed, and the blind signature. */
  blinded_hash: string | null;
  blind_signature: string | null;
}

export interface AuthorityPrivateKeys {
  /** PKCS#8 DER, base64url, or sealed under the authority's passphrase (node-crypto/key-sealing.ts). */
  signing: string;
  credential: string;
}

/** `keys` are stored as given: sealed (see node-crypto/key-sealing.ts) or not. */
export function insertAuthority(db: Db, keys: AuthorityPrivateKeys, roll: readonly RollEntry[]): void {
  writeKeys(db, keys);
  const entry = db.prepare('INSERT INTO roll (voter_id, salt, tag, code_hash, roll_proof) VALUES (?, ?, ?, ?, ?)');
  for (const e of roll) entry.run(e.voter_id, e.salt, e.tag, e.code_hash, JSON.stringify(e.roll_proof));
}

function writeKeys(db: Db, keys: AuthorityPrivateKeys): void {
  const key = db.prepare('INSERT INTO authority_keys (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value');
  key.run('signing', keys.signing);
  key.run('credential', keys.credential);
}

type StoredRollEntry = Omit<RollEntry, 'roll_proof'> & { roll_proof: string };
const parsed = (row: StoredRollEntry): RollEntry => ({ ...row, roll_proof: JSON.parse(row.roll_proof) as MerkleStep[] });

/**
 * The authority's secrets, on the node that created the election: its private keys and the private roll
 * (voter IDs, salts, hashes of activation codes, what was issued). Other nodes have empty tables.
 */
@Injectable()
export class AuthorityStore {
  private readonly stmt;

  constructor(@Inject(DATABASE) private readonly db: Db) {
    this.stmt = {
      key: db.prepare('SELECT value FROM authority_keys WHERE name = ?').pluck(),
      entry: db.prepare('SELECT voter_id, salt, tag, code_hash, roll_proof, blinded_hash, blind_signature FROM roll WHERE voter_id = ?'),
      // NOCASE folds ASCII letters only, as normaliseVoterId does: voter IDs are ASCII.
      alike: db.prepare(
        'SELECT voter_id, salt, tag, code_hash, roll_proof, blinded_hash, blind_signature FROM roll WHERE voter_id = ? COLLATE NOCASE ORDER BY voter_id',
      ),
      markIssued: db.prepare(
        'UPDATE roll SET blinded_hash = ?, blind_signature = ?, issued_at = ? WHERE voter_id = ? AND blinded_hash IS NULL',
      ),
    };
  }

  privateKeys(): AuthorityPrivateKeys | null {
    const signing = this.stmt.key.get('signing') as string | undefined;
    const credential = this.stmt.key.get('credential') as string | undefined;
    return signing && credential ? { signing, credential } : null;
  }

  /**
   * Replaces both keys in one transaction (sealing keys kept unsealed by an earlier start). The old values
   * must not linger in the file's freed space or in the write-ahead log: they are overwritten with zeros
   * (secure_delete) and the log is checkpointed into the file and truncated.
   */
  replaceKeys(keys: AuthorityPrivateKeys): void {
    this.db.pragma('secure_delete = ON');
    try {
      this.db.transaction(() => writeKeys(this.db, keys)).immediate();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.pragma('secure_delete = OFF');
    }
  }

  entry(voterId: string): RollEntry | undefined {
    const row = this.stmt.entry.get(voterId) as StoredRollEntry | undefined;
    return row && parsed(row);
  }

  /**
   * The voters a typed voter ID may mean, in the roll's own spelling: the exact one if there is one, else every
   * voter whose ID differs only in case (one, since rolls are refused with IDs alike; more on a roll made before).
   * Trimming is the caller's (the request's DTO).
   */
  entriesAlike(voterId: string): RollEntry[] {
    const exact = this.entry(voterId);
    if (exact) return [exact];
    return (this.stmt.alike.all(voterId) as StoredRollEntry[]).map(parsed);
  }

  /** Records the issuance durably; false if the voter was issued a credential meanwhile. */
  markIssued(voterId: string, blindedHash: string, blindSignature: string, at: number): boolean {
    return this.stmt.markIssued.run(blindedHash, blindSignature, at, voterId).changes === 1;
  }
}
