import { type LedgerState, applyTransaction } from './ledger-state';
import { claimsOf } from './claims';
import type { ElectionRules } from './validate-ballot';
import type { Transaction } from './types';

/**
 * What a miner puts in a block: pending transactions in admission order, skipping any that would break an
 * order rule after a parent with `state` (a ballot before the opening or after the closing, a second use
 * of a claim, a ballot beyond the credentials issued, anything dated after the block). Each transaction's
 * own rules were checked when the pool admitted it. Skipped transactions stay pending.
 */
export function selectForBlock(
  pending: readonly Transaction[],
  state: LedgerState,
  rules: ElectionRules,
  timestamp: number,
  limit: number,
): Transaction[] {
  const chosen: Transaction[] = [];
  const claims = new Set<string>();
  let current = state;
  for (const tx of pending) {
    if (chosen.length >= limit) break;
    const own = claimsOf(tx);
    if (own.some((c) => claims.has(c)) || ('timestamp' in tx && tx.timestamp > timestamp)) continue;
    const next = applyTransaction(current, tx, rules);
    if (!next.ok) continue;
    current = next.state;
    for (const c of own) claims.add(c);
    chosen.push(tx);
  }
  return chosen;
}
