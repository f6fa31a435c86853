/**
 * Fork choice: the chain with the most cumulative work wins; on a tie the chain seen first stays.
 * Work is summed in `blockWork` units (see proof-of-work.ts).
 */
export function prefersCandidate(candidateWork: number, currentWork: number): boolean {
  return candidateWork > currentWork;
}
