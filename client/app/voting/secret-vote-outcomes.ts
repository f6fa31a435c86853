import { type ApiFailure, describeFailure } from '../api/api-result';
import type { Outcome } from '../shared/outcome';

const error = (text: string): Outcome => ({ kind: 'error', text });

/**
 * Refusals after which a voter may well have voted already: the page then points to the Verify page, where
 * the tracking code of a ballot cast shows it is on the chain.
 */
export function pointsToVerify(failure: ApiFailure): boolean {
  return failure.error === 'credential-already-issued' || failure.error === 'already-used';
}

/** Why the authority did not issue a credential, in the voter's terms. `fromKit`: the request came from a recovery kit. */
export function credentialFailure(failure: ApiFailure, fromKit = false): Outcome {
  switch (failure.error) {
    case 'invalid-code':
      return error(
        $localize`:@@vote.credential.invalidCode:Wrong voter ID or activation code. Check both against the letter you received and try again.`,
      );
    case 'credential-already-issued':
      // Two voters in one: one who voted elsewhere and is done, one who has not and must use the first request.
      return error(
        fromKit
          ? $localize`:@@vote.credential.issuedOtherThanKit:A credential was already issued to this voter ID, for another request than this recovery kit's. If you have voted, you are done: check your ballot with its tracking code on the Verify page. If you have not, use the recovery kit saved the first time you entered your activation code, or vote from that browser.`
          : $localize`:@@vote.credential.alreadyIssued:A credential was already issued to this voter ID, from another browser or device. If you have voted, you are done: check your ballot with its tracking code on the Verify page. If you have not voted yet, add the recovery kit you saved there, or vote from the browser where you first entered your activation code. If none of this was you, contact the election office.`,
      );
    case 'election-closed':
      return error($localize`:@@vote.credential.closed:The election is closed: no more credentials are issued.`);
    case 'election-not-open':
      return error($localize`:@@vote.credential.notOpen:The election is not open yet: try again once it opens.`);
    case 'unreachable':
      return error(
        $localize`:@@vote.credential.unreachable:Node unreachable: nothing was lost. Try again from this browser once the connection is back.`,
      );
  }
  if (failure.status === 502 || failure.status === 503) {
    return error(
      $localize`:@@vote.credential.authorityDown:The election authority cannot be reached right now. Nothing was lost: try again in a moment from this browser.`,
    );
  }
  if (failure.status === 400) return error($localize`:@@vote.credential.invalidInput:Invalid input: ${failure.message}:detail:`);
  return error($localize`:@@vote.credential.other:No credential: ${describeFailure(failure)}:detail:`);
}

/** Why a node refused the ballot. `already-used` is told here once the caller found the node does not hold this very ballot. */
export function castFailure(failure: ApiFailure): Outcome {
  switch (failure.error) {
    case 'already-used':
      return error(
        $localize`:@@vote.cast.alreadyUsed:A ballot was already cast with your credential: you have voted, and each voter casts one ballot. Check it on the Verify page with its tracking code. If you did not cast it, contact the election office.`,
      );
    case 'election-not-open':
      return error($localize`:@@vote.cast.notOpen:The election is not open yet: your ballot was not cast. Try again once it opens.`);
    case 'election-closed':
      return error($localize`:@@vote.cast.closed:The election is closed: your ballot was not cast.`);
    case 'bad-credential':
      return error(
        $localize`:@@vote.cast.badCredential:Ballot refused: the node does not accept its credential as issued for this election.`,
      );
    case 'bad-ballot-signature':
      return error($localize`:@@vote.cast.badSignature:Ballot refused: its signature does not check out.`);
    case 'sealed-entry-proof':
    case 'sealed-sum-proof':
      return error($localize`:@@vote.cast.badProofs:Ballot refused: the proofs that it holds exactly one choice do not check out.`);
    case 'unreachable':
      return error(
        $localize`:@@vote.cast.unreachable:Node unreachable: the ballot may not have arrived. Cast it again: the same ballot is sent, so it cannot count twice.`,
      );
  }
  if (failure.status === 400) return error($localize`:@@vote.cast.malformed:Ballot refused as malformed: ${failure.message}:detail:`);
  return error($localize`:@@vote.cast.other:Ballot refused: ${describeFailure(failure)}:detail:`);
}
