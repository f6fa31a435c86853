import {
  ballotChoiceProblem,
  base64urlToBytes,
  type Election,
  isRecord,
  type LedgerState,
  openChallenged,
  type SealedBallot,
  type SealedChoice,
  type SealedGroup,
} from '../protocol';

/** What the vote page shows for a challenged sealing ("Check it on another device or with the verifier"). */
interface ChallengeEvidence {
  election_id: string;
  ballot_key: string;
  sealed: SealedChoice;
  randomness: string[];
}

/**
 * `--challenge FILE`: opens a sealing the vote page was challenged to show, against the election key of the
 * chain just verified, so a voter can check what their browser encrypted without trusting that browser or a
 * node. Returns the sentence to print and whether the sealing opened to a choice of this election.
 */
export function openChallenge(
  text: string,
  electionId: string,
  election: Election,
  state: LedgerState,
  group: SealedGroup,
): { ok: boolean; message: string } {
  let evidence: ChallengeEvidence;
  try {
    evidence = JSON.parse(text) as ChallengeEvidence;
  } catch {
    return { ok: false, message: 'the challenge file is not JSON' };
  }
  if (!isRecord(evidence) || !Array.isArray(evidence.randomness) || typeof evidence.ballot_key !== 'string') {
    return { ok: false, message: 'the challenge file is not what the vote page shows: { election_id, ballot_key, sealed, randomness }' };
  }
  if (evidence.election_id !== electionId)
    return { ok: false, message: `the challenge is of election ${evidence.election_id}, not of this chain's` };
  const opened = state.sealed?.opened;
  if (!opened) return { ok: false, message: 'this election is not sealed, or not opened on this chain' };
  const optionCount = election.parties.length + (election.sealed?.blank ? 1 : 0);
  const ballot = {
    type: 'sealed-ballot',
    sealed: evidence.sealed,
    ballot_key: evidence.ballot_key,
    credential: '',
    signature: '',
  } as SealedBallot;
  const problem = ballotChoiceProblem(group, optionCount, opened, ballot);
  if (problem) return { ok: false, message: `the sealing was not made for this election's key: ${problem.reason}: ${problem.detail}` };
  const randomness = evidence.randomness.map((r) => (typeof r === 'string' ? base64urlToBytes(r) : null));
  if (!randomness.every((r): r is Uint8Array => r !== null && r.length === 32)) {
    return { ok: false, message: 'the randomness is not a list of 32-byte values in base64url' };
  }
  const option = openChallenged(group, opened.key, evidence.sealed, randomness);
  if (option === null) return { ok: false, message: 'the randomness does not open this sealing: the device that showed it lied' };
  const choice = option < election.parties.length ? election.parties[option] : 'a blank vote';
  return { ok: true, message: `The challenged sealing encrypts ${choice}, to this election's key; it was never cast.` };
}
