import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { isIP } from 'node:net';
import { DomainError } from './domain-errors';
import { NODE_ID_HEADER } from './node-identity';
import { type RateLimitKind, type RateLimits } from './rate-limit-settings';

/** The limits a RateLimitGuard applies (provided by RateLimitModule). */
export const RATE_LIMITS = Symbol('RATE_LIMITS');

const WINDOW_MS = 60_000;
const VOTER_ROUTES = new Set([
  'POST /api/credentials',
  'POST /api/credentials/check',
  'POST /api/sealed-ballots',
  'POST /new_transaction',
  'POST /api/trustees/transactions',
]);
const ADMIN_PATHS = ['/api/admin/', '/mine', '/register_with', '/api/sync'];
/** What other nodes ask of a node (server/peers/peer-client.ts): only these take a peer's budget. */
const PEER_PATHS = new Set([
  '/register_node',
  '/add_block',
  '/chain',
  '/pending_tx',
  '/api/status',
  '/api/chain/hashes',
  '/api/gossip/ballots',
  '/api/results',
]);

/** The kind of a request: what a voter sends, what an admin sends, what a peer node sends, or a public read. */
export function kindOf(req: Request): RateLimitKind {
  if (VOTER_ROUTES.has(`${req.method} ${req.path}`)) return 'voter';
  if (ADMIN_PATHS.some((p) => req.path === p || (p.endsWith('/') && req.path.startsWith(p)))) return 'admin';
  // Nodes name themselves on every request. A stranger may claim to be one: it then gets a peer's budget,
  // per address like every other, but only on the routes nodes use; every other read stays public.
  if (typeof req.headers[NODE_ID_HEADER] === 'string' && PEER_PATHS.has(req.path)) return 'peer';
  return 'public';
}

export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return ip === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/** The throttler's configuration: one named limit per kind. */
export function throttlerOptions(limits: RateLimits): ThrottlerModuleOptions {
  return {
    throttlers: (['voter', 'admin', 'peer', 'public'] as const).map((name) => ({
      name,
      ttl: WINDOW_MS,
      // A limit of 0 is off: the guard skips that kind (see RateLimitGuard).
      limit: Math.max(1, limits[name]),
    })),
  };
}

export class TooManyRequestsError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, 'too-many-requests', `too many requests from this address; try again in ${retryAfterSeconds} s`);
  }
}

/**
 * Applies to each request only the limit of its kind (@nestjs/throttler counts every named limit
 * otherwise), and answers 429 JSON with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly limits: RateLimits;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(RATE_LIMITS) limits: RateLimits,
  ) {
    super(options, storage, reflector);
    this.limits = limits;
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    const req = request.context.switchToHttp().getRequest<Request>();
    const kind = kindOf(req);
    if (request.throttler.name !== kind || this.limits[kind] === 0) return true;
    if (!this.limits.loopback && isLoopback(req.ip)) return true;
    return super.handleRequest(request);
  }

  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new TooManyRequestsError(retryAfter);
  }
}
