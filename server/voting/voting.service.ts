import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Subject } from 'rxjs';
import {
  applyTransaction,
  type Ballot,
  claimOf,
  claimsOf,
  isTransactionShaped,
  kindOf,
  phaseClaim,
  phaseRejection,
  type SealedBallot,
  type Transaction,
  validateTransaction,
  voterIdClaim,
} from '../../protocol';
import { normaliseVoterId, trimVoterId, type VoterIdIndex, voterIdIndex } from '../../protocol/voter-id';
import { ChainService } from '../chain/chain.service';
import { SignaturePrechecks } from '../chain/signature-prechecks';
import { Clock } from '../common/clock';
import {
  AlreadyUsedError,
  BadInputError,
  BallotRejectedError,
  DomainError,
  DuplicateVoteError,
  ElectionPhaseError,
  SealedOrderError,
} from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { Metrics } from '../common/metrics';
import { GroupCommit } from './group-commit';
import { PoolStore } from './pool.store';

const CLOSE_CLAIM = phaseClaim('close');

/** A credential certifies one ballot key, and a key casts one ballot: its voter has voted. */
const BALLOT_KEY_USED =
  'a ballot was already cast with this credential (its ballot key): this voter has voted, and a voter casts one ballot. ' +
  'The tracking code of that ballot checks it on the Verify page';

export interface GossipOutcome {
  accepted: number;
  known: number;
  rejected: number;
  /** Of the rejected, those no honest node forwards (a bad signature or credential, not even a transaction). */
  forged: number;
}

/**
 * Refusals that a node which checked a transaction before forwarding it can never earn: what it breaks does
 * not depend on time, the chain or the pool. Others (already used, the phase, a timestamp ahead of our clock)
 * an honest peer can cause.
 */
const FORGED_REASONS = new Set([
  'bad-credential',
  'bad-ballot-signature',
  'bad-authority-signature',
  'non-canonical-encoding',
  'wrong-scheme',
  'unknown-party',
  'not-on-roll',
  // malformed-voter-id, answered as a bad request
  'bad-request',
  // A sealed election: proofs and signatures that hold or not whatever the chain.
  'sealed-malformed',
  'sealed-encoding',
  'sealed-entry-proof',
  'sealed-sum-proof',
  'bad-trustee-signature',
  'bad-commitment-proof',
  'bad-decryption-proof',
  'ceremony-malformed',
  'ceremony-encoding',
  'decryption-malformed',
  'decryption-encoding',
]);

/** Refusals of a sealed election's order rules that say "not now" rather than "never". */
const SEALED_ORDER_REASONS = new Set([
  'ceremony-out-of-order',
  'ceremony-incomplete',
  'nothing-to-decrypt',
  'already-decrypted',
  'ceremony-duplicate',
]);

/**
 * Admission to the pool: every rule of the transaction itself (signatures, credential, party, roll), the
 * election's phase on the main chain, and one use per claim across the main chain and the pool. An
 * admitted transaction is acknowledged once GroupCommit has it on disk.
 */
@Injectable()
export class VotingService implements OnModuleInit {
  /** Transactions newly stored in the pool, after their commit: the peers module gossips them. */
  readonly admitted = new Subject<Transaction[]>();
  /** Whether a CLOSE waits in the pool: from then on ballots are refused. Kept in memory, not read per ballot. */
  private closePending = false;
  /** The open roll's spellings by normalised voter ID; null when any well-formed voter ID may vote. */
  private readonly roll: VoterIdIndex | null;

  constructor(
    private readonly pool: PoolStore,
    private readonly chain: ChainService,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
    private readonly groupCommit: GroupCommit,
    private readonly metrics: Metrics,
    private readonly prechecks: SignaturePrechecks,
  ) {
    const voters = this.election.election.voters;
    this.roll = voters ? voterIdIndex(voters) : null;
  }

  onModuleInit(): void {
    this.groupCommit.committed.subscribe((committed) => {
      for (const tx of committed) this.metrics.admitted.inc({ kind: kindOf(tx) });
      if (committed.some((tx) => claimOf(tx) === CLOSE_CLAIM)) this.closePending = true;
      this.admitted.next(committed);
    });
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

  /**
   * The spelling an open-scheme ballot carries for a voter ID as typed: the roll's own (any case, spaces
   * around), or without a roll the normalised one, so that the chain holds each voter under one spelling. An
   * ID the roll does not have is left as typed (trimmed), for the rules to refuse it.
   */
  voterIdOnChain(typed: string): string {
    if (this.roll) return this.roll.of(typed) ?? trimVoterId(typed);
    return normaliseVoterId(typed);
  }

  /** An open-scheme ballot (seed API), for a voter ID as typed. Resolves once the ballot is on disk. */
  async cast(typedVoterId: string, party: string): Promise<Ballot> {
    const voterId = this.voterIdOnChain(typedVoterId);
    const ballot: Ballot = { voter_id: voterId, party, timestamp: this.clock.nowSeconds() };
    this.checkAdmissible(ballot);
    // Without a roll, a ballot cast under another spelling before IDs were normalised is this voter's too.
    const typed = trimVoterId(typedVoterId);
    if (!this.roll && typed !== voterId && this.isUsed(voterIdClaim(typed))) throw this.refusal(new DuplicateVoteError(typed));
    // The writer refuses a claim already pending or confirmed, off the event loop; only transactions still
    // on their way to the disk are checked here.
    if (this.groupCommit.isInFlight(claimOf(ballot)) || !(await this.groupCommit.commit(ballot))) {
      throw this.refusal(new DuplicateVoteError(voterId));
    }
    return ballot;
  }

  /**
   * A sealed ballot, exactly shaped (TransactionShapePipe): its proofs are checked on a worker thread first.
   * Resolves once it is on disk.
   */
  async castSealed(ballot: SealedBallot): Promise<SealedBallot> {
    await this.prechecks.preverify([ballot]);
    return this.admit(ballot, BALLOT_KEY_USED);
  }

  /** A trustee's step of the ceremony, or its partial decryption. Resolves once it is on disk. */
  submitTrustee(tx: Transaction): Promise<Transaction> {
    return this.admit(tx, 'this trustee has already posted this step');
  }

  /** Every admission rule, then the disk; `used`: what a claim already taken means for this kind. */
  private async admit<T extends Transaction>(tx: T, used: string): Promise<T> {
    this.checkAdmissible(tx);
    if (this.groupCommit.isInFlight(claimOf(tx)) || !(await this.groupCommit.commit(tx))) {
      throw this.refusal(new AlreadyUsedError(used));
    }
    return tx;
  }

  /** A transaction this node made itself (the authority's lifecycle and credential records). */
  async submitOwn(tx: Transaction): Promise<boolean> {
    this.checkAdmissible(tx);
    return !this.groupCommit.isInFlight(claimOf(tx)) && (await this.groupCommit.commit(tx));
  }

  /** Transactions gossiped by a peer: each is checked like a local one; known claims are skipped quietly. */
  async admitFromPeer(txs: readonly Transaction[]): Promise<GossipOutcome> {
    const outcome: GossipOutcome = { accepted: 0, known: 0, rejected: 0, forged: 0 };
    const commits: Promise<boolean>[] = [];
    await this.prechecks.preverify(txs.filter((tx) => isTransactionShaped(tx) && !this.isUsed(claimOf(tx))));
    for (const tx of txs) {
      // The sync loop passes a peer's /pending_tx as it came: only exactly shaped transactions may enter the pool.
      if (!isTransactionShaped(tx)) {
        this.metrics.refused.inc({ reason: 'malformed-transaction' });
        outcome.rejected++;
        outcome.forged++;
        continue;
      }
      if (this.isUsed(claimOf(tx))) {
        outcome.known++;
        continue;
      }
      try {
        this.checkAdmissible(tx);
        commits.push(this.groupCommit.commit(tx));
      } catch (e) {
        outcome.rejected++;
        if (e instanceof DomainError && FORGED_REASONS.has(e.code)) outcome.forged++;
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
      if (verdict.reason === 'malformed-voter-id') throw this.refusal(new BadInputError(verdict.detail));
      throw this.refusal(new BallotRejectedError(verdict.reason, verdict.detail));
    }
    // A CLOSE waiting in the pool already closes the election for everything that comes after it.
    const closing = this.closePending || this.groupCommit.isInFlight(CLOSE_CLAIM);
    const wrongPhase = phaseRejection(closing ? 'closed' : this.chain.state().phase, tx);
    if (wrongPhase) throw this.refusal(new ElectionPhaseError(wrongPhase.reason, wrongPhase.detail));
    if (this.election.rules.sealed) this.checkSealedOrder(tx);
  }

  /**
   * A sealed election's rules that need the chain, against the main chain's tip: a ballot's proofs under the
   * election key, and the trustees' steps in the ceremony's order (so a trustee posts its shares once its
   * commitments are confirmed). The count of ballots against credentials is left to blocks, since a voter's
   * credential record may still be pending when the ballot comes.
   */
  private checkSealedOrder(tx: Transaction): void {
    const state = this.chain.state();
    const sealed = this.election.rules.sealed!;
    if (kindOf(tx) === 'sealed-ballot') {
      const opened = state.sealed?.opened;
      if (!opened) throw this.refusal(new SealedOrderError('ceremony-incomplete', 'the election key is not fixed yet'));
      // The same ballot sent again (a retry) is told so, before its ciphertexts are found taken by itself.
      if (this.isUsed(claimOf(tx))) throw this.refusal(new AlreadyUsedError(BALLOT_KEY_USED));
      if (
        claimsOf(tx)
          .slice(1)
          .some((claim) => this.isUsed(claim))
      ) {
        throw this.refusal(new AlreadyUsedError('a ciphertext of this ballot is already in another ballot: a copy is not a vote'));
      }
      const problem = sealed.choiceProblem(opened, tx as SealedBallot);
      if (problem) throw this.refusal(new BallotRejectedError(problem.reason, problem.detail));
      return;
    }
    if (!['ceremony', 'decryption', 'lifecycle'].includes(kindOf(tx))) return;
    const applied = applyTransaction(state, tx, this.election.rules);
    if (applied.ok) return;
    const error = SEALED_ORDER_REASONS.has(applied.reason)
      ? new SealedOrderError(applied.reason, applied.detail)
      : new BallotRejectedError(applied.reason, applied.detail);
    throw this.refusal(error);
  }

  /** Counts a refusal by its reason (the code the client gets), and returns it to be thrown. */
  private refusal<E extends DomainError>(error: E): E {
    this.metrics.refused.inc({ reason: error.code });
    return error;
  }

  pending(limit = Number.MAX_SAFE_INTEGER): Transaction[] {
    return this.pool.oldest(limit);
  }

  pendingCount(): number {
    return this.pool.count();
  }

  /** Whether a transaction with this claim is confirmed or pending. */
  isUsed(claim: string): boolean {
    return this.groupCommit.isInFlight(claim) || this.pool.has(claim) || this.chain.isClaimed(claim);
  }
}
