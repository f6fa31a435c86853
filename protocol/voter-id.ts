/*
 * How a voter ID typed by a voter is matched against a roll. Voters copy IDs from a letter: spaces around
 * them and the case of their letters are slips, not another voter. The chain itself holds each voter ID in
 * one spelling only, the roll's own: a node maps what was typed to it before it builds a transaction, so the
 * rules (which compare IDs exactly) see the same ID on every node.
 */

/** Spaces and tabs (any Unicode space, such as the no-break space a copied letter holds), not line breaks. */
const AROUND = /^[\p{Zs}\t]+|[\p{Zs}\t]+$/gu;

/**
 * What a voter ID is compared by: without the spaces around it (trimVoterId), letters in upper case. Only ASCII letters
 * change case: a voter ID is ASCII (VOTER_ID_PATTERN), and folding other letters could make a refused ID
 * (such as "ﬀ") look well formed ("FF").
 */
export function normaliseVoterId(voterId: string): string {
  return trimVoterId(voterId).replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/**
 * The voter ID as typed, without the spaces around it: what format checks look at. A line break is not
 * dropped: nobody types one into a voter ID field, and an ID that holds one was not typed (it stays malformed).
 */
export function trimVoterId(voterId: string): string {
  return voterId.replace(AROUND, '');
}

/** Voter IDs of a roll that normalise alike, each group in roll order; empty when every ID stands alone. */
export function voterIdsAlike(roll: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const id of roll) {
    const key = normaliseVoterId(id);
    const group = groups.get(key);
    if (group) group.push(id);
    else groups.set(key, [id]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

/**
 * Finds the roll's own spelling of a typed voter ID. `of` answers null when the roll has no such voter, and
 * also when two of its IDs normalise alike (a roll made before IDs were matched so): then only the exact
 * spelling finds a voter, as it did before.
 */
export interface VoterIdIndex {
  of(typed: string): string | null;
}

export function voterIdIndex(roll: readonly string[]): VoterIdIndex {
  const exact = new Set(roll);
  const byKey = new Map<string, string | null>();
  for (const id of roll) {
    const key = normaliseVoterId(id);
    byKey.set(key, byKey.has(key) ? null : id);
  }
  return {
    of(typed) {
      const trimmed = trimVoterId(typed);
      if (exact.has(trimmed)) return trimmed;
      return byKey.get(normaliseVoterId(trimmed)) ?? null;
    },
  };
}
