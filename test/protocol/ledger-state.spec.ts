import fc from 'fast-check';
import {
  applyTransaction,
  type Election,
  type ElectionPhase,
  initialLedgerState,
  type LedgerState,
  type OrderRejection,
  type Transaction,
} from '../../protocol';
import { ballot, rulesOf, TEST_ELECTION } from './fixtures';
import { anyString } from '../support/matchers';

/* The order rules never look at signatures, so these transactions carry placeholders. */
const AUTHORITY = { signing_key: 'S'.repeat(43), credential_key: 'C'.repeat(392) };
const SECRET: Election = {
  title: 'S',
  parties: ['Red', 'Blue'],
  difficulty: 1,
  scheme: 'secret',
  roll: { size: 3, root: 'a'.repeat(64) },
  authority: AUTHORITY,
};
const OPEN_WITH_AUTHORITY: Election = { ...TEST_ELECTION, authority: AUTHORITY };

const SECRET_BALLOT: Transaction = { type: 'ballot', party: 'Red', ballot_key: 'k', credential: 'c', signature: 's' };
const RECORD: Transaction = { type: 'credential', voter_tag: 'b'.repeat(64), roll_proof: [], signature: 's' };
const OPEN: Transaction = { type: 'open', timestamp: 1, signature: 's' };
const CLOSE: Transaction = { type: 'close', timestamp: 2, signature: 's' };
const OPEN_BALLOT: Transaction = ballot('V001', 'Red');

const st = (phase: ElectionPhase, ballots = 0, credentials = 0): LedgerState => ({ phase, ballots, credentials });

describe('initialLedgerState', () => {
  it.each<[string, Election, LedgerState]>([
    ['a secret election (it has an authority) starts as a draft', SECRET, st('draft')],
    ['an open election with an authority starts as a draft', OPEN_WITH_AUTHORITY, st('draft')],
    ['an election without authority starts open', TEST_ELECTION, st('open')],
  ])('%s', (_name, election, state) => {
    expect(initialLedgerState(election)).toEqual(state);
  });
});

describe('applyTransaction', () => {
  it.each<[string, LedgerState, Transaction, Election, LedgerState]>([
    ['opening a draft', st('draft', 0, 2), OPEN, SECRET, st('open', 0, 2)],
    ['closing an open election', st('open', 1, 2), CLOSE, SECRET, st('closed', 1, 2)],
    ['a credential in the draft', st('draft'), RECORD, SECRET, st('draft', 0, 1)],
    ['a credential while open', st('open', 1, 1), RECORD, SECRET, st('open', 1, 2)],
    ['the last credential the roll allows', st('open', 0, 2), RECORD, SECRET, st('open', 0, 3)],
    ['a secret ballot with a credential to spare', st('open', 0, 1), SECRET_BALLOT, SECRET, st('open', 1, 1)],
    ['a secret ballot below the credentials', st('open', 1, 3), SECRET_BALLOT, SECRET, st('open', 2, 3)],
    ['an open ballot without any credential (open scheme)', st('open'), OPEN_BALLOT, TEST_ELECTION, st('open', 1, 0)],
    ['an open ballot once an open election with authority is opened', st('open', 5), OPEN_BALLOT, OPEN_WITH_AUTHORITY, st('open', 6, 0)],
    ['opening an open election with authority', st('draft'), OPEN, OPEN_WITH_AUTHORITY, st('open')],
  ])('accepts %s', (_name, state, tx, election, after) => {
    expect(applyTransaction(state, tx, rulesOf(election))).toEqual({ ok: true, state: after });
  });

  it.each<[string, LedgerState, Transaction, Election, OrderRejection]>([
    ['a secret ballot in the draft', st('draft', 0, 3), SECRET_BALLOT, SECRET, 'election-not-open'],
    ['an open ballot in the draft', st('draft'), OPEN_BALLOT, OPEN_WITH_AUTHORITY, 'election-not-open'],
    ['a secret ballot after the close', st('closed', 0, 3), SECRET_BALLOT, SECRET, 'election-closed'],
    ['an open ballot after the close', st('closed'), OPEN_BALLOT, OPEN_WITH_AUTHORITY, 'election-closed'],
    ['a credential after the close', st('closed', 0, 1), RECORD, SECRET, 'election-closed'],
    ['opening twice', st('open'), OPEN, SECRET, 'lifecycle-out-of-order'],
    ['opening after the close', st('closed'), OPEN, SECRET, 'lifecycle-out-of-order'],
    ['closing before the opening', st('draft'), CLOSE, SECRET, 'lifecycle-out-of-order'],
    ['closing twice', st('closed'), CLOSE, SECRET, 'lifecycle-out-of-order'],
    ['a secret ballot without any credential', st('open'), SECRET_BALLOT, SECRET, 'more-ballots-than-credentials'],
    ['more ballots than credentials', st('open', 2, 2), SECRET_BALLOT, SECRET, 'more-ballots-than-credentials'],
    ['more credentials than the roll size', st('open', 0, 3), RECORD, SECRET, 'more-credentials-than-voters'],
    ['more credentials than the roll size, in the draft', st('draft', 0, 3), RECORD, SECRET, 'more-credentials-than-voters'],
    ['a credential in an election without roll', st('open'), RECORD, TEST_ELECTION, 'more-credentials-than-voters'],
  ])('rejects %s', (_name, state, tx, election, reason) => {
    expect(applyTransaction(state, tx, rulesOf(election))).toEqual({ ok: false, reason, detail: anyString });
  });

  it('checks the phase before the counts', () => {
    expect(applyTransaction(st('draft'), SECRET_BALLOT, rulesOf(SECRET))).toMatchObject({ reason: 'election-not-open' });
    expect(applyTransaction(st('closed', 0, 3), RECORD, rulesOf(SECRET))).toMatchObject({ reason: 'election-closed' });
  });

  it('never changes the state it is given', () => {
    const state = Object.freeze(st('open', 0, 1));
    expect(applyTransaction(state, SECRET_BALLOT, rulesOf(SECRET)).ok).toBe(true);
    expect(state).toEqual(st('open', 0, 1));
  });

  it('runs a whole election: credentials, opening, ballots, closing', () => {
    const sequence = [RECORD, RECORD, OPEN, SECRET_BALLOT, RECORD, SECRET_BALLOT, SECRET_BALLOT, CLOSE];
    let state = initialLedgerState(SECRET);
    for (const tx of sequence) {
      const next = applyTransaction(state, tx, rulesOf(SECRET));
      expect(next.ok).toBe(true);
      if (next.ok) state = next.state;
    }
    expect(state).toEqual(st('closed', 3, 3));
  });

  describe('property: whatever sequence is offered, the accepted prefix keeps the invariants', () => {
    const anyTx = fc.constantFrom(SECRET_BALLOT, RECORD, OPEN, CLOSE, OPEN_BALLOT);
    const order: Record<ElectionPhase, number> = { draft: 0, open: 1, closed: 2 };

    it.each<[string, Election]>([
      ['secret election', SECRET],
      ['open election with authority', OPEN_WITH_AUTHORITY],
      ['open election without authority', TEST_ELECTION],
    ])('%s', (_name, election) => {
      fc.assert(
        fc.property(fc.array(anyTx, { maxLength: 30 }), (txs) => {
          let state = initialLedgerState(election);
          for (const tx of txs) {
            const next = applyTransaction(state, tx, rulesOf(election));
            if (!next.ok) continue;
            expect(order[next.state.phase]).toBeGreaterThanOrEqual(order[state.phase]);
            if (next.state.ballots > state.ballots) expect(state.phase).toBe('open');
            if (next.state.phase !== state.phase) expect(next.state.ballots).toBe(state.ballots);
            state = next.state;
            expect(state.credentials).toBeLessThanOrEqual(election.roll?.size ?? 0);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('in a secret election offered only secret-scheme transactions, ballots never outnumber credentials', () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(SECRET_BALLOT, RECORD, OPEN, CLOSE), { maxLength: 30 }), (txs) => {
          let state = initialLedgerState(SECRET);
          for (const tx of txs) {
            const next = applyTransaction(state, tx, rulesOf(SECRET));
            if (next.ok) state = next.state;
            expect(state.ballots).toBeLessThanOrEqual(state.credentials);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
