import { PROTOCOL_VERSION } from './limits';
import { encodeSealedChoice } from './messages';
import type { Ballot, BlockHeader, Transaction } from './types';

/*
 * Canonical encodings: fixed-order JSON arrays. JSON.stringify of strings and finite numbers is
 * deterministic across JavaScript engines, and an array has no key order to disagree on.
 */

export function encodeBallot(ballot: Ballot): string {
  return JSON.stringify([ballot.voter_id, ballot.party, ballot.timestamp]);
}

/** Each transaction type encodes to an array that starts with its type, so no two types can collide. */
export function encodeTransaction(tx: Transaction): string {
  if (!('type' in tx)) return encodeBallot(tx);
  switch (tx.type) {
    case 'sealed-ballot':
      return JSON.stringify(['sealed-ballot', encodeSealedChoice(tx.sealed), tx.ballot_key, tx.credential, tx.signature]);
    case 'credential':
      return JSON.stringify(['credential', tx.voter_tag, tx.roll_proof.map((s) => [s.side, s.hash]), tx.signature]);
    case 'open':
    case 'close':
      return JSON.stringify([tx.type, tx.timestamp, tx.signature, ...(tx.election_key === undefined ? [] : [tx.election_key])]);
    case 'trustee-commitments':
      return JSON.stringify([tx.type, tx.trustee, tx.commitments, tx.proofs.map((p) => [p.challenge, p.response]), tx.signature]);
    case 'trustee-shares':
      return JSON.stringify([tx.type, tx.trustee, tx.shares.map((s) => [s.to, s.ephemeral, s.masked]), tx.signature]);
    case 'trustee-complaint':
      return JSON.stringify([tx.type, tx.trustee, tx.against, tx.signature]);
    case 'trustee-reveal':
      return JSON.stringify([tx.type, tx.trustee, tx.to, tx.share, tx.nonce, tx.signature]);
    case 'trustee-decryption':
      return JSON.stringify([tx.type, tx.trustee, tx.shares, tx.proofs.map((p) => [p.challenge, p.response]), tx.signature]);
  }
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
