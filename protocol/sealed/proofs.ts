import { challengeOf, type ProofContext } from './challenge';
import { type Ciphertext, generatorOf } from './elgamal';
import { equalBytes, type SealedGroup } from './group';

/*
 * Zero-knowledge proofs over the group, each made non-interactive with challengeOf. The provers take their
 * commitment nonces from group.randomScalar() (64 CSPRNG bytes reduced mod ℓ): a nonce used twice gives
 * away the secret, and with it the vote. The checks recompute the commitments from the responses and
 * compare challenges; they assume the caller has already checked every encoding (isElement,
 * isCanonicalScalar), as sealedChoiceProblem does.
 */

/** A proof that log_g P = log_h Q (Chaum-Pedersen), or with h absent that P = x·g (Schnorr). */
export interface DlogProof {
  challenge: Uint8Array;
  response: Uint8Array;
}

/** The statement of a Chaum-Pedersen proof: P = x·G and Q = x·H for one secret x. */
export interface EqualLogs {
  /** H; G is the group's generator. */
  h: Uint8Array;
  p: Uint8Array;
  q: Uint8Array;
}

export function proveEqualLogs(
  group: SealedGroup,
  kind: 'sum-is-one' | 'partial-decryption',
  context: ProofContext,
  statement: EqualLogs,
  x: Uint8Array,
): DlogProof {
  const w = group.randomScalar();
  const a = group.multiplyBase(w);
  const b = group.multiply(w, statement.h);
  const challenge = challengeOf(group, kind, context, [statement.h, statement.p, statement.q, a, b]);
  return { challenge, response: group.scalarSubtract(w, group.scalarMultiply(challenge, x)) };
}

export function checkEqualLogs(
  group: SealedGroup,
  kind: 'sum-is-one' | 'partial-decryption',
  context: ProofContext,
  statement: EqualLogs,
  proof: DlogProof,
): boolean {
  const a = group.add(group.multiplyBase(proof.response), group.multiply(proof.challenge, statement.p));
  const b = group.add(group.multiply(proof.response, statement.h), group.multiply(proof.challenge, statement.q));
  return equalBytes(challengeOf(group, kind, context, [statement.h, statement.p, statement.q, a, b]), proof.challenge);
}

/** Proof of knowledge of x with P = x·G (a trustee's commitment to its polynomial). */
export function proveKeyKnowledge(group: SealedGroup, context: ProofContext, p: Uint8Array, x: Uint8Array): DlogProof {
  const w = group.randomScalar();
  const a = group.multiplyBase(w);
  const challenge = challengeOf(group, 'key-knowledge', context, [p, a]);
  return { challenge, response: group.scalarSubtract(w, group.scalarMultiply(challenge, x)) };
}

export function checkKeyKnowledge(group: SealedGroup, context: ProofContext, p: Uint8Array, proof: DlogProof): boolean {
  const a = group.add(group.multiplyBase(proof.response), group.multiply(proof.challenge, p));
  return equalBytes(challengeOf(group, 'key-knowledge', context, [p, a]), proof.challenge);
}

/** A disjunctive Chaum-Pedersen proof that a ciphertext encrypts 0 or 1: one branch real, one simulated. */
export interface ZeroOrOneProof {
  c0: Uint8Array;
  c1: Uint8Array;
  v0: Uint8Array;
  v1: Uint8Array;
}

/** β − j·G: the second component of the statement "the ciphertext encrypts j". */
function shifted(group: SealedGroup, beta: Uint8Array, j: 0 | 1): Uint8Array {
  return j === 0 ? beta : group.subtract(beta, generatorOf(group));
}

/** The commitments (a_j, b_j) = (v_j·G + c_j·α, v_j·K + c_j·(β − j·G)) a verifier recomputes. */
function commitments(
  group: SealedGroup,
  key: Uint8Array,
  ct: Ciphertext,
  j: 0 | 1,
  c: Uint8Array,
  v: Uint8Array,
): [Uint8Array, Uint8Array] {
  return [
    group.add(group.multiplyBase(v), group.multiply(c, ct.alpha)),
    group.add(group.multiply(v, key), group.multiply(c, shifted(group, ct.beta, j))),
  ];
}

export function proveZeroOrOne(
  group: SealedGroup,
  context: ProofContext,
  key: Uint8Array,
  ct: Ciphertext,
  bit: 0 | 1,
  r: Uint8Array,
): ZeroOrOneProof {
  const other: 0 | 1 = bit === 0 ? 1 : 0;
  // The branch that is not true is simulated: its challenge and response are chosen first.
  const cOther = group.randomScalar();
  const vOther = group.randomScalar();
  const [aOther, bOther] = commitments(group, key, ct, other, cOther, vOther);
  const w = group.randomScalar();
  const aReal = group.multiplyBase(w);
  const bReal = group.multiply(w, key);
  const [a0, b0, a1, b1] = bit === 0 ? [aReal, bReal, aOther, bOther] : [aOther, bOther, aReal, bReal];
  const c = challengeOf(group, 'zero-or-one', context, [key, ct.alpha, ct.beta, a0, b0, a1, b1]);
  const cReal = group.scalarSubtract(c, cOther);
  const vReal = group.scalarSubtract(w, group.scalarMultiply(cReal, r));
  return bit === 0 ? { c0: cReal, c1: cOther, v0: vReal, v1: vOther } : { c0: cOther, c1: cReal, v0: vOther, v1: vReal };
}

export function checkZeroOrOne(group: SealedGroup, context: ProofContext, key: Uint8Array, ct: Ciphertext, proof: ZeroOrOneProof): boolean {
  const [a0, b0] = commitments(group, key, ct, 0, proof.c0, proof.v0);
  const [a1, b1] = commitments(group, key, ct, 1, proof.c1, proof.v1);
  const c = challengeOf(group, 'zero-or-one', context, [key, ct.alpha, ct.beta, a0, b0, a1, b1]);
  return equalBytes(group.scalarAdd(proof.c0, proof.c1), c);
}
