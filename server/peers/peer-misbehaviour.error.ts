import { PeerRefusedError } from '../common/domain-errors';
import type { Offence } from './misbehaviour';

/**
 * Our verdict that a peer broke the rules of the network (not the peer's own refusal of something we
 * sent, which arrives as a plain PeerRefusedError with the peer's code). It counts against the peer.
 */
export class PeerMisbehaviourError extends PeerRefusedError {
  constructor(
    readonly offence: Offence,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}
