import type { ResultsResponse } from '../../api/http';
import { DomainError } from '../common/domain-errors';

function why(results: ResultsResponse): string {
  const sealed = results.sealed;
  if (results.phase === 'draft') return 'the election has not opened yet';
  if (results.phase === 'open') return 'the election is still open';
  if (sealed?.state === 'undecryptable') return `the decrypted total is not a count of ballots (${sealed.detail ?? 'no detail'})`;
  return `the election is closed and its total is being decrypted: ${sealed?.decrypted_by.length ?? 0} of the ${sealed?.threshold ?? 0} trustees needed have posted their part`;
}

/** The downloads hold the final result only: a provisional count must not circulate as a file that looks final. */
export class ResultsNotFinalError extends DomainError {
  constructor(results: ResultsResponse) {
    super(409, 'results-not-final', `There is no final result yet: ${why(results)}. GET /api/results shows the count so far.`);
  }
}
