import { Test, type TestingModule } from '@nestjs/testing';
import Database from 'better-sqlite3';
import {
  type Ballot,
  type Block,
  type BlockHeader,
  type Election,
  type ElectionDefinition,
  type Transaction,
  voterIdClaim,
} from '../../../protocol';
import { ChainModule } from '../../../server/chain/chain.module';
import { ChainService } from '../../../server/chain/chain.service';
import { AppConfig } from '../../../server/common/app-config';
import { Clock } from '../../../server/common/clock';
import { CommonModule } from '../../../server/common/common.module';
import { DATABASE, type Db } from '../../../server/common/database';
import { DEFAULT_HTTP_LIMITS } from '../../../server/common/http-server';
import { migrate } from '../../../server/common/migrate';
import { DEFAULT_RATE_LIMITS } from '../../../server/common/rate-limit-settings';
import { ElectionModule } from '../../../server/election/election.module';
import { ElectionService } from '../../../server/election/election.service';
import { MiningModule } from '../../../server/mining/mining.module';
import { MiningService } from '../../../server/mining/mining.service';
import { createElection, type CreatedElection } from '../../../server/setup/create-election';
import { VotingModule } from '../../../server/voting/voting.module';
import { ReceiptService } from '../../../server/voting/receipt.service';
import { VotingService } from '../../../server/voting/voting.service';
import { mineBlockOn } from '../../support/mine-block';

/** The fixed clock of every service test (seconds): 2023-11-14T22:13:20Z. */
export const NOW = 1_700_000_000;

/** A small open election with a roll and difficulty 1, so a block is a few dozen hashes. No authority: open from genesis. */
export const TEST_ELECTION: Election = {
  title: 'Service test election',
  parties: ['Red', 'Green', 'Blue'],
  difficulty: 1,
  scheme: 'open',
  voters: Array.from({ length: 12 }, (_, i) => `V${String(i + 1).padStart(3, '0')}`),
};

export function ballot(voter_id: string, party = 'Red', timestamp = NOW - 60): Ballot {
  return { voter_id, party, timestamp };
}

/** A mined block on `parent` at NOW or later (see test/support/mine-block.ts). */
export function mineBlock(
  parent: Block,
  txs: readonly Transaction[],
  overrides: Partial<Omit<BlockHeader, 'nonce'>> = {},
  difficulty = 1,
): Block {
  return mineBlockOn(parent, txs, { timestamp: Math.max(NOW, parent.timestamp), difficulty, ...overrides });
}

export interface Services {
  module: TestingModule;
  db: Db;
  chain: ChainService;
  voting: VotingService;
  mining: MiningService;
  election: ElectionService;
  receipts: ReceiptService;
  /** What createElection returned: the genesis block, and the activation codes of a secret election. */
  created: CreatedElection;
  setNow(seconds: number): void;
  close(): Promise<void>;
}

/**
 * The node's services wired by their real modules and CommonModule, with the database replaced by an
 * in-memory SQLite (the election created in it as a node creates it) and the clock fixed. A secret
 * definition, or `withAuthority`, makes these services the election's authority.
 */
export async function createServices(
  definition: ElectionDefinition = TEST_ELECTION,
  options: { withAuthority?: boolean } = {},
): Promise<Services> {
  let now = NOW;
  const db = new Database(':memory:');
  migrate(db);
  const created = createElection(db, definition, { withAuthority: options.withAuthority ?? false });
  const config = new AppConfig({
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent/ballotchain-service-test',
    publicUrl: 'http://127.0.0.1:1',
    peers: [],
    electionMode: 'file',
    definition,
    electionSource: 'test',
    electionId: null,
    adminToken: 'service-test-admin-token',
    authorityUrl: null,
    syncIntervalMs: 60_000,
    mineIntervalMs: 0,
    logFormat: 'json',
    httpLimits: DEFAULT_HTTP_LIMITS,
    peerBanSeconds: 3_600,
    clockOffsetSeconds: 0,
    rateLimits: DEFAULT_RATE_LIMITS,
    authorityPassphrase: null,
    tls: null,
    peerCa: null,
    trustProxy: false,
  });
  const module = await Test.createTestingModule({
    imports: [CommonModule.forRoot(config), ChainModule, VotingModule, MiningModule, ElectionModule],
  })
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
    election: module.get(ElectionService),
    receipts: module.get(ReceiptService),
    created,
    setNow: (seconds) => {
      now = seconds;
    },
    close: async () => {
      await module.close();
      if (db.open) db.close();
    },
  };
}

/** Transactions of the persisted pool table, in admission order. */
export function poolRows(db: Db): Transaction[] {
  return (db.prepare('SELECT json FROM pool ORDER BY seq').pluck().all() as string[]).map((json) => JSON.parse(json) as Transaction);
}

/** The open-scheme ballot of `voterId` confirmed on the main chain, with its height; undefined if none. */
export function confirmedBallot(chain: ChainService, voterId: string): (Ballot & { height: number }) | undefined {
  const entry = chain.confirmedByClaim(voterIdClaim(voterId));
  const included = entry && chain.inclusion(entry);
  return included ? { ...(included.transaction as Ballot), height: entry.height } : undefined;
}

export const hasVoted = (chain: ChainService, voterId: string): boolean => chain.isClaimed(voterIdClaim(voterId));

/** The error a promise or function rejects with (fails the test when it does not reject). */
export async function rejection(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but it succeeded');
}
