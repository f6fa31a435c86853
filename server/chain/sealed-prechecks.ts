import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { decodeBytes32, jointKey, type OpenedElection, openedElection, type SealedBallot, type TrusteeCommitments } from '../../protocol';
import { ElectionContext } from '../common/election-context';
import { ChainService } from './chain.service';
import { CheckWorkers } from './check-workers';

/** Ballots per message to a worker: about 4 ms each, so an answer every tenth of a second or so. */
const BATCH = 32;
const WORKER_FILE = join(__dirname, 'sealed-choice-worker.js');

/**
 * Checks the proofs of sealed ballots ahead of admission and of block validation, on worker threads, and records
 * the passes in the election's SealedVerdicts, where the synchronous rules then find them. A 3-party ballot costs
 * about 4 ms of proof checks: a block of 10 000 would stop the event loop for 40 s. Nothing here decides
 * anything: a ballot not checked ahead (a worker gone, another election key) is checked again by the rules.
 */
@Injectable()
export class SealedPrechecks implements OnModuleDestroy {
  private readonly workers: CheckWorkers | null = null;

  constructor(
    private readonly election: ElectionContext,
    private readonly chain: ChainService,
  ) {
    if (!election.sealedVerdicts) return;
    // The proofs are the heaviest work a sealed election brings: every core takes part.
    const count = Math.max(1, Math.min(4, availableParallelism()));
    this.workers = new CheckWorkers(WORKER_FILE, count, 'sealed-ballot', new Logger(SealedPrechecks.name));
  }

  async onModuleDestroy(): Promise<void> {
    await this.workers?.close();
  }

  /** Checks the proofs of the sealed ballots among `transactions` that are not known yet. Never throws. */
  async preverify(transactions: readonly unknown[]): Promise<void> {
    const verdicts = this.election.sealedVerdicts;
    if (!verdicts) return;
    const ballots = transactions.filter((t): t is SealedBallot => (t as { type?: unknown })?.type === 'sealed-ballot');
    if (ballots.length === 0) return;
    const opened = this.openedFor(transactions);
    if (!opened) return;
    const unknown = ballots.filter((b) => !verdicts.knows(opened, b));
    if (!this.workers?.available) return this.inline(opened, unknown);
    const batches: Promise<void>[] = [];
    for (let at = 0; at < unknown.length; at += BATCH) {
      const batch = unknown.slice(at, at + BATCH);
      const message = { optionCount: this.election.rules.sealed!.optionCount, key: opened.key, base: opened.base, ballots: batch };
      batches.push(this.workers.run(message).then((passed) => passed?.forEach((ok, i) => ok && verdicts.remember(opened, batch[i]))));
    }
    await Promise.all(batches);
  }

  /**
   * The election the ballots are checked against: as the main chain fixed it, or, for a node catching up that
   * has not seen the opening yet, as the commitments on its chain and among these transactions would fix it.
   * A wrong guess only costs the time of checking again.
   */
  private openedFor(transactions: readonly unknown[]): OpenedElection | null {
    const ledger = this.chain.state().sealed;
    if (ledger?.opened) return ledger.opened;
    const sealed = this.election.rules.sealed;
    if (!ledger || !sealed) return null;
    const commitments = new Map(ledger.ceremony.commitments);
    for (const tx of transactions as Partial<TrusteeCommitments>[]) {
      if (tx?.type !== 'trustee-commitments' || !Array.isArray(tx.commitments) || commitments.has(tx.trustee!)) continue;
      const decoded = tx.commitments.map(decodeBytes32);
      if (decoded.every((c): c is Uint8Array => c !== null && sealed.group.isElement(c))) commitments.set(tx.trustee!, decoded);
    }
    const n = sealed.setup.trustees.length;
    if (commitments.size !== n) return null;
    try {
      const ordered = Array.from({ length: n }, (_, i) => [...(commitments.get(i + 1) ?? [])]);
      return openedElection(sealed, ordered, jointKey(sealed.group, ordered));
    } catch {
      return null;
    }
  }

  /** Without workers (tests run from source): one ballot at a time, yielding to the event loop in between. */
  private async inline(opened: OpenedElection, ballots: SealedBallot[]): Promise<void> {
    for (const ballot of ballots) {
      try {
        this.election.sealedVerdicts!.problem(opened, ballot);
      } catch {
        // The rules refuse it when they meet it.
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
