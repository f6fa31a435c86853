import { afterOffence, conductAt, GOOD_CONDUCT, OFFENCE_POINTS } from '../../../server/peers/misbehaviour';

const HOUR = 3_600;

describe('peer misbehaviour points and bans', () => {
  it('bans at once for a block that breaks a rule or another election', () => {
    for (const offence of ['invalid-block', 'different-election'] as const) {
      const after = afterOffence(GOOD_CONDUCT, offence, 'block 3', 1_000, HOUR);
      expect(after).toEqual({ points: 0, at: 1_000, bannedUntil: 1_000 + HOUR, reason: `${offence}: block 3` });
    }
  });

  it('bans for two malformed, oversize or dripped answers within two minutes, not for one', () => {
    for (const offence of ['malformed', 'oversize', 'slow'] as const) {
      const once = afterOffence(GOOD_CONDUCT, offence, 'first', 0, HOUR);
      expect(once).toMatchObject({ points: OFFENCE_POINTS[offence], bannedUntil: null });
      expect(afterOffence(once, offence, 'second', 119, HOUR)).toMatchObject({ bannedUntil: 119 + HOUR, reason: `${offence}: second` });
      // Three minutes apart, the first has faded enough: no ban.
      expect(afterOffence(once, offence, 'second', 180, HOUR).bannedUntil).toBeNull();
    }
  });

  it('lets points fade to nothing, and lifts a ban once it has run out', () => {
    const once = afterOffence(GOOD_CONDUCT, 'slow', 'drip', 0, HOUR);
    expect(conductAt(once, 60).points).toBeCloseTo(OFFENCE_POINTS.slow - 10);
    expect(conductAt(once, 3_600).points).toBe(0);
    const banned = afterOffence(GOOD_CONDUCT, 'invalid-block', 'bad hash', 0, HOUR);
    expect(conductAt(banned, HOUR - 1)).toMatchObject({ bannedUntil: HOUR, reason: 'invalid-block: bad hash' });
    expect(conductAt(banned, HOUR)).toMatchObject({ bannedUntil: null, reason: null });
  });

  it('keeps a ban as it is while it runs: more offences neither lengthen nor change it', () => {
    const banned = afterOffence(GOOD_CONDUCT, 'invalid-block', 'first', 0, HOUR);
    expect(afterOffence(banned, 'different-election', 'later', 100, HOUR)).toMatchObject({
      bannedUntil: HOUR,
      reason: 'invalid-block: first',
    });
  });
});
