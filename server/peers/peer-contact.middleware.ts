import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { NODE_URL_HEADER } from '../common/node-identity';
import { PeerStore } from './peer.store';

/**
 * A peer that reaches us is most likely reachable again (a healed partition, a restart): end our back-off
 * towards it at once instead of waiting up to 30 s for our next attempt.
 */
@Injectable()
export class PeerContactMiddleware implements NestMiddleware {
  constructor(private readonly store: PeerStore) {}

  use(req: Request, _res: Response, next: NextFunction): void {
    const url = req.headers[NODE_URL_HEADER];
    if (typeof url === 'string' && url.length < 2048) this.store.clearBackoff(url);
    next();
  }
}
