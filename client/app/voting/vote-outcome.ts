import type { HttpResponse } from '@angular/common/http';
import type { BallotAccepted } from '@api/http';
import { type ApiResult, describeFailure } from '../api/api-result';
import type { Outcome } from '../shared/outcome';

/** Only a 201 from the node means the ballot was admitted; anything else is reported as it is. */
export function voteOutcome(result: ApiResult<HttpResponse<BallotAccepted>>): Outcome {
  if (result.ok) {
    const response = result.value;
    const ballot = response.body?.ballot;
    if (response.status === 201 && ballot) {
      return {
        kind: 'success',
        text: $localize`:@@vote.outcome.accepted:Ballot accepted: ${ballot.voter_id}:voterId: voted for ${ballot.party}:party:. It is counted once it is mined into a block.`,
      };
    }
    return {
      kind: 'error',
      text: $localize`:@@vote.outcome.unexpectedStatus:The node answered HTTP ${response.status}:status: instead of accepting the ballot; it may not have been recorded.`,
    };
  }
  const failure = result.failure;
  switch (failure.error) {
    case 'duplicate-voter':
      return { kind: 'error', text: $localize`:@@vote.outcome.duplicate:Already voted: this voter ID has already cast a ballot.` };
    case 'not-on-roll':
      return { kind: 'error', text: $localize`:@@vote.outcome.notOnRoll:Not on the roll: this voter ID is not on the election roll.` };
    case 'unknown-party':
      return {
        kind: 'error',
        text: $localize`:@@vote.outcome.unknownParty:Unknown party: the node does not accept a ballot for this party.`,
      };
    case 'unreachable':
      return {
        kind: 'error',
        text: $localize`:@@vote.outcome.unreachable:Node unreachable: the ballot was not sent. Check the connection and try again.`,
      };
  }
  if (failure.status === 400)
    return { kind: 'error', text: $localize`:@@vote.outcome.invalidInput:Invalid input: ${failure.message}:detail:` };
  return { kind: 'error', text: $localize`:@@vote.outcome.refused:Ballot refused: ${describeFailure(failure)}:detail:` };
}
