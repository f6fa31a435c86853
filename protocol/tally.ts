import type { Ballot } from './types';

export interface PartyCount {
  party: string;
  votes: number;
}

/** Counts ballots per party, in the election's party order; ballots for other names are not counted. */
export function tally(ballots: Iterable<Pick<Ballot, 'party'>>, parties: readonly string[]): PartyCount[] {
  const counts = new Map(parties.map((p) => [p, 0]));
  for (const b of ballots) {
    const n = counts.get(b.party);
    if (n !== undefined) counts.set(b.party, n + 1);
  }
  return parties.map((party) => ({ party, votes: counts.get(party) ?? 0 }));
}
