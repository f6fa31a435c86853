import { isBallot, kindOf } from './transactions';
import type { Election, Transaction, Verdict } from './types';

export type ElectionPhase = 'draft' | 'open' | 'closed';

/** What the chain up to a block says about the election: its phase and what it holds so far. */
export interface LedgerState {
  phase: ElectionPhase;
  ballots: number;
  credentials: number;
}

export type OrderRejection =
  'election-not-open' | 'election-closed' | 'lifecycle-out-of-order' | 'more-ballots-than-credentials' | 'more-credentials-than-voters';

export function initialLedgerState(election: Election): LedgerState {
  return { phase: election.authority ? 'draft' : 'open', ballots: 0, credentials: 0 };
}

/**
 * Whether a transaction may follow in this phase: ballots only while open, credentials until the close, open
 * once from draft, close once from open. Used for blocks (below) and by a node's pool. Null when it may.
 */
export function phaseRejection(
  phase: ElectionPhase,
  tx: Transaction,
): { reason: 'election-not-open' | 'election-closed' | 'lifecycle-out-of-order'; detail: string } | null {
  if (isBallot(tx) || kindOf(tx) === 'credential') {
    if (phase === 'closed') return { reason: 'election-closed', detail: 'the election is closed' };
    if (isBallot(tx) && phase === 'draft') return { reason: 'election-not-open', detail: 'the election is not open yet' };
    return null;
  }
  const type = (tx as { type: 'open' | 'close' }).type;
  if ((type === 'open' && phase !== 'draft') || (type === 'close' && phase !== 'open')) {
    return { reason: 'lifecycle-out-of-order', detail: `cannot ${type} an election that is ${phase}` };
  }
  return null;
}

/**
 * The order rules, applied one transaction at a time: the phase rules above; in a secret election never more
 * ballots than credentials issued, nor more credentials than voters on the roll. Returns the state after
 * `tx`, or why it cannot follow.
 */
export function applyTransaction(
  state: LedgerState,
  tx: Transaction,
  election: Election,
): { ok: true; state: LedgerState } | (Verdict<OrderRejection> & { ok: false }) {
  const fail = (reason: OrderRejection, detail: string) => ({ ok: false as const, reason, detail });
  const wrongPhase = phaseRejection(state.phase, tx);
  if (wrongPhase) return fail(wrongPhase.reason, wrongPhase.detail);
  if (isBallot(tx)) {
    if (kindOf(tx) === 'secret-ballot' && state.ballots + 1 > state.credentials) {
      return fail('more-ballots-than-credentials', 'more ballots than credentials issued');
    }
    return { ok: true, state: { ...state, ballots: state.ballots + 1 } };
  }
  if (kindOf(tx) === 'credential') {
    if (state.credentials + 1 > (election.roll?.size ?? 0)) {
      return fail('more-credentials-than-voters', 'more credentials than voters on the roll');
    }
    return { ok: true, state: { ...state, credentials: state.credentials + 1 } };
  }
  return { ok: true, state: { ...state, phase: (tx as { type: 'open' | 'close' }).type === 'open' ? 'open' : 'closed' } };
}
