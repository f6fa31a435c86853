import { PROTOCOL_VERSION } from './limits';
import type { Ballot, BlockHeader } from './types';

/*
 * Canonical encodings: fixed-order JSON arrays. JSON.stringify of strings and finite numbers is
 * deterministic across JavaScript engines, and an array has no key order to disagree on.
 */

export function encodeBallot(ballot: Ballot): string {
  return JSON.stringify([ballot.voter_id, ballot.party, ballot.timestamp]);
}

export function encodeHeader(header: BlockHeader): string {
  return JSON.stringify([
    PROTOCOL_VERSION,
    header.index,
    header.previous_hash,
    header.timestamp,
    header.difficulty,
    header.merkle_root,
    header.nonce,
  ]);
}
