import { Test, type TestingModule } from '@nestjs/testing';
import Database from 'better-sqlite3';
import { type Ballot, type Block, type BlockHeader, type Election } from '../../../protocol';
import { ChainModule } from '../../../server/chain/chain.module';
import { ChainService } from '../../../server/chain/chain.service';
import { AppConfig } from '../../../server/common/app-config';
import { Clock } from '../../../server/common/clock';
import { CommonModule } from '../../../server/common/common.module';
import { DATABASE, type Db } from '../../../server/common/database';
import { MiningModule } from '../../../server/mining/mining.module';
import { MiningService } from '../../../server/mining/mining.service';
import { VotingModule } from '../../../server/voting/voting.module';
import { VotingService } from '../../../server/voting/voting.service';
import { mineBlockOn } from '../../support/mine-block';

/** The fixed clock of every service test (seconds): 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;

/** A small election with a roll and difficulty 1, so a block is a few dozen hashes. */
export const TEST_ELECTION: Election = {
  title: 'Service test election',
  parties: ['Red', 'Green', 'Blue'],
  voters: Array.from({ length: 12 }, (_, i) => `V${String(i + 1).padStart(3, '0')}`),
  difficulty: 1,
};

export function ballot(voter_id: string, party = 'Red', timestamp = NOW - 60): Ballot {
  return { voter_id, party, timestamp };
}

/** A mined block on `parent` at NOW or later (see test/support/mine-block.ts). */
export function mineBlock(parent: Block, ballots: readonly Ballot[], overrides: Partial<Omit<BlockHeader, 'nonce'>> = {}, difficulty = 1): Block {
  return mineBlockOn(parent, ballots, { timestamp: Math.max(NOW, parent.timestamp), difficulty, ...overrides });
}

export interface Services {
  module: TestingModule;
  db: Db;
  chain: ChainService;
  voting: VotingService;
  mining: MiningService;
  setNow(seconds: number): void;
  close(): Promise<void>;
}

/**
 * Chain, voting and mining services wired by their real modules and CommonModule, with the database
 * replaced by an in-memory SQLite and the clock fixed.
 */
export async function createServices(election: Election = TEST_ELECTION): Promise<Services> {
  let now = NOW;
  const db = new Database(':memory:');
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const config = new AppConfig(0, '127.0.0.1', '/nonexistent/ballotchain-service-test', 'http://127.0.0.1:1', [], { ...election }, 'test', 60_000, 'json');
  const module = await Test.createTestingModule({ imports: [CommonModule.forRoot(config), ChainModule, VotingModule, MiningModule] })
    .overrideProvider(DATABASE)
    .useValue(db)
    .overrideProvider(Clock)
    .useValue({ nowSeconds: () => now })
    .compile();
  await module.init();
  return {
    module,
    db,
    chain: module.get(ChainService),
    voting: module.get(VotingService),
    mining: module.get(MiningService),
    setNow: (seconds) => {
      now = seconds;
    },
    close: async () => {
      await module.close();
      if (db.open) db.close();
    },
  };
}

/** Rows of the persisted pool table, in admission order. */
export function poolRows(db: Db): Ballot[] {
  return db.prepare('SELECT voter_id, party, timestamp FROM pool ORDER BY seq').all() as Ballot[];
}

/** The error a promise or function rejects with (fails the test when it does not reject). */
export async function rejection(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but it succeeded');
}
