import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AdminToken } from './admin-token';
import { DomainError } from './domain-errors';

export class AdminAuthError extends DomainError {
  constructor(code: 'admin-token-required' | 'invalid-admin-token', message: string) {
    super(401, code, message);
  }
}

/** Admin routes (roll, lifecycle, mining, peer registration) need `Authorization: Bearer <admin token>`. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly token: AdminToken) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    const match = /^Bearer (\S+)$/i.exec(header ?? ''); // the scheme name is case-insensitive (RFC 7235)
    if (!match) throw new AdminAuthError('admin-token-required', 'this is an admin request: send Authorization: Bearer <admin token>');
    if (!this.token.matches(match[1])) throw new AdminAuthError('invalid-admin-token', 'the admin token is not valid');
    return true;
  }
}
