import { Inject, Injectable } from '@nestjs/common';
import type { Ballot, Block, BlockSummary } from '../../protocol';
import { DATABASE, type Db } from '../common/database';

export interface BlockRecord {
  hash: string;
  parent_hash: string;
  height: number;
  timestamp: number;
  cumulative_work: number;
}

export interface TipRecord {
  height: number;
  hash: string;
  timestamp: number;
  cumulative_work: number;
}

export interface ConfirmedBallot extends Ballot {
  height: number;
}

/** The seed's field order first, so `/chain` reads like the seed's; then the fields a real chain needs. */
export function toWireBlock(b: Block): Block {
  return {
    index: b.index,
    transactions: b.transactions.map((t) => ({ voter_id: t.voter_id, party: t.party, timestamp: t.timestamp })),
    timestamp: b.timestamp,
    previous_hash: b.previous_hash,
    nonce: b.nonce,
    hash: b.hash,
    difficulty: b.difficulty,
    merkle_root: b.merkle_root,
  };
}

/**
 * SQLite storage of every block seen (main chain and side branches), the main chain by height, and the
 * index of confirmed ballots by voter. Blocks are kept as their wire JSON so `/chain` is served without
 * re-serialising. All writes happen inside transactions opened by ChainService.
 */
@Injectable()
export class ChainStore {
  private readonly stmt;

  constructor(@Inject(DATABASE) private readonly db: Db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS blocks (
        hash TEXT PRIMARY KEY,
        parent_hash TEXT NOT NULL,
        height INTEGER NOT NULL,
        timestamp REAL NOT NULL,
        nonce INTEGER NOT NULL,
        difficulty INTEGER NOT NULL,
        merkle_root TEXT NOT NULL,
        ballot_count INTEGER NOT NULL,
        cumulative_work REAL NOT NULL,
        json TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS blocks_by_parent ON blocks (parent_hash);
      CREATE TABLE IF NOT EXISTS main_chain (height INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE REFERENCES blocks (hash));
      CREATE TABLE IF NOT EXISTS confirmed_ballots (
        voter_id TEXT PRIMARY KEY,
        party TEXT NOT NULL,
        timestamp REAL NOT NULL,
        height INTEGER NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS confirmed_by_height ON confirmed_ballots (height);
      -- Voters of blocks off the main chain, so a side branch's ancestry is checked without reading its blocks.
      CREATE TABLE IF NOT EXISTS side_ballots (voter_id TEXT NOT NULL, block_hash TEXT NOT NULL, PRIMARY KEY (voter_id, block_hash)) WITHOUT ROWID;
    `);
    this.stmt = {
      hasBlock: db.prepare('SELECT 1 FROM blocks WHERE hash = ?').pluck(),
      maxHeight: db.prepare('SELECT MAX(height) FROM blocks').pluck(),
      blockJson: db.prepare('SELECT json FROM blocks WHERE hash = ?').pluck(),
      record: db.prepare('SELECT hash, parent_hash, height, timestamp, cumulative_work FROM blocks WHERE hash = ?'),
      insertBlock: db.prepare(`INSERT INTO blocks (hash, parent_hash, height, timestamp, nonce, difficulty, merkle_root, ballot_count, cumulative_work, json)
        VALUES (@hash, @previous_hash, @index, @timestamp, @nonce, @difficulty, @merkle_root, @ballot_count, @cumulative_work, @json)`),
      mainHashAt: db.prepare('SELECT hash FROM main_chain WHERE height = ?').pluck(),
      setMain: db.prepare('INSERT INTO main_chain (height, hash) VALUES (?, ?)'),
      truncateMain: db.prepare('DELETE FROM main_chain WHERE height > ?'),
      tip: db.prepare(`SELECT m.height, m.hash, b.timestamp, b.cumulative_work FROM main_chain m JOIN blocks b ON b.hash = m.hash ORDER BY m.height DESC LIMIT 1`),
      mainJson: db.prepare('SELECT b.json FROM main_chain m JOIN blocks b ON b.hash = m.hash WHERE m.height >= ? ORDER BY m.height LIMIT ?').pluck(),
      mainHashes: db.prepare('SELECT hash FROM main_chain ORDER BY height').pluck(),
      summaries: db.prepare(`SELECT b.height AS "index", b.hash, b.parent_hash AS previous_hash, b.timestamp, b.nonce, b.difficulty, b.merkle_root, b.ballot_count AS ballots
        FROM main_chain m JOIN blocks b ON b.hash = m.hash WHERE m.height < ? ORDER BY m.height DESC LIMIT ?`),
      addConfirmed: db.prepare('INSERT INTO confirmed_ballots (voter_id, party, timestamp, height, position) VALUES (?, ?, ?, ?, ?)'),
      removeConfirmedAbove: db.prepare('DELETE FROM confirmed_ballots WHERE height > ?'),
      confirmedHeight: db.prepare('SELECT height FROM confirmed_ballots WHERE voter_id = ?').pluck(),
      addSide: db.prepare('INSERT OR IGNORE INTO side_ballots (voter_id, block_hash) VALUES (?, ?)'),
      sideBlocksOf: db.prepare('SELECT block_hash FROM side_ballots WHERE voter_id = ?').pluck(),
      confirmed: db.prepare('SELECT voter_id, party, timestamp, height FROM confirmed_ballots WHERE voter_id = ?'),
      tally: db.prepare('SELECT party, COUNT(*) AS votes FROM confirmed_ballots GROUP BY party'),
    };
  }

  /** IMMEDIATE: take the write lock up front (the ballot writer is a second connection), never mid-way. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  hasBlock(hash: string): boolean {
    return this.stmt.hasBlock.get(hash) !== undefined;
  }

  /** The height of the highest block stored, on any branch. */
  maxHeight(): number {
    return this.stmt.maxHeight.get() as number;
  }

  block(hash: string): Block | undefined {
    const json = this.stmt.blockJson.get(hash) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Block);
  }

  record(hash: string): BlockRecord | undefined {
    return this.stmt.record.get(hash) as BlockRecord | undefined;
  }

  insertBlock(block: Block, cumulativeWork: number): void {
    this.stmt.insertBlock.run({
      ...block,
      transactions: undefined,
      ballot_count: block.transactions.length,
      cumulative_work: cumulativeWork,
      json: JSON.stringify(toWireBlock(block)),
    });
  }

  mainHashAt(height: number): string | undefined {
    return this.stmt.mainHashAt.get(height) as string | undefined;
  }

  isOnMain(record: BlockRecord): boolean {
    return this.mainHashAt(record.height) === record.hash;
  }

  tip(): TipRecord | undefined {
    return this.stmt.tip.get() as TipRecord | undefined;
  }

  /** Makes `block` the main block at its height and indexes its ballots. */
  appendMain(block: Block): void {
    this.stmt.setMain.run(block.index, block.hash);
    block.transactions.forEach((t, position) => this.stmt.addConfirmed.run(t.voter_id, t.party, t.timestamp, block.index, position));
  }

  /** Drops the main chain above `height`, with its ballot index. */
  truncateMainAbove(height: number): void {
    this.stmt.removeConfirmedAbove.run(height);
    this.stmt.truncateMain.run(height);
  }

  /** Indexes the voters of a block that is (or has just left) a side branch. */
  indexSideBlock(block: Block): void {
    for (const t of block.transactions) this.stmt.addSide.run(t.voter_id, block.hash);
  }

  /** Off-main blocks that carry a ballot of this voter. */
  sideBlocksOf(voterId: string): string[] {
    return this.stmt.sideBlocksOf.all(voterId) as string[];
  }

  confirmedHeight(voterId: string): number | undefined {
    return this.stmt.confirmedHeight.get(voterId) as number | undefined;
  }

  confirmedBallot(voterId: string): ConfirmedBallot | undefined {
    return this.stmt.confirmed.get(voterId) as ConfirmedBallot | undefined;
  }

  mainBlocksJson(fromHeight: number, limit: number): string[] {
    return this.stmt.mainJson.all(fromHeight, limit) as string[];
  }

  mainHashes(): string[] {
    return this.stmt.mainHashes.all() as string[];
  }

  summaries(beforeHeight: number, limit: number): BlockSummary[] {
    return this.stmt.summaries.all(beforeHeight, limit) as BlockSummary[];
  }

  tally(): { party: string; votes: number }[] {
    return this.stmt.tally.all() as { party: string; votes: number }[];
  }
}
