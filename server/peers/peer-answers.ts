import { HASH_PATTERN, isRecord } from '../../protocol';

/*
 * The shapes of other nodes' answers that this node relies on. A peer's answer is untrusted input: checked
 * here before anything reads a field of it.
 */

/** What is wrong with a peer's answer to GET /api/status, or null; the fields sync relies on must be there. */
export function statusProblem(status: unknown): string | null {
  if (!isRecord(status)) return 'no JSON object';
  if (typeof status['node_id'] !== 'string' || status['node_id'].length > 200) return 'no node_id';
  if (typeof status['tip'] !== 'string' || !HASH_PATTERN.test(status['tip'])) return 'no tip hash';
  const work = status['cumulative_work'];
  if (typeof work !== 'number' || !Number.isFinite(work) || work < 0) return 'no cumulative_work';
  if (!Number.isSafeInteger(status['pending']) || (status['pending'] as number) < 0) return 'no pending count';
  return null;
}
