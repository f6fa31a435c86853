import { type SealedGroup } from './group';

/**
 * Fiat-Shamir challenges. Each proof kind has its own domain tag, and every challenge hashes the whole
 * statement: the election's base hash (which fixes protocol version, group, election key, trustee
 * commitments, manifest and genesis), what the proof is bound to (a ballot key, a trustee), then every
 * element of the statement and of the commitment. Hashing less is the known way to fake such proofs
 * ("How to fake zero-knowledge proofs, again", E-Vote-ID 2020).
 */
export type ProofKind = 'zero-or-one' | 'sum-is-one' | 'key-knowledge' | 'partial-decryption';

const DOMAIN: Record<ProofKind, string> = {
  'zero-or-one': 'ballotchain-v1-proof-zero-or-one',
  'sum-is-one': 'ballotchain-v1-proof-sum-is-one',
  'key-knowledge': 'ballotchain-v1-proof-key-knowledge',
  'partial-decryption': 'ballotchain-v1-proof-partial-decryption',
};

/** What a proof is made for: the election, and the ballot or trustee it belongs to. */
export interface ProofContext {
  /** 32 bytes: the election base hash. */
  base: Uint8Array;
  /** What the proof is bound to, of any length (a ballot key's bytes, a trustee's index). */
  bind: Uint8Array;
}

/** The challenge scalar of a proof of `kind` over `parts` (each a 32-byte element or scalar). */
export function challengeOf(group: SealedGroup, kind: ProofKind, context: ProofContext, parts: readonly Uint8Array[]): Uint8Array {
  if (context.base.length !== 32) throw new RangeError('the election base hash is 32 bytes');
  const length = 32 + 4 + context.bind.length + parts.reduce((n, p) => n + p.length, 0);
  const message = new Uint8Array(length);
  message.set(context.base, 0);
  // The one part of variable length is prefixed with its length, so no two statements share a message.
  new DataView(message.buffer).setUint32(32, context.bind.length);
  message.set(context.bind, 36);
  let at = 36 + context.bind.length;
  for (const part of parts) {
    if (part.length !== 32) throw new RangeError('challenge parts are 32-byte elements or scalars');
    message.set(part, at);
    at += 32;
  }
  return group.scalarFromWideBytes(group.expandMessage(message, DOMAIN[kind], 64));
}
