import { type ProofContext } from './challenge';
import { equalBytes, isIdentity, scalarOf, type SealedGroup } from './group';
import { checkEqualLogs, type DlogProof, proveEqualLogs } from './proofs';

/*
 * Threshold trustees (Pedersen's dealer-free key generation with Feldman commitments, as in ElectionGuard 2
 * and Belenios' threshold mode). Trustee i (1 … n) picks a secret polynomial f_i of degree t − 1 and
 * publishes C_ij = a_ij·G for its coefficients; it gives trustee k the share f_i(k), which k checks against
 * the commitments. The election key is K = Σ_i C_i0; trustee k's key share is z_k = Σ_i f_i(k), and its
 * verification key K̂_k = Σ_i Σ_j k^j·C_ij can be computed by anyone. Any t trustees then decrypt a
 * ciphertext's α together: M_k = z_k·α with a proof, combined with Lagrange coefficients at 0.
 */

/** f(k) = Σ_j a_j·k^j mod ℓ, for a trustee's own coefficients (its secret) and another trustee's index. */
export function evaluatePolynomial(group: SealedGroup, coefficients: readonly Uint8Array[], k: number): Uint8Array {
  const x = scalarOf(k);
  // Horner's rule from the highest coefficient down.
  return coefficients.reduceRight((acc, a) => group.scalarAdd(group.scalarMultiply(acc, x), a), scalarOf(0));
}

/** Σ_j k^j·C_j: what f(k)·G must be for the polynomial these commitments fix. */
export function commitmentAt(group: SealedGroup, commitments: readonly Uint8Array[], k: number): Uint8Array {
  const x = scalarOf(k);
  let power = scalarOf(1);
  let sum: Uint8Array | null = null;
  for (const c of commitments) {
    const term = group.multiply(power, c);
    sum = sum === null ? term : group.add(sum, term);
    power = group.scalarMultiply(power, x);
  }
  if (sum === null) throw new RangeError('a polynomial has at least one commitment');
  return sum;
}

/** Trustee k's check of the share it received from a trustee with these commitments (else it complains). */
export function shareMatches(group: SealedGroup, commitments: readonly Uint8Array[], k: number, share: Uint8Array): boolean {
  return equalBytes(group.multiplyBase(share), commitmentAt(group, commitments, k));
}

/** K = Σ_i C_i0, from every trustee's commitments in order of trustee index. */
export function jointKey(group: SealedGroup, commitments: readonly (readonly Uint8Array[])[]): Uint8Array {
  return commitments.map((c) => c[0]).reduce((a, b) => group.add(a, b));
}

/** K̂_k = Σ_i Σ_j k^j·C_ij: the public counterpart of trustee k's key share z_k. */
export function verificationKey(group: SealedGroup, commitments: readonly (readonly Uint8Array[])[], k: number): Uint8Array {
  return commitments.map((c) => commitmentAt(group, c, k)).reduce((a, b) => group.add(a, b));
}

/** λ_k = Π_{j ∈ S, j ≠ k} j / (j − k) mod ℓ, for trustee k of the quorum S. */
export function lagrangeAtZero(group: SealedGroup, quorum: readonly number[], k: number): Uint8Array {
  let numerator = scalarOf(1);
  let denominator = scalarOf(1);
  for (const j of quorum) {
    if (j === k) continue;
    numerator = group.scalarMultiply(numerator, scalarOf(j));
    denominator = group.scalarMultiply(denominator, group.scalarSubtract(scalarOf(j), scalarOf(k)));
  }
  return group.scalarMultiply(numerator, group.scalarInvert(denominator));
}

/** A trustee's share of the decryption of α, with its proof that log_G K̂_k = log_α M_k. */
export interface PartialDecryption {
  share: Uint8Array;
  proof: DlogProof;
}

export function partialDecrypt(group: SealedGroup, context: ProofContext, keyShare: Uint8Array, alpha: Uint8Array): PartialDecryption {
  const share = group.multiply(keyShare, alpha);
  const statement = { h: alpha, p: group.multiplyBase(keyShare), q: share };
  return { share, proof: proveEqualLogs(group, 'partial-decryption', context, statement, keyShare) };
}

export function checkPartialDecryption(
  group: SealedGroup,
  context: ProofContext,
  verificationKeyOfTrustee: Uint8Array,
  alpha: Uint8Array,
  partial: PartialDecryption,
): boolean {
  if (isIdentity(alpha)) return false;
  return checkEqualLogs(group, 'partial-decryption', context, { h: alpha, p: verificationKeyOfTrustee, q: partial.share }, partial.proof);
}

/** M = Σ λ_k·M_k over a quorum's partial decryptions, keyed by trustee index. */
export function combinePartials(group: SealedGroup, partials: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const quorum = [...partials.keys()];
  return quorum.map((k) => group.multiply(lagrangeAtZero(group, quorum, k), partials.get(k)!)).reduce((a, b) => group.add(a, b));
}
