import { DomainError } from '../common/domain-errors';

/** A banned peer's registration or push: refused until its ban ends (see misbehaviour.ts). */
export class PeerBannedError extends DomainError {
  constructor(peer: string) {
    super(403, 'peer-banned', `${peer} is banned for misbehaving; see /api/peers for the reason and the end of the ban`);
  }
}
