import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subject } from 'rxjs';
import {
  type Ballot,
  claimOf,
  phaseClaim,
  phaseRejection,
  isTransactionShaped,
  type SecretBallot,
  type Transaction,
  validateTransaction,
  voterIdClaim,
} from '../../protocol';
import { type BallotStatus, type ReceiptStatus } from '../../api/http';
import { ChainService } from '../chain/chain.service';
import { Clock } from '../common/clock';
import { DATABASE, type Db } from '../common/database';
import {
  AlreadyUsedError,
  BadInputError,
  BallotRejectedError,
  DomainError,
  DuplicateVoteError,
  ElectionPhaseError,
} from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { createPoolWriter, type PoolWriter } from './pool-writer';
import { type PoolRow, PoolStore, toPoolRow } from './pool.store';

const CLOSE_CLAIM = phaseClaim('close');

interface PendingCommit {
  tx: Transaction;
  row: PoolRow;
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

export interface GossipOutcome {
  accepted: number;
  known: number;
  rejected: number;
}

/**
 * Admission to the pool: every rule of the transaction itself (signatures, credential, party, roll), the
 * election's phase on the main chain, one use per claim across the main chain and the pool, and
 * durability before acknowledgement. Transactions are committed in batches (group commit) by a PoolWriter
 * off the event loop, so a 201 always follows an fsync without one fsync per ballot.
 */
@Injectable()
export class VotingService implements OnModuleInit, OnModuleDestroy {
  /** Transactions newly stored in the pool, after their commit: the peers module gossips them. */
  readonly admitted = new Subject<Transaction[]>();
  private readonly logger = new Logger(VotingService.name);
  private batch: PendingCommit[] = [];
  private writing = false;
  /** Claims admitted but not yet committed: they count as used. */
  private readonly inFlight = new Set<string>();
  private writer!: PoolWriter;
  /** Whether a CLOSE waits in the pool: from then on ballots are refused. Kept in memory, not read per ballot. */
  private closePending = false;

  constructor(
    private readonly pool: PoolStore,
    private readonly chain: ChainService,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    // Created once every store has made its tables: the writer's statement reads the chain's index.
    this.writer = createPoolWriter(this.db);
    this.chain.attachPool({
      removeClaims: (claims) => this.pool.remove(claims),
      restore: (txs) => txs.forEach((t) => this.pool.insert(t)),
    });
    this.closePending = this.pool.has(CLOSE_CLAIM);
    this.chain.events.subscribe((event) => {
      if (event.type === 'transactions-restored') this.admitted.next(event.transactions);
      this.closePending = this.pool.has(CLOSE_CLAIM);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.writer.close();
  }

  /** An open-scheme ballot (seed API). Resolves once the ballot is on disk. */
  async cast(voterId: string, party: string): Promise<Ballot> {
    const ballot: Ballot = { voter_id: voterId, party, timestamp: this.clock.nowSeconds() };
    this.checkAdmissible(ballot);
    // The writer refuses a claim already pending or confirmed, off the event loop; only transactions still
    // on their way to the disk are checked here.
    if (this.inFlight.has(claimOf(ballot)) || !(await this.commit(ballot))) throw new DuplicateVoteError(voterId);
    return ballot;
  }

  /** A secret ballot. Resolves once it is on disk. */
  async castSecret(ballot: SecretBallot): Promise<SecretBallot> {
    const tx: SecretBallot = {
      type: 'ballot',
      party: ballot.party,
      ballot_key: ballot.ballot_key,
      credential: ballot.credential,
      signature: ballot.signature,
    };
    this.checkAdmissible(tx);
    if (this.inFlight.has(claimOf(tx)) || !(await this.commit(tx))) {
      throw new AlreadyUsedError('this ballot key has already been used to vote');
    }
    return tx;
  }

  /** A transaction this node made itself (the authority's lifecycle and credential records). */
  async submitOwn(tx: Transaction): Promise<boolean> {
    this.checkAdmissible(tx);
    return !this.inFlight.has(claimOf(tx)) && (await this.commit(tx));
  }

  /** Transactions gossiped by a peer: each is checked like a local one; known claims are skipped quietly. */
  async admitFromPeer(txs: readonly Transaction[]): Promise<GossipOutcome> {
    const outcome: GossipOutcome = { accepted: 0, known: 0, rejected: 0 };
    const commits: Promise<boolean>[] = [];
    for (const tx of txs) {
      // The sync loop passes a peer's /pending_tx as it came: only exactly shaped transactions may enter the pool.
      if (!isTransactionShaped(tx)) {
        outcome.rejected++;
        continue;
      }
      if (this.isUsed(claimOf(tx))) {
        outcome.known++;
        continue;
      }
      try {
        this.checkAdmissible(tx);
        commits.push(this.commit(tx));
      } catch {
        outcome.rejected++;
      }
    }
    for (const stored of await Promise.all(commits)) {
      if (stored) outcome.accepted++;
      else outcome.known++;
    }
    return outcome;
  }

  /** Throws why `tx` cannot enter the pool now; uniqueness is left to the writer. */
  private checkAdmissible(tx: Transaction): void {
    const verdict = validateTransaction(tx, this.election.rules, this.clock.nowSeconds());
    if (!verdict.ok) {
      if (verdict.reason === 'malformed-voter-id') throw new BadInputError(verdict.detail);
      throw new BallotRejectedError(verdict.reason, verdict.detail);
    }
    // A CLOSE waiting in the pool already closes the election for everything that comes after it.
    const closing = this.closePending || this.inFlight.has(CLOSE_CLAIM);
    const wrongPhase = phaseRejection(closing ? 'closed' : this.chain.state().phase, tx);
    if (wrongPhase) throw new ElectionPhaseError(wrongPhase.reason, wrongPhase.detail);
  }

  private commit(tx: Transaction): Promise<boolean> {
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
      const admitted = batch.filter((_, i) => stored[i]).map((c) => c.tx);
      if (batch.some((c, i) => stored[i] && c.row.claim === CLOSE_CLAIM)) this.closePending = true;
      if (admitted.length > 0) this.admitted.next(admitted);
    } catch (error) {
      this.logger.error(`could not store ${batch.length} transactions: ${(error as Error).message}`);
      batch.forEach((c) => c.reject(new DomainError(503, 'storage-unavailable', 'the ballot could not be stored; try again')));
    } finally {
      batch.forEach((c) => this.inFlight.delete(c.row.claim));
      this.writing = false;
      void this.flush();
    }
  }

  pending(limit = Number.MAX_SAFE_INTEGER): Transaction[] {
    return this.pool.oldest(limit);
  }

  pendingCount(): number {
    return this.pool.count();
  }

  /** Whether a transaction with this claim is confirmed or pending. */
  isUsed(claim: string): boolean {
    return this.inFlight.has(claim) || this.pool.has(claim) || this.chain.isClaimed(claim);
  }

  /** An open-scheme voter's ballot: unknown, pending, or confirmed. */
  ballotStatus(voterId: string): BallotStatus {
    const claim = voterIdClaim(voterId);
    const entry = this.chain.confirmedByClaim(claim);
    const included = entry && this.chain.inclusion(entry);
    if (entry && included) {
      return {
        voter_id: voterId,
        status: 'confirmed',
        ballot: included.transaction as Ballot,
        block_index: entry.height,
        block_hash: included.block.hash,
        confirmations: this.chain.tip().height - entry.height + 1,
      };
    }
    const pending = this.pool.byClaim(claim) as Ballot | undefined;
    return pending ? { voter_id: voterId, status: 'pending', ballot: pending } : { voter_id: voterId, status: 'unknown' };
  }

  /** A tracking code: unknown, pending, or confirmed with its merkle inclusion proof. */
  receipt(code: string): ReceiptStatus {
    const entry = this.chain.confirmedByCode(code);
    const included = entry && this.chain.inclusion(entry);
    if (entry && included) {
      return {
        tracking_code: code,
        status: 'confirmed',
        transaction: included.transaction,
        block_index: entry.height,
        block_hash: included.block.hash,
        position: entry.position,
        proof: included.proof,
        confirmations: this.chain.tip().height - entry.height + 1,
      };
    }
    const pending = this.pool.byCode(code);
    return pending ? { tracking_code: code, status: 'pending', transaction: pending } : { tracking_code: code, status: 'unknown' };
  }
}
