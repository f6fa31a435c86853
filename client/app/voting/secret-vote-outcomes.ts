import { type ApiFailure, describeFailure } from '../api/api-result';
import type { Outcome } from '../shared/outcome';

const error = (text: string): Outcome => ({ kind: 'error', text });

/** Why the authority did not issue a credential, in the voter's terms. */
export function credentialFailure(failure: ApiFailure): Outcome {
  switch (failure.error) {
    case 'invalid-code':
      return error('Wrong voter ID or activation code. Check both against the letter you received and try again.');
    case 'credential-already-issued':
      return error(
        'A credential was already issued to this voter ID, on another device or browser. Vote from the browser ' +
          'where you first entered your activation code; if that was not you, contact the election office.',
      );
    case 'election-closed':
      return error('The election is closed: no more credentials are issued.');
    case 'election-not-open':
      return error('The election is not open yet: try again once it opens.');
    case 'unreachable':
      return error('Node unreachable: nothing was lost. Try again from this browser once the connection is back.');
  }
  if (failure.status === 502 || failure.status === 503) {
    return error('The election authority cannot be reached right now. Nothing was lost: try again in a moment from this browser.');
  }
  if (failure.status === 400) return error(`Invalid input: ${failure.message}`);
  return error(`No credential: ${describeFailure(failure)}`);
}

/** Why a node refused the ballot. `already-used` is handled by the caller, which looks the ballot up first. */
export function castFailure(failure: ApiFailure): Outcome {
  switch (failure.error) {
    case 'already-used':
      return error(
        'A ballot has already been cast with this credential. If you cast one before from this browser, it may still ' +
          'be on its way to this node; otherwise contact the election office.',
      );
    case 'election-not-open':
      return error('The election is not open yet: your ballot was not cast. Try again once it opens.');
    case 'election-closed':
      return error('The election is closed: your ballot was not cast.');
    case 'bad-credential':
      return error('Ballot refused: the node does not accept its credential as issued for this election.');
    case 'bad-ballot-signature':
      return error('Ballot refused: its signature does not check out.');
    case 'sealed-entry-proof':
    case 'sealed-sum-proof':
      return error('Ballot refused: the proofs that it holds exactly one choice do not check out.');
    case 'unreachable':
      return error('Node unreachable: the ballot may not have arrived. Cast it again: the same ballot is sent, so it cannot count twice.');
  }
  if (failure.status === 400) return error(`Ballot refused as malformed: ${failure.message}`);
  return error(`Ballot refused: ${describeFailure(failure)}`);
}
