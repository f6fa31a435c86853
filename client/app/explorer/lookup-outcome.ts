import type { BallotStatus } from '@api/http';
import { type ApiResult, describeFailure } from '../api/api-result';
import { type Outcome, plural } from '../shared/outcome';

export function lookupOutcome(result: ApiResult<BallotStatus>): Outcome {
  if (!result.ok) {
    const failure = result.failure;
    if (failure.status === 0) return { kind: 'error', text: `Node unreachable: ${failure.message}` };
    if (failure.status === 400) return { kind: 'error', text: `Invalid voter ID: ${failure.message}` };
    return { kind: 'error', text: `Lookup failed: ${describeFailure(failure)}` };
  }
  const status = result.value;
  switch (status.status) {
    case 'pending':
      return {
        kind: 'info',
        text: `Pending: the ballot of ${status.voter_id} is waiting to be mined into a block.`,
      };
    case 'confirmed':
      return {
        kind: 'success',
        text:
          `Confirmed: the ballot of ${status.voter_id} is in block #${status.block_index} ` +
          `with ${plural(status.confirmations, 'confirmation')}.`,
      };
    case 'unknown':
      return { kind: 'info', text: `Not found: this node has no ballot for ${status.voter_id}.` };
  }
}
