import { Injectable, OnModuleInit } from '@nestjs/common';
import { Subject } from 'rxjs';
import { type Ballot, type BallotStatus, type ElectionInfo, type ResultsResponse, validateBallot } from '../../protocol';
import { ChainService } from '../chain/chain.service';
import { Clock } from '../common/clock';
import { BadInputError, BallotRejectedError, DuplicateVoteError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
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
 * durability before acknowledgement. Ballots arriving in the same event-loop turn are committed in one
 * SQLite transaction (group commit), so a 201 always follows an fsync without one fsync per ballot.
 */
@Injectable()
export class VotingService implements OnModuleInit {
  /** Ballots newly stored in the pool, after their commit: the peers module gossips them. */
  readonly admitted = new Subject<Ballot[]>();
  private batch: PendingCommit[] = [];
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly pool: PoolStore,
    private readonly chain: ChainService,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.chain.attachPool({
      removeVoters: (ids) => this.pool.remove(ids),
      restore: (ballots) => ballots.forEach((b) => this.pool.insert(b)),
    });
    this.chain.events.subscribe((event) => {
      if (event.type === 'ballots-restored') this.admitted.next(event.ballots);
    });
  }

  /** A voter casts a ballot through this node. Resolves once the ballot is on disk. */
  async cast(voterId: string, party: string): Promise<Ballot> {
    const ballot: Ballot = { voter_id: voterId, party, timestamp: this.clock.nowSeconds() };
    const verdict = validateBallot(ballot, this.election.rules, ballot.timestamp);
    if (!verdict.ok) {
      if (verdict.reason === 'malformed-voter-id') throw new BadInputError(verdict.detail);
      throw new BallotRejectedError(verdict.reason, verdict.detail);
    }
    if (this.isKnownVoter(voterId)) throw new DuplicateVoteError(voterId);
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

  private isKnownVoter(voterId: string): boolean {
    return this.inFlight.has(voterId) || this.pool.has(voterId) || this.chain.hasVoted(voterId);
  }

  private commit(ballot: Ballot): Promise<boolean> {
    this.inFlight.add(ballot.voter_id);
    return new Promise((resolve, reject) => {
      if (this.batch.length === 0) setImmediate(() => this.flush());
      this.batch.push({ ballot, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    let results: boolean[];
    try {
      // A block may have confirmed one of these voters since admission; the chain wins.
      results = this.pool.transaction(() => batch.map((c) => !this.chain.hasVoted(c.ballot.voter_id) && this.pool.insert(c.ballot)));
    } catch (error) {
      batch.forEach((c) => this.inFlight.delete(c.ballot.voter_id));
      batch.forEach((c) => c.reject(error));
      return;
    }
    batch.forEach((c) => this.inFlight.delete(c.ballot.voter_id));
    batch.forEach((c, i) => c.resolve(results[i]));
    const stored = batch.filter((_, i) => results[i]).map((c) => c.ballot);
    if (stored.length > 0) this.admitted.next(stored);
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
