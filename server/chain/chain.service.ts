import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Subject } from 'rxjs';
import {
  type AncestryView,
  type Block,
  type BlockContext,
  blockWork,
  claimsOf,
  initialLedgerState,
  type LedgerState,
  merkleProof,
  prefersCandidate,
  type Transaction,
  transactionLeaf,
  validateBlockAlone,
  validateBlockOnParent,
} from '../../protocol';
import { Clock } from '../common/clock';
import { DomainError, InvalidBlockError, UnknownParentError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { Metrics } from '../common/metrics';
import { sha256 } from '../../node-crypto/sha256';
import type { BallotPoolPort } from './ballot-pool.port';
import type { ChainEvent } from './chain.events';
import { type BlockRecord, ChainStore, type ConfirmedEntry, ledgerStateOf, type TipRecord } from './chain.store';

export type AcceptOutcome = 'known' | 'extended-main' | 'stored-side-branch' | 'reorganised';

/**
 * Owns the block tree: admits blocks after every consensus rule, keeps the main chain on the branch with
 * the most work, and reorganises atomically (the new block, the main chain, the ballot index and the pool
 * change in one SQLite transaction).
 * better-sqlite3 is synchronous, so each acceptance runs to completion without interleaving.
 */
@Injectable()
export class ChainService implements OnModuleInit {
  private readonly logger = new Logger(ChainService.name);
  readonly events = new Subject<ChainEvent>();
  /** Until VotingModule attaches the pool, any block that would touch it fails loudly instead of dropping ballots. */
  private pool: BallotPoolPort = {
    removeClaims: () => {
      throw new Error('no ballot pool attached to the chain');
    },
    restore: () => {
      throw new Error('no ballot pool attached to the chain');
    },
  };
  private tipCache!: TipRecord;
  /** The ledger state at the tip: read for every admitted transaction, so kept with the tip. */
  private stateCache: { hash: string; state: LedgerState } | null = null;

  constructor(
    private readonly store: ChainStore,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const genesis = this.election.genesis;
    if (!this.store.hasBlock(genesis.hash)) {
      this.store.transaction(() => {
        this.store.insertBlock(genesis, blockWork(genesis.difficulty), initialLedgerState(this.election.election));
        this.store.appendMain(genesis);
      });
    }
    this.tipCache = this.store.tip()!;
  }

  attachPool(pool: BallotPoolPort): void {
    this.pool = pool;
  }

  tip(): TipRecord {
    return this.tipCache;
  }

  genesis(): Block {
    return this.election.genesis;
  }

  /** The height of the highest block this node holds on any branch. */
  highestKnownHeight(): number {
    return this.store.maxHeight();
  }

  hasBlock(hash: string): boolean {
    return this.store.hasBlock(hash);
  }

  block(hash: string): Block | undefined {
    return this.store.block(hash);
  }

  blockAt(index: number): Block | undefined {
    const hash = this.store.mainHashAt(index);
    return hash === undefined ? undefined : this.store.block(hash);
  }

  mainHashAt(index: number): string | undefined {
    return this.store.mainHashAt(index);
  }

  /**
   * The main chain from `fromIndex` as it is now: its length, and the hashes of its blocks, which stay
   * readable (blockJson) whatever reorganisation follows, since stored blocks are never changed.
   */
  mainChainSnapshot(fromIndex = 0, limit = Number.MAX_SAFE_INTEGER): { length: number; hashes: string[] } {
    return { length: this.tipCache.height + 1, hashes: this.store.mainHashesFrom(fromIndex, limit) };
  }

  /** A stored block's wire JSON, spliced into answers as it is: no parse and re-serialise. */
  blockJson(hash: string): string | undefined {
    return this.store.blockJson(hash);
  }

  mainHashes(): string[] {
    return this.store.mainHashes();
  }

  blockPage(beforeIndex: number, limit: number) {
    return this.store.summaries(beforeIndex, limit);
  }

  /** The ledger state (phase, ballots, credentials) at the tip of the main chain. */
  state(): LedgerState {
    if (this.stateCache?.hash !== this.tipCache.hash) {
      this.stateCache = { hash: this.tipCache.hash, state: ledgerStateOf(this.store.record(this.tipCache.hash)!) };
    }
    return this.stateCache.state;
  }

  isClaimed(claim: string): boolean {
    return this.store.confirmedHeight(claim) !== undefined;
  }

  confirmedByClaim(claim: string): ConfirmedEntry | undefined {
    return this.store.confirmedByClaim(claim);
  }

  confirmedByCode(code: string): ConfirmedEntry | undefined {
    return this.store.confirmedByCode(code);
  }

  /** A confirmed transaction with the merkle proof from its leaf to its block's root. */
  inclusion(entry: ConfirmedEntry): { block: Block; transaction: Transaction; proof: ReturnType<typeof merkleProof> } | undefined {
    const block = this.blockAt(entry.height);
    if (!block) return undefined;
    const leaves = block.transactions.map((t) => transactionLeaf(t, sha256));
    return { block, transaction: block.transactions[entry.position], proof: merkleProof(leaves, entry.position, sha256) };
  }

  /** Confirmed ballots per party, in the election's order. */
  tally(): { party: string; votes: number }[] {
    const counts = new Map(this.store.tally().map((r) => [r.party, r.votes]));
    return this.election.election.parties.map((party) => ({ party, votes: counts.get(party) ?? 0 }));
  }

  private context(): BlockContext {
    return { rules: this.election.rules, hash: sha256, now: this.clock.nowSeconds() };
  }

  /** Checks every rule, stores the block, and moves the main chain if the block's branch has more work. */
  acceptBlock(block: Block): AcceptOutcome {
    const timer = this.metrics.blockValidation.startTimer();
    try {
      const outcome = this.checkAndStore(block);
      timer({ outcome });
      return outcome;
    } catch (e) {
      timer({ outcome: e instanceof DomainError ? e.code : 'failed' });
      throw e;
    }
  }

  private checkAndStore(block: Block): AcceptOutcome {
    if (this.store.hasBlock(block.hash)) return 'known';
    // Each leaf is hashed once: for the merkle root here, and as the tracking code in the index below.
    const codes = block.transactions.map((t) => transactionLeaf(t, sha256));
    const alone = validateBlockAlone(block, this.context(), codes);
    if (!alone.ok) throw new InvalidBlockError(alone.reason, alone.detail);
    const parentRecord = this.store.record(block.previous_hash);
    if (!parentRecord) throw new UnknownParentError(block.previous_hash);
    const parent = this.store.block(block.previous_hash)!;
    const work = parentRecord.cumulative_work + blockWork(block.difficulty);

    // Ancestry checks run inside the write transaction: one read snapshot for thousands of voter lookups.
    if (parentRecord.hash === this.tipCache.hash) {
      this.store.transaction(() => {
        const after = this.check(validateBlockOnParent(block, parent, this.mainView(parentRecord), this.election.rules));
        this.store.insertBlock(block, work, after);
        this.store.appendMain(block, codes);
        this.pool.removeClaims(block.transactions.flatMap(claimsOf));
      });
      this.tipCache = { height: block.index, hash: block.hash, timestamp: block.timestamp, cumulative_work: work };
      this.events.next({ type: 'block-stored', block, main: true });
      return 'extended-main';
    }

    // Storing a preferred block and switching to its branch commit together: a crash between the two
    // would otherwise leave the node on the other chain with the preferred block already "known".
    const switched = this.store.transaction(() => {
      const after = this.check(validateBlockOnParent(block, parent, this.branchView(parentRecord), this.election.rules));
      this.store.insertBlock(block, work, after);
      this.store.indexSideBlock(block);
      const current = { cumulativeWork: this.tipCache.cumulative_work, hash: this.tipCache.hash };
      return prefersCandidate({ cumulativeWork: work, hash: block.hash }, current) ? this.switchMainTo(block) : null;
    });
    if (switched === null) {
      this.logger.log({ msg: 'stored side-branch block', index: block.index, hash: block.hash });
      this.events.next({ type: 'block-stored', block, main: false });
      return 'stored-side-branch';
    }
    const { forkHeight, restored } = switched;
    const oldTip = this.tipCache;
    this.tipCache = { height: block.index, hash: block.hash, timestamp: block.timestamp, cumulative_work: work };
    this.logger.warn({
      msg: 'reorganised',
      from: oldTip.hash,
      fromHeight: oldTip.height,
      to: block.hash,
      toHeight: block.index,
      forkHeight,
    });
    this.events.next({ type: 'block-stored', block, main: true });
    if (restored.length > 0) this.events.next({ type: 'transactions-restored', transactions: restored });
    return 'reorganised';
  }

  /** Throws the rejection; returns the ledger state after the block. */
  private check(verdict: ReturnType<typeof validateBlockOnParent>): LedgerState {
    if (!verdict.ok) throw new InvalidBlockError(verdict.reason, verdict.detail);
    return verdict.state;
  }

  private mainView(parent: BlockRecord): AncestryView {
    return { isClaimed: (claim) => this.isClaimed(claim), state: ledgerStateOf(parent) };
  }

  /**
   * Ancestry of a side-branch block: its own branch down to the fork point, then the main chain below.
   * Uses the voter indexes only, so a long fork costs one lookup per ballot, not a read of every block.
   */
  private branchView(from: BlockRecord): AncestryView {
    const { forkHeight, branch } = this.branchToMain(from);
    const branchHashes = new Set(branch.map((r) => r.hash));
    return {
      isClaimed: (claim) => {
        const height = this.store.confirmedHeight(claim);
        if (height !== undefined && height <= forkHeight) return true;
        return branchHashes.size > 0 && this.store.sideBlocksOf(claim).some((hash) => branchHashes.has(hash));
      },
      state: ledgerStateOf(from),
    };
  }

  /** Walks from a block down to the main chain; returns the fork height and the side blocks, oldest first. */
  private branchToMain(from: BlockRecord): { forkHeight: number; branch: BlockRecord[] } {
    const branch: BlockRecord[] = [];
    let record: BlockRecord | undefined = from;
    while (record && !this.store.isOnMain(record)) {
      branch.unshift(record);
      record = this.store.record(record.parent_hash);
    }
    if (!record) throw new Error(`block ${from.hash} does not descend from genesis`);
    return { forkHeight: record.height, branch };
  }

  /**
   * Makes the branch ending at `newTip` the main chain; runs inside the caller's transaction. Transactions
   * of the blocks that leave the main chain go back to the pool unless the new chain holds their claim.
   */
  private switchMainTo(newTip: Block): { forkHeight: number; restored: Transaction[] } {
    const { forkHeight, branch } = this.branchToMain(this.store.record(newTip.hash)!);
    const abandoned: Transaction[] = [];
    for (let h = forkHeight + 1; h <= this.tipCache.height; h++) {
      const leaving = this.store.block(this.store.mainHashAt(h)!)!;
      this.store.indexSideBlock(leaving);
      abandoned.push(...leaving.transactions);
    }
    this.store.truncateMainAbove(forkHeight);
    let parent = this.store.block(this.store.mainHashAt(forkHeight)!)!;
    for (const record of branch) {
      const block = this.store.block(record.hash)!;
      // Already checked against its branch when stored; checked again as the main chain is rebuilt.
      this.check(validateBlockOnParent(block, parent, this.mainView(this.store.record(parent.hash)!), this.election.rules));
      this.store.appendMain(block);
      this.pool.removeClaims(block.transactions.flatMap(claimsOf));
      parent = block;
    }
    const restored = abandoned.filter((t) => !claimsOf(t).some((c) => this.isClaimed(c)));
    this.pool.restore(restored);
    return { forkHeight, restored };
  }
}
