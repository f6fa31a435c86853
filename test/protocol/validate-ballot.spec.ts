import {
  type Ballot,
  type BallotRejection,
  type Election,
  electionRules,
  genesisBlock,
  MAX_FUTURE_DRIFT_SECONDS,
  validateBallot,
} from '../../protocol';
import { DEMO_ELECTION } from '../../server/common/demo-election';
import { ballot, MINIMAL_SECRET_ELECTION, nodeSignatures, NOW, PLACEHOLDER_AUTHORITY, rulesOf, sha256, TEST_ELECTION } from './fixtures';
import { anyString } from '../support/matchers';

const rules = rulesOf(TEST_ELECTION);
const openRules = rulesOf({ title: 'Open', parties: ['Red', 'Green'], difficulty: 1, scheme: 'open' });
const SECRET = MINIMAL_SECRET_ELECTION;

describe('electionRules', () => {
  it('knows the parties and the roll', () => {
    expect(rules.election).toBe(TEST_ELECTION);
    expect(rules.isParty('Red')).toBe(true);
    expect(rules.isParty('red')).toBe(false);
    expect(rules.isOnRoll('V001')).toBe(true);
    expect(rules.isOnRoll('V011')).toBe(false);
  });

  it('puts everyone on an absent roll and no one on an empty roll', () => {
    expect(openRules.isOnRoll('anyone')).toBe(true);
    expect(rulesOf({ ...TEST_ELECTION, voters: [] }).isOnRoll('V001')).toBe(false);
  });

  it('names the election by its genesis hash and carries the hash and signature functions', () => {
    expect(rules.electionId).toBe(genesisBlock(TEST_ELECTION, sha256).hash);
    expect(rules.hash).toBe(sha256);
    expect(rules.signatures).toBe(nodeSignatures);
    expect(electionRules(TEST_ELECTION, sha256, nodeSignatures).electionId).toBe(rules.electionId);
    expect(rulesOf(SECRET).electionId).not.toBe(rules.electionId);
  });

  it.each<[string, Election, boolean]>([
    ['an election without authority', TEST_ELECTION, false],
    ['a secret election', SECRET, true],
    ['an open election with an authority', { ...TEST_ELECTION, authority: PLACEHOLDER_AUTHORITY }, true],
  ])('gives %s a lifecycle: %s', (_name, election, lifecycle) => {
    expect(rulesOf(election).hasLifecycle).toBe(lifecycle);
  });
});

describe('validateBallot', () => {
  it.each<[string, Ballot]>([
    ['a ballot from the roll for a party', ballot('V001', 'Red')],
    ['the last voter and party', ballot('V010', 'Blue')],
    ['timestamp 0', ballot('V001', 'Red', 0)],
    ['timestamp now', ballot('V001', 'Red', NOW)],
    ['a fractional timestamp', ballot('V001', 'Red', NOW - 0.25)],
    ['the maximum drift into the future', ballot('V001', 'Red', NOW + MAX_FUTURE_DRIFT_SECONDS)],
  ])('accepts %s', (_name, b) => {
    expect(validateBallot(b, rules, NOW)).toEqual({ ok: true });
  });

  it.each<[string, Ballot, BallotRejection]>([
    ['an empty voter ID', ballot('', 'Red'), 'malformed-voter-id'],
    ['a voter ID with a space', ballot('V 001', 'Red'), 'malformed-voter-id'],
    ['a voter ID of 65 characters', ballot('V'.repeat(65), 'Red'), 'malformed-voter-id'],
    ['a non-string voter ID', { voter_id: 1 as unknown as string, party: 'Red', timestamp: NOW }, 'malformed-voter-id'],
    ['a party not in the election', ballot('V001', 'Purple'), 'unknown-party'],
    ['a party in the wrong case', ballot('V001', 'red'), 'unknown-party'],
    ['an empty party', ballot('V001', ''), 'unknown-party'],
    ['a non-string party', { voter_id: 'V001', party: null as unknown as string, timestamp: NOW }, 'unknown-party'],
    ['a voter not on the roll', ballot('V011', 'Red'), 'not-on-roll'],
    ['a NaN timestamp', ballot('V001', 'Red', NaN), 'bad-timestamp'],
    ['an infinite timestamp', ballot('V001', 'Red', Infinity), 'bad-timestamp'],
    ['a string timestamp', { voter_id: 'V001', party: 'Red', timestamp: String(NOW) as unknown as number }, 'bad-timestamp'],
    ['a negative timestamp', ballot('V001', 'Red', -1), 'bad-timestamp'],
    ['a timestamp just beyond the future drift', ballot('V001', 'Red', NOW + MAX_FUTURE_DRIFT_SECONDS + 1), 'bad-timestamp'],
    ['a timestamp far in the future', ballot('V001', 'Red', NOW + 86_400), 'bad-timestamp'],
  ])('rejects %s', (_name, b, reason) => {
    const verdict = validateBallot(b, rules, NOW);
    expect(verdict).toEqual({ ok: false, reason, detail: anyString });
  });

  it('rejects any open ballot in a secret election, before any other check', () => {
    expect(validateBallot(ballot('V001', 'Red'), rulesOf(SECRET), NOW)).toEqual({
      ok: false,
      reason: 'wrong-scheme',
      detail: anyString,
    });
    expect(validateBallot(ballot('bad id', 'Purple', NaN), rulesOf(SECRET), NOW)).toMatchObject({ reason: 'wrong-scheme' });
  });

  it('checks the voter ID first, then the party, the roll and the time', () => {
    expect(validateBallot(ballot('bad id', 'Purple', NaN), rules, NOW)).toMatchObject({ reason: 'malformed-voter-id' });
    expect(validateBallot(ballot('V099', 'Purple', NaN), rules, NOW)).toMatchObject({ reason: 'unknown-party' });
    expect(validateBallot(ballot('V099', 'Red', NaN), rules, NOW)).toMatchObject({ reason: 'not-on-roll' });
  });

  it('accepts any well-formed voter ID when the election has no roll', () => {
    for (const id of ['anyone', 'V999', 'a.b_c:d-e', 'x'.repeat(64)]) {
      expect(validateBallot(ballot(id, 'Red'), openRules, NOW)).toEqual({ ok: true });
    }
    expect(validateBallot(ballot('not well formed', 'Red'), openRules, NOW)).toMatchObject({ reason: 'malformed-voter-id' });
  });

  it('bounds the timestamp by the `now` it is given', () => {
    const b = ballot('V001', 'Red', NOW + 1000);
    expect(validateBallot(b, rules, NOW)).toMatchObject({ ok: false, reason: 'bad-timestamp' });
    expect(validateBallot(b, rules, NOW + 1000 - MAX_FUTURE_DRIFT_SECONDS)).toEqual({ ok: true });
  });

  it('works with the demo election', () => {
    const demo = rulesOf(DEMO_ELECTION);
    expect(validateBallot(ballot('VOID001', 'Socialist party'), demo, NOW)).toEqual({ ok: true });
    expect(validateBallot(ballot('VOID016', 'Socialist party'), demo, NOW)).toMatchObject({ reason: 'not-on-roll' });
    expect(validateBallot(ballot('VOID001', 'Socialist Party'), demo, NOW)).toMatchObject({ reason: 'unknown-party' });
  });
});
