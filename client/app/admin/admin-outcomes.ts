import type { ElectionCreated, ElectionInfo, MineResult, RegisterResult, SyncResult } from '@api/http';
import { type ApiFailure, type ApiResult, describeFailure } from '../api/api-result';
import { shortHash } from '../shared/hash-text';
import { type Outcome, plural } from '../shared/outcome';

/** The sentence for a missing or refused admin token; null when the failure is about something else. */
function tokenProblem(failure: ApiFailure): Outcome | null {
  switch (failure.error) {
    case 'admin-token-required':
      return { kind: 'error', text: 'This needs the admin token: enter it at the top of this page.' };
    case 'invalid-admin-token':
      return { kind: 'error', text: 'The admin token was refused: enter the current one at the top of this page.' };
  }
  return null;
}

export function mineOutcome(result: ApiResult<MineResult>): Outcome {
  if (result.ok) {
    const mined = result.value;
    return mined.mined
      ? { kind: 'success', text: `Mined block #${mined.index} with ${plural(mined.ballots, 'ballot')}.` }
      : { kind: 'info', text: 'No ballots to mine: the pending pool is empty.' };
  }
  const failure = result.failure;
  const token = tokenProblem(failure);
  if (token) return token;
  if (failure.error === 'mining-in-progress') {
    return { kind: 'error', text: 'Mining is already in progress on this node; try again when it finishes.' };
  }
  if (failure.status === 422) return { kind: 'error', text: `The mined block was refused: ${failure.message}` };
  return { kind: 'error', text: `Mining failed: ${describeFailure(failure)}` };
}

export function registerOutcome(result: ApiResult<RegisterResult>): Outcome {
  if (result.ok) {
    const r = result.value;
    const chain = r.adopted ? "adopted the peer's chain" : "kept this node's chain";
    return { kind: 'success', text: `Registered with ${r.peer}: ${chain} (height ${r.height}).` };
  }
  const failure = result.failure;
  const token = tokenProblem(failure);
  if (token) return token;
  switch (failure.error) {
    case 'self-registration':
      return { kind: 'error', text: 'That address is this node itself.' };
    case 'different-election':
      return { kind: 'error', text: `That node runs a different election: ${failure.message}` };
    case 'peer-unreachable':
      return { kind: 'error', text: `The peer could not be reached: ${failure.message}` };
    case 'peer-timeout':
      return { kind: 'error', text: `The peer did not answer in time: ${failure.message}` };
  }
  if (failure.status === 400) return { kind: 'error', text: `Invalid address: ${failure.message}` };
  if (failure.status === 422) return { kind: 'error', text: `Registration refused: ${failure.message}` };
  return { kind: 'error', text: `Registration failed: ${describeFailure(failure)}` };
}

export function syncOutcome(result: ApiResult<SyncResult>): Outcome {
  if (!result.ok) return { kind: 'error', text: `Resync failed: ${describeFailure(result.failure)}` };
  const s = result.value;
  return {
    kind: s.blocks_added > 0 ? 'success' : 'info',
    text:
      `Contacted ${plural(s.peers_contacted, 'peer')}, added ${plural(s.blocks_added, 'block')}. ` +
      `Height ${s.height}, tip ${shortHash(s.tip)}.`,
  };
}

export function lifecycleOutcome(action: 'open' | 'close', result: ApiResult<ElectionInfo>): Outcome {
  if (result.ok) {
    return action === 'open'
      ? { kind: 'success', text: 'The election is open: voters can cast their ballots.' }
      : { kind: 'success', text: 'The election is closed: no more ballots are accepted, the results are final.' };
  }
  const failure = result.failure;
  const token = tokenProblem(failure);
  if (token) return token;
  switch (failure.error) {
    case 'not-authority':
      return { kind: 'error', text: 'This node does not hold the election authority’s keys: use the authority node.' };
    case 'lifecycle-out-of-order':
      return { kind: 'error', text: `Not possible in this phase: ${failure.message}` };
  }
  return { kind: 'error', text: `Could not ${action} the election: ${describeFailure(failure)}` };
}

export function createElectionOutcome(result: ApiResult<ElectionCreated>): Outcome {
  if (result.ok) {
    return { kind: 'success', text: `Election created with ${plural(result.value.voters, 'voter')} on the roll.` };
  }
  const failure = result.failure;
  const token = tokenProblem(failure);
  if (token) return token;
  if (failure.status === 400 || failure.status === 422) return { kind: 'error', text: `The election was not created: ${failure.message}` };
  if (failure.status === 409) return { kind: 'error', text: `This node already runs an election: ${failure.message}` };
  return { kind: 'error', text: `The election was not created: ${describeFailure(failure)}` };
}
