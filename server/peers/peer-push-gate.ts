import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ERROR_CODE_LOCAL } from '../common/exception.filter';
import { normalizeNodeAddress } from '../common/node-address';
import { NODE_URL_HEADER } from '../common/node-identity';
import { HONEST_BLOCK_REFUSALS, type Offence } from './misbehaviour';
import { normaliseHost, PeerConduct } from './peer-conduct';
import { PeerStore } from './peer.store';

/** res.locals key of how many forged transactions a gossip push held (set by PeersController.gossip). */
export const FORGED_LOCAL = 'forgedTransactions';

/** The routes on which peers push to us. */
const PUSH_ROUTES = new Set(['/add_block', '/api/gossip/ballots', '/register_node']);

/** What a refusal of a push says about the peer that pushed, or null when an honest peer could earn it. */
function pushOffence(path: string, status: number, code: unknown, forged: unknown): Offence | null {
  if (typeof forged === 'number' && forged > 0) return 'forged-transaction';
  if (status === 413) return 'oversize';
  if (status === 400 || status === 415) return 'malformed';
  if (path === '/add_block' && status === 422 && typeof code === 'string' && !HONEST_BLOCK_REFUSALS.has(code)) return 'invalid-block';
  return null;
}

/**
 * Installed before the body is read, so an oversize push is seen too. A push from a banned peer (named in
 * its node-URL header, or coming from a banned peer's host) is refused with 403 at once. A refused push
 * counts against the peer it names only if it is one of our peers and the request comes from that peer's
 * host, so no one can get an honest peer banned by giving its name.
 */
export function peerPushGate(conduct: PeerConduct, store: PeerStore): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!PUSH_ROUTES.has(req.path)) return next();
    const address = req.ip ?? '';
    const sender = knownSender(req.headers[NODE_URL_HEADER], address, store, conduct);
    if ((sender !== null && conduct.isBanned(sender)) || conduct.isBannedHost(address)) {
      const peer = sender ?? address;
      res.locals[ERROR_CODE_LOCAL] = 'peer-banned';
      res.status(403).json({ statusCode: 403, error: 'peer-banned', message: `${peer} is banned for misbehaving; see /api/peers` });
      return;
    }
    if (sender !== null) {
      res.on('finish', () => {
        const code: unknown = res.locals[ERROR_CODE_LOCAL];
        const offence = pushOffence(req.path, res.statusCode, code, res.locals[FORGED_LOCAL]);
        if (offence) conduct.penalise(sender, offence, `${req.path} refused with ${res.statusCode} ${String(code)}`);
      });
    }
    next();
  };
}

/** The peer URL a push names, if it is our peer and the request comes from its address; otherwise null. */
function knownSender(header: unknown, address: string, store: PeerStore, conduct: PeerConduct): string | null {
  if (typeof header !== 'string' || header.length > 2048) return null;
  let url: string;
  try {
    url = normalizeNodeAddress(header);
  } catch {
    return null;
  }
  if (store.get(url) === undefined) return null;
  return conduct.addressesOf(url).has(normaliseHost(address)) ? url : null;
}

/** The gate for a full node's app; a node in setup mode has no peers and no gate. */
export function peerPushGateOf(app: INestApplication): RequestHandler | null {
  try {
    return peerPushGate(app.get(PeerConduct), app.get(PeerStore));
  } catch {
    return null;
  }
}
