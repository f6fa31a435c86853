import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { ceremonyStatus, claimOf, type Transaction } from '../../protocol';
import { nextCeremonyStep } from '../../trustee/ceremony';
import { decryptionFromState } from '../../trustee/decrypt';
import type { TrusteeKeyFile } from '../../trustee/key-file';
import { LifecycleService } from '../authority/lifecycle.service';
import { ChainService } from '../chain/chain.service';
import { AppConfig } from '../common/app-config';
import { DATABASE, type Db, readMeta, writeMeta } from '../common/database';
import { DomainError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { MiningService } from '../mining/mining.service';
import { openDemoTrustees } from '../setup/demo-trustees';
import { VotingService } from '../voting/voting.service';
import { SealedTallyService } from './sealed-tally.service';

/** Rounds of the ceremony: commitments, then shares; a few more leave room for blocks mined elsewhere. */
const CEREMONY_ROUNDS = 6;

/**
 * The demo election's trustees, held by this node (server/setup/demo-trustees.ts), take their part on their
 * own, exactly as the trustee tool would: the ceremony at the first start, then the opening the demo asks
 * for, and after the close the partial decryptions of `threshold` of them (the last one stays away, to show
 * that the result does not need it). Each step goes through the pool and the chain like anyone's.
 */
@Injectable()
export class DemoTrustees implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DemoTrustees.name);
  private trustees: TrusteeKeyFile[] = [];
  private subscription: Subscription | null = null;
  private decrypting: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly election: ElectionContext,
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly mining: MiningService,
    private readonly lifecycle: LifecycleService,
    private readonly tally: SealedTallyService,
    @Inject(DATABASE) private readonly db: Db,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.election.rules.sealed) return;
    this.trustees = openDemoTrustees(this.config.dataDir);
    if (this.trustees.length === 0) return;
    this.tally.demoTrustees = true;
    if (this.chain.state().phase === 'draft') await this.runCeremony();
    if (readMeta(this.db, 'auto_open') === '1') {
      if (this.chain.state().phase === 'draft') await this.lifecycle.open();
      writeMeta(this.db, 'auto_open', '0');
    }
    this.subscription = this.chain.events.subscribe(() => void this.decryptOnceClosed());
    void this.decryptOnceClosed();
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private async runCeremony(): Promise<void> {
    const rules = this.election.rules.sealed!;
    for (let round = 0; round < CEREMONY_ROUNDS; round++) {
      const status = ceremonyStatus(this.chain.state().sealed!.ceremony, rules.setup, rules.group);
      if (status.state !== 'in-progress') return;
      const transactions = this.mainChainTransactions();
      for (const [i, keyFile] of this.trustees.entries()) {
        const view = { electionId: this.election.id, setup: rules.setup, index: i + 1, transactions };
        const step = nextCeremonyStep(rules.group, view, keyFile);
        if ('post' in step) await this.post(step.post);
      }
      if (this.voting.pendingCount() > 0) await this.mining.mine();
    }
    this.logger.warn({ msg: 'the demo trustees could not finish the key ceremony' });
  }

  /** After the close: `threshold` demo trustees post their partial decryptions, once. */
  private decryptOnceClosed(): Promise<void> {
    this.decrypting ??= this.decrypt()
      .catch((e: Error) => this.logger.warn({ msg: 'a demo trustee could not decrypt', error: e.message }))
      .finally(() => (this.decrypting = null));
    return this.decrypting;
  }

  private async decrypt(): Promise<void> {
    const state = this.chain.state();
    const rules = this.election.rules.sealed!;
    if (state.phase !== 'closed' || !state.sealed?.sum || state.sealed.decryptions.size >= rules.setup.threshold) return;
    for (const keyFile of this.trustees.slice(0, rules.setup.threshold)) {
      const tx = decryptionFromState(rules.group, this.election.id, rules.setup, state, keyFile);
      if (state.sealed.decryptions.has(tx.trustee)) continue;
      await this.post(tx);
      await this.mining.mineUntilConfirmed(claimOf(tx));
    }
  }

  /** Into the pool like anyone's; a step already pending or on chain is not an error. */
  private async post(tx: Transaction): Promise<void> {
    try {
      await this.voting.submitTrustee(tx);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'already-used') throw e;
    }
  }

  private mainChainTransactions(): Transaction[] {
    return this.chain.mainHashes().flatMap((hash) => this.chain.block(hash)!.transactions);
  }
}
