import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import type { Block, Transaction } from '../../protocol';
import type { PeerInfo, RegisterResult } from '../../api/http';
import { ChainService } from '../chain/chain.service';
import { AppConfig } from '../common/app-config';
import { Clock } from '../common/clock';
import { BadInputError, DomainError, PeerRefusedError } from '../common/domain-errors';
import { normalizeNodeAddress } from '../common/node-address';
import { NodeIdentity } from '../common/node-identity';
import { VotingService } from '../voting/voting.service';
import { withRetries } from './backoff';
import { PeerClient } from './peer-client';
import { statusProblem } from './peer-answers';
import { PeerConduct } from './peer-conduct';
import { PeerBannedError } from './peer-banned.error';
import { PeerMisbehaviourError } from './peer-misbehaviour.error';
import { PeerStore } from './peer.store';
import { SyncService } from './sync.service';

const MAX_PEERS = 64;
/** Ballots admitted within this window travel to peers in one request. */
const GOSSIP_FLUSH_MS = 5;
const GOSSIP_BATCH = 2_000;
const SEND_TRIES = 3;

/**
 * The peer registry and push gossip: new main-chain blocks and newly admitted ballots go to every peer,
 * in the background, with timeouts and retries, so a dead or slow peer never slows a vote or a mine.
 */
const isSelfRegistration = (e: unknown): boolean => e instanceof PeerRefusedError && e.code === 'self-registration';

@Injectable()
export class PeersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PeersService.name);
  private readonly subscriptions = new Subscription();
  private outgoingBallots: Transaction[] = [];
  /** Peers with a ballot batch on its way: at most one each; what they miss, their sync pulls later. */
  private readonly gossiping = new Set<string>();
  private readonly registering = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  /** Set on shutdown: background sends still retrying must not touch the closed database. */
  private closed = false;

  constructor(
    private readonly store: PeerStore,
    private readonly client: PeerClient,
    private readonly sync: SyncService,
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly identity: NodeIdentity,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly conduct: PeerConduct,
  ) {}

  onApplicationBootstrap(): void {
    this.store.resetBackoff();
    this.subscriptions.add(
      this.chain.events.subscribe((e) => {
        if (e.type === 'block-stored' && e.main) this.broadcastBlock(e.block);
      }),
    );
    this.subscriptions.add(this.voting.admitted.subscribe((ballots) => this.queueBallots(ballots)));
    // Configured peers are kept even while they are down, so the sync loop keeps trying them.
    for (const peer of this.config.peers) {
      if (peer === this.identity.publicUrl) continue;
      this.addPeer(peer);
      void this.registerInBackground(peer, Number.POSITIVE_INFINITY);
    }
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.subscriptions.unsubscribe();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  urls(): string[] {
    return this.store.all().map((p) => p.url);
  }

  list(): PeerInfo[] {
    return this.store.all().map((p) => {
      const ban = this.conduct.ban(p.url);
      return {
        url: p.url,
        node_id: p.node_id,
        last_seen: p.last_seen,
        failures: p.failures,
        state: ban ? 'banned' : p.failures > 0 ? 'unreachable' : p.last_seen !== null ? 'reachable' : 'unknown',
        score: this.conduct.score(p.url),
        ban: ban && { until: ban.until, reason: ban.reason },
      };
    });
  }

  isPeer(url: string): boolean {
    return this.store.get(url) !== undefined;
  }

  /**
   * A node asks to become our peer (seed API). It is called back at the address it gives before it is
   * kept, so only a live node of this election (with the node ID it claims) can take a peer slot.
   */
  async acceptRegistration(rawAddress: string, caller: { nodeId?: string; genesis?: string }): Promise<void> {
    const address = this.normalise(rawAddress);
    if (this.conduct.isBanned(address)) throw new PeerBannedError(address);
    if (address === this.identity.publicUrl || caller.nodeId === this.identity.nodeId) {
      throw new PeerRefusedError('self-registration', 'a node cannot register with itself');
    }
    if (caller.genesis !== undefined && caller.genesis !== this.chain.genesis().hash) {
      throw new PeerRefusedError('different-election', 'the registering node runs a different election (genesis differs)');
    }
    if (this.isPeer(address)) return;
    const status = await this.client.status(address);
    const problem = statusProblem(status);
    if (problem) throw new PeerRefusedError('malformed-status', `the node at ${address} answered its status with ${problem}`);
    // Another name of this very node (localhost, another interface), registered without our headers.
    if (status.node_id === this.identity.nodeId) throw new PeerRefusedError('self-registration', 'a node cannot register with itself');
    if (status.election_id !== this.chain.genesis().hash) {
      throw new PeerRefusedError('different-election', `the node at ${address} runs a different election`);
    }
    if (caller.nodeId !== undefined && status.node_id !== caller.nodeId) {
      throw new PeerRefusedError('address-mismatch', `the node at ${address} is not the node that registers`);
    }
    this.addPeer(address);
  }

  /** This node joins another (seed API): both learn each other, and the heavier valid chain wins. */
  async registerWith(rawAddress: string): Promise<RegisterResult> {
    const address = this.normalise(rawAddress);
    if (address === this.identity.publicUrl) throw new PeerRefusedError('self-registration', 'a node cannot register with itself');
    if (this.conduct.isBanned(address)) throw new PeerBannedError(address);
    const remote = await this.client.registerNode(address, this.identity.publicUrl);
    if (!Array.isArray(remote?.chain)) throw new PeerRefusedError('invalid-chain', `${address} answered without a chain`);
    const before = this.chain.tip().hash;
    // Validate (and adopt, if preferred) before trusting the node as a peer.
    try {
      await this.sync.mergeChain(address, remote.chain);
    } catch (e) {
      if (e instanceof PeerMisbehaviourError) this.conduct.penalise(address, e.offence, e.message);
      throw e;
    }
    this.addPeer(address);
    this.store.succeeded(address, this.clock.nowSeconds(), null);
    this.joinPeersOf(remote.peers);
    const tip = this.chain.tip();
    this.logger.log({ msg: 'registered with peer', peer: address, height: tip.height });
    return { message: 'Registration successful', peer: address, adopted: tip.hash !== before, height: tip.height };
  }

  /** The other node's peers become ours too (a full mesh forms by itself), within MAX_PEERS. */
  private joinPeersOf(listed: unknown): void {
    let room = MAX_PEERS - this.store.all().length - this.registering.size;
    for (const other of Array.isArray(listed) ? listed : []) {
      if (room <= 0) return;
      if (typeof other !== 'string') continue;
      let url: string;
      try {
        url = normalizeNodeAddress(other);
      } catch {
        continue;
      }
      if (url === this.identity.publicUrl || this.isPeer(url) || this.registering.has(url)) continue;
      room--;
      void this.registerInBackground(url, 6);
    }
  }

  private normalise(raw: string): string {
    try {
      return normalizeNodeAddress(raw);
    } catch (e) {
      throw new BadInputError(`node_address: ${(e as Error).message}`);
    }
  }

  private addPeer(address: string): void {
    if (this.isPeer(address)) return;
    if (this.store.all().length >= MAX_PEERS) throw new DomainError(422, 'too-many-peers', `this node keeps at most ${MAX_PEERS} peers`);
    this.store.add(address);
    this.logger.log({ msg: 'peer added', peer: address });
  }

  /** Registration at start or with a peer's peers: retried with back-off while the other node starts. */
  private async registerInBackground(address: string, tries: number): Promise<void> {
    if (this.registering.has(address)) return;
    this.registering.add(address);
    try {
      await withRetries(
        () => (this.closed ? Promise.resolve() : this.registerWith(address).then(() => undefined)),
        tries,
        (e) => isSelfRegistration(e) || e instanceof PeerBannedError,
      );
    } catch (e) {
      // The address is this node's own under another name: it is no peer, and never will be.
      if (isSelfRegistration(e)) this.store.remove(address);
      if (!this.closed) this.logger.warn({ msg: 'could not register with peer', peer: address, reason: (e as Error).message });
    } finally {
      this.registering.delete(address);
    }
  }

  private reachablePeers(): string[] {
    const now = this.clock.nowSeconds();
    return this.store
      .all()
      .filter((p) => p.next_attempt_at <= now && !this.conduct.isBanned(p.url))
      .map((p) => p.url);
  }

  private async send(peer: string, what: string, attempt: () => Promise<unknown>): Promise<void> {
    try {
      await withRetries(attempt, SEND_TRIES);
      if (!this.closed) this.store.succeeded(peer, this.clock.nowSeconds(), null);
    } catch (e) {
      if (this.closed) return;
      this.store.recordFailure(peer, this.clock.nowSeconds());
      this.logger.warn({ msg: `could not send ${what}`, peer, reason: (e as Error).message });
    }
  }

  private broadcastBlock(block: Block): void {
    for (const peer of this.reachablePeers()) void this.send(peer, `block ${block.index}`, () => this.client.sendBlock(peer, block));
  }

  private queueBallots(ballots: Transaction[]): void {
    this.outgoingBallots.push(...ballots);
    this.flushTimer ??= setTimeout(() => this.flushBallots(), GOSSIP_FLUSH_MS);
  }

  private flushBallots(): void {
    this.flushTimer = null;
    const peers = this.reachablePeers();
    while (this.outgoingBallots.length > 0) {
      const batch = this.outgoingBallots.splice(0, GOSSIP_BATCH);
      for (const peer of peers) {
        if (this.gossiping.has(peer)) continue;
        this.gossiping.add(peer);
        void this.send(peer, `${batch.length} ballots`, () => this.client.sendBallots(peer, batch)).finally(() =>
          this.gossiping.delete(peer),
        );
      }
    }
  }
}
