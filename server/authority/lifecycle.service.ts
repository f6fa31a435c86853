import { Injectable, Logger } from '@nestjs/common';
import {
  bytesToBase64url,
  ceremonyStatus,
  incompleteCeremonyDetail,
  type LifecycleTransaction,
  lifecycleMessage,
  phaseClaim,
} from '../../protocol';
import { ChainService } from '../chain/chain.service';
import { Clock } from '../common/clock';
import { ElectionPhaseError, NotAuthorityError, SealedOrderError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { MiningService } from '../mining/mining.service';
import { SyncService } from '../peers/sync.service';
import { VotingService } from '../voting/voting.service';
import { AuthorityKeys } from './authority-keys';

/** The authority opens and closes the election with signed transactions, mined at once. */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger(LifecycleService.name);

  constructor(
    private readonly keys: AuthorityKeys,
    private readonly voting: VotingService,
    private readonly chain: ChainService,
    private readonly mining: MiningService,
    private readonly sync: SyncService,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
  ) {}

  async open(): Promise<void> {
    await this.mineLifecycle('open');
  }

  /** Pulls what peers have pending first, so ballots they acknowledged make it in before the close. */
  async close(): Promise<void> {
    await this.sync.syncAll().catch((e: Error) => this.logger.warn({ msg: 'sync before close failed', error: e.message }));
    await this.mineLifecycle('close');
  }

  private async mineLifecycle(type: LifecycleTransaction['type']): Promise<void> {
    if (!this.keys.held) throw new NotAuthorityError();
    if (type === 'open' && this.chain.state().phase === 'closed') {
      throw new ElectionPhaseError('lifecycle-out-of-order', 'cannot open an election that is closed');
    }
    const timestamp = this.clock.nowSeconds();
    const electionKey = type === 'open' ? this.electionKey() : undefined;
    const signature = this.keys.sign(lifecycleMessage(this.election.id, type, timestamp, electionKey));
    const tx: LifecycleTransaction = { type, timestamp, signature, ...(electionKey === undefined ? {} : { election_key: electionKey }) };
    if (!this.voting.isUsed(phaseClaim(type))) await this.voting.submitOwn(tx);
    await this.mining.mineUntilConfirmed(phaseClaim(type));
    this.logger.log({ msg: `election ${type === 'open' ? 'opened' : 'closed'}`, height: this.chain.tip().height });
  }

  /** A sealed election opens with the key its complete ceremony fixed; undefined for any other election. */
  private electionKey(): string | undefined {
    const sealed = this.election.rules.sealed;
    const ledger = this.chain.state().sealed;
    if (!sealed || !ledger) return undefined;
    const status = ceremonyStatus(ledger.ceremony, sealed.setup, sealed.group);
    if (status.state === 'complete') return bytesToBase64url(status.key);
    throw new SealedOrderError('ceremony-incomplete', `the key ceremony is not complete: ${incompleteCeremonyDetail(status)}`);
  }
}
