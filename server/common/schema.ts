import { type Block, countByKind } from '../../protocol';
import type { Db } from './database';

/** One step of the database layout. Steps run in order, each once, and are never edited once released. */
export interface Migration {
  /** The schema version the database has after this step (PRAGMA user_version). */
  version: number;
  description: string;
  up(db: Db): void;
}

/**
 * Every layout the node has had, oldest first. Add a step at the end to change the layout; a data dir
 * written by an older release runs the steps it lacks when it is opened (see migrate).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    // Data dirs written before schema versions existed (user_version 0) already have exactly these tables,
    // so every statement leaves an existing table as it is.
    description: 'meta, chain, pool, peers and the authority’s keys and roll',
    up: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        -- Every block seen (main chain and side branches), with the ledger state after it and its wire JSON.
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
          phase TEXT NOT NULL,
          ballot_total INTEGER NOT NULL,
          credential_total INTEGER NOT NULL,
          json TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS blocks_by_parent ON blocks (parent_hash);
        CREATE TABLE IF NOT EXISTS main_chain (height INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE REFERENCES blocks (hash));
        -- One row per confirmed transaction: its claim (voter, ballot key, tag, phase), tracking code and party.
        CREATE TABLE IF NOT EXISTS confirmed (
          claim TEXT PRIMARY KEY,
          code TEXT NOT NULL,
          party TEXT,
          height INTEGER NOT NULL,
          position INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS confirmed_by_height ON confirmed (height);
        CREATE INDEX IF NOT EXISTS confirmed_by_code ON confirmed (code);
        -- Claims of blocks off the main chain, so a side branch's ancestry is checked without reading its blocks.
        CREATE TABLE IF NOT EXISTS side_claims (claim TEXT NOT NULL, block_hash TEXT NOT NULL, PRIMARY KEY (claim, block_hash)) WITHOUT ROWID;

        -- Admitted transactions waiting for a block, in admission order.
        CREATE TABLE IF NOT EXISTS pool (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          claim TEXT NOT NULL UNIQUE,
          code TEXT NOT NULL,
          json TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS pool_by_code ON pool (code);

        CREATE TABLE IF NOT EXISTS peers (
          url TEXT PRIMARY KEY,
          node_id TEXT,
          last_seen REAL,
          failures INTEGER NOT NULL DEFAULT 0,
          next_attempt_at REAL NOT NULL DEFAULT 0
        );

        -- The authority's secrets; empty on every other node.
        CREATE TABLE IF NOT EXISTS authority_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS roll (
          voter_id TEXT PRIMARY KEY,
          salt TEXT NOT NULL,
          tag TEXT NOT NULL UNIQUE,
          code_hash TEXT NOT NULL,
          roll_proof TEXT NOT NULL,
          blinded_hash TEXT,
          blind_signature TEXT,
          issued_at REAL
        );
      `),
  },
  {
    version: 2,
    description: 'sealed elections: the sealed ledger after each block, and the pool’s claims of ciphertexts',
    up: (db) =>
      db.exec(`
        -- The ceremony, election key, encrypted sums and decryptions after the block (null unless sealed).
        ALTER TABLE blocks ADD COLUMN sealed_state TEXT;
        -- The claims of pending sealed ballots beyond their own (one per ciphertext, see protocol claimsOf).
        CREATE TABLE pool_claims (claim TEXT PRIMARY KEY, seq INTEGER NOT NULL);
        CREATE INDEX pool_claims_by_seq ON pool_claims (seq);
      `),
  },
  {
    version: 3,
    description: 'the roll found by a voter ID typed in any case',
    // The authority looks a voter up case-insensitively when the exact spelling misses: without this index,
    // each such request would scan the whole roll.
    up: (db) => db.exec('CREATE INDEX roll_by_nocase_id ON roll (voter_id COLLATE NOCASE);'),
  },
  {
    version: 4,
    description: 'what each block holds, by kind, for the block summaries',
    // The explorer lists blocks from their summaries; without the counts it had to fetch every block that
    // holds no ballot (a block of 10 000 credentials is about 17 MB) to say what it holds.
    up: (db) => {
      db.exec(`ALTER TABLE blocks ADD COLUMN contents TEXT NOT NULL DEFAULT '[]'`);
      const json = db.prepare('SELECT json FROM blocks WHERE hash = ?').pluck();
      const update = db.prepare('UPDATE blocks SET contents = ? WHERE hash = ?');
      // One block in memory at a time: a stored block can be tens of megabytes.
      for (const hash of db.prepare('SELECT hash FROM blocks').pluck().all() as string[]) {
        const block = JSON.parse(json.get(hash) as string) as Block;
        update.run(JSON.stringify(countByKind(block.transactions)), hash);
      }
    },
  },
];
