import {
  BASE64URL_PATTERN,
  HASH_PATTERN,
  MAX_BALLOTS_PER_BLOCK,
  MAX_PARTY_LENGTH,
  MAX_ROLL_PROOF_STEPS,
  MAX_VOTER_ID_LENGTH,
} from './limits';
import { isRecord } from './is-record';
import type { Block, Transaction } from './types';

const BLOCK_KEYS = ['index', 'transactions', 'timestamp', 'previous_hash', 'nonce', 'hash', 'difficulty', 'merkle_root'];
const BALLOT_KEYS = ['voter_id', 'party', 'timestamp'];
const SECRET_BALLOT_KEYS = ['type', 'party', 'ballot_key', 'credential', 'signature'];
const CREDENTIAL_KEYS = ['type', 'voter_tag', 'roll_proof', 'signature'];
const LIFECYCLE_KEYS = ['type', 'timestamp', 'signature'];

function hasExactly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isBase64url = (v: unknown): v is string => typeof v === 'string' && BASE64URL_PATTERN.test(v);
const isHash = (v: unknown): v is string => typeof v === 'string' && HASH_PATTERN.test(v);
const isParty = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_PARTY_LENGTH;

/** Checks that untrusted data has exactly the shape of one transaction. Returns the first problem, or null. */
export function transactionShapeProblem(tx: unknown): string | null {
  if (!isRecord(tx)) return 'every transaction must be an object';
  if (!('type' in tx)) {
    if (!hasExactly(tx, BALLOT_KEYS)) return `an open ballot must have exactly the fields ${BALLOT_KEYS.join(', ')}`;
    if (typeof tx['voter_id'] !== 'string' || tx['voter_id'].length > MAX_VOTER_ID_LENGTH) return 'voter_id must be a short string';
    if (!isParty(tx['party'])) return 'party must be a short string';
    if (!isTime(tx['timestamp'])) return 'ballot timestamp must be a non-negative number of seconds';
    return null;
  }
  switch (tx['type']) {
    case 'ballot':
      if (!hasExactly(tx, SECRET_BALLOT_KEYS)) return `a secret ballot must have exactly the fields ${SECRET_BALLOT_KEYS.join(', ')}`;
      if (!isParty(tx['party'])) return 'party must be a short string';
      for (const key of ['ballot_key', 'credential', 'signature']) if (!isBase64url(tx[key])) return `${key} must be base64url`;
      return null;
    case 'credential': {
      if (!hasExactly(tx, CREDENTIAL_KEYS)) return `a credential record must have exactly the fields ${CREDENTIAL_KEYS.join(', ')}`;
      if (!isHash(tx['voter_tag'])) return 'voter_tag must be 64 lowercase hex digits';
      if (!isBase64url(tx['signature'])) return 'signature must be base64url';
      const proof = tx['roll_proof'];
      if (!Array.isArray(proof) || proof.length > MAX_ROLL_PROOF_STEPS)
        return `roll_proof must be an array of at most ${MAX_ROLL_PROOF_STEPS} steps`;
      for (const step of proof) {
        if (
          !isRecord(step) ||
          !hasExactly(step, ['side', 'hash']) ||
          (step['side'] !== 'left' && step['side'] !== 'right') ||
          !isHash(step['hash'])
        ) {
          return 'every roll_proof step must be {"side": "left" or "right", "hash": 64 hex digits}';
        }
      }
      return null;
    }
    case 'open':
    case 'close':
      if (!hasExactly(tx, LIFECYCLE_KEYS)) return `an ${tx['type']} transaction must have exactly the fields ${LIFECYCLE_KEYS.join(', ')}`;
      if (!isTime(tx['timestamp'])) return 'timestamp must be a non-negative number of seconds';
      if (!isBase64url(tx['signature'])) return 'signature must be base64url';
      return null;
    default:
      return 'unknown transaction type';
  }
}

export function isTransactionShaped(value: unknown): value is Transaction {
  return transactionShapeProblem(value) === null;
}

/**
 * Checks that untrusted data (a peer's `/chain`, a gossiped block) has exactly the shape of a block,
 * before any rule looks at it. Returns a sentence describing the first problem, or null.
 */
export function blockShapeProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'block must be an object';
  // Only the genesis block carries the election manifest.
  const keys = value['index'] === 0 && 'election' in value ? [...BLOCK_KEYS, 'election'] : BLOCK_KEYS;
  if (!hasExactly(value, keys)) return `block must have exactly the fields ${BLOCK_KEYS.join(', ')}`;
  if (!isCount(value['index'])) return 'index must be a non-negative integer';
  if (!isCount(value['nonce'])) return 'nonce must be a non-negative integer';
  if (!isCount(value['difficulty'])) return 'difficulty must be a non-negative integer';
  if (!isTime(value['timestamp'])) return 'timestamp must be a non-negative number of seconds';
  for (const key of ['hash', 'merkle_root'] as const) {
    if (typeof value[key] !== 'string' || !HASH_PATTERN.test(value[key])) return `${key} must be 64 lowercase hex digits`;
  }
  if (typeof value['previous_hash'] !== 'string' || !HASH_PATTERN.test(value['previous_hash'])) {
    return 'previous_hash must be 64 lowercase hex digits';
  }
  const txs = value['transactions'];
  if (!Array.isArray(txs)) return 'transactions must be an array';
  if (txs.length > MAX_BALLOTS_PER_BLOCK) return `a block holds at most ${MAX_BALLOTS_PER_BLOCK} transactions`;
  for (const tx of txs) {
    const problem = transactionShapeProblem(tx);
    if (problem) return problem;
  }
  return null;
}

export function isBlockShaped(value: unknown): value is Block {
  return blockShapeProblem(value) === null;
}
