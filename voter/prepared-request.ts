/*
 * The stored form of a credential request. Kept apart from voter-kit.ts, which pulls in the crypto
 * libraries, so code that only stores and reads requests stays light.
 */

/** Everything the voter's device must keep between asking for a credential and casting. All strings, for storage. */
export interface PreparedCredentialRequest {
  electionId: string;
  /** Ed25519 secret key (32-byte seed), base64url. Never leaves the device. */
  ballotSecretKey: string;
  /** Ed25519 public key, raw 32 bytes, base64url: the ballot's `ballot_key`. */
  ballotKey: string;
  /** What the authority signs without seeing the ballot key, base64url. */
  blindedMessage: string;
  /** The unblinding factor, base64url. Never leaves the device. */
  inv: string;
}

/** Whether a stored value has the shape of a prepared request (localStorage may hold anything). */
export function isPreparedCredentialRequest(value: unknown): value is PreparedCredentialRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['electionId', 'ballotSecretKey', 'ballotKey', 'blindedMessage', 'inv'].every((k) => typeof v[k] === 'string');
}
