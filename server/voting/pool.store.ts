import { Inject, Injectable } from '@nestjs/common';
import type { Ballot } from '../../protocol';
import { DATABASE, type Db } from '../common/database';

/** The persisted pool of admitted ballots waiting for a block, in admission order. */
@Injectable()
export class PoolStore {
  private readonly stmt;

  constructor(@Inject(DATABASE) db: Db) {
    db.exec(`CREATE TABLE IF NOT EXISTS pool (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      voter_id TEXT NOT NULL UNIQUE,
      party TEXT NOT NULL,
      timestamp REAL NOT NULL
    )`);
    this.stmt = {
      has: db.prepare('SELECT 1 FROM pool WHERE voter_id = ?').pluck(),
      get: db.prepare('SELECT voter_id, party, timestamp FROM pool WHERE voter_id = ?'),
      insert: db.prepare('INSERT OR IGNORE INTO pool (voter_id, party, timestamp) VALUES (?, ?, ?)'),
      remove: db.prepare('DELETE FROM pool WHERE voter_id = ?'),
      oldest: db.prepare('SELECT voter_id, party, timestamp FROM pool ORDER BY seq LIMIT ?'),
      count: db.prepare('SELECT COUNT(*) FROM pool').pluck(),
    };
  }

  has(voterId: string): boolean {
    return this.stmt.has.get(voterId) !== undefined;
  }

  get(voterId: string): Ballot | undefined {
    return this.stmt.get.get(voterId) as Ballot | undefined;
  }

  /** Inserts a ballot; false when its voter already has one pending. */
  insert(ballot: Ballot): boolean {
    return this.stmt.insert.run(ballot.voter_id, ballot.party, ballot.timestamp).changes === 1;
  }

  remove(voterIds: readonly string[]): void {
    for (const id of voterIds) this.stmt.remove.run(id);
  }

  oldest(limit: number): Ballot[] {
    return this.stmt.oldest.all(limit) as Ballot[];
  }

  count(): number {
    return this.stmt.count.get() as number;
  }
}
