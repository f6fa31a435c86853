import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subject } from 'rxjs';
import { type Ballot, type BallotStatus, type ElectionInfo, type ResultsResponse, validateBallot } from '../../protocol';
import { ChainService } from '../chain/chain.service';
import { Clock } from '../common/clock';
import { DATABASE, type Db } from '../common/database';
import { BadInputError, BallotRejectedError, DomainError, DuplicateVoteError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { createPoolWriter, type PoolWriter } from './pool-writer';
import { PoolStore } from './pool.store';

interface PendingCommit {
  ballot: Ballot;
  resolve: (stored: boolean) => void;
  reject: (error: unknown) => void;
}

export interface GossipOutcome {
  accepted: number;
  known: number;
  rejected: number;
}

/**
 * Ballot admission: every election rule, one ballot per voter across the main chain and the pool, and
 * durability before acknowledgement. Ballots are committed in batches (group commit) by a PoolWriter off
 * the event loop, so a 201 always follows an fsync without one fsync per ballot.
 */
@Injectable()
export class VotingService implements OnModuleInit, OnModuleDestroy {
  /** Ballots newly stored in the pool, after their commit: the peers module gossips them. */
  readonly admitted = new Subject<Ballot[]>();
  private readonly logger = new Logger(VotingService.name);
  private batch: PendingCommit[] = [];
  private writing = false;
  /** Voters whose ballot is admitted but not yet committed: they count as having voted. */
  private readonly inFlight = new Set<string>();
  private writer!: PoolWriter;

  constructor(
    private readonly pool: PoolStore,
    private readonly chain: ChainService,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
    @Inject(DATABASE) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    // Created once every store has made its tables: the writer's statement reads the chain's ballot index.
    this.writer = createPoolWriter(this.db);
    this.chain.attachPool({
      removeVoters: (ids) => this.pool.remove(ids),
      restore: (ballots) => ballots.forEach((b) => this.pool.insert(b)),
    });
    this.chain.events.subscribe((event) => {
      if (event.type === 'ballots-restored') this.admitted.next(event.ballots);
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.writer.close();
  }

  /** A voter casts a ballot through this node. Resolves once the ballot is on disk. */
  async cast(voterId: string, party: string): Promise<Ballot> {
    const ballot: Ballot = { voter_id: voterId, party, timestamp: this.clock.nowSeconds() };
    const verdict = validateBallot(ballot, this.election.rules, ballot.timestamp);
    if (!verdict.ok) {
      if (verdict.reason === 'malformed-voter-id') throw new BadInputError(verdict.detail);
      throw new BallotRejectedError(verdict.reason, verdict.detail);
    }
    // The writer refuses a voter already pending or confirmed, off the event loop; only ballots still on
    // their way to the disk are checked here.
    if (this.inFlight.has(voterId)) throw new DuplicateVoteError(voterId);
    if (!(await this.commit(ballot))) throw new DuplicateVoteError(voterId);
    return ballot;
  }

  /** Ballots gossiped by a peer: each is checked like a cast ballot; known voters are skipped quietly. */
  async admitFromPeer(ballots: readonly Ballot[]): Promise<GossipOutcome> {
    const outcome: GossipOutcome = { accepted: 0, known: 0, rejected: 0 };
    const now = this.clock.nowSeconds();
    const commits: Promise<boolean>[] = [];
    for (const b of ballots) {
      const ballot: Ballot = { voter_id: b.voter_id, party: b.party, timestamp: b.timestamp };
      if (!validateBallot(ballot, this.election.rules, now).ok) outcome.rejected++;
      else if (this.isKnownVoter(ballot.voter_id)) outcome.known++;
      else commits.push(this.commit(ballot));
    }
    for (const stored of await Promise.all(commits)) stored ? outcome.accepted++ : outcome.known++;
    return outcome;
  }

  /** Peers echo ballots we already hold: skipping them here saves the writer a round trip. */
  private isKnownVoter(voterId: string): boolean {
    return this.inFlight.has(voterId) || this.pool.has(voterId) || this.chain.hasVoted(voterId);
  }

  private commit(ballot: Ballot): Promise<boolean> {
    this.inFlight.add(ballot.voter_id);
    return new Promise((resolve, reject) => {
      this.batch.push({ ballot, resolve, reject });
      if (this.batch.length === 1 && !this.writing) setImmediate(() => void this.flush());
    });
  }

  /** Writes one batch at a time; ballots arriving meanwhile form the next batch. */
  private async flush(): Promise<void> {
    if (this.writing || this.batch.length === 0) return;
    this.writing = true;
    const batch = this.batch;
    this.batch = [];
    try {
      const stored = await this.writer.insert(batch.map((c) => c.ballot));
      batch.forEach((c, i) => c.resolve(stored[i]));
      const admitted = batch.filter((_, i) => stored[i]).map((c) => c.ballot);
      if (admitted.length > 0) this.admitted.next(admitted);
    } catch (error) {
      this.logger.error(`could not store ${batch.length} ballots: ${(error as Error).message}`);
      batch.forEach((c) => c.reject(new DomainError(503, 'storage-unavailable', 'the ballot could not be stored; try again')));
    } finally {
      batch.forEach((c) => this.inFlight.delete(c.ballot.voter_id));
      this.writing = false;
      void this.flush();
    }
  }

  pending(limit = Number.MAX_SAFE_INTEGER): Ballot[] {
    return this.pool.oldest(limit);
  }

  pendingCount(): number {
    return this.pool.count();
  }

  ballotStatus(voterId: string): BallotStatus {
    const confirmed = this.chain.confirmedBallot(voterId);
    if (confirmed) {
      const { height, ...ballot } = confirmed;
      return {
        voter_id: voterId,
        status: 'confirmed',
        ballot,
        block_index: height,
        block_hash: this.chain.mainHashAt(height) ?? '',
        confirmations: this.chain.tip().height - height + 1,
      };
    }
    const pending = this.pool.get(voterId);
    return pending ? { voter_id: voterId, status: 'pending', ballot: pending } : { voter_id: voterId, status: 'unknown' };
  }

  results(): ResultsResponse {
    const tip = this.chain.tip();
    const tally = this.chain.tally();
    return { height: tip.height, tip: tip.hash, tally, total: tally.reduce((n, t) => n + t.votes, 0), pending: this.pool.count() };
  }

  electionInfo(): ElectionInfo {
    const { election, digest } = this.election;
    return {
      title: election.title,
      parties: election.parties,
      difficulty: election.difficulty,
      roll_size: election.voters ? election.voters.length : null,
      digest,
    };
  }
}
