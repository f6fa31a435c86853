import { HASH_PATTERN, MAX_BALLOTS_PER_BLOCK, MAX_PARTY_LENGTH, MAX_VOTER_ID_LENGTH } from './limits';
import type { Block } from './types';

const BLOCK_KEYS = ['index', 'transactions', 'timestamp', 'previous_hash', 'nonce', 'hash', 'difficulty', 'merkle_root'];
const BALLOT_KEYS = ['voter_id', 'party', 'timestamp'];

function hasExactly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Checks that untrusted data (a peer's `/chain`, a gossiped block) has exactly the shape of a block,
 * before any rule looks at it. Returns a sentence describing the first problem, or null.
 */
export function blockShapeProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'block must be an object';
  if (!hasExactly(value, BLOCK_KEYS)) return `block must have exactly the fields ${BLOCK_KEYS.join(', ')}`;
  if (!isCount(value['index'])) return 'index must be a non-negative integer';
  if (!isCount(value['nonce'])) return 'nonce must be a non-negative integer';
  if (!isCount(value['difficulty'])) return 'difficulty must be a non-negative integer';
  if (!isTime(value['timestamp'])) return 'timestamp must be a non-negative number of seconds';
  for (const key of ['hash', 'merkle_root'] as const) {
    if (typeof value[key] !== 'string' || !HASH_PATTERN.test(value[key] as string)) return `${key} must be 64 lowercase hex digits`;
  }
  if (typeof value['previous_hash'] !== 'string' || !HASH_PATTERN.test(value['previous_hash'])) {
    return 'previous_hash must be 64 lowercase hex digits';
  }
  const txs = value['transactions'];
  if (!Array.isArray(txs)) return 'transactions must be an array';
  if (txs.length > MAX_BALLOTS_PER_BLOCK) return `a block holds at most ${MAX_BALLOTS_PER_BLOCK} ballots`;
  for (const tx of txs) {
    if (!isRecord(tx) || !hasExactly(tx, BALLOT_KEYS)) return `every ballot must have exactly the fields ${BALLOT_KEYS.join(', ')}`;
    if (typeof tx['voter_id'] !== 'string' || tx['voter_id'].length > MAX_VOTER_ID_LENGTH) return 'voter_id must be a short string';
    if (typeof tx['party'] !== 'string' || tx['party'].length > MAX_PARTY_LENGTH) return 'party must be a short string';
    if (!isTime(tx['timestamp'])) return 'ballot timestamp must be a non-negative number of seconds';
  }
  return null;
}

export function isBlockShaped(value: unknown): value is Block {
  return blockShapeProblem(value) === null;
}
