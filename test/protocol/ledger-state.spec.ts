import fc from 'fast-check';
import {
  applyTransaction,
  bytesToBase64url,
  type Election,
  type ElectionPhase,
  initialLedgerState,
  type LedgerState,
  NO_SEALED_LEDGER,
  type OrderRejection,
  type Transaction,
} from '../../protocol';
import { ballot, rulesOf, TEST_ELECTION } from './fixtures';
import { makeSecretElection } from './secret-election';
import { anyString } from '../support/matchers';

/*
 * The order rules never look at signatures, so most of these transactions carry placeholders. A sealed
 * election's own order rules do look at the chain: its opening must name the key of its complete ceremony, and
 * a ballot's proofs must hold against it, so those are real (the ceremony, its key, a sealed ballot).
 */
const S = makeSecretElection({ voterCount: 3, parties: ['Red', 'Blue'] });
const SECRET: Election = S.election;
const OPEN_WITH_AUTHORITY: Election = { ...TEST_ELECTION, authority: SECRET.authority };

const SEALED_BALLOT: Transaction = S.sealedBallot(0);
const OTHER_KEY = S.group.multiplyBase(S.group.randomScalar());
/** Well signed, but sealed to a key the ceremony never fixed. */
const SEALED_ELSEWHERE: Transaction = S.sealedBallot(0, { to: { key: OTHER_KEY, base: S.opened.base } });
const RECORD: Transaction = { type: 'credential', voter_tag: 'b'.repeat(64), roll_proof: [], signature: 's' };
/** Names the sealed election's key; the order rules of the other elections never look at it. */
const OPEN: Transaction = { type: 'open', timestamp: 1, signature: 's', election_key: S.electionKey };
const CLOSE: Transaction = { type: 'close', timestamp: 2, signature: 's' };
const OPEN_BALLOT: Transaction = ballot('V001', 'Red');

const st = (phase: ElectionPhase, ballots = 0, credentials = 0): LedgerState => ({ phase, ballots, credentials });
/** A state of the sealed election: its ceremony on chain, opened with its key unless in the draft. */
const sealed = (phase: ElectionPhase, ballots = 0, credentials = 0): LedgerState => S.ledgerState(phase, ballots, credentials);
/** What the order rules count: the phase, ballots and credentials (the sealed sums are sealed-ledger.spec.ts's). */
const counted = ({ phase, ballots, credentials }: LedgerState): LedgerState => ({ phase, ballots, credentials });
const applied = (state: LedgerState, tx: Transaction, election: Election) => {
  const next = applyTransaction(state, tx, rulesOf(election));
  return next.ok ? { ok: true, state: counted(next.state) } : next;
};

describe('initialLedgerState', () => {
  it.each<[string, Election, LedgerState]>([
    [
      'a secret election (it has an authority) starts as a draft, with nothing sealed yet',
      SECRET,
      { ...st('draft'), sealed: NO_SEALED_LEDGER },
    ],
    ['an open election with an authority starts as a draft', OPEN_WITH_AUTHORITY, st('draft')],
    ['an election without authority starts open', TEST_ELECTION, st('open')],
  ])('%s', (_name, election, state) => {
    expect(initialLedgerState(election)).toEqual(state);
  });
});

describe('applyTransaction', () => {
  it.each<[string, LedgerState, Transaction, Election, LedgerState]>([
    ['opening a draft whose ceremony is complete, with its key', sealed('draft', 0, 2), OPEN, SECRET, st('open', 0, 2)],
    ['closing an open election', sealed('open', 1, 2), CLOSE, SECRET, st('closed', 1, 2)],
    ['a credential in the draft', sealed('draft'), RECORD, SECRET, st('draft', 0, 1)],
    ['a credential before the ceremony', initialLedgerState(SECRET), RECORD, SECRET, st('draft', 0, 1)],
    ['a credential while open', sealed('open', 1, 1), RECORD, SECRET, st('open', 1, 2)],
    ['the last credential the roll allows', sealed('open', 0, 2), RECORD, SECRET, st('open', 0, 3)],
    ['a sealed ballot with a credential to spare', sealed('open', 0, 1), SEALED_BALLOT, SECRET, st('open', 1, 1)],
    ['a sealed ballot below the credentials', sealed('open', 1, 3), SEALED_BALLOT, SECRET, st('open', 2, 3)],
    ['the trustee’s commitments in the draft', initialLedgerState(SECRET), S.ceremony[0], SECRET, st('draft')],
    ['an open ballot without any credential (open scheme)', st('open'), OPEN_BALLOT, TEST_ELECTION, st('open', 1, 0)],
    ['an open ballot once an open election with authority is opened', st('open', 5), OPEN_BALLOT, OPEN_WITH_AUTHORITY, st('open', 6, 0)],
    ['opening an open election with authority', st('draft'), OPEN, OPEN_WITH_AUTHORITY, st('open')],
  ])('accepts %s', (_name, state, tx, election, after) => {
    expect(applied(state, tx, election)).toEqual({ ok: true, state: after });
  });

  it('leaves a state without sealed ledger in an election that is not sealed', () => {
    expect(applyTransaction(st('draft'), OPEN, rulesOf(OPEN_WITH_AUTHORITY))).toEqual({ ok: true, state: st('open') });
    expect(applyTransaction(st('open'), OPEN_BALLOT, rulesOf(TEST_ELECTION))).toEqual({ ok: true, state: st('open', 1) });
  });

  it.each<[string, LedgerState, Transaction, Election, OrderRejection]>([
    ['a sealed ballot in the draft', sealed('draft', 0, 3), SEALED_BALLOT, SECRET, 'election-not-open'],
    ['an open ballot in the draft', st('draft'), OPEN_BALLOT, OPEN_WITH_AUTHORITY, 'election-not-open'],
    ['a sealed ballot after the close', sealed('closed', 0, 3), SEALED_BALLOT, SECRET, 'election-closed'],
    ['an open ballot after the close', st('closed'), OPEN_BALLOT, OPEN_WITH_AUTHORITY, 'election-closed'],
    ['a credential after the close', sealed('closed', 0, 1), RECORD, SECRET, 'election-closed'],
    ['opening twice', sealed('open'), OPEN, SECRET, 'lifecycle-out-of-order'],
    ['opening after the close', sealed('closed'), OPEN, SECRET, 'lifecycle-out-of-order'],
    ['opening before the key ceremony is complete', initialLedgerState(SECRET), OPEN, SECRET, 'ceremony-incomplete'],
    [
      'opening with another key than the ceremony’s',
      sealed('draft'),
      { ...OPEN, election_key: bytesToBase64url(OTHER_KEY) },
      SECRET,
      'wrong-election-key',
    ],
    ['the ceremony again once open', sealed('open'), S.ceremony[0], SECRET, 'lifecycle-out-of-order'],
    ['closing before the opening', sealed('draft'), CLOSE, SECRET, 'lifecycle-out-of-order'],
    ['closing twice', sealed('closed'), CLOSE, SECRET, 'lifecycle-out-of-order'],
    ['a sealed ballot without any credential', sealed('open'), SEALED_BALLOT, SECRET, 'more-ballots-than-credentials'],
    ['more ballots than credentials', sealed('open', 2, 2), SEALED_BALLOT, SECRET, 'more-ballots-than-credentials'],
    ['a sealed ballot whose proofs do not hold for the election key', sealed('open', 0, 1), SEALED_ELSEWHERE, SECRET, 'sealed-entry-proof'],
    ['more credentials than the roll size', sealed('open', 0, 3), RECORD, SECRET, 'more-credentials-than-voters'],
    ['more credentials than the roll size, in the draft', sealed('draft', 0, 3), RECORD, SECRET, 'more-credentials-than-voters'],
    ['a credential in an election without roll', st('open'), RECORD, TEST_ELECTION, 'more-credentials-than-voters'],
  ])('rejects %s', (_name, state, tx, election, reason) => {
    expect(applyTransaction(state, tx, rulesOf(election))).toEqual({ ok: false, reason, detail: anyString });
  });

  it('checks the phase before the counts, and the counts before the proofs', () => {
    expect(applyTransaction(sealed('draft'), SEALED_BALLOT, rulesOf(SECRET))).toMatchObject({ reason: 'election-not-open' });
    expect(applyTransaction(sealed('closed', 0, 3), RECORD, rulesOf(SECRET))).toMatchObject({ reason: 'election-closed' });
    expect(applyTransaction(sealed('open'), SEALED_ELSEWHERE, rulesOf(SECRET))).toMatchObject({ reason: 'more-ballots-than-credentials' });
  });

  it('never changes the state it is given', () => {
    const state = Object.freeze(sealed('open', 0, 1));
    expect(applyTransaction(state, SEALED_BALLOT, rulesOf(SECRET)).ok).toBe(true);
    expect(state).toEqual(sealed('open', 0, 1));
  });

  it('runs a whole election: credentials, the key ceremony, opening, ballots, closing', () => {
    const sequence = [RECORD, ...S.ceremony, RECORD, OPEN, SEALED_BALLOT, RECORD, SEALED_BALLOT, SEALED_BALLOT, CLOSE];
    let state = initialLedgerState(SECRET);
    for (const tx of sequence) {
      const next = applyTransaction(state, tx, rulesOf(SECRET));
      expect(next.ok).toBe(true);
      if (next.ok) state = next.state;
    }
    expect(counted(state)).toEqual(st('closed', 3, 3));
  });

  describe('property: whatever sequence is offered, the accepted prefix keeps the invariants', () => {
    const anyTx = fc.constantFrom(SEALED_BALLOT, RECORD, OPEN, CLOSE, OPEN_BALLOT, ...S.ceremony);
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
        fc.property(fc.array(fc.constantFrom(SEALED_BALLOT, RECORD, OPEN, CLOSE, ...S.ceremony), { maxLength: 30 }), (txs) => {
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
