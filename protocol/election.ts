import {
  BASE64URL_PATTERN,
  HASH_PATTERN,
  MAX_DIFFICULTY,
  MAX_PARTIES,
  MAX_PARTY_LENGTH,
  MAX_TRUSTEES,
  MAX_ROLL_SIZE,
  MAX_VOTER_ID_LENGTH,
  VOTER_ID_PATTERN,
} from './limits';
import { isRecord } from './is-record';
import { emptyMerkleRoot } from './merkle';
import { hashHeader } from './proof-of-work';
import { isBase64urlKey32 } from './base64url';
import type { Block, Election, HashFn, SealedManifest, TrusteeSpec } from './types';

/** What an organiser writes to define an election; a node turns it into a manifest (see Election). */
export interface ElectionDefinition {
  title: string;
  parties: string[];
  difficulty: number;
  scheme?: Election['scheme'];
  voters?: string[];
  /** A secret election's trustees (each made with `npm run trustee -- init`), in the order numbered. */
  trustees?: TrusteeSpec[];
  /**
   * Instead of `trustees`: how many trustees the node makes and holds itself, as the demo's. For a trial
   * only: whoever runs the node can then decrypt every ballot. The node swaps them for `trustees` at creation.
   */
  demo_trustees?: number;
  /** How many trustees decrypt the result: 1 ≤ threshold ≤ trustees; all of them by default. */
  threshold?: number;
  /** Offer a blank vote (for none of the parties). */
  blank?: boolean;
}

function unknownFields(e: Record<string, unknown>, known: readonly string[], problems: string[]): void {
  for (const key of Object.keys(e)) if (!known.includes(key)) problems.push(`unknown field "${key}"`);
}

function commonProblems(e: Record<string, unknown>, problems: string[]): void {
  if (typeof e['title'] !== 'string' || e['title'].trim() === '' || e['title'].length > 200) {
    problems.push('"title" must be a non-empty string of at most 200 characters');
  }
  const parties = e['parties'];
  if (!Array.isArray(parties) || parties.length === 0 || parties.length > MAX_PARTIES) {
    problems.push(`"parties" must be a non-empty array of at most ${MAX_PARTIES} names`);
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

/** Problems with a threshold of `count` trustees. */
function thresholdProblems(threshold: unknown, count: number, problems: string[]): void {
  if (!Number.isInteger(threshold) || (threshold as number) < 1 || (threshold as number) > count) {
    problems.push(`"threshold" must be an integer from 1 to the number of trustees (${count})`);
  }
}

/** Problems with a sealed election's trustees, threshold and blank vote (definition and manifest alike). */
function sealedProblems(trustees: unknown, threshold: unknown, blank: unknown, problems: string[]): void {
  if (!Array.isArray(trustees) || trustees.length === 0 || trustees.length > MAX_TRUSTEES) {
    problems.push(`"trustees" must be an array of 1 to ${MAX_TRUSTEES} trustees`);
    return;
  }
  const wellFormed = (t: unknown) =>
    isRecord(t) &&
    Object.keys(t).length === 3 &&
    typeof t['name'] === 'string' &&
    t['name'].trim() !== '' &&
    t['name'].length <= 100 &&
    isBase64urlKey32(t['signing_key']) &&
    isBase64urlKey32(t['share_key']);
  if (!trustees.every(wellFormed)) {
    problems.push('every trustee is exactly {"name", "signing_key", "share_key"}: a name and two 32-byte keys in base64url');
  } else {
    const keys = trustees.flatMap((t: Record<string, unknown>) => [t['signing_key'], t['share_key']]);
    if (new Set(keys).size !== keys.length) problems.push('every trustee has keys of its own');
    if (new Set(trustees.map((t: Record<string, unknown>) => t['name'])).size !== trustees.length)
      problems.push('trustee names must differ');
  }
  thresholdProblems(threshold, trustees.length, problems);
  if (typeof blank !== 'boolean') problems.push('"blank" must be true or false');
}

/** A secret election is sealed: its trustees are named, or held by the node (demo_trustees). */
function definitionTrusteeProblems(value: Record<string, unknown>, problems: string[]): void {
  const named = value['trustees'] !== undefined;
  const held = value['demo_trustees'] !== undefined;
  if (value['scheme'] !== 'secret') {
    if (['trustees', 'demo_trustees', 'threshold', 'blank'].some((k) => value[k] !== undefined)) {
      problems.push('only a secret election has trustees, a threshold and a blank vote');
    }
    return;
  }
  if (named === held) {
    problems.push(
      'a secret election is sealed: name its trustees ("trustees", each made with `npm run trustee -- init`), or for a trial let the node hold some ("demo_trustees": how many)',
    );
    return;
  }
  // The threshold defaults to every trustee, the blank vote to none.
  const all = named ? (Array.isArray(value['trustees']) ? value['trustees'].length : 0) : value['demo_trustees'];
  if (named) return sealedProblems(value['trustees'], value['threshold'] ?? all, value['blank'] ?? false, problems);
  const count = value['demo_trustees'];
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_TRUSTEES) {
    problems.push(`"demo_trustees" must be an integer from 1 to ${MAX_TRUSTEES}`);
    return;
  }
  thresholdProblems(value['threshold'] ?? all, count as number, problems);
  if (value['blank'] !== undefined && typeof value['blank'] !== 'boolean') problems.push('"blank" must be true or false');
}

/** Problems with an election definition, as readable sentences; empty when it is valid. */
export function definitionProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['must be a JSON object'];
  const problems: string[] = [];
  unknownFields(value, ['title', 'parties', 'voters', 'difficulty', 'scheme', 'trustees', 'demo_trustees', 'threshold', 'blank'], problems);
  commonProblems(value, problems);
  if (value['scheme'] === 'secret' && (!Array.isArray(value['voters']) || value['voters'].length === 0)) {
    problems.push('a secret election needs a voter roll ("voters")');
  }
  definitionTrusteeProblems(value, problems);
  return problems;
}

/** The sealed part of a manifest made from a definition that names its trustees; undefined for an open election. */
export function sealedManifestOf(definition: ElectionDefinition): SealedManifest | undefined {
  if (!definition.trustees) return undefined;
  return {
    threshold: definition.threshold ?? definition.trustees.length,
    trustees: definition.trustees.map((t) => ({ name: t.name, signing_key: t.signing_key, share_key: t.share_key })),
    blank: definition.blank ?? false,
  };
}

/** Problems with a manifest, e.g. one read from a peer's genesis block; empty when it is valid. */
export function manifestProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['must be a JSON object'];
  const problems: string[] = [];
  unknownFields(value, ['title', 'parties', 'voters', 'difficulty', 'scheme', 'roll', 'authority', 'sealed'], problems);
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
    if (value['sealed'] === undefined) problems.push('a secret election is sealed: it needs "sealed"');
  }
  if (value['scheme'] === 'open' && roll !== undefined) problems.push('an open election publishes "voters", not "roll"');
  const sealed = value['sealed'];
  if (sealed !== undefined) {
    if (value['scheme'] !== 'secret') problems.push('only a secret election is sealed');
    if (!isRecord(sealed) || Object.keys(sealed).length !== 3) problems.push('"sealed" must be {"threshold", "trustees", "blank"}');
    else sealedProblems(sealed['trustees'], sealed['threshold'], sealed['blank'], problems);
  }
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
  const fields: unknown[] = ['election', election.title, election.parties, voters, election.difficulty, election.scheme, roll, authority];
  // Appended only when present, so the digests of elections without trustees stay what they were.
  if (election.sealed) {
    const s = election.sealed;
    fields.push(['sealed', s.threshold, s.trustees.map((t) => [t.name, t.signing_key, t.share_key]), s.blank]);
  }
  return hash(JSON.stringify(fields));
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
    ...(e.sealed
      ? {
          sealed: {
            threshold: e.sealed.threshold,
            trustees: e.sealed.trustees.map((t) => ({ name: t.name, signing_key: t.signing_key, share_key: t.share_key })),
            blank: e.sealed.blank,
          },
        }
      : {}),
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
