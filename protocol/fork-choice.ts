/**
 * Fork choice: the chain with the most cumulative work wins; on a tie, the chain whose tip has the lower
 * hash. Every node applies the same order, so nodes that have seen the same blocks agree on one tip even
 * when no block comes after the tie (near the end of an election, or once the pools are empty). Winning a
 * tie by grinding a low hash costs proof of work, as winning by more work does. Work is summed in
 * `blockWork` units (see proof-of-work.ts).
 */
export interface ForkTip {
  cumulativeWork: number;
  hash: string;
}

export function prefersCandidate(candidate: ForkTip, current: ForkTip): boolean {
  if (candidate.cumulativeWork !== current.cumulativeWork) return candidate.cumulativeWork > current.cumulativeWork;
  return candidate.hash < current.hash;
}
