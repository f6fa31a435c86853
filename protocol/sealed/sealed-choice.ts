import { isRecord } from '../is-record';
import { base64urlToBytes, bytesToBase64url } from '../base64url';
import type { ProofContext } from './challenge';
import { decodeElement, decodeScalar } from './encoding';
import { addCiphertexts, type Ciphertext, encryptBit, generatorOf } from './elgamal';
import { equalBytes, isCanonicalScalar, type SealedGroup } from './group';
import { checkEqualLogs, checkZeroOrOne, type DlogProof, proveEqualLogs, proveZeroOrOne, type ZeroOrOneProof } from './proofs';
import type { SealedChoice, SealedEntry } from '../types';

/*
 * The rules of a sealed choice (its wire form, SealedChoice, is in types.ts): sealing one, checking its proofs,
 * and opening a challenged one.
 */

export type SealedChoiceRejection = 'sealed-malformed' | 'sealed-encoding' | 'sealed-entry-proof' | 'sealed-sum-proof';

export interface SealedChoiceProblem {
  reason: SealedChoiceRejection;
  detail: string;
}

const ENTRY_FIELDS = ['alpha', 'beta', 'c0', 'c1', 'v0', 'v1'] as const;
const ELEMENT_FIELDS = new Set(['alpha', 'beta']);

/**
 * Encrypts option `choice` of `optionCount`. The randomness is returned for a Benaloh challenge only:
 * a voter's device forgets it once the ballot is cast, since it opens the choice.
 */
export function sealChoice(
  group: SealedGroup,
  key: Uint8Array,
  optionCount: number,
  choice: number,
  context: ProofContext,
): { sealed: SealedChoice; randomness: Uint8Array[] } {
  if (!Number.isInteger(choice) || choice < 0 || choice >= optionCount) throw new RangeError(`no option ${choice} of ${optionCount}`);
  const randomness = Array.from({ length: optionCount }, () => group.randomScalar());
  const ciphertexts = randomness.map((r, i) => encryptBit(group, key, i === choice ? 1 : 0, r));
  const proofs = ciphertexts.map((ct, i) => proveZeroOrOne(group, context, key, ct, i === choice ? 1 : 0, randomness[i]));
  const total = ciphertexts.reduce((sum, ct) => addCiphertexts(group, sum, ct));
  const totalR = randomness.reduce((sum, r) => group.scalarAdd(sum, r));
  const sumProof = proveEqualLogs(group, 'sum-is-one', context, sumStatement(group, key, total), totalR);
  return {
    sealed: {
      entries: ciphertexts.map((ct, i) => encodeEntry(ct, proofs[i])),
      sum_proof: { challenge: bytesToBase64url(sumProof.challenge), response: bytesToBase64url(sumProof.response) },
    },
    randomness,
  };
}

/** "The options together encrypt 1": (Σα, Σβ − G) = (R·G, R·K) for R the sum of the randomness. */
function sumStatement(group: SealedGroup, key: Uint8Array, total: Ciphertext) {
  return { h: key, p: total.alpha, q: group.subtract(total.beta, generatorOf(group)) };
}

/** An entry as the wire carries it. */
export function encodeEntry(ct: Ciphertext, proof: ZeroOrOneProof): SealedEntry {
  return {
    alpha: bytesToBase64url(ct.alpha),
    beta: bytesToBase64url(ct.beta),
    c0: bytesToBase64url(proof.c0),
    c1: bytesToBase64url(proof.c1),
    v0: bytesToBase64url(proof.v0),
    v1: bytesToBase64url(proof.v1),
  };
}

type DecodedEntry = { ct: Ciphertext; proof: ZeroOrOneProof };

/**
 * What is wrong with a sealed choice for an election with this key and number of options, or null. Every
 * encoding is checked before any arithmetic (exact fields, canonical base64url, elements in the group and not
 * the identity, scalars below ℓ); a library that throws all the same gives a refusal, never an exception.
 */
export function sealedChoiceProblem(
  group: SealedGroup,
  key: Uint8Array,
  optionCount: number,
  sealed: unknown,
  context: ProofContext,
): SealedChoiceProblem | null {
  const decoded = decodeChoice(group, sealed, optionCount);
  if ('reason' in decoded) return decoded;
  try {
    for (const [i, entry] of decoded.entries.entries()) {
      if (!checkZeroOrOne(group, context, key, entry.ct, entry.proof)) {
        return { reason: 'sealed-entry-proof', detail: `the proof that option ${i} encrypts 0 or 1 does not hold` };
      }
    }
    const total = decoded.entries.map((e) => e.ct).reduce((sum, ct) => addCiphertexts(group, sum, ct));
    if (!checkEqualLogs(group, 'sum-is-one', context, sumStatement(group, key, total), decoded.sum)) {
      return { reason: 'sealed-sum-proof', detail: 'the proof that the options together encrypt 1 does not hold' };
    }
  } catch (e) {
    return { reason: 'sealed-encoding', detail: `the group arithmetic refused it: ${(e as Error).message}` };
  }
  return null;
}

function decodeChoice(
  group: SealedGroup,
  sealed: unknown,
  optionCount: number,
): { entries: DecodedEntry[]; sum: DlogProof } | SealedChoiceProblem {
  const malformed = (detail: string): SealedChoiceProblem => ({ reason: 'sealed-malformed', detail });
  if (!isRecord(sealed) || Object.keys(sealed).length !== 2 || !Array.isArray(sealed['entries']) || !isRecord(sealed['sum_proof'])) {
    return malformed('a sealed choice is exactly { entries, sum_proof }');
  }
  const rawEntries = sealed['entries'] as unknown[];
  if (rawEntries.length !== optionCount)
    return malformed(`a sealed choice has one entry per option: ${optionCount}, not ${rawEntries.length}`);
  const entries: DecodedEntry[] = [];
  for (const [i, raw] of rawEntries.entries()) {
    if (!isRecord(raw) || Object.keys(raw).length !== ENTRY_FIELDS.length || !ENTRY_FIELDS.every((f) => typeof raw[f] === 'string')) {
      return malformed(`entry ${i} is exactly { ${ENTRY_FIELDS.join(', ')} }, each a string`);
    }
    const bytes: Record<string, Uint8Array> = {};
    for (const field of ENTRY_FIELDS) {
      const value = decodePart(group, raw[field] as string, ELEMENT_FIELDS.has(field) ? 'element' : 'scalar');
      if (value === null)
        return {
          reason: 'sealed-encoding',
          detail: `entry ${i}: ${field} is not a canonical ${ELEMENT_FIELDS.has(field) ? 'group element' : 'scalar'}`,
        };
      bytes[field] = value;
    }
    entries.push({
      ct: { alpha: bytes['alpha'], beta: bytes['beta'] },
      proof: { c0: bytes['c0'], c1: bytes['c1'], v0: bytes['v0'], v1: bytes['v1'] },
    });
  }
  const sum = sealed['sum_proof'];
  if (Object.keys(sum).length !== 2 || typeof sum['challenge'] !== 'string' || typeof sum['response'] !== 'string') {
    return malformed('sum_proof is exactly { challenge, response }, each a string');
  }
  const challenge = decodePart(group, sum['challenge'], 'scalar');
  const response = decodePart(group, sum['response'], 'scalar');
  if (challenge === null || response === null)
    return { reason: 'sealed-encoding', detail: 'sum_proof holds a scalar that is not canonical' };
  return { entries, sum: { challenge, response } };
}

function decodePart(group: SealedGroup, text: string, kind: 'element' | 'scalar'): Uint8Array | null {
  return kind === 'element' ? decodeElement(group, text) : decodeScalar(text);
}

/**
 * The option a challenged ballot encrypts, from the randomness its device reveals (Benaloh challenge): each
 * entry must be the encryption of 0 or 1 with its r, exactly one of them 1. Null if the randomness does not
 * open the ballot that way: the device lied, and the voter should not cast with it.
 */
export function openChallenged(
  group: SealedGroup,
  key: Uint8Array,
  sealed: SealedChoice,
  randomness: readonly Uint8Array[],
): number | null {
  if (randomness.length !== sealed.entries.length) return null;
  const bits: number[] = [];
  for (const [i, entry] of sealed.entries.entries()) {
    const alpha = base64urlToBytes(entry.alpha);
    const beta = base64urlToBytes(entry.beta);
    if (alpha === null || beta === null || !isCanonicalScalar(randomness[i])) return null;
    const bit = ([0, 1] as const).find((b) => {
      const ct = encryptBit(group, key, b, randomness[i]);
      return equalBytes(ct.alpha, alpha) && equalBytes(ct.beta, beta);
    });
    if (bit === undefined) return null;
    bits.push(bit);
  }
  return bits.filter((b) => b === 1).length === 1 ? bits.indexOf(1) : null;
}
