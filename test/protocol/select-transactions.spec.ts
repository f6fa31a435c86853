import fc from 'fast-check';
import { claimOf, initialLedgerState, type LedgerState, selectForBlock, type Transaction, validateBlock } from '../../protocol';
import { ancestry, ballot, context, genesis, mineBlock, NOW, rulesOf, TEST_ELECTION, TEST_VOTERS } from './fixtures';
import { ed25519Pair, makeSecretElection } from './secret-election';

const S = makeSecretElection({ voterCount: 4 });
const E = S.election;
const RULES = S.rules;
const G = genesis(E);

const [R1, R2, R3, R4] = S.voters.map((v) => S.credentialRecord(v));
const OPEN = S.lifecycle('open', NOW - 500);
const CLOSE = S.lifecycle('close', NOW - 10);
const KEY = ed25519Pair();
const V1 = S.sealedBallot(0, { key: KEY });
const V1_AGAIN = S.sealedBallot(2, { key: KEY });
const [V2, V3, V4, V5] = [1, 2, 0, 1].map((choice) => S.sealedBallot(choice));
/** Signed by the authority, but dated after a block at NOW. */
const OPEN_LATER = S.lifecycle('open', NOW + 5);
const [COMMITMENTS, SHARES] = S.ceremony;

/** Before the trustee's key ceremony: the election cannot open yet. */
const GENESIS_STATE = initialLedgerState(E);
/** The draft once the ceremony is on chain. */
const DRAFT = S.ledgerState('draft');
const st = (phase: LedgerState['phase'], ballots: number, credentials: number): LedgerState => S.ledgerState(phase, ballots, credentials);

describe('selectForBlock', () => {
  it.each<[string, Transaction[], LedgerState, Transaction[]]>([
    ['everything, in admission order, when all of it may follow', [R1, R2, OPEN, V1, V2, CLOSE], DRAFT, [R1, R2, OPEN, V1, V2, CLOSE]],
    ['nothing from nothing', [], DRAFT, []],
    ['not a ballot before the opening', [R1, V1, OPEN], DRAFT, [R1, OPEN]],
    ['a ballot once the opening precedes it', [R1, OPEN, V1], DRAFT, [R1, OPEN, V1]],
    ['not a ballot after the closing', [CLOSE, V1], st('open', 0, 2), [CLOSE]],
    ['not a ballot in a closed election', [V1, R1], st('closed', 0, 2), []],
    ['not a second ballot with one ballot key', [V1, V1_AGAIN, V2], st('open', 0, 3), [V1, V2]],
    ['not the same ballot twice', [V1, V1], st('open', 0, 3), [V1]],
    ['not a second record for one voter', [R1, S.credentialRecord('S001'), R2], DRAFT, [R1, R2]],
    ['not a second opening', [OPEN, S.lifecycle('open', NOW - 1)], DRAFT, [OPEN]],
    ['not an opening before the key ceremony is complete', [COMMITMENTS, OPEN, SHARES, OPEN], GENESIS_STATE, [COMMITMENTS, SHARES, OPEN]],
    ['not a trustee’s shares before its commitments', [SHARES, COMMITMENTS, SHARES], GENESIS_STATE, [COMMITMENTS, SHARES]],
    ['not the ceremony once the election is open', [COMMITMENTS, SHARES, R1], st('open', 0, 0), [R1]],
    ['not a closing before the opening', [CLOSE, OPEN, CLOSE], DRAFT, [OPEN, CLOSE]],
    ['not a ballot beyond the credentials issued', [V1, V2, R1, V3], st('open', 0, 1), [V1, R1, V3]],
    ['not more credentials than the roll', [R1, R2, R3, R4], st('draft', 0, 2), [R1, R2]],
    ['not a lifecycle transaction dated after the block', [OPEN_LATER, R1], DRAFT, [R1]],
  ])('selects %s', (_name, pending, state, expected) => {
    expect(selectForBlock(pending, state, RULES, NOW, 100)).toEqual(expected);
  });

  it('skips an open ballot dated after the block, but takes one up to the block time', () => {
    const rules = rulesOf(TEST_ELECTION);
    const pending = [ballot('V001', 'Red', NOW + 1), ballot('V002', 'Red', NOW), ballot('V001', 'Blue', NOW - 5)];
    expect(selectForBlock(pending, initialLedgerState(TEST_ELECTION), rules, NOW, 10)).toEqual([pending[1], pending[2]]);
  });

  it('does not count a skipped duplicate as a use: the skipped one was not chosen', () => {
    // The second V001 is skipped; a third ballot of V001 is still a duplicate of the first.
    const rules = rulesOf(TEST_ELECTION);
    const pending = [ballot('V001', 'Red'), ballot('V001', 'Blue'), ballot('V001', 'Green'), ballot('V002', 'Red')];
    expect(selectForBlock(pending, initialLedgerState(TEST_ELECTION), rules, NOW, 10)).toEqual([pending[0], pending[3]]);
  });

  it('frees a claim whose transaction was skipped for order', () => {
    // The first ballot with KEY is skipped (no credential yet); a later one with KEY may then be chosen.
    expect(selectForBlock([V1, R1, V1_AGAIN], st('open', 0, 0), RULES, NOW, 10)).toEqual([R1, V1_AGAIN]);
  });

  it.each<[number, Transaction[]]>([
    [0, []],
    [1, [R1]],
    [3, [R1, R2, OPEN]],
    [6, [R1, R2, OPEN, V1, V2, CLOSE]],
    [7, [R1, R2, OPEN, V1, V2, CLOSE]],
  ])('respects a limit of %i', (limit, expected) => {
    expect(selectForBlock([R1, R2, OPEN, V1, V2, CLOSE], DRAFT, RULES, NOW, limit)).toEqual(expected);
  });

  it('does not count skipped transactions against the limit', () => {
    expect(selectForBlock([V1, V2, R1, R2], DRAFT, RULES, NOW, 2)).toEqual([R1, R2]);
  });

  it('leaves the pending list and the state untouched', () => {
    const pending = Object.freeze([V1, R1, OPEN, V2]);
    const state = Object.freeze({ ...DRAFT });
    selectForBlock(pending, state, RULES, NOW, 10);
    expect(pending).toEqual([V1, R1, OPEN, V2]);
    expect(state).toEqual(DRAFT);
  });

  describe('property: the selection always forms a block that passes validateBlock', () => {
    const POOL: Transaction[] = [
      ...S.ceremony,
      R1,
      R2,
      R3,
      R4,
      OPEN,
      CLOSE,
      OPEN_LATER,
      V1,
      V1_AGAIN,
      V2,
      V3,
      V4,
      V5,
      S.credentialRecord('S002'),
    ];
    const ctx = context(E);

    it('secret election, from any point of its lifecycle', () => {
      const input = fc.record({
        pending: fc.array(fc.constantFrom(...POOL), { maxLength: 25 }),
        state: fc.constantFrom(GENESIS_STATE, DRAFT, st('draft', 0, 2), st('open', 0, 0), st('open', 1, 2), st('closed', 2, 2)),
        limit: fc.integer({ min: 0, max: 12 }),
      });
      fc.assert(
        fc.property(input, ({ pending, state, limit }) => {
          const chosen = selectForBlock(pending, state, RULES, NOW, limit);
          expect(chosen.length).toBeLessThanOrEqual(limit);
          // A subsequence of the pending list, in its order.
          let at = 0;
          for (const tx of chosen) {
            at = pending.indexOf(tx, at) + 1;
            expect(at).toBeGreaterThan(0);
          }
          expect(new Set(chosen.map(claimOf)).size).toBe(chosen.length);
          if (chosen.length === 0) return;
          const block = mineBlock(G, chosen, { timestamp: NOW }, E);
          const outcome = validateBlock(block, G, ancestry([], state), ctx);
          expect(outcome).toMatchObject({ ok: true });
        }),
        { numRuns: 200 },
      );
    });

    it('open election without authority', () => {
      const tx = fc.record({
        voter_id: fc.constantFrom(...TEST_VOTERS.slice(0, 4)),
        party: fc.constantFrom(...TEST_ELECTION.parties),
        timestamp: fc.integer({ min: NOW - 100, max: NOW + 100 }),
      });
      const g = genesis(TEST_ELECTION);
      const rules = rulesOf(TEST_ELECTION);
      fc.assert(
        fc.property(fc.array(tx, { maxLength: 20 }), fc.integer({ min: 1, max: 6 }), (pending, limit) => {
          const start = initialLedgerState(TEST_ELECTION);
          const chosen = selectForBlock(pending, start, rules, NOW, limit);
          expect(chosen.length).toBeLessThanOrEqual(limit);
          if (chosen.length === 0) return;
          const block = mineBlock(g, chosen, { timestamp: NOW });
          expect(validateBlock(block, g, ancestry([], start), context(TEST_ELECTION))).toMatchObject({ ok: true });
        }),
        { numRuns: 200 },
      );
    });
  });
});
