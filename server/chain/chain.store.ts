import { Inject, Injectable } from '@nestjs/common';
import {
  type Block,
  claimsOf,
  type ContentCount,
  countByKind,
  decodeSealedLedger,
  type ElectionPhase,
  encodeSealedLedger,
  isBallot,
  type LedgerState,
  trackingCode,
} from '../../protocol';
import { type BlockSummary } from '../../api/http';
import { DATABASE, type Db } from '../common/database';
import { sha256 } from '../../node-crypto/sha256';

export interface BlockRecord {
  hash: string;
  parent_hash: string;
  height: number;
  timestamp: number;
  cumulative_work: number;
  phase: ElectionPhase;
  ballot_total: number;
  credential_total: number;
  /** A sealed election's ledger after the block (encodeSealedLedger); null in every other election. */
  sealed_state: string | null;
}

export interface TipRecord {
  height: number;
  hash: string;
  timestamp: number;
  cumulative_work: number;
}

/** Where a confirmed transaction sits on the main chain. */
export interface ConfirmedEntry {
  code: string;
  height: number;
  position: number;
}

export function ledgerStateOf(record: BlockRecord): LedgerState {
  const state: LedgerState = { phase: record.phase, ballots: record.ballot_total, credentials: record.credential_total };
  return record.sealed_state === null ? state : { ...state, sealed: decodeSealedLedger(record.sealed_state) };
}

/** The seed's field order first, so `/chain` reads like the seed's; then the fields a real chain needs. */
export function toWireBlock(b: Block): Block {
  return {
    index: b.index,
    transactions: b.transactions,
    timestamp: b.timestamp,
    previous_hash: b.previous_hash,
    nonce: b.nonce,
    hash: b.hash,
    difficulty: b.difficulty,
    merkle_root: b.merkle_root,
    ...(b.election ? { election: b.election } : {}),
  };
}

/**
 * SQLite storage of every block seen (main chain and side branches) with the ledger state after it, the
 * main chain by height, and the index of confirmed transactions by claim and by tracking code. Blocks are
 * kept as their wire JSON so `/chain` is served without re-serialising. All writes happen inside
 * transactions opened by ChainService.
 */
@Injectable()
export class ChainStore {
  private readonly stmt;

  constructor(@Inject(DATABASE) private readonly db: Db) {
    this.stmt = {
      hasBlock: db.prepare('SELECT 1 FROM blocks WHERE hash = ?').pluck(),
      maxHeight: db.prepare('SELECT MAX(height) FROM blocks').pluck(),
      blockJson: db.prepare('SELECT json FROM blocks WHERE hash = ?').pluck(),
      record: db.prepare(
        'SELECT hash, parent_hash, height, timestamp, cumulative_work, phase, ballot_total, credential_total, sealed_state FROM blocks WHERE hash = ?',
      ),
      insertBlock:
        db.prepare(`INSERT INTO blocks (hash, parent_hash, height, timestamp, nonce, difficulty, merkle_root, ballot_count, contents, cumulative_work, phase, ballot_total, credential_total, sealed_state, json)
        VALUES (@hash, @previous_hash, @index, @timestamp, @nonce, @difficulty, @merkle_root, @ballot_count, @contents, @cumulative_work, @phase, @ballot_total, @credential_total, @sealed_state, @json)`),
      mainHashAt: db.prepare('SELECT hash FROM main_chain WHERE height = ?').pluck(),
      setMain: db.prepare('INSERT INTO main_chain (height, hash) VALUES (?, ?)'),
      truncateMain: db.prepare('DELETE FROM main_chain WHERE height > ?'),
      tip: db.prepare(
        `SELECT m.height, m.hash, b.timestamp, b.cumulative_work FROM main_chain m JOIN blocks b ON b.hash = m.hash ORDER BY m.height DESC LIMIT 1`,
      ),
      mainHashesFrom: db.prepare('SELECT hash FROM main_chain WHERE height >= ? ORDER BY height LIMIT ?').pluck(),
      mainHashes: db.prepare('SELECT hash FROM main_chain ORDER BY height').pluck(),
      summaries:
        db.prepare(`SELECT b.height AS "index", b.hash, b.parent_hash AS previous_hash, b.timestamp, b.nonce, b.difficulty, b.merkle_root, b.ballot_count AS ballots, b.contents
        FROM main_chain m JOIN blocks b ON b.hash = m.hash WHERE m.height < ? ORDER BY m.height DESC LIMIT ?`),
      addConfirmed: db.prepare('INSERT INTO confirmed (claim, code, party, height, position) VALUES (?, ?, ?, ?, ?)'),
      removeConfirmedAbove: db.prepare('DELETE FROM confirmed WHERE height > ?'),
      confirmedHeight: db.prepare('SELECT height FROM confirmed WHERE claim = ?').pluck(),
      confirmedByClaim: db.prepare('SELECT code, height, position FROM confirmed WHERE claim = ?'),
      confirmedByCode: db.prepare('SELECT code, height, position FROM confirmed WHERE code = ?'),
      addSide: db.prepare('INSERT OR IGNORE INTO side_claims (claim, block_hash) VALUES (?, ?)'),
      sideBlocksOf: db.prepare('SELECT block_hash FROM side_claims WHERE claim = ?').pluck(),
      tally: db.prepare('SELECT party, COUNT(*) AS votes FROM confirmed WHERE party IS NOT NULL GROUP BY party'),
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
    const json = this.blockJson(hash);
    return json === undefined ? undefined : (JSON.parse(json) as Block);
  }

  record(hash: string): BlockRecord | undefined {
    return this.stmt.record.get(hash) as BlockRecord | undefined;
  }

  insertBlock(block: Block, cumulativeWork: number, after: LedgerState): void {
    this.stmt.insertBlock.run({
      ...block,
      transactions: undefined,
      election: undefined,
      ballot_count: block.transactions.filter(isBallot).length,
      contents: JSON.stringify(countByKind(block.transactions)),
      cumulative_work: cumulativeWork,
      phase: after.phase,
      ballot_total: after.ballots,
      credential_total: after.credentials,
      sealed_state: after.sealed ? encodeSealedLedger(after.sealed) : null,
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

  /** Makes `block` the main block at its height and indexes its transactions (`codes`: their tracking codes, if known). */
  appendMain(block: Block, codes: readonly string[] = block.transactions.map((t) => trackingCode(t, sha256))): void {
    this.stmt.setMain.run(block.index, block.hash);
    block.transactions.forEach((t, position) => {
      const [own, ...more] = claimsOf(t);
      this.stmt.addConfirmed.run(own, codes[position], isBallot(t) && 'party' in t ? t.party : null, block.index, position);
      // A sealed ballot's ciphertexts: claimed, never counted (no party), found under the same tracking code.
      for (const claim of more) this.stmt.addConfirmed.run(claim, codes[position], null, block.index, position);
    });
  }

  /** Drops the main chain above `height`, with its transaction index. */
  truncateMainAbove(height: number): void {
    this.stmt.removeConfirmedAbove.run(height);
    this.stmt.truncateMain.run(height);
  }

  /** Indexes the claims of a block that is (or has just left) a side branch. */
  indexSideBlock(block: Block): void {
    for (const t of block.transactions) for (const claim of claimsOf(t)) this.stmt.addSide.run(claim, block.hash);
  }

  /** Off-main blocks that carry a transaction with this claim. */
  sideBlocksOf(claim: string): string[] {
    return this.stmt.sideBlocksOf.all(claim) as string[];
  }

  confirmedHeight(claim: string): number | undefined {
    return this.stmt.confirmedHeight.get(claim) as number | undefined;
  }

  confirmedByClaim(claim: string): ConfirmedEntry | undefined {
    return this.stmt.confirmedByClaim.get(claim) as ConfirmedEntry | undefined;
  }

  confirmedByCode(code: string): ConfirmedEntry | undefined {
    return this.stmt.confirmedByCode.get(code) as ConfirmedEntry | undefined;
  }

  /** The hashes of up to `limit` main-chain blocks from `fromHeight` on, in order. */
  mainHashesFrom(fromHeight: number, limit: number): string[] {
    return this.stmt.mainHashesFrom.all(fromHeight, limit) as string[];
  }

  /** A block as stored: its wire JSON. */
  blockJson(hash: string): string | undefined {
    return this.stmt.blockJson.get(hash) as string | undefined;
  }

  mainHashes(): string[] {
    return this.stmt.mainHashes.all() as string[];
  }

  summaries(beforeHeight: number, limit: number): BlockSummary[] {
    const rows = this.stmt.summaries.all(beforeHeight, limit) as (Omit<BlockSummary, 'contents'> & { contents: string })[];
    return rows.map((row) => ({ ...row, contents: JSON.parse(row.contents) as ContentCount[] }));
  }

  tally(): { party: string; votes: number }[] {
    return this.stmt.tally.all() as { party: string; votes: number }[];
  }
}
