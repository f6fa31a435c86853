import type { ElectionCreated, MineResult, RegisterResult, SyncResult } from '@api/http';
import type { ApiFailure, ApiResult } from '../api/api-result';
import { shortHash } from '../shared/hash-text';
import { adminFailureText } from './admin-failure';
import { type AdminOutcome, tokenProblem } from './token-outcomes';

export function mineOutcome(result: ApiResult<MineResult>): AdminOutcome {
  if (result.ok) {
    const mined = result.value;
    if (!mined.mined) return { kind: 'info', text: $localize`:@@admin.mine.empty:No ballots to mine: the pending pool is empty.` };
    const { index, ballots } = mined;
    return {
      kind: 'success',
      text:
        ballots === 1
          ? $localize`:@@admin.mine.doneOne:Mined block #${index}:index: with 1 ballot.`
          : $localize`:@@admin.mine.doneMany:Mined block #${index}:index: with ${ballots}:ballots: ballots.`,
    };
  }
  const failure = result.failure;
  const token = tokenProblem(failure);
  if (token) return token;
  if (failure.error === 'mining-in-progress') {
    return { kind: 'error', text: $localize`:@@admin.mine.busy:Mining is already in progress on this node; try again when it finishes.` };
  }
  if (failure.status === 422) {
    return { kind: 'error', text: $localize`:@@admin.mine.refused:The mined block was refused: ${failure.message}:reason:` };
  }
  return { kind: 'error', text: $localize`:@@admin.mine.failed:Mining failed: ${adminFailureText(failure)}:reason:` };
}

export function registerOutcome(result: ApiResult<RegisterResult>): AdminOutcome {
  if (result.ok) {
    const { peer, adopted, height } = result.value;
    return {
      kind: 'success',
      text: adopted
        ? $localize`:@@admin.register.adopted:Registered with ${peer}:peer:: adopted the peer's chain (height ${height}:height:).`
        : $localize`:@@admin.register.kept:Registered with ${peer}:peer:: kept this node's chain (height ${height}:height:).`,
    };
  }
  const failure = result.failure;
  const token = tokenProblem(failure);
  if (token) return token;
  const reason = failure.message;
  switch (failure.error) {
    case 'self-registration':
      return { kind: 'error', text: $localize`:@@admin.register.self:That address is this node itself.` };
    case 'different-election':
      return { kind: 'error', text: $localize`:@@admin.register.otherElection:That node runs a different election: ${reason}:reason:` };
    case 'peer-unreachable':
      return { kind: 'error', text: $localize`:@@admin.register.unreachable:The peer could not be reached: ${reason}:reason:` };
    case 'peer-timeout':
      return { kind: 'error', text: $localize`:@@admin.register.timeout:The peer did not answer in time: ${reason}:reason:` };
  }
  if (failure.status === 400) return { kind: 'error', text: $localize`:@@admin.register.badAddress:Invalid address: ${reason}:reason:` };
  if (failure.status === 422) return { kind: 'error', text: $localize`:@@admin.register.refused:Registration refused: ${reason}:reason:` };
  return { kind: 'error', text: $localize`:@@admin.register.failed:Registration failed: ${adminFailureText(failure)}:reason:` };
}

export function syncOutcome(result: ApiResult<SyncResult>): AdminOutcome {
  if (!result.ok) {
    return (
      tokenProblem(result.failure) ?? {
        kind: 'error',
        text: $localize`:@@admin.sync.failed:Resync failed: ${adminFailureText(result.failure)}:reason:`,
      }
    );
  }
  const { peers_contacted: peers, blocks_added: blocks, height, tip } = result.value;
  const contacted =
    peers === 1 ? $localize`:@@admin.sync.peersOne:Contacted 1 peer` : $localize`:@@admin.sync.peersMany:Contacted ${peers}:count: peers`;
  const added =
    blocks === 1 ? $localize`:@@admin.sync.blocksOne:added 1 block` : $localize`:@@admin.sync.blocksMany:added ${blocks}:count: blocks`;
  return {
    kind: blocks > 0 ? 'success' : 'info',
    text: $localize`:@@admin.sync.done:${contacted}:contacted:, ${added}:added:. Height ${height}:height:, tip ${shortHash(tip)}:tip:.`,
  };
}

/** Why opening or closing failed; a success says nothing here, since the panel's phase line says it once. */
export function lifecycleFailure(action: 'open' | 'close', failure: ApiFailure): AdminOutcome {
  const token = tokenProblem(failure);
  if (token) return token;
  switch (failure.error) {
    case 'not-authority':
      return {
        kind: 'error',
        text: $localize`:@@admin.lifecycle.notAuthority:This node does not hold the election authority’s keys: use the authority node.`,
      };
    case 'lifecycle-out-of-order':
      return { kind: 'error', text: $localize`:@@admin.lifecycle.outOfOrder:Not possible in this phase: ${failure.message}:reason:` };
  }
  const reason = adminFailureText(failure);
  return {
    kind: 'error',
    text:
      action === 'open'
        ? $localize`:@@admin.lifecycle.openFailed:Could not open the election: ${reason}:reason:`
        : $localize`:@@admin.lifecycle.closeFailed:Could not close the election: ${reason}:reason:`,
  };
}

export function createElectionOutcome(result: ApiResult<ElectionCreated>): AdminOutcome {
  if (result.ok) {
    const voters = result.value.voters;
    return {
      kind: 'success',
      text:
        voters === 1
          ? $localize`:@@admin.create.doneOne:Election created with 1 voter on the roll.`
          : $localize`:@@admin.create.doneMany:Election created with ${voters}:count: voters on the roll.`,
    };
  }
  const failure = result.failure;
  const token = tokenProblem(failure);
  if (token) return token;
  if (failure.status === 400 || failure.status === 422) {
    return { kind: 'error', text: $localize`:@@admin.create.refused:The election was not created: ${failure.message}:reason:` };
  }
  if (failure.status === 404 || failure.status === 409) {
    return { kind: 'error', text: $localize`:@@admin.create.exists:This node already runs an election: reload this page to see it.` };
  }
  return { kind: 'error', text: $localize`:@@admin.create.failed:The election was not created: ${adminFailureText(failure)}:reason:` };
}
