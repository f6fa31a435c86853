import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { CredentialRequest, ElectionInfo } from '@api/http';
import { type ApiFailure, toResult } from '../api/api-result';
import { ReceiptApi } from '../api/receipt-api';
import { VotingApi } from '../api/voting-api';
import type { Outcome } from '../shared/outcome';
import { castFailure, credentialFailure, pointsToVerify } from './secret-vote-outcomes';
import { SEALED_GROUP, VOTER_KIT, type VoterKit } from './voter-kit-loader';
import type { SealedGroup } from '@protocol/sealed/group';
import type { SealedBallot } from '@protocol/types';
import type { SealingKey } from '../../../voter/voter-kit';
import { toBase64url } from '../../../voter/base64url';
import type { PreparedCredentialRequest } from '../../../voter/prepared-request';
import { RecoveryKitError, openRecoveryKit, sealRecoveryKit } from '../../../voter/recovery-kit';
import { type VoterInProgress, type VoterSlot, VoterVault, isReceipt } from './voter-vault';

/**
 * The voter being served, with what this browser holds for them until a node confirms the ballot. The slot
 * (the entry's name and key, derived from the activation code) stands in for the code, which is not kept.
 */
interface Voter {
  slot: VoterSlot;
  stored: VoterInProgress;
}

/**
 * A voter identified, whose request is stored but not sent yet: the voter ID and code are held (in memory
 * only) until the request goes, and what the entry was before, to tidy up after the authority's answer.
 */
interface Identified extends Voter {
  voterId: string;
  code: string;
  election: ElectionInfo;
  /** The entry was made by this attempt (a wrong code then leaves nothing behind). */
  created: boolean;
  /** The earlier portal's plain entry this request came from, deleted once the authority accepts it. */
  legacy: boolean;
  /** The request came from a recovery kit. */
  fromKit: boolean;
}

/**
 * The request is ready and not sent yet: the voter may save it as a recovery kit first (optional). `kit` is
 * the kit's text, which opens only with the voter ID and code just entered.
 */
export interface KitOffer {
  step: 'kit';
  kit: string;
}

/** A node holds the ballot. `party` is known only in the session that cast it: it is not stored. */
export interface Accepted {
  step: 'receipt';
  trackingCode: string;
  party: string | null;
  /** Said beside the receipt (a node that answered with another tracking code). */
  warning?: Outcome;
}

/** The voter could not go on; `electionChanged`: the election's phase is not what the page showed. */
export interface Refused {
  step: 'refused';
  outcome: Outcome;
  electionChanged: boolean;
  /** The voter may have voted already: the page points to the Verify page. */
  pointsToVerify?: boolean;
}

/** The credential is in this browser: the voter chooses, `party` preselected when a ballot never arrived. */
export interface ReadyToChoose {
  step: 'choose';
  party: string | null;
}

/** The radio value of a sealed election's blank vote (no party is named so: party names are never empty). */
export const BLANK_CHOICE = '';

/** What a challenged sealing opened to: shown to the voter, and the data to check it with elsewhere. */
export interface Challenged {
  /** The party it opens to, BLANK_CHOICE for a blank vote, or null if it does not open (the device lied). */
  opensTo: string | null;
  /** The sealed choice and its randomness, as JSON: checkable on another device or with the verifier. */
  evidence: string;
}

const refused = (outcome: Outcome, electionChanged = false): Refused => ({ step: 'refused', outcome, electionChanged });
const error = (text: string): Outcome => ({ kind: 'error', text });
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

const NO_CREDENTIAL_KEY = () =>
  $localize`:@@vote.flow.noCredentialKey:This election publishes no credential key, so no secret ballot can be made for it.`;
const PREPARE_FAILED = (detail: string) => $localize`:@@vote.flow.prepareFailed:Could not prepare your ballot: ${detail}:detail:`;
const NOT_A_KIT = () =>
  $localize`:@@vote.flow.notAKit:This is not a recovery kit. Choose the file the vote page saved (its name starts with "recovery-kit"), or paste the text that starts with "bckit1.".`;
const KIT_DOES_NOT_OPEN = () =>
  $localize`:@@vote.flow.kitDoesNotOpen:This recovery kit does not open with this voter ID and activation code. Check both against your letter: the kit opens only with the ones it was saved with, and only for this election.`;

/**
 * Casting a secret ballot, without the page: the voter ID and activation code only obtain a credential (a
 * blind signature on a fresh ballot key made in this browser); the ballot itself carries the key, never
 * the voter ID. Every step is stored first (VoterVault, sealed with the activation code), so the same
 * browser, voter ID and code resume after a failure, and nothing stored shows without the code; once a
 * node holds the ballot, only its tracking code stays. One instance per vote page.
 */
@Injectable()
export class SecretVoteFlow {
  private readonly votingApi = inject(VotingApi);
  private readonly receiptApi = inject(ReceiptApi);
  private readonly vault = inject(VoterVault);
  private readonly loadKit = inject(VOTER_KIT);
  private readonly loadGroup = inject(SEALED_GROUP);

  private identified: Identified | null = null;
  private voter: Voter | null = null;
  private election: ElectionInfo | null = null;

  /** Whether a credential is ready for a ballot. */
  get canCast(): boolean {
    return this.voter?.stored.credential != null;
  }

  /**
   * Step 1: who is voting. A voter who comes back finds their receipt, or their stored request; a new one gets
   * a request made and stored here. `kitText`: a recovery kit from another browser, whose request is used
   * instead. Without a kit and a credential, the request is offered as a kit before it is sent (requestCredential).
   */
  async identify(
    election: ElectionInfo,
    voterId: string,
    code: string,
    kitText?: string,
  ): Promise<KitOffer | ReadyToChoose | Accepted | Refused> {
    const electionId = election.election_id;
    this.identified = null;
    try {
      // Named and sealed with the code: with a wrong code nothing is found, so nothing is shown.
      const slot = await this.vault.open(electionId, voterId, code);
      const earlier = await this.vault.load(slot);
      if (earlier && isReceipt(earlier)) {
        // This browser cast the ballot already; all it kept is the receipt (no request to ask the authority with).
        return { step: 'receipt', trackingCode: earlier.trackingCode, party: null };
      }
      const credentialKey = election.authority?.credential_key;
      if (!credentialKey) return refused(error(NO_CREDENTIAL_KEY()));
      const fromKit = kitText === undefined ? null : await this.requestInKit(kitText, electionId, voterId, code);
      if (fromKit && 'step' in fromKit) return fromKit;
      // The earlier portal's entry in progress, kept in clear: used for the request, trusted only once it is accepted.
      const legacy = earlier || fromKit ? null : this.vault.legacyInProgress(electionId, voterId);
      // Reusing a stored request is what lets the authority recognise a voter who comes back.
      let stored = earlier ?? legacy;
      if (fromKit && !stored?.credential && stored?.request.blindedMessage !== fromKit.blindedMessage) {
        // What this browser holds is another request, never answered: the kit's is the one the authority may have answered.
        stored = { request: fromKit, credential: null, ballot: null };
      }
      const created = !earlier && !legacy;
      stored ??= {
        request: await (await this.loadKit()).prepareCredentialRequest(electionId, credentialKey),
        credential: null,
        ballot: null,
      };
      // Stored before anything is sent, or offered as a kit: a reload resumes with it.
      if (stored !== earlier && !legacy) await this.vault.save(slot, stored);
      this.identified = {
        slot,
        stored,
        voterId,
        code,
        election,
        created,
        legacy: legacy !== null,
        fromKit: fromKit !== null && stored.request.blindedMessage === fromKit.blindedMessage,
      };
      // A voter with a kit, or with a credential in this browser, has no use for a kit now.
      if (fromKit || stored.credential) return await this.askAuthority(this.identified);
      // A kit is worth saving only for a request the authority will answer: a wrong code, or a credential
      // issued to another request, is said now, before the kit is offered.
      const checked = await firstValueFrom(this.votingApi.checkCredentialRequest(this.credentialRequest(this.identified)).pipe(toResult()));
      if (!checked.ok) return this.refusedBy(this.identified, checked.failure);
      return { step: 'kit', kit: await sealRecoveryKit(stored.request, voterId, code) };
    } catch (err) {
      return refused(error(PREPARE_FAILED(message(err))));
    }
  }

  /**
   * Step 1, continued: the credential for the identified voter's request. Asked every time, even with a stored
   * credential: the activation code is what proves who is voting.
   */
  async requestCredential(): Promise<ReadyToChoose | Accepted | Refused | null> {
    const voter = this.identified;
    return voter ? this.askAuthority(voter) : null;
  }

  private async askAuthority(voter: Identified): Promise<ReadyToChoose | Accepted | Refused> {
    // One answer per identification: after a refusal, the voter identifies again (perhaps with a kit).
    this.identified = null;
    try {
      const credentialKey = voter.election.authority!.credential_key;
      const answer = await firstValueFrom(this.votingApi.requestCredential(this.credentialRequest(voter)).pipe(toResult()));
      if (!answer.ok) return this.refusedBy(voter, answer.failure);
      let stored = voter.stored;
      if (!stored.credential) {
        const credential = await (await this.loadKit()).finishCredential(stored.request, answer.value.blind_signature, credentialKey);
        stored = { ...stored, credential };
      }
      // Sealed when it changed: a new credential, or the earlier portal's entry, which the code now proves is this voter's.
      if (stored !== voter.stored || voter.legacy) await this.vault.save(voter.slot, stored);
      if (voter.legacy) this.vault.removeLegacy(voter.election.election_id, voter.voterId);
      this.voter = { slot: voter.slot, stored };
      this.election = voter.election;
      return await this.resume(this.voter);
    } catch (err) {
      return refused(error(PREPARE_FAILED(message(err))));
    }
  }

  private credentialRequest(voter: Identified): CredentialRequest {
    return { voter_id: voter.voterId, code: voter.code, blinded_message: voter.stored.request.blindedMessage };
  }

  /** The authority's refusal, for the voter; this identification is over. */
  private refusedBy(voter: Identified, failure: ApiFailure): Refused {
    this.identified = null;
    // A wrong code leaves nothing behind. Any other failure keeps the request, to resume with.
    if (voter.created && failure.error === 'invalid-code') this.vault.remove(voter.slot);
    return {
      ...refused(credentialFailure(failure, voter.fromKit), failure.error.startsWith('election-')),
      pointsToVerify: pointsToVerify(failure),
    };
  }

  /** The request a recovery kit holds, or why it cannot be used. */
  private async requestInKit(
    text: string,
    electionId: string,
    voterId: string,
    code: string,
  ): Promise<PreparedCredentialRequest | Refused> {
    try {
      return await openRecoveryKit(text, electionId, voterId, code);
    } catch (err) {
      if (!(err instanceof RecoveryKitError)) throw err;
      return refused(error(err.problem === 'not-a-kit' ? NOT_A_KIT() : KIT_DOES_NOT_OPEN()));
    }
  }

  /** Step 3: the signed ballot, sent to this node. Null when no credential is ready. */
  async cast(party: string): Promise<Accepted | Refused | null> {
    const voter = this.voter;
    const credential = voter?.stored.credential;
    if (!voter || !credential) return null;
    try {
      const kit = await this.loadKit();
      const ballot = await this.ballotFor(kit, credential, party);
      const trackingCode = kit.ballotTrackingCode(ballot);
      await this.keep(voter, { ...voter.stored, ballot, choice: party });
      const result = await firstValueFrom(this.votingApi.castSealedBallot(ballot).pipe(toResult()));
      if (result.ok && result.value.status === 201) {
        const accepted = await this.accepted(voter, trackingCode, party);
        const answered = result.value.body?.tracking_code;
        if (answered && answered !== trackingCode) {
          accepted.warning = error(
            $localize`:@@vote.flow.otherTrackingCode:The node answered with another tracking code (${answered}:code:); the code above is the one your ballot hashes to.`,
          );
        }
        return accepted;
      }
      if (result.ok) {
        return refused(
          error(
            $localize`:@@vote.flow.unexpectedStatus:The node answered HTTP ${result.value.status}:status: instead of accepting the ballot; it may not have been recorded.`,
          ),
        );
      }
      // Already used: perhaps by this very ballot, sent before a failure. The node knows it if so.
      if (result.failure.error === 'already-used' && (await this.nodeHas(trackingCode))) {
        return await this.accepted(voter, trackingCode, party);
      }
      return {
        ...refused(castFailure(result.failure), result.failure.error.startsWith('election-')),
        pointsToVerify: pointsToVerify(result.failure),
      };
    } catch (err) {
      return refused(error($localize`:@@vote.flow.castFailed:Could not cast your ballot: ${message(err)}:detail:`));
    }
  }

  /**
   * A sealed election: seals the choice as it would be cast, and opens it again with its randomness (a
   * Benaloh challenge), so that the voter sees what this browser really encrypted. The sealing is then thrown
   * away: it was never signed, so it can never be cast; casting seals the choice afresh.
   */
  async challenge(party: string): Promise<Challenged | Refused | null> {
    const voter = this.voter;
    const election = this.election;
    if (!voter || !election?.sealed) return null;
    try {
      const [kit, group] = await Promise.all([this.loadKit(), this.loadGroup()]);
      const sealing = this.sealingKey(kit, group, election);
      const { sealed, randomness } = kit.sealChoiceFor(group, sealing, voter.stored.request, this.optionOf(election, party));
      const opened = kit.openChallenge(group, sealing, sealed, randomness);
      const evidence = JSON.stringify(
        { election_id: election.election_id, ballot_key: voter.stored.request.ballotKey, sealed, randomness: randomness.map(toBase64url) },
        null,
        2,
      );
      return { opensTo: opened === null ? null : (election.parties[opened] ?? BLANK_CHOICE), evidence };
    } catch (err) {
      return refused(error($localize`:@@vote.flow.challengeFailed:Could not test the encryption: ${message(err)}:detail:`));
    }
  }

  /** The ballot to cast, sealed in this browser. */
  private async ballotFor(kit: VoterKit, credential: string, party: string): Promise<SealedBallot> {
    const request = this.voter!.stored.request;
    const election = this.election;
    if (!election?.sealed) throw new Error('this election is not sealed: it takes no secret ballots');
    // A sealing is random: the ballot sent before a failure is sent again, unless the voter chose otherwise.
    const earlier = this.voter!.stored;
    if (earlier.ballot && earlier.choice === party) return earlier.ballot;
    const group = await this.loadGroup();
    const { sealed } = kit.sealChoiceFor(group, this.sealingKey(kit, group, election), request, this.optionOf(election, party));
    // The randomness is not kept: once the ballot is signed, nothing in this browser can open it.
    return kit.signSealedBallot(request, credential, sealed);
  }

  private sealingKey(kit: VoterKit, group: SealedGroup, election: ElectionInfo): SealingKey {
    const sealed = election.sealed!;
    if (!sealed.opened_with || !sealed.commitments) throw new Error('the election key is not fixed yet');
    return kit.sealingKeyOf(group, {
      electionId: election.election_id,
      threshold: sealed.threshold,
      commitments: sealed.commitments,
      electionKey: sealed.opened_with,
      optionCount: election.parties.length + (sealed.blank ? 1 : 0),
    });
  }

  private optionOf(election: ElectionInfo, party: string): number {
    if (party === BLANK_CHOICE && election.sealed?.blank) return election.parties.length;
    const at = election.parties.indexOf(party);
    if (at === -1) throw new Error(`"${party}" is not a party of this election`);
    return at;
  }

  /** Where a returning voter continues: their receipt, the check of a ballot sent before a failure, or the choice. */
  private async resume(voter: Voter): Promise<ReadyToChoose | Accepted> {
    const ballot = voter.stored.ballot;
    if (ballot) {
      const kit = await this.loadKit();
      const trackingCode = kit.ballotTrackingCode(ballot);
      const party = voter.stored.choice ?? null;
      if (await this.nodeHas(trackingCode)) return await this.accepted(voter, trackingCode, party);
      // Not there: the same ballot is sent again if the voter keeps the choice; another choice is sealed afresh.
      return { step: 'choose', party };
    }
    return { step: 'choose', party: null };
  }

  private async nodeHas(trackingCode: string): Promise<boolean> {
    const result = await firstValueFrom(this.receiptApi.receipt(trackingCode).pipe(toResult()));
    return result.ok && result.value.status !== 'unknown';
  }

  /** A node holds the ballot: from now on this browser keeps its tracking code, and nothing that shows the choice. */
  private async accepted(voter: Voter, trackingCode: string, party: string | null): Promise<Accepted> {
    await this.vault.keepReceiptOnly(voter.slot, trackingCode);
    this.voter = null;
    return { step: 'receipt', trackingCode, party };
  }

  private async keep(voter: Voter, stored: VoterInProgress): Promise<void> {
    await this.vault.save(voter.slot, stored);
    voter.stored = stored;
  }
}
