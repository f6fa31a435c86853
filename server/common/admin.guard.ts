import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminAttempts } from './admin-attempts';
import { AdminToken } from './admin-token';
import { DomainError } from './domain-errors';
import { AppConfig } from './app-config';
import { isLoopback, TooManyRequestsError } from './rate-limits';

export class AdminAuthError extends DomainError {
  constructor(code: 'admin-token-required' | 'invalid-admin-token', message: string) {
    super(401, code, message);
  }
}

/**
 * Admin routes (roll, lifecycle, mining, peer registration) need `Authorization: Bearer <admin token>`,
 * compared in constant time; an address that sent too many wrong tokens waits (AdminAttempts).
 */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly token: AdminToken,
    private readonly attempts: AdminAttempts,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const address = req.ip ?? 'unknown';
    // Like every per-client limit, off for loopback clients when RATE_LIMIT_LOOPBACK=off (a test cluster).
    const limited = this.config.rateLimits.loopback || !isLoopback(address);
    const wait = limited ? this.attempts.retryAfter(address) : 0;
    if (wait > 0) {
      http.getResponse<Response>().setHeader('Retry-After', String(wait));
      throw new TooManyRequestsError(wait);
    }
    // Every admin request leaves one line: what, from where (the log line carries when); never the token.
    const action = `${req.method} ${req.path}`;
    const match = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? ''); // the scheme name is case-insensitive (RFC 7235)
    if (!match) {
      this.logger.warn({ msg: 'admin action refused', action, from: address, reason: 'admin-token-required' });
      throw new AdminAuthError('admin-token-required', 'this is an admin request: send Authorization: Bearer <admin token>');
    }
    if (!this.token.matches(match[1])) {
      if (limited) this.attempts.failed(address);
      this.logger.warn({ msg: 'admin action refused', action, from: address, reason: 'invalid-admin-token' });
      throw new AdminAuthError('invalid-admin-token', 'the admin token is not valid');
    }
    this.attempts.succeeded(address);
    this.logger.log({ msg: 'admin action', action, from: address });
    return true;
  }
}
