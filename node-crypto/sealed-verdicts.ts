import { hash } from 'node:crypto';
import {
  ballotChoiceProblem,
  bytesToBase64url,
  encodeTransaction,
  type OpenedElection,
  type SealedBallot,
  type SealedChoiceProblem,
  type SealedGroup,
} from '../protocol';

/** Room for the verdicts of 200 000 ballots, some 10 MB. */
const CAPACITY = 200_000;

/**
 * The proofs of sealed ballots that passed, by a digest of the opened election and the whole ballot: a ballot
 * checked on admission or ahead of a block (on a worker thread, see ProofPrechecks) then costs nothing when a
 * block holds it; one it has not seen is checked as before. Only passes are kept, as CachedSignatures does.
 */
export class SealedVerdicts {
  private readonly passed = new Map<string, true>();

  constructor(
    private readonly group: SealedGroup,
    private readonly optionCount: number,
    private readonly capacity = CAPACITY,
  ) {}

  /** ballotChoiceProblem, answered from the verdicts where it can. */
  problem(opened: OpenedElection, ballot: SealedBallot): SealedChoiceProblem | null {
    const key = verdictKey(opened, ballot);
    if (this.passed.has(key)) return null;
    const problem = ballotChoiceProblem(this.group, this.optionCount, opened, ballot);
    if (problem === null) this.rememberKey(key);
    return problem;
  }

  knows(opened: OpenedElection, ballot: SealedBallot): boolean {
    return this.passed.has(verdictKey(opened, ballot));
  }

  /** Records a ballot whose proofs passed elsewhere (a worker thread). */
  remember(opened: OpenedElection, ballot: SealedBallot): void {
    this.rememberKey(verdictKey(opened, ballot));
  }

  private rememberKey(key: string): void {
    this.passed.delete(key);
    this.passed.set(key, true);
    if (this.passed.size > this.capacity) this.passed.delete(this.passed.keys().next().value!);
  }
}

function verdictKey(opened: OpenedElection, ballot: SealedBallot): string {
  // The base hash fixes the election key and the trustees' commitments; the encoding is the whole ballot.
  return hash('sha256', `${bytesToBase64url(opened.base)}:${encodeTransaction(ballot)}`, 'base64');
}
