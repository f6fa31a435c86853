import { MAX_DIFFICULTY, MAX_PARTY_LENGTH, MAX_VOTER_ID_LENGTH, VOTER_ID_PATTERN } from './limits';
import { emptyMerkleRoot } from './merkle';
import { hashHeader } from './proof-of-work';
import type { Block, Election, HashFn } from './types';

/** The demo election: the seed's three parties and its fifteen sample voter IDs. */
export const DEMO_ELECTION: Election = {
  title: 'Demo election',
  parties: ['Democratic Party', 'Republican Party', 'Socialist party'],
  voters: Array.from({ length: 15 }, (_, i) => `VOID${String(i + 1).padStart(3, '0')}`),
  difficulty: 2,
};

/** Problems with an election definition, as readable sentences; empty when it is valid. */
export function electionProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['must be a JSON object'];
  const e = value as Record<string, unknown>;
  const problems: string[] = [];
  const known = new Set(['title', 'parties', 'voters', 'difficulty']);
  for (const key of Object.keys(e)) if (!known.has(key)) problems.push(`unknown field "${key}"`);
  if (typeof e['title'] !== 'string' || e['title'].trim() === '' || e['title'].length > 200) {
    problems.push('"title" must be a non-empty string of at most 200 characters');
  }
  const parties = e['parties'];
  if (!Array.isArray(parties) || parties.length === 0) {
    problems.push('"parties" must be a non-empty array of names');
  } else {
    if (parties.some((p) => typeof p !== 'string' || p.trim() === '' || p.length > MAX_PARTY_LENGTH)) {
      problems.push(`every party must be a non-empty string of at most ${MAX_PARTY_LENGTH} characters`);
    }
    if (new Set(parties).size !== parties.length) problems.push('"parties" has duplicates');
  }
  const voters = e['voters'];
  if (voters !== undefined) {
    if (!Array.isArray(voters)) problems.push('"voters" must be an array of voter IDs');
    else {
      const bad = voters.findIndex((v) => !isWellFormedVoterId(v));
      if (bad !== -1) problems.push(`"voters" has a malformed voter ID: ${JSON.stringify(voters[bad]) ?? 'undefined'}`);
      if (new Set(voters).size !== voters.length) problems.push('"voters" has duplicates');
    }
  }
  const d = e['difficulty'];
  if (!Number.isInteger(d) || (d as number) < 0 || (d as number) > MAX_DIFFICULTY) {
    problems.push(`"difficulty" must be an integer from 0 to ${MAX_DIFFICULTY}`);
  }
  return problems;
}

export function isWellFormedVoterId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_VOTER_ID_LENGTH && VOTER_ID_PATTERN.test(value);
}

/** A digest of everything that defines the election; nodes with different elections never share a chain. */
export function electionDigest(election: Election, hash: HashFn): string {
  const voters = election.voters ? [...election.voters].sort() : null;
  return hash(JSON.stringify(['election', election.title, election.parties, voters, election.difficulty]));
}

/**
 * The genesis block: identical on every node of one election, and different for any other election
 * because its `previous_hash` is the election digest. It carries no ballots and needs no proof of work.
 */
export function genesisBlock(election: Election, hash: HashFn): Block {
  const header = {
    index: 0,
    timestamp: 0,
    previous_hash: electionDigest(election, hash),
    nonce: 0,
    difficulty: 0,
    merkle_root: emptyMerkleRoot(hash),
  };
  return { ...header, transactions: [], hash: hashHeader(header, hash) };
}
