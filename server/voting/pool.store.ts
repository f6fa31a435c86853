import { Inject, Injectable } from '@nestjs/common';
import { claimsOf, type Transaction, trackingCode } from '../../protocol';
import { DATABASE, type Db } from '../common/database';
import { sha256 } from '../../node-crypto/sha256';

/** A pool row as the writer stores it: the claims and tracking code are computed once, on admission. */
export interface PoolRow {
  claim: string;
  /** The transaction's further claims (a sealed ballot's ciphertexts), as a JSON array; "[]" for most. */
  more: string;
  code: string;
  json: string;
}

export function toPoolRow(tx: Transaction): PoolRow {
  const [claim, ...more] = claimsOf(tx);
  return { claim, more: JSON.stringify(more), code: trackingCode(tx, sha256), json: JSON.stringify(tx) };
}

/**
 * Stores a row unless any of its claims is confirmed or pending, with its further claims; the number of rows
 * stored (0 or 1). The writer thread runs the same statements (pool-writer.ts).
 */
export const POOL_INSERT_SQL = {
  row: `INSERT OR IGNORE INTO pool (claim, code, json)
    SELECT @claim, @code, @json
    WHERE NOT EXISTS (SELECT 1 FROM confirmed WHERE claim = @claim OR claim IN (SELECT value FROM json_each(@more)))
      AND NOT EXISTS (SELECT 1 FROM pool_claims WHERE claim IN (SELECT value FROM json_each(@more)))`,
  more: 'INSERT INTO pool_claims (claim, seq) SELECT value, @seq FROM json_each(@more)',
};

/** The persisted pool of admitted transactions waiting for a block, in admission order. */
@Injectable()
export class PoolStore {
  private readonly stmt;

  constructor(@Inject(DATABASE) db: Db) {
    this.stmt = {
      has: db
        .prepare('SELECT EXISTS (SELECT 1 FROM pool WHERE claim = @claim) OR EXISTS (SELECT 1 FROM pool_claims WHERE claim = @claim)')
        .pluck(),
      byClaim: db.prepare('SELECT json FROM pool WHERE claim = ?').pluck(),
      byCode: db.prepare('SELECT json FROM pool WHERE code = ?').pluck(),
      insert: db.prepare(POOL_INSERT_SQL.row),
      insertMore: db.prepare(POOL_INSERT_SQL.more),
      // One statement for a whole block's claims, passed as a JSON array: the pending transactions that hold
      // any of them leave, a sealed ballot whose ciphertext a block confirmed included.
      remove: db.prepare(`DELETE FROM pool WHERE claim IN (SELECT value FROM json_each(@claims))
        OR seq IN (SELECT seq FROM pool_claims WHERE claim IN (SELECT value FROM json_each(@claims)))`),
      removeOrphanClaims: db.prepare('DELETE FROM pool_claims WHERE seq NOT IN (SELECT seq FROM pool)'),
      oldest: db.prepare('SELECT json FROM pool ORDER BY seq LIMIT ?').pluck(),
      count: db.prepare('SELECT COUNT(*) FROM pool').pluck(),
    };
  }

  /** Whether a pending transaction holds this claim (its own, or one of a sealed ballot's ciphertexts). */
  has(claim: string): boolean {
    return this.stmt.has.get({ claim }) === 1;
  }

  byClaim(claim: string): Transaction | undefined {
    const json = this.stmt.byClaim.get(claim) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Transaction);
  }

  byCode(code: string): Transaction | undefined {
    const json = this.stmt.byCode.get(code) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Transaction);
  }

  /** Inserts a transaction; false when one of its claims is already pending or confirmed. */
  insert(tx: Transaction): boolean {
    const row = toPoolRow(tx);
    const stored = this.stmt.insert.run(row);
    if (stored.changes !== 1) return false;
    if (row.more !== '[]') this.stmt.insertMore.run({ more: row.more, seq: stored.lastInsertRowid });
    return true;
  }

  remove(claims: readonly string[]): void {
    if (claims.length === 0) return;
    if (this.stmt.remove.run({ claims: JSON.stringify(claims) }).changes > 0) this.stmt.removeOrphanClaims.run();
  }

  oldest(limit: number): Transaction[] {
    return (this.stmt.oldest.all(limit) as string[]).map((json) => JSON.parse(json) as Transaction);
  }

  count(): number {
    return this.stmt.count.get() as number;
  }
}
