import fc from 'fast-check';
import type { Ballot, CredentialRecord, LifecycleTransaction, MerkleStep, SealedBallot, SealedEntry, Transaction } from '../../protocol';

/*
 * fast-check arbitraries of transactions that have the right field types but carry no valid signature:
 * for the rules that look only at encodings (canonical, merkle, tally, shape).
 */

/** Small alphabets, so that equal fields are generated often, with the characters JSON must escape. */
export const tinyString = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', '"', ',', '\\', '[', ']', '\u2028', '\ud800'), maxLength: 3 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

/** Finite numbers only: JSON would write NaN and ±Infinity as null (the shape check rejects them). */
export const tinyNumber = fc.oneof(
  fc.integer({ min: -1, max: 2 }),
  fc.constantFrom(0.5, -0, 1e21, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

export const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

export const anyOpenBallot: fc.Arbitrary<Ballot> = fc.record({ voter_id: tinyString, party: tinyString, timestamp: tinyNumber });

export const anySealedEntry: fc.Arbitrary<SealedEntry> = fc.record({
  alpha: tinyString,
  beta: tinyString,
  c0: tinyString,
  c1: tinyString,
  v0: tinyString,
  v1: tinyString,
});

export const anySealedBallot: fc.Arbitrary<SealedBallot> = fc.record({
  type: fc.constant('sealed-ballot' as const),
  sealed: fc.record({
    entries: fc.array(anySealedEntry, { minLength: 1, maxLength: 3 }),
    sum_proof: fc.record({ challenge: tinyString, response: tinyString }),
  }),
  ballot_key: tinyString,
  credential: tinyString,
  signature: tinyString,
});

export const anyStep: fc.Arbitrary<MerkleStep> = fc.record({ side: fc.constantFrom('left' as const, 'right' as const), hash: tinyString });

export const anyCredentialRecord: fc.Arbitrary<CredentialRecord> = fc.record({
  type: fc.constant('credential' as const),
  voter_tag: tinyString,
  roll_proof: fc.array(anyStep, { maxLength: 3 }),
  signature: tinyString,
});

export const anyLifecycle: fc.Arbitrary<LifecycleTransaction> = fc.record({
  type: fc.constantFrom('open' as const, 'close' as const),
  timestamp: tinyNumber,
  signature: tinyString,
});

export const anyTransaction: fc.Arbitrary<Transaction> = fc.oneof(anyOpenBallot, anySealedBallot, anyCredentialRecord, anyLifecycle);

/** Structural equality where key order does not matter and 0 equals -0 (as `===` has it). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
