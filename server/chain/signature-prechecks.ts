import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runSignatureCheck, type SignatureCheck, signatureChecksOf, type Transaction } from '../../protocol';
import { ElectionContext } from '../common/election-context';
import { CheckWorkers } from './check-workers';
import { SealedPrechecks } from './sealed-prechecks';

/** Checks per message to a worker: a few milliseconds of work, so the answers come back steadily. */
const BATCH = 256;
/** Checks made between two yields to the event loop when there is no worker (tests run from source). */
const INLINE_SLICE = 64;
/** The compiled worker beside the compiled node; absent when the node runs from TypeScript sources. */
const WORKER_FILE = join(__dirname, '../../node-crypto/signature-worker.js');

/**
 * Makes the signature checks of a block's transactions ahead of validation, on worker threads, and records
 * the passes in the election's CachedSignatures; ChainService's synchronous validation then finds them. A
 * block of 10 000 secret ballots holds 20 000 checks, about 2 s of CPU: made on the event loop, they would
 * stop the node answering for that long while it catches up. Nothing here decides anything: a check not
 * made ahead (a worker gone, a malformed transaction) is made again during validation.
 */
@Injectable()
export class SignaturePrechecks implements OnModuleDestroy {
  private readonly workers: CheckWorkers;

  constructor(
    private readonly election: ElectionContext,
    private readonly sealed?: SealedPrechecks,
  ) {
    const count = Math.max(1, Math.min(4, availableParallelism() - 1));
    this.workers = new CheckWorkers(WORKER_FILE, count, 'signature', new Logger(SignaturePrechecks.name));
  }

  onModuleDestroy(): Promise<void> {
    return this.workers.close();
  }

  /** Makes the checks these transactions need that are not known yet, and those of sealed ballots' proofs. Never throws. */
  async preverify(transactions: readonly unknown[]): Promise<void> {
    await Promise.all([this.signatures(transactions), this.sealed?.preverify(transactions)]);
  }

  private async signatures(transactions: readonly unknown[]): Promise<void> {
    const cache = this.election.signatures;
    const checks: SignatureCheck[] = [];
    for (const tx of transactions) {
      try {
        for (const check of signatureChecksOf(tx as Transaction, this.election.rules)) if (!cache.knows(check)) checks.push(check);
      } catch {
        // Not a transaction: validation refuses it.
      }
    }
    if (checks.length === 0) return;
    if (!this.workers.available) return this.inline(checks);
    const batches: Promise<void>[] = [];
    for (let at = 0; at < checks.length; at += BATCH) {
      const batch = checks.slice(at, at + BATCH);
      batches.push(
        this.workers.run({ checks: batch }).then((passed) => {
          passed?.forEach((ok, i) => ok && cache.remember(batch[i]));
        }),
      );
    }
    await Promise.all(batches);
  }

  /** Without workers: the same checks on the event loop, a slice at a time, yielding in between. */
  private async inline(checks: SignatureCheck[]): Promise<void> {
    const cache = this.election.signatures;
    for (let at = 0; at < checks.length; at += INLINE_SLICE) {
      for (const c of checks.slice(at, at + INLINE_SLICE)) runSignatureCheck(cache, c);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
