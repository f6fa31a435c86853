import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Db } from '../common/database';
import { backoffSeconds } from './backoff';

export interface PeerRecord {
  url: string;
  node_id: string | null;
  last_seen: number | null;
  failures: number;
  next_attempt_at: number;
}

/** Known peers, persisted so a restarted node reconnects to its network by itself. */
@Injectable()
export class PeerStore {
  private readonly stmt;

  constructor(@Inject(DATABASE) db: Db) {
    this.stmt = {
      all: db.prepare('SELECT url, node_id, last_seen, failures, next_attempt_at FROM peers ORDER BY url'),
      get: db.prepare('SELECT url, node_id, last_seen, failures, next_attempt_at FROM peers WHERE url = ?'),
      add: db.prepare('INSERT OR IGNORE INTO peers (url) VALUES (?)'),
      remove: db.prepare('DELETE FROM peers WHERE url = ?'),
      succeeded: db.prepare(
        'UPDATE peers SET last_seen = ?, failures = 0, next_attempt_at = 0, node_id = COALESCE(?, node_id) WHERE url = ?',
      ),
      failed: db.prepare('UPDATE peers SET failures = failures + 1, next_attempt_at = ? WHERE url = ?'),
      resetBackoff: db.prepare('UPDATE peers SET next_attempt_at = 0'),
      clearBackoff: db.prepare('UPDATE peers SET next_attempt_at = 0 WHERE url = ? AND next_attempt_at > 0'),
    };
  }

  all(): PeerRecord[] {
    return this.stmt.all.all() as PeerRecord[];
  }

  get(url: string): PeerRecord | undefined {
    return this.stmt.get.get(url) as PeerRecord | undefined;
  }

  /** True when the peer was not known before. */
  add(url: string): boolean {
    return this.stmt.add.run(url).changes === 1;
  }

  remove(url: string): void {
    this.stmt.remove.run(url);
  }

  succeeded(url: string, nowSeconds: number, nodeId: string | null): void {
    this.stmt.succeeded.run(nowSeconds, nodeId, url);
  }

  /** One more consecutive failure: the peer is left alone for a back-off that grows with the failures. */
  recordFailure(url: string, nowSeconds: number): void {
    const failures = (this.get(url)?.failures ?? 0) + 1;
    this.stmt.failed.run(nowSeconds + backoffSeconds(failures), url);
  }

  clearBackoff(url: string): void {
    this.stmt.clearBackoff.run(url);
  }

  resetBackoff(): void {
    this.stmt.resetBackoff.run();
  }
}
