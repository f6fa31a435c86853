import { PROTOCOL_VERSION } from './limits';
import type { SealedChoice } from './types';

/*
 * The texts that get signed. Each names the protocol, what it is for and the election (its genesis hash),
 * so a signature made for one purpose or one election is worthless for any other.
 */

/** The canonical encoding of a sealed choice: fixed-order arrays of its elements and scalars. */
export function encodeSealedChoice(sealed: SealedChoice): unknown[] {
  return [sealed.entries.map((e) => [e.alpha, e.beta, e.c0, e.c1, e.v0, e.v1]), [sealed.sum_proof.challenge, sealed.sum_proof.response]];
}

/** Signed by the ballot key of a sealed ballot: the whole sealed choice, so no part of it can be changed. */
export function sealedBallotMessage(electionId: string, sealed: SealedChoice): string {
  return JSON.stringify([PROTOCOL_VERSION, 'sealed-ballot', electionId, encodeSealedChoice(sealed)]);
}

/** Blind-signed by the authority's credential key: certifies one ballot key for this election. */
export function credentialMessage(electionId: string, ballotKey: string): string {
  return JSON.stringify([PROTOCOL_VERSION, 'credential', electionId, ballotKey]);
}

/** Signed by the authority's signing key when it issues a credential to the voter behind a tag. */
export function credentialRecordMessage(electionId: string, voterTag: string): string {
  return JSON.stringify([PROTOCOL_VERSION, 'credential-issued', electionId, voterTag]);
}

/** Signed by the authority's signing key to open or close the election; a sealed election's opening names its key. */
export function lifecycleMessage(electionId: string, type: 'open' | 'close', timestamp: number, electionKey?: string): string {
  return JSON.stringify([PROTOCOL_VERSION, type, electionId, timestamp, ...(electionKey === undefined ? [] : [electionKey])]);
}
