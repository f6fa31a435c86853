import { Inject, Injectable } from '@nestjs/common';
import { claimOf, type Transaction, trackingCode } from '../../protocol';
import { DATABASE, type Db } from '../common/database';
import { sha256 } from '../../node-crypto/sha256';

/** A pool row as the writer stores it: the claim and tracking code are computed once, on admission. */
export interface PoolRow {
  claim: string;
  code: string;
  json: string;
}

export function toPoolRow(tx: Transaction): PoolRow {
  return { claim: claimOf(tx), code: trackingCode(tx, sha256), json: JSON.stringify(tx) };
}

/** The persisted pool of admitted transactions waiting for a block, in admission order. */
@Injectable()
export class PoolStore {
  private readonly stmt;

  constructor(@Inject(DATABASE) db: Db) {
    this.stmt = {
      has: db.prepare('SELECT 1 FROM pool WHERE claim = ?').pluck(),
      byClaim: db.prepare('SELECT json FROM pool WHERE claim = ?').pluck(),
      byCode: db.prepare('SELECT json FROM pool WHERE code = ?').pluck(),
      insert: db.prepare('INSERT OR IGNORE INTO pool (claim, code, json) VALUES (@claim, @code, @json)'),
      // One statement for a whole block's claims, passed as a JSON array.
      remove: db.prepare('DELETE FROM pool WHERE claim IN (SELECT value FROM json_each(?))'),
      oldest: db.prepare('SELECT json FROM pool ORDER BY seq LIMIT ?').pluck(),
      count: db.prepare('SELECT COUNT(*) FROM pool').pluck(),
    };
  }

  has(claim: string): boolean {
    return this.stmt.has.get(claim) !== undefined;
  }

  byClaim(claim: string): Transaction | undefined {
    const json = this.stmt.byClaim.get(claim) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Transaction);
  }

  byCode(code: string): Transaction | undefined {
    const json = this.stmt.byCode.get(code) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Transaction);
  }

  /** Inserts a transaction; false when its claim is already pending. */
  insert(tx: Transaction): boolean {
    return this.stmt.insert.run(toPoolRow(tx)).changes === 1;
  }

  remove(claims: readonly string[]): void {
    if (claims.length > 0) this.stmt.remove.run(JSON.stringify(claims));
  }

  oldest(limit: number): Transaction[] {
    return (this.stmt.oldest.all(limit) as string[]).map((json) => JSON.parse(json) as Transaction);
  }

  count(): number {
    return this.stmt.count.get() as number;
  }
}
