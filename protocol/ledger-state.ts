import {
  applyCeremonyStep,
  applyDecryption,
  applySealedBallot,
  applySealedOpening,
  NO_SEALED_LEDGER,
  type SealedLedger,
  type SealedRejection,
} from './sealed';
import { isBallot, kindOf } from './transactions';
import type { ElectionRules } from './validate-ballot';
import type { Election, Transaction, Verdict } from './types';

export type ElectionPhase = 'draft' | 'open' | 'closed';

/** What the chain up to a block says about the election: its phase and what it holds so far. */
export interface LedgerState {
  phase: ElectionPhase;
  ballots: number;
  credentials: number;
  /** A sealed election's ceremony, key, encrypted sums and decryptions; absent in every other election. */
  sealed?: SealedLedger;
}

export type OrderRejection =
  | 'election-not-open'
  | 'election-closed'
  | 'lifecycle-out-of-order'
  | 'more-ballots-than-credentials'
  | 'more-credentials-than-voters'
  | SealedRejection;

export function initialLedgerState(election: Election): LedgerState {
  const state: LedgerState = { phase: election.authority ? 'draft' : 'open', ballots: 0, credentials: 0 };
  return election.sealed ? { ...state, sealed: NO_SEALED_LEDGER } : state;
}

type PhaseRejection = { reason: 'election-not-open' | 'election-closed' | 'lifecycle-out-of-order'; detail: string };

/**
 * Whether a transaction may follow in this phase: the trustees' ceremony before the opening, ballots only while
 * open, credentials until the close, decryptions after it, open once from draft, close once from open. Used
 * for blocks (below) and by a node's pool. Null when it may.
 */
export function phaseRejection(phase: ElectionPhase, tx: Transaction): PhaseRejection | null {
  const kind = kindOf(tx);
  if (isBallot(tx) || kind === 'credential') {
    if (phase === 'closed') return { reason: 'election-closed', detail: 'the election is closed' };
    if (isBallot(tx) && phase === 'draft') return { reason: 'election-not-open', detail: 'the election is not open yet' };
    return null;
  }
  if (kind === 'ceremony') {
    return phase === 'draft' ? null : { reason: 'lifecycle-out-of-order', detail: 'the key ceremony ends before the election opens' };
  }
  if (kind === 'decryption') {
    return phase === 'closed' ? null : { reason: 'election-not-open', detail: 'the result is decrypted only after the close' };
  }
  const type = (tx as { type: 'open' | 'close' }).type;
  if ((type === 'open' && phase !== 'draft') || (type === 'close' && phase !== 'open')) {
    return { reason: 'lifecycle-out-of-order', detail: `cannot ${type} an election that is ${phase}` };
  }
  return null;
}

type Applied = { ok: true; state: LedgerState } | (Verdict<OrderRejection> & { ok: false });

/**
 * The order rules, applied one transaction at a time: the phase rules above; in a secret election never more
 * ballots than credentials issued, nor more credentials than voters on the roll; in a sealed election every
 * rule that needs the chain (ceremony/sealed-ledger.ts). Returns the state after `tx`, or why it cannot follow.
 */
export function applyTransaction(state: LedgerState, tx: Transaction, rules: ElectionRules): Applied {
  const fail = (reason: OrderRejection, detail: string) => ({ ok: false as const, reason, detail });
  const wrongPhase = phaseRejection(state.phase, tx);
  if (wrongPhase) return fail(wrongPhase.reason, wrongPhase.detail);
  const counted = countedState(state, tx, rules.election);
  if (!counted.ok || !rules.election.sealed) return counted;
  if (!rules.sealed || !state.sealed) throw new Error('the order rules of a sealed election need its group (ristretto255)');
  const sealed = applySealed(state.sealed, tx, rules);
  return sealed.ok ? { ok: true, state: { ...counted.state, sealed: sealed.ledger } } : sealed;
}

function countedState(state: LedgerState, tx: Transaction, election: Election): Applied {
  const fail = (reason: OrderRejection, detail: string) => ({ ok: false as const, reason, detail });
  if (isBallot(tx)) {
    if (kindOf(tx) !== 'open-ballot' && state.ballots + 1 > state.credentials) {
      return fail('more-ballots-than-credentials', 'more ballots than credentials issued');
    }
    return { ok: true, state: { ...state, ballots: state.ballots + 1 } };
  }
  const kind = kindOf(tx);
  if (kind === 'credential') {
    if (state.credentials + 1 > (election.roll?.size ?? 0)) {
      return fail('more-credentials-than-voters', 'more credentials than voters on the roll');
    }
    return { ok: true, state: { ...state, credentials: state.credentials + 1 } };
  }
  if (kind !== 'lifecycle') return { ok: true, state };
  return { ok: true, state: { ...state, phase: (tx as { type: 'open' | 'close' }).type === 'open' ? 'open' : 'closed' } };
}

function applySealed(
  ledger: SealedLedger,
  tx: Transaction,
  rules: ElectionRules,
): { ok: true; ledger: SealedLedger } | (Verdict<OrderRejection> & { ok: false }) {
  const sealed = rules.sealed!;
  if (!('type' in tx)) return { ok: true, ledger };
  switch (tx.type) {
    case 'sealed-ballot':
      return applySealedBallot(ledger, tx, sealed);
    case 'open':
      return applySealedOpening(ledger, tx.election_key, sealed);
    case 'trustee-commitments':
    case 'trustee-shares':
    case 'trustee-complaint':
    case 'trustee-reveal':
      return applyCeremonyStep(ledger, tx, sealed);
    case 'trustee-decryption':
      return applyDecryption(ledger, tx, sealed);
    default:
      return { ok: true, ledger };
  }
}
