import type { BallotStatus } from '@api/http';
import { type ApiResult, describeFailure } from '../api/api-result';
import type { Outcome } from '../shared/outcome';

function confirmations(count: number): string {
  return count === 1
    ? $localize`:@@explorer.lookup.confirmation:1 confirmation`
    : $localize`:@@explorer.lookup.confirmations:${count}:count: confirmations`;
}

export function lookupOutcome(result: ApiResult<BallotStatus>): Outcome {
  if (!result.ok) {
    const failure = result.failure;
    if (failure.status === 0)
      return { kind: 'error', text: $localize`:@@explorer.lookup.unreachable:Node unreachable: ${failure.message}:message:` };
    if (failure.status === 400)
      return { kind: 'error', text: $localize`:@@explorer.lookup.invalid:Invalid voter ID: ${failure.message}:message:` };
    return { kind: 'error', text: $localize`:@@explorer.lookup.failed:Lookup failed: ${describeFailure(failure)}:failure:` };
  }
  const status = result.value;
  switch (status.status) {
    case 'pending':
      return {
        kind: 'info',
        text: $localize`:@@explorer.lookup.pending:Pending: the ballot of ${status.voter_id}:voter: is waiting to be mined into a block.`,
      };
    case 'confirmed':
      return {
        kind: 'success',
        text: $localize`:@@explorer.lookup.confirmed:Confirmed: the ballot of ${status.voter_id}:voter: is in block #${status.block_index}:index: with ${confirmations(status.confirmations)}:confirmations:.`,
      };
    case 'unknown':
      return {
        kind: 'info',
        text: $localize`:@@explorer.lookup.unknown:Not found: this node has no ballot for ${status.voter_id}:voter:.`,
      };
  }
}
