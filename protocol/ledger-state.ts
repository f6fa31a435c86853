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
  | 'election-not-open'
  | 'election-closed'
  | 'lifecycle-out-of-order'
  | 'more-ballots-than-credentials'
  | 'more-credentials-than-voters';

export function initialLedgerState(election: Election): LedgerState {
  return { phase: election.authority ? 'draft' : 'open', ballots: 0, credentials: 0 };
}

/**
 * The order rules, applied one transaction at a time: ballots only while open; credentials until the
 * close; open once, then close once; in a secret election never more ballots than credentials issued,
 * nor more credentials than voters on the roll. Returns the state after `tx`, or why it cannot follow.
 */
export function applyTransaction(
  state: LedgerState,
  tx: Transaction,
  election: Election,
): { ok: true; state: LedgerState } | (Verdict<OrderRejection> & { ok: false }) {
  const fail = (reason: OrderRejection, detail: string) => ({ ok: false as const, reason, detail });
  if (isBallot(tx)) {
    if (state.phase === 'draft') return fail('election-not-open', 'the election is not open yet');
    if (state.phase === 'closed') return fail('election-closed', 'the election is closed');
    if (kindOf(tx) === 'secret-ballot' && state.ballots + 1 > state.credentials) {
      return fail('more-ballots-than-credentials', 'more ballots than credentials issued');
    }
    return { ok: true, state: { ...state, ballots: state.ballots + 1 } };
  }
  if (kindOf(tx) === 'credential') {
    if (state.phase === 'closed') return fail('election-closed', 'the election is closed');
    if (state.credentials + 1 > (election.roll?.size ?? 0)) {
      return fail('more-credentials-than-voters', 'more credentials than voters on the roll');
    }
    return { ok: true, state: { ...state, credentials: state.credentials + 1 } };
  }
  const type = (tx as { type: 'open' | 'close' }).type;
  if (type === 'open' && state.phase !== 'draft') return fail('lifecycle-out-of-order', `cannot open an election that is ${state.phase}`);
  if (type === 'close' && state.phase !== 'open') return fail('lifecycle-out-of-order', `cannot close an election that is ${state.phase}`);
  return { ok: true, state: { ...state, phase: type === 'open' ? 'open' : 'closed' } };
}
