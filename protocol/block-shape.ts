import {
  BASE64URL_PATTERN,
  HASH_PATTERN,
  MAX_BALLOTS_PER_BLOCK,
  MAX_OPTIONS,
  MAX_TRUSTEES,
  MAX_PARTY_LENGTH,
  MAX_ROLL_PROOF_STEPS,
  MAX_VOTER_ID_LENGTH,
} from './limits';
import { isRecord } from './is-record';
import type { Block, Transaction } from './types';

const BLOCK_KEYS = ['index', 'transactions', 'timestamp', 'previous_hash', 'nonce', 'hash', 'difficulty', 'merkle_root'];
const BALLOT_KEYS = ['voter_id', 'party', 'timestamp'];
const CREDENTIAL_KEYS = ['type', 'voter_tag', 'roll_proof', 'signature'];
const LIFECYCLE_KEYS = ['type', 'timestamp', 'signature'];
const SEALED_BALLOT_KEYS = ['type', 'sealed', 'ballot_key', 'credential', 'signature'];
const SEALED_ENTRY_KEYS = ['alpha', 'beta', 'c0', 'c1', 'v0', 'v1'];
const PROOF_KEYS = ['challenge', 'response'];
/** The fields of each trustee transaction; what they hold is checked by the rules (protocol/sealed). */
const TRUSTEE_KEYS: Record<string, string[]> = {
  'trustee-commitments': ['type', 'trustee', 'commitments', 'proofs', 'signature'],
  'trustee-shares': ['type', 'trustee', 'shares', 'signature'],
  'trustee-complaint': ['type', 'trustee', 'against', 'signature'],
  'trustee-reveal': ['type', 'trustee', 'to', 'share', 'nonce', 'signature'],
  'trustee-decryption': ['type', 'trustee', 'shares', 'proofs', 'signature'],
};

function hasExactly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isBase64url = (v: unknown): v is string => typeof v === 'string' && BASE64URL_PATTERN.test(v);
const isHash = (v: unknown): v is string => typeof v === 'string' && HASH_PATTERN.test(v);
const isParty = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_PARTY_LENGTH;
/** An element or scalar on the wire: 32 bytes in base64url. */
const isPart = (v: unknown): v is string => typeof v === 'string' && v.length === 43 && BASE64URL_PATTERN.test(v);
const isTrustee = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_TRUSTEES;
const isProof = (v: unknown): boolean => isRecord(v) && hasExactly(v, PROOF_KEYS) && isPart(v['challenge']) && isPart(v['response']);

function sealedChoiceShapeProblem(sealed: unknown): string | null {
  if (!isRecord(sealed) || !hasExactly(sealed, ['entries', 'sum_proof'])) return 'sealed must be exactly { entries, sum_proof }';
  const entries = sealed['entries'];
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_OPTIONS) {
    return `sealed.entries must be an array of 1 to ${MAX_OPTIONS} entries`;
  }
  const entryOk = (e: unknown) => isRecord(e) && hasExactly(e, SEALED_ENTRY_KEYS) && SEALED_ENTRY_KEYS.every((k) => isPart(e[k]));
  if (!entries.every(entryOk)) return `every sealed entry is exactly { ${SEALED_ENTRY_KEYS.join(', ')} }, each 43 base64url characters`;
  if (!isProof(sealed['sum_proof'])) return 'sealed.sum_proof must be { challenge, response }, each 43 base64url characters';
  return null;
}

/** Bounds on what a trustee transaction holds, so that nothing unbounded reaches the rules. */
function trusteeShapeProblem(tx: Record<string, unknown>): string | null {
  const type = tx['type'] as string;
  if (!hasExactly(tx, TRUSTEE_KEYS[type])) return `a ${type} transaction must have exactly the fields ${TRUSTEE_KEYS[type].join(', ')}`;
  if (!isTrustee(tx['trustee'])) return `trustee must be an integer from 1 to ${MAX_TRUSTEES}`;
  if (!isBase64url(tx['signature'])) return 'signature must be base64url';
  const boundedArray = (key: string, max: number, item: (v: unknown) => boolean) => {
    const v = tx[key];
    return Array.isArray(v) && v.length <= max && v.every(item) ? null : `${key} must be an array of at most ${max} well-formed items`;
  };
  switch (type) {
    case 'trustee-commitments':
      return boundedArray('commitments', MAX_TRUSTEES, isPart) ?? boundedArray('proofs', MAX_TRUSTEES, isProof);
    case 'trustee-shares':
      return boundedArray(
        'shares',
        MAX_TRUSTEES,
        (s) =>
          isRecord(s) &&
          hasExactly(s, ['to', 'ephemeral', 'masked']) &&
          isTrustee(s['to']) &&
          isPart(s['ephemeral']) &&
          isPart(s['masked']),
      );
    case 'trustee-complaint':
      return isTrustee(tx['against']) ? null : 'against must be a trustee index';
    case 'trustee-reveal':
      return isTrustee(tx['to']) && isPart(tx['share']) && isPart(tx['nonce']) ? null : 'a reveal names a trustee and holds two scalars';
    default:
      return boundedArray('shares', MAX_OPTIONS, isPart) ?? boundedArray('proofs', MAX_OPTIONS, isProof);
  }
}

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
    case 'sealed-ballot':
      if (!hasExactly(tx, SEALED_BALLOT_KEYS)) return `a sealed ballot must have exactly the fields ${SEALED_BALLOT_KEYS.join(', ')}`;
      for (const key of ['ballot_key', 'credential', 'signature']) if (!isBase64url(tx[key])) return `${key} must be base64url`;
      return sealedChoiceShapeProblem(tx['sealed']);
    case 'trustee-commitments':
    case 'trustee-shares':
    case 'trustee-complaint':
    case 'trustee-reveal':
    case 'trustee-decryption':
      return trusteeShapeProblem(tx);
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
      // A sealed election's opening also names the election key.
      if (!hasExactly(tx, LIFECYCLE_KEYS) && !(tx['type'] === 'open' && hasExactly(tx, [...LIFECYCLE_KEYS, 'election_key']))) {
        return `an ${tx['type']} transaction must have exactly the fields ${LIFECYCLE_KEYS.join(', ')}`;
      }
      if ('election_key' in tx && !isPart(tx['election_key'])) return 'election_key must be 43 base64url characters';
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
