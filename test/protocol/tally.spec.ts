import { DEMO_ELECTION, type PartyCount, tally } from '../../protocol';
import { ballot, TEST_ELECTION } from './fixtures';

const PARTIES = TEST_ELECTION.parties; // Red, Green, Blue

describe('tally', () => {
  it.each<[string, string[], PartyCount[]]>([
    ['no ballots', [], [{ party: 'Red', votes: 0 }, { party: 'Green', votes: 0 }, { party: 'Blue', votes: 0 }]],
    ['one ballot', ['Green'], [{ party: 'Red', votes: 0 }, { party: 'Green', votes: 1 }, { party: 'Blue', votes: 0 }]],
    [
      'ballots in any order, counted in election order',
      ['Blue', 'Red', 'Blue', 'Green', 'Blue', 'Red'],
      [{ party: 'Red', votes: 2 }, { party: 'Green', votes: 1 }, { party: 'Blue', votes: 3 }],
    ],
    [
      'ballots for unknown parties, which are ignored',
      ['Purple', 'Red', 'red', '', 'Blue ', 'Red'],
      [{ party: 'Red', votes: 2 }, { party: 'Green', votes: 0 }, { party: 'Blue', votes: 0 }],
    ],
    ['only unknown parties', ['Purple', 'constructor', '__proto__'], [{ party: 'Red', votes: 0 }, { party: 'Green', votes: 0 }, { party: 'Blue', votes: 0 }]],
  ])('counts %s', (_name, parties, expected) => {
    expect(tally(parties.map((p, i) => ballot(`V${i}`, p)), PARTIES)).toEqual(expected);
  });

  it('follows the order of the parties it is given', () => {
    const ballots = [ballot('V1', 'Red'), ballot('V2', 'Blue')];
    expect(tally(ballots, ['Blue', 'Green', 'Red']).map((c) => c.party)).toEqual(['Blue', 'Green', 'Red']);
  });

  it('counts anything iterable with a party, such as a generator', () => {
    function* parties() {
      yield { party: 'Socialist party' };
      yield { party: 'Democratic Party' };
      yield { party: 'Socialist party' };
    }
    expect(tally(parties(), DEMO_ELECTION.parties)).toEqual([
      { party: 'Democratic Party', votes: 1 },
      { party: 'Republican Party', votes: 0 },
      { party: 'Socialist party', votes: 2 },
    ]);
  });

  it('is empty for an election without parties', () => {
    expect(tally([ballot('V1', 'Red')], [])).toEqual([]);
  });
});
