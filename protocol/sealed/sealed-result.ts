import { CountFinder } from './discrete-log';
import type { SealedLedger } from './sealed-ledger';
import { type SealedGroup } from './group';
import { combinePartials } from './threshold';

/** Where the decryption of a sealed election's result stands. */
export type SealedResult =
  | { state: 'sealed' }
  | { state: 'decrypting'; decrypted_by: number[]; needed: number }
  | { state: 'decrypted'; counts: number[]; quorum: number[] }
  | { state: 'undecryptable'; detail: string };

/**
 * The counts once `threshold` trustees have decrypted: for each option, T_j = B_j − Σ λ_k·M_kj over a quorum
 * of the trustees who did (the lowest indices: any quorum gives the same T_j), and the count m_j with
 * m_j·G = T_j, at most the number of ballots. `closed` says whether decryption may have started.
 */
export function sealedResult(
  group: SealedGroup,
  ledger: SealedLedger,
  threshold: number,
  optionCount: number,
  ballots: number,
  closed: boolean,
): SealedResult {
  if (!closed) return { state: 'sealed' };
  if (ledger.sum === null) return { state: 'decrypted', counts: new Array<number>(optionCount).fill(0), quorum: [] };
  const decryptedBy = [...ledger.decryptions.keys()].sort((a, b) => a - b);
  if (decryptedBy.length < threshold) return { state: 'decrypting', decrypted_by: decryptedBy, needed: threshold };
  const quorum = decryptedBy.slice(0, threshold);
  const finder = new CountFinder(group, ballots);
  const counts: number[] = [];
  for (const [j, total] of ledger.sum.entries()) {
    const partials = new Map(quorum.map((k) => [k, ledger.decryptions.get(k)![j]]));
    const count = finder.find(group.subtract(total.beta, combinePartials(group, partials)));
    // Valid proofs make this impossible; said rather than hidden if it ever happens.
    if (count === null) return { state: 'undecryptable', detail: `option ${j} does not decrypt to a count of at most ${ballots}` };
    counts.push(count);
  }
  return { state: 'decrypted', counts, quorum };
}
