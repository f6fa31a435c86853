/*
 * What a peer can do wrong, and what it costs it. A peer collects points; at BAN_THRESHOLD it is banned
 * for a while: not synced with, not gossiped to, and its pushes are refused. Breaking a rule of the chain
 * is never an accident, so it bans at once, as in Bitcoin Core. A malformed, oversize or dripped answer
 * can be a bad link, so it takes two within two minutes (60 points each, fading by 10 a minute). Silence
 * (a node down or frozen) costs nothing: back-off handles it. Refusals an honest peer can earn (a ballot
 * already counted on another branch, a block dated ahead by clock skew, an unknown parent) cost nothing.
 */
export type Offence =
  /** It serves or pushes a block that breaks a rule of the chain. */
  | 'invalid-block'
  /** It forwards a transaction no honest node forwards: a bad signature or credential, or no transaction at all. */
  | 'forged-transaction'
  /** It runs another election (a different genesis). */
  | 'different-election'
  /** An answer or push of the wrong shape: not JSON, the wrong fields, more items than asked for. */
  | 'malformed'
  /** An answer or push larger than this node accepts. */
  | 'oversize'
  /** It did not answer within the time allowed (a slow drip, a page that never ends). */
  | 'slow';

export const BAN_THRESHOLD = 100;

/** Refusals of a peer's block that an honest peer can cause: clock skew, a parent not yet with us. */
export const HONEST_BLOCK_REFUSALS: ReadonlySet<string> = new Set(['timestamp-in-future', 'unknown-parent']);

export const OFFENCE_POINTS: Record<Offence, number> = {
  'invalid-block': 100,
  'forged-transaction': 100,
  'different-election': 100,
  malformed: 60,
  oversize: 60,
  slow: 60,
};

/** Points fade by this much per second (10 a minute), so a rare bad answer of an honest peer never adds up to a ban. */
export const POINTS_FADE_PER_SECOND = 1 / 6;

export interface Conduct {
  points: number;
  /** When `points` was last brought up to date, in seconds. */
  at: number;
  bannedUntil: number | null;
  reason: string | null;
}

export const GOOD_CONDUCT: Conduct = { points: 0, at: 0, bannedUntil: null, reason: null };

/** The conduct at `now`: faded points, and the ban lifted once it has run out. */
export function conductAt(conduct: Conduct, now: number): Conduct {
  const points = Math.max(0, conduct.points - Math.max(0, now - conduct.at) * POINTS_FADE_PER_SECOND);
  const banned = conduct.bannedUntil !== null && conduct.bannedUntil > now;
  return { points, at: now, bannedUntil: banned ? conduct.bannedUntil : null, reason: banned ? conduct.reason : null };
}

/** The conduct after an offence; a ban starts when the points reach the threshold, and its points are spent. */
export function afterOffence(conduct: Conduct, offence: Offence, detail: string, now: number, banSeconds: number): Conduct {
  const current = conductAt(conduct, now);
  if (current.bannedUntil !== null) return current;
  const points = current.points + OFFENCE_POINTS[offence];
  if (points < BAN_THRESHOLD) return { ...current, points };
  return { points: 0, at: now, bannedUntil: now + banSeconds, reason: `${offence}: ${detail}` };
}
