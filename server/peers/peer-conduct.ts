import { Injectable, Logger } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppConfig } from '../common/app-config';
import { Clock } from '../common/clock';
import { Metrics } from '../common/metrics';
import { afterOffence, type Conduct, conductAt, GOOD_CONDUCT, type Offence } from './misbehaviour';

const RESOLVE_EVERY_S = 600;

export interface PeerBan {
  peer: string;
  until: number;
  reason: string;
}

/**
 * Scores and temporary bans of peers, by peer URL (see misbehaviour.ts for the points). Kept in memory:
 * a ban is temporary by nature, and a restart that lifts one only gives a hostile peer another try at a
 * ban. A peer's host is remembered with its ban so that its pushes are refused whatever name it gives.
 */
@Injectable()
export class PeerConduct {
  private readonly logger = new Logger(PeerConduct.name);
  private readonly conduct = new Map<string, Conduct>();
  /** The addresses a peer's host name resolved to when this node last reached it (see learnAddresses). */
  private readonly resolved = new Map<string, { addresses: Set<string>; at: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /** Counts an offence against `peer`; returns true when it is now banned. */
  penalise(peer: string, offence: Offence, detail: string): boolean {
    const now = this.clock.nowSeconds();
    const before = this.current(peer, now);
    const after = afterOffence(before, offence, detail.slice(0, 300), now, this.config.peerBanSeconds);
    this.conduct.set(peer, after);
    if (after.bannedUntil !== null && before.bannedUntil === null) {
      this.metrics.peerBans.inc({ offence });
      this.logger.warn({ msg: 'peer banned', peer, until: after.bannedUntil, reason: after.reason });
    }
    return after.bannedUntil !== null;
  }

  isBanned(peer: string): boolean {
    return this.current(peer, this.clock.nowSeconds()).bannedUntil !== null;
  }

  /** A push from this address comes from a banned peer (its URL names that host, or a name that resolved to it). */
  isBannedHost(address: string): boolean {
    return this.bans().some((ban) => this.addressesOf(ban.peer).has(normaliseHost(address)));
  }

  /** The addresses requests from this peer come from: its host if it is an address, else what its name resolved to. */
  addressesOf(peer: string): Set<string> {
    const host = hostOf(peer);
    if (host === null) return new Set();
    if (isIP(host)) return new Set([host]);
    return this.resolved.get(peer)?.addresses ?? new Set();
  }

  /**
   * Resolves a peer's host name (at most every RESOLVE_EVERY_S), so that its pushes are recognised by the
   * address they come from. Called when this node has just reached the peer. Never throws.
   */
  async learnAddresses(peer: string): Promise<void> {
    const host = hostOf(peer);
    const now = this.clock.nowSeconds();
    const known = this.resolved.get(peer);
    if (host === null || isIP(host) || (known && now - known.at < RESOLVE_EVERY_S)) return;
    try {
      const found = await lookup(host, { all: true });
      this.resolved.set(peer, { addresses: new Set(found.map((a) => normaliseHost(a.address))), at: now });
    } catch {
      // Unresolvable now: its pushes are not attributed until it resolves.
    }
  }

  /** Misbehaviour points now, 0 to 100. */
  score(peer: string): number {
    return Math.round(this.current(peer, this.clock.nowSeconds()).points);
  }

  ban(peer: string): PeerBan | null {
    const c = this.current(peer, this.clock.nowSeconds());
    return c.bannedUntil === null ? null : { peer, until: c.bannedUntil, reason: c.reason ?? '' };
  }

  bans(): PeerBan[] {
    return [...this.conduct.keys()].map((peer) => this.ban(peer)).filter((b): b is PeerBan => b !== null);
  }

  private current(peer: string, now: number): Conduct {
    const c = conductAt(this.conduct.get(peer) ?? GOOD_CONDUCT, now);
    if (c.points === 0 && c.bannedUntil === null) this.conduct.delete(peer);
    return c;
  }
}

/** The host of a peer URL, as a client address of a request from it would read. */
export function hostOf(url: string): string | null {
  try {
    return normaliseHost(new URL(url).hostname);
  } catch {
    return null;
  }
}

/** IPv4 in IPv6 form (::ffff:127.0.0.1) and bracketed IPv6 compare as their plain forms. */
export function normaliseHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').replace(/^::ffff:/, '');
}
