import { PROTOCOL_VERSION } from './limits';

/*
 * The texts that get signed. Each names the protocol, what it is for and the election (its genesis hash),
 * so a signature made for one purpose or one election is worthless for any other.
 */

/** Signed by the ballot key. */
export function ballotMessage(electionId: string, party: string): string {
  return JSON.stringify([PROTOCOL_VERSION, 'ballot', electionId, party]);
}

/** Blind-signed by the authority's credential key: certifies one ballot key for this election. */
export function credentialMessage(electionId: string, ballotKey: string): string {
  return JSON.stringify([PROTOCOL_VERSION, 'credential', electionId, ballotKey]);
}

/** Signed by the authority's signing key when it issues a credential to the voter behind a tag. */
export function credentialRecordMessage(electionId: string, voterTag: string): string {
  return JSON.stringify([PROTOCOL_VERSION, 'credential-issued', electionId, voterTag]);
}

/** Signed by the authority's signing key to open or close the election. */
export function lifecycleMessage(electionId: string, type: 'open' | 'close', timestamp: number): string {
  return JSON.stringify([PROTOCOL_VERSION, type, electionId, timestamp]);
}
