import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { blockShapeProblem, HASH_PATTERN, prefersCandidate } from '../../protocol';
import { type NodeStatus, type SyncResult } from '../../api/http';
import { ChainService } from '../chain/chain.service';
import { SignaturePrechecks } from '../chain/signature-prechecks';
import { AppConfig } from '../common/app-config';
import { Clock } from '../common/clock';
import { DomainError, PeerAnswerTooLargeError, PeerRefusedError, PeerTimeoutError } from '../common/domain-errors';
import { Metrics } from '../common/metrics';
import { NodeIdentity } from '../common/node-identity';
import { VotingService } from '../voting/voting.service';
import { PeerClient } from './peer-client';
import { HONEST_BLOCK_REFUSALS, type Offence } from './misbehaviour';
import { statusProblem } from './peer-answers';
import { PeerConduct } from './peer-conduct';
import { PeerMisbehaviourError } from './peer-misbehaviour.error';
import { PeerStore } from './peer.store';

/** Blocks per page: up to 10 000 ballots each, so a page stays within a few megabytes. */
const PAGE_SIZE = 2;
const PENDING_PULL_LIMIT = 5_000;

/** What an error of a pull says about the peer's conduct; null when an honest peer could cause it. */
function offenceOf(e: unknown): Offence | null {
  if (e instanceof PeerMisbehaviourError) return e.offence;
  if (e instanceof PeerAnswerTooLargeError) return 'oversize';
  if (e instanceof PeerTimeoutError && e.answerStarted) return 'slow';
  return null;
}

/**
 * Pull side of the network: a node asks its peers for work it lacks (more cumulative work, missing
 * blocks, pending ballots), validates everything through ChainService, and so catches up by itself
 * after a restart, a partition or a missed announcement.
 */
@Injectable()
export class SyncService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SyncService.name);
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Map<string, Promise<number>>();
  /** Set on shutdown: a pull still in flight must not touch the closed database. */
  private closed = false;

  constructor(
    private readonly store: PeerStore,
    private readonly client: PeerClient,
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly identity: NodeIdentity,
    private readonly metrics: Metrics,
    private readonly conduct: PeerConduct,
    private readonly prechecks: SignaturePrechecks,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      void this.syncAll().finally(() => {
        if (this.timer !== null) this.timer = setTimeout(tick, this.config.syncIntervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  onModuleDestroy(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Validates a peer's chain (oldest first) and adopts it if fork choice prefers it. Returns blocks added. */
  async mergeChain(peer: string, blocks: unknown[]): Promise<number> {
    if (blocks.length === 0) return 0;
    const genesis = blocks[0] as { index?: unknown; hash?: unknown };
    if (genesis?.index === 0 && genesis.hash !== this.chain.genesis().hash) {
      throw new PeerMisbehaviourError('different-election', 'different-election', `${peer} runs a different election (genesis differs)`);
    }
    for (const raw of blocks) {
      const problem = blockShapeProblem(raw);
      if (problem) throw new PeerMisbehaviourError('malformed', 'invalid-chain', `${peer} sent a malformed block: ${problem}`);
    }
    const typed = blocks as Parameters<ChainService['acceptBlock']>[0][];
    // The signatures are checked off the event loop first; validation below then finds the answers.
    await this.prechecks.preverify(typed.filter((b) => !this.chain.hasBlock(b.hash)).flatMap((b) => b.transactions));
    if (this.closed) return 0;
    let added = 0;
    for (const block of typed) {
      if (block.index === 0) continue;
      // Each block is accepted in one synchronous step; between two, the node answers whoever is waiting.
      if (added > 0) await new Promise((resolve) => setImmediate(resolve));
      if (this.closed) return added;
      try {
        if (this.chain.acceptBlock(block) !== 'known') added++;
      } catch (e) {
        // Not a verdict on the block (our database failed): the peer is not to blame.
        if (!(e instanceof DomainError)) throw e;
        const reason = e.code;
        const message = `${peer} sent block ${block.index} that breaks a rule: ${reason}: ${e.message}`;
        // A block dated ahead of our clock, or one whose parent we lack, can come from an honest peer.
        if (HONEST_BLOCK_REFUSALS.has(reason)) throw new PeerRefusedError('invalid-chain', message);
        throw new PeerMisbehaviourError('invalid-block', 'invalid-chain', message);
      }
    }
    return added;
  }

  /** One catch-up round with every peer not in back-off. */
  async syncAll(): Promise<SyncResult> {
    const timer = this.metrics.sync.startTimer();
    const now = this.clock.nowSeconds();
    const peers = this.store.all().filter((p) => p.next_attempt_at <= now && !this.conduct.isBanned(p.url));
    const added = await Promise.all(peers.map((p) => this.syncWith(p.url).catch(() => 0)));
    timer();
    const tip = this.chain.tip();
    return { height: tip.height, tip: tip.hash, peers_contacted: peers.length, blocks_added: added.reduce((a, b) => a + b, 0) };
  }

  /** Catch up with one peer; concurrent requests for the same peer share one run. */
  syncWith(peer: string): Promise<number> {
    // Whoever names a banned peer (an announcement's sender header) cannot make this node contact it.
    if (this.conduct.isBanned(peer)) return Promise.resolve(0);
    let run = this.running.get(peer);
    if (!run) {
      run = this.pull(peer).finally(() => this.running.delete(peer));
      this.running.set(peer, run);
    }
    return run;
  }

  private async pull(peer: string): Promise<number> {
    try {
      const status = await this.client.status(peer);
      const problem = statusProblem(status);
      if (problem) throw new PeerMisbehaviourError('malformed', 'malformed-status', `${peer} answered its status with ${problem}`);
      if (status.node_id === this.identity.nodeId) {
        // A configured or learned address that turns out to be this node under another name.
        this.store.remove(peer);
        this.logger.warn({ msg: 'peer removed: it is this node under another address', peer });
        return 0;
      }
      this.store.succeeded(peer, this.clock.nowSeconds(), status.node_id);
      await this.conduct.learnAddresses(peer);
      let added = 0;
      if (this.prefersPeerTip(status)) {
        added = await this.pullBlocks(peer);
      }
      if (typeof status.pending === 'number' && status.pending > 0) {
        const ballots = await this.client.pending(peer, PENDING_PULL_LIMIT);
        if (!Array.isArray(ballots) || ballots.length > PENDING_PULL_LIMIT) {
          throw new PeerMisbehaviourError(
            'malformed',
            'malformed-pending',
            `${peer} answered pending_tx with more than was asked, or no list`,
          );
        }
        // admitFromPeer refuses anything that is not exactly a transaction.
        const { forged } = await this.voting.admitFromPeer(ballots);
        if (forged > 0)
          throw new PeerMisbehaviourError(
            'forged-transaction',
            'forged-pending',
            `${peer} served ${forged} forged transactions as pending`,
          );
      }
      return added;
    } catch (e) {
      if (this.closed) return 0;
      this.store.recordFailure(peer, this.clock.nowSeconds());
      this.logger.warn({ msg: 'sync failed', peer, reason: (e as Error).message });
      const offence = offenceOf(e);
      if (offence) this.conduct.penalise(peer, offence, (e as Error).message);
      throw e;
    }
  }

  /** The peer reports a tip fork choice prefers to ours (more work, or as much and a lower hash). */
  private prefersPeerTip(status: NodeStatus): boolean {
    // statusProblem has checked both fields.
    const ours = this.chain.tip();
    if (status.tip === ours.hash) return false;
    return prefersCandidate(
      { cumulativeWork: status.cumulative_work, hash: status.tip },
      { cumulativeWork: ours.cumulative_work, hash: ours.hash },
    );
  }

  /** Finds the newest block we share with the peer's main chain and fetches everything after it. */
  private async pullBlocks(peer: string): Promise<number> {
    const hashes = await this.client.mainHashes(peer);
    if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string' && HASH_PATTERN.test(h))) {
      throw new PeerMisbehaviourError('malformed', 'malformed-hashes', `${peer} answered its chain's hashes with something else`);
    }
    if (hashes[0] !== this.chain.genesis().hash) {
      throw new PeerMisbehaviourError('different-election', 'different-election', `${peer} runs a different election`);
    }
    // Nothing above our highest block can be known to us: the scan is bounded by our chain, not the peer's list.
    let common = Math.min(hashes.length - 1, this.chain.highestKnownHeight());
    while (common > 0 && !(typeof hashes[common] === 'string' && this.chain.hasBlock(hashes[common]))) common--;
    let added = 0;
    for (let from = common + 1; from < hashes.length; from += PAGE_SIZE) {
      const page = await this.client.chainPage(peer, from, PAGE_SIZE);
      if (!Array.isArray(page?.chain) || page.chain.length > PAGE_SIZE) {
        throw new PeerMisbehaviourError(
          'malformed',
          'malformed-page',
          `${peer} answered a page of ${PAGE_SIZE} blocks with something else`,
        );
      }
      // The page must hold the blocks asked for, in order: an empty page or other indices is no honest answer.
      const served = page.chain as { index?: unknown; hash?: unknown }[];
      if (served.length === 0 || served.some((b, i) => b?.index !== from + i)) {
        throw new PeerMisbehaviourError('malformed', 'malformed-page', `${peer} listed blocks from ${from} on but served other ones`);
      }
      // Other hashes than listed: its chain moved since (an honest peer can reorganise between two requests).
      if (served.some((b, i) => b.hash !== hashes[from + i]))
        throw new PeerRefusedError('chain-moved', `${peer}'s chain moved while we read it`);
      added += await this.mergeChain(peer, page.chain);
    }
    if (added > 0) this.logger.log({ msg: 'caught up from peer', peer, blocks: added, height: this.chain.tip().height });
    return added;
  }
}
