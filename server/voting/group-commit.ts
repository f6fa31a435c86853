import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { Transaction } from '../../protocol';
import { DATABASE, type Db } from '../common/database';
import { DomainError } from '../common/domain-errors';
import { createPoolWriter, type PoolWriter } from './pool-writer';
import { type PoolRow, toPoolRow } from './pool.store';

interface PendingCommit {
  tx: Transaction;
  row: PoolRow;
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Durability before acknowledgement, without one fsync per ballot: transactions that arrive while a batch
 * is being written form the next batch, and each batch is one commit by a PoolWriter off the event loop.
 * So a 201 always follows an fsync, and the disk sees one commit per batch.
 */
@Injectable()
export class GroupCommit implements OnModuleInit, OnModuleDestroy {
  /** The transactions of each batch that were stored (their claim was free), once they are on disk. */
  readonly committed = new Subject<Transaction[]>();
  private readonly logger = new Logger(GroupCommit.name);
  private batch: PendingCommit[] = [];
  private writing = false;
  /** Claims on their way to the disk: they count as used. */
  private readonly inFlight = new Set<string>();
  private writer!: PoolWriter;

  constructor(@Inject(DATABASE) private readonly db: Db) {}

  onModuleInit(): void {
    this.writer = createPoolWriter(this.db);
  }

  async onModuleDestroy(): Promise<void> {
    await this.writer.close();
  }

  isInFlight(claim: string): boolean {
    return this.inFlight.has(claim);
  }

  /** Resolves once `tx` is on disk: true, or false when its claim was already pending or confirmed. */
  commit(tx: Transaction): Promise<boolean> {
    const row = toPoolRow(tx);
    this.inFlight.add(row.claim);
    return new Promise((resolve, reject) => {
      this.batch.push({ tx, row, resolve, reject });
      if (this.batch.length === 1 && !this.writing) setImmediate(() => void this.flush());
    });
  }

  /** Writes one batch at a time; transactions arriving meanwhile form the next batch. */
  private async flush(): Promise<void> {
    if (this.writing || this.batch.length === 0) return;
    this.writing = true;
    const batch = this.batch;
    this.batch = [];
    try {
      const stored = await this.writer.insert(batch.map((c) => c.row));
      batch.forEach((c, i) => c.resolve(stored[i]));
      const committed = batch.filter((_, i) => stored[i]).map((c) => c.tx);
      if (committed.length > 0) this.committed.next(committed);
    } catch (error) {
      this.logger.error(`could not store ${batch.length} transactions: ${(error as Error).message}`);
      batch.forEach((c) => c.reject(new DomainError(503, 'storage-unavailable', 'the ballot could not be stored; try again')));
    } finally {
      batch.forEach((c) => this.inFlight.delete(c.row.claim));
      this.writing = false;
      void this.flush();
    }
  }
}
