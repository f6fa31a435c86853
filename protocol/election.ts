import {
  BASE64URL_PATTERN,
  HASH_PATTERN,
  MAX_DIFFICULTY,
  MAX_PARTY_LENGTH,
  MAX_ROLL_SIZE,
  MAX_VOTER_ID_LENGTH,
  VOTER_ID_PATTERN,
} from './limits';
import { isRecord } from './is-record';
import { emptyMerkleRoot } from './merkle';
import { hashHeader } from './proof-of-work';
import type { Block, Election, HashFn } from './types';

/** What an organiser writes to define an election; a node turns it into a manifest (see Election). */
export interface ElectionDefinition {
  title: string;
  parties: string[];
  difficulty: number;
  scheme?: Election['scheme'];
  voters?: string[];
}

function unknownFields(e: Record<string, unknown>, known: readonly string[], problems: string[]): void {
  for (const key of Object.keys(e)) if (!known.includes(key)) problems.push(`unknown field "${key}"`);
}

function commonProblems(e: Record<string, unknown>, problems: string[]): void {
  if (typeof e['title'] !== 'string' || e['title'].trim() === '' || e['title'].length > 200) {
    problems.push('"title" must be a non-empty string of at most 200 characters');
  }
  const parties = e['parties'];
  if (!Array.isArray(parties) || parties.length === 0 || parties.length > 100) {
    problems.push('"parties" must be a non-empty array of at most 100 names');
  } else {
    if (parties.some((p) => typeof p !== 'string' || p.trim() === '' || p.length > MAX_PARTY_LENGTH)) {
      problems.push(`every party must be a non-empty string of at most ${MAX_PARTY_LENGTH} characters`);
    }
    if (new Set(parties).size !== parties.length) problems.push('"parties" has duplicates');
  }
  const d = e['difficulty'];
  if (!Number.isInteger(d) || (d as number) < 0 || (d as number) > MAX_DIFFICULTY) {
    problems.push(`"difficulty" must be an integer from 0 to ${MAX_DIFFICULTY}`);
  }
  if (e['scheme'] !== undefined && e['scheme'] !== 'open' && e['scheme'] !== 'secret') {
    problems.push('"scheme" must be "open" or "secret"');
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
}

/** Problems with an election definition, as readable sentences; empty when it is valid. */
export function definitionProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['must be a JSON object'];
  const problems: string[] = [];
  unknownFields(value, ['title', 'parties', 'voters', 'difficulty', 'scheme'], problems);
  commonProblems(value, problems);
  if (value['scheme'] === 'secret' && (!Array.isArray(value['voters']) || value['voters'].length === 0)) {
    problems.push('a secret election needs a voter roll ("voters")');
  }
  return problems;
}

/** Problems with a manifest, e.g. one read from a peer's genesis block; empty when it is valid. */
export function manifestProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['must be a JSON object'];
  const problems: string[] = [];
  unknownFields(value, ['title', 'parties', 'voters', 'difficulty', 'scheme', 'roll', 'authority'], problems);
  commonProblems(value, problems);
  if (value['scheme'] === undefined) problems.push('"scheme" is required');
  const roll = value['roll'];
  if (roll !== undefined) {
    const ok =
      isRecord(roll) &&
      Object.keys(roll).length === 2 &&
      Number.isSafeInteger(roll['size']) &&
      (roll['size'] as number) >= 1 &&
      (roll['size'] as number) <= MAX_ROLL_SIZE &&
      typeof roll['root'] === 'string' &&
      HASH_PATTERN.test(roll['root']);
    if (!ok) problems.push('"roll" must be {"size": a positive integer, "root": 64 hex digits}');
  }
  const authority = value['authority'];
  if (authority !== undefined) {
    const ok =
      isRecord(authority) &&
      Object.keys(authority).length === 2 &&
      typeof authority['signing_key'] === 'string' &&
      BASE64URL_PATTERN.test(authority['signing_key']) &&
      typeof authority['credential_key'] === 'string' &&
      BASE64URL_PATTERN.test(authority['credential_key']);
    if (!ok) problems.push('"authority" must be {"signing_key", "credential_key"} in base64url');
  }
  if (value['scheme'] === 'secret') {
    if (roll === undefined || authority === undefined) problems.push('a secret election needs "roll" and "authority"');
    if (value['voters'] !== undefined) problems.push('a secret election never publishes "voters"');
  }
  if (value['scheme'] === 'open' && roll !== undefined) problems.push('an open election publishes "voters", not "roll"');
  return problems;
}

export function isWellFormedVoterId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_VOTER_ID_LENGTH && VOTER_ID_PATTERN.test(value);
}

/** A digest of everything that defines the election; nodes with different elections never share a chain. */
export function electionDigest(election: Election, hash: HashFn): string {
  const voters = election.voters ? [...election.voters].sort() : null;
  const roll = election.roll ? [election.roll.size, election.roll.root] : null;
  const authority = election.authority ? [election.authority.signing_key, election.authority.credential_key] : null;
  return hash(
    JSON.stringify(['election', election.title, election.parties, voters, election.difficulty, election.scheme, roll, authority]),
  );
}

/** The manifest's fields in a fixed order, so every node serves the same genesis JSON. */
export function canonicalManifest(e: Election): Election {
  return {
    title: e.title,
    parties: [...e.parties],
    difficulty: e.difficulty,
    scheme: e.scheme,
    ...(e.voters ? { voters: [...e.voters].sort() } : {}),
    ...(e.roll ? { roll: { size: e.roll.size, root: e.roll.root } } : {}),
    ...(e.authority ? { authority: { signing_key: e.authority.signing_key, credential_key: e.authority.credential_key } } : {}),
  };
}

/**
 * The genesis block carries the manifest; its `previous_hash` is the manifest's digest, so the genesis
 * hash (the election ID) commits to every field. It carries no ballots and needs no proof of work.
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
  return { ...header, transactions: [], hash: hashHeader(header, hash), election: canonicalManifest(election) };
}

/** Whether a block someone served is a well-formed genesis block for the manifest it carries. */
export function genesisProblem(block: unknown, hash: HashFn): string | null {
  if (!isRecord(block) || !isRecord(block['election'])) return 'the genesis block carries no election manifest';
  const problems = manifestProblems(block['election']);
  if (problems.length > 0) return `the election manifest is invalid: ${problems.join('; ')}`;
  const expected = genesisBlock(block['election'] as unknown as Election, hash);
  const fields = ['index', 'timestamp', 'previous_hash', 'nonce', 'difficulty', 'merkle_root', 'hash'] as const;
  const same = fields.every((f) => block[f] === expected[f]) && Array.isArray(block['transactions']) && block['transactions'].length === 0;
  return same ? null : 'the genesis block does not match its manifest';
}
