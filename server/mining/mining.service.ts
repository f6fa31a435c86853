import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { type Block, MAX_BALLOTS_PER_BLOCK, merkleRoot, searchNonce, selectForBlock } from '../../protocol';
import { type MineResult } from '../../api/http';
import { AppConfig } from '../common/app-config';
import type { TipRecord } from '../chain/chain.store';
import { ChainService } from '../chain/chain.service';
import { Clock } from '../common/clock';
import { DomainError, MiningInProgressError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { Metrics } from '../common/metrics';
import { sha256 } from '../../node-crypto/sha256';
import { VotingService } from '../voting/voting.service';

/** Nonces tried between two yields to the event loop, so a slow proof of work never stalls the API. */
const NONCES_PER_SLICE = 20_000;
const ATTEMPTS_WHEN_TIP_MOVES = 3;
/**
 * Pending transactions read per block: a few more than fit, because some may have to wait (a ballot ahead of
 * its credential record). The pool never holds a claim the main chain has (it is pruned in the same SQLite
 * transaction that confirms it), so no lookup per transaction is needed here; the chain re-checks anyway.
 */
const CANDIDATES_PER_BLOCK = MAX_BALLOTS_PER_BLOCK + 1_000;

/**
 * Builds a block from a snapshot of the pool, finds its proof of work, and hands it to the chain, which
 * re-checks every rule. Ballots that arrive meanwhile stay in the pool for the next block; the pool only
 * loses ballots when the chain confirms them.
 */
@Injectable()
export class MiningService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MiningService.name);
  /** The block being mined, if any: one at a time. */
  private running: Promise<MineResult> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** With MINE_INTERVAL_MS, pending transactions are mined without an admin asking. */
  onApplicationBootstrap(): void {
    if (this.config.mineIntervalMs === 0) return;
    this.timer = setInterval(() => {
      if (this.running || this.voting.pendingCount() === 0) return;
      this.mine().catch((e: Error) => this.logger.warn({ msg: 'scheduled mining failed', error: e.message }));
    }, this.config.mineIntervalMs);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get mining(): boolean {
    return this.running !== null;
  }

  /** Mines until a transaction with `claim` is on the main chain (the authority's open and close). */
  async mineUntilConfirmed(claim: string, maxBlocks = 100): Promise<void> {
    for (let i = 0; i < maxBlocks && !this.chain.isClaimed(claim); i++) {
      // Another block being mined (scheduled or asked for) goes first; its failure is its caller's business.
      while (this.running) await this.running.catch(() => undefined);
      const result = await this.mine();
      if (!result.mined) break;
    }
    if (!this.chain.isClaimed(claim)) throw new DomainError(503, 'not-mined', `${claim} could not be mined; try again`);
  }

  mine(): Promise<MineResult> {
    if (this.running) return Promise.reject(new MiningInProgressError());
    const timer = this.metrics.mining.startTimer();
    this.running = this.mineOnTip().finally(() => {
      timer();
      this.running = null;
    });
    return this.running;
  }

  private async mineOnTip(): Promise<MineResult> {
    for (let attempt = 0; attempt < ATTEMPTS_WHEN_TIP_MOVES; attempt++) {
      const tip = this.chain.tip();
      const timestamp = Math.max(this.clock.nowSeconds(), tip.timestamp);
      // What would break a rule now (a ballot before its credential record, one dated ahead) waits in the pool.
      const ballots = selectForBlock(
        this.voting.pending(CANDIDATES_PER_BLOCK),
        this.chain.state(),
        this.election.rules,
        timestamp,
        MAX_BALLOTS_PER_BLOCK,
      );
      if (ballots.length === 0) return { mined: false, message: 'No transactions to mine' };
      const block = await this.solve(tip, timestamp, ballots);
      if (block === null) continue; // another block became the tip while we worked: start again on it
      this.chain.acceptBlock(block);
      this.logger.log({ msg: 'mined block', index: block.index, hash: block.hash, transactions: ballots.length });
      return { mined: true, message: `Block #${block.index} is mined.`, index: block.index, hash: block.hash, ballots: ballots.length };
    }
    throw new DomainError(409, 'chain-moved', 'the chain kept moving while mining; try again');
  }

  /** Proof of work on the current tip; null if the tip changes before a nonce is found. */
  private async solve(tip: TipRecord, timestamp: number, ballots: Block['transactions']): Promise<Block | null> {
    const header = {
      index: tip.height + 1,
      timestamp,
      previous_hash: tip.hash,
      difficulty: this.election.election.difficulty,
      merkle_root: merkleRoot(ballots, sha256),
    };
    for (let from = 0; ; from += NONCES_PER_SLICE) {
      const found = searchNonce(header, from, NONCES_PER_SLICE, sha256);
      if (found) return { ...header, nonce: found.nonce, transactions: ballots, hash: found.hash };
      await new Promise((resolve) => setImmediate(resolve));
      if (this.chain.tip().hash !== tip.hash) return null;
    }
  }
}
