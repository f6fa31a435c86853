import fc from 'fast-check';
import { type PartyCount, type SealedBallot, tally, tallyDigest, type Transaction } from '../../protocol';
import { DEMO_ELECTION } from '../../server/common/demo-election';
import { anyTransaction } from './arbitraries';
import { ballot, NOW, sha256, TEST_ELECTION } from './fixtures';

const PARTIES = TEST_ELECTION.parties; // Red, Green, Blue

/** A sealed ballot names no party: its choice is counted only once the trustees decrypt the sums. */
const SEALED: SealedBallot = {
  type: 'sealed-ballot',
  sealed: { entries: [{ alpha: 'a', beta: 'b', c0: 'c', c1: 'd', v0: 'e', v1: 'f' }], sum_proof: { challenge: 'g', response: 'h' } },
  ballot_key: 'k',
  credential: 'c',
  signature: 's',
};
const RECORD: Transaction = { type: 'credential', voter_tag: 'a'.repeat(64), roll_proof: [], signature: 's' };
const OPEN: Transaction = { type: 'open', timestamp: NOW, signature: 's' };
const CLOSE: Transaction = { type: 'close', timestamp: NOW, signature: 's' };

const counts = (red: number, green: number, blue: number): PartyCount[] => [
  { party: 'Red', votes: red },
  { party: 'Green', votes: green },
  { party: 'Blue', votes: blue },
];

describe('tally', () => {
  it.each<[string, string[], PartyCount[]]>([
    ['no ballots', [], counts(0, 0, 0)],
    ['one ballot', ['Green'], counts(0, 1, 0)],
    ['ballots in any order, counted in election order', ['Blue', 'Red', 'Blue', 'Green', 'Blue', 'Red'], counts(2, 1, 3)],
    ['ballots for unknown parties, which are ignored', ['Purple', 'Red', 'red', '', 'Blue ', 'Red'], counts(2, 0, 0)],
    ['only unknown parties', ['Purple', 'constructor', '__proto__'], counts(0, 0, 0)],
  ])('counts %s', (_name, parties, expected) => {
    expect(
      tally(
        parties.map((p, i) => ballot(`V${i}`, p)),
        PARTIES,
      ),
    ).toEqual(expected);
    expect(tally([SEALED, ...parties.map((p, i) => ballot(`V${i}`, p)), SEALED], PARTIES)).toEqual(expected);
  });

  it.each<[string, Transaction[], PartyCount[]]>([
    ['open ballots, and sealed ones as nothing', [ballot('V1', 'Red'), SEALED, ballot('V2', 'Blue'), SEALED], counts(1, 0, 1)],
    ['lifecycle and credential records as nothing', [OPEN, RECORD, RECORD, CLOSE], counts(0, 0, 0)],
    [
      'ballots among every other kind',
      [RECORD, OPEN, SEALED, RECORD, ballot('V1', 'Green'), ballot('V2', 'Purple'), ballot('V3', 'Green'), CLOSE],
      counts(0, 2, 0),
    ],
  ])('counts %s', (_name, txs, expected) => {
    expect(tally(txs, PARTIES)).toEqual(expected);
  });

  it('follows the order of the parties it is given', () => {
    const ballots = [ballot('V1', 'Red'), ballot('V2', 'Blue')];
    expect(tally(ballots, ['Blue', 'Green', 'Red']).map((c) => c.party)).toEqual(['Blue', 'Green', 'Red']);
  });

  it('counts anything iterable, such as a generator', () => {
    function* transactions(): Generator<Transaction> {
      yield OPEN;
      yield ballot('VOID002', 'Socialist party');
      yield ballot('VOID001', 'Democratic Party');
      yield SEALED;
      yield ballot('VOID003', 'Socialist party');
      yield CLOSE;
    }
    expect(tally(transactions(), DEMO_ELECTION.parties)).toEqual([
      { party: 'Democratic Party', votes: 1 },
      { party: 'Republican Party', votes: 0 },
      { party: 'Socialist party', votes: 2 },
    ]);
  });

  it('is empty for an election without parties', () => {
    expect(tally([ballot('V1', 'Red')], [])).toEqual([]);
  });

  it('property: the total is the number of ballots for a listed party; other kinds never count', () => {
    const withKnownParties = anyTransaction.map((t) => ('party' in t && t.party.length % 2 === 0 ? { ...t, party: 'Red' } : t));
    fc.assert(
      fc.property(fc.array(withKnownParties, { maxLength: 40 }), (txs) => {
        const total = tally(txs, PARTIES).reduce((n, c) => n + c.votes, 0);
        const expected = txs.filter((t) => !('type' in t) && PARTIES.includes(t.party)).length;
        expect(total).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('tallyDigest', () => {
  const C = counts(2, 1, 3);

  it('hashes the height and the counts in order', () => {
    expect(tallyDigest(5, C, sha256)).toBe(
      sha256(
        JSON.stringify([
          'tally',
          5,
          [
            ['Red', 2],
            ['Green', 1],
            ['Blue', 3],
          ],
        ]),
      ),
    );
  });

  it('is equal for equal tallies of differently ordered and mixed transactions', () => {
    const a = tally([ballot('V3', 'Red'), RECORD, SEALED, ballot('V1', 'Blue')], PARTIES);
    const b = tally([OPEN, ballot('V2', 'Blue'), ballot('V4', 'Red'), CLOSE], PARTIES);
    expect(tallyDigest(3, a, sha256)).toBe(tallyDigest(3, b, sha256));
  });

  it.each<[string, number, PartyCount[]]>([
    ['the height', 6, C],
    ['a count', 5, counts(2, 1, 4)],
    ['a vote moved between parties', 5, counts(1, 2, 3)],
    ['the party order', 5, [C[1], C[0], C[2]]],
    ['a party name', 5, [{ party: 'Rot', votes: 2 }, C[1], C[2]]],
  ])('changes with %s', (_name, height, other) => {
    expect(tallyDigest(height, other, sha256)).not.toBe(tallyDigest(5, C, sha256));
  });
});
