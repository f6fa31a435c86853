import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import type { ElectionInfo } from '@api/http';
import { toResult } from '../api/api-result';
import { ReceiptApi } from '../api/receipt-api';
import { VotingApi } from '../api/voting-api';
import { ElectionStore } from '../shared/election-store';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { voterIdValidators } from '../shared/voter-id';
import { VoterIdField } from '../shared/voter-id-field';
import { BallotReceipt } from './ballot-receipt';
import { castFailure, credentialFailure } from './secret-vote-outcomes';
import { VOTER_KIT } from './voter-kit-loader';
import { type VoterInProgress, VoterVault, isReceipt } from './voter-vault';
import { WEB_CRYPTO_AVAILABLE } from './web-crypto';

/*
 * Element ids: secure-context-required (instead of the form when the browser withholds WebCrypto), voter-id,
 * activation-code, request-credential, party-<n> (radio, n from 0 in the election's
 * party order), confirm-ballot, chosen-party, change-choice, cast-ballot, vote-outcome, and the receipt's
 * tracking-code, copy-tracking-code, receipt-qr, verify-link.
 */

type Step = 'identify' | 'choose' | 'confirm' | 'receipt';

/** The voter being served, with what this browser holds for them until a node confirms the ballot. */
interface Voter {
  id: string;
  stored: VoterInProgress;
}

const STEP_TITLES: Record<Step, string> = {
  identify: 'Step 1 of 3: identify yourself',
  choose: 'Step 2 of 3: choose a party',
  confirm: 'Step 3 of 3: check and cast',
  receipt: 'Your ballot was accepted',
};

/**
 * Casting a secret ballot. The voter ID and activation code only obtain a credential (a blind signature
 * on a fresh ballot key made in this browser); the ballot itself carries the key, never the voter ID.
 * Every step is stored first (VoterVault), so the same browser and voter ID resume after a failure; once a
 * node holds the ballot, only its tracking code stays.
 */
@Component({
  selector: 'app-secret-vote',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage, BallotReceipt, VoterIdField],
  templateUrl: './secret-vote.html',
})
export class SecretVote {
  readonly election = input.required<ElectionInfo>();

  private readonly votingApi = inject(VotingApi);
  private readonly receiptApi = inject(ReceiptApi);
  private readonly vault = inject(VoterVault);
  private readonly loadKit = inject(VOTER_KIT);
  private readonly store = inject(ElectionStore);
  private readonly injector = inject(Injector);
  private readonly stepHeading = viewChild<ElementRef<HTMLElement>>('stepHeading');
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly identifyForm = this.fb.group({
    voterId: ['', voterIdValidators],
    code: ['', [Validators.required, Validators.maxLength(200)]],
  });
  // No party is preselected: the voter has to choose one.
  protected readonly choiceForm = this.fb.group({ party: ['', Validators.required] });

  protected readonly step = signal<Step>('identify');
  protected readonly stepTitle = computed(() => STEP_TITLES[this.step()]);
  protected readonly busy = signal<'credential' | 'cast' | null>(null);
  protected readonly outcome = signal<Outcome | null>(null);
  /** `party` is known only in the session that cast the ballot: it is not stored. */
  protected readonly receipt = signal<{ trackingCode: string; party: string | null } | null>(null);
  protected readonly isOpen = computed(() => this.election().phase === 'open');
  protected readonly webCrypto = inject(WEB_CRYPTO_AVAILABLE);
  private readonly location = inject(DOCUMENT).defaultView?.location;
  protected readonly origin = this.location?.origin ?? '';
  protected readonly plainHttp = this.location?.protocol === 'http:';

  private voter: Voter | null = null;

  protected async requestCredential(): Promise<void> {
    if (this.busy() || !this.isOpen()) return;
    if (this.identifyForm.invalid) {
      this.identifyForm.markAllAsTouched();
      return;
    }
    const voterId = this.identifyForm.controls.voterId.value.trim();
    const code = this.identifyForm.controls.code.value.trim();
    const election = this.election();
    const earlier = this.vault.load(election.election_id, voterId);
    if (earlier && isReceipt(earlier)) {
      // This browser cast the ballot already; all it kept is the receipt (no request to ask the authority with).
      // Written again, so an entry left by an earlier version of the portal loses what it kept beside the code.
      this.vault.keepReceiptOnly(election.election_id, voterId, earlier.trackingCode);
      this.outcome.set(null);
      this.showReceipt(earlier.trackingCode, null);
      return;
    }
    const credentialKey = election.authority?.credential_key;
    if (!credentialKey) {
      this.fail('This election publishes no credential key, so no secret ballot can be made for it.');
      return;
    }
    this.busy.set('credential');
    this.outcome.set(null);
    try {
      const kit = await this.loadKit();
      // Reusing a stored request is what lets the authority recognise a voter who comes back.
      let stored = earlier;
      if (!stored) {
        stored = {
          request: await kit.prepareCredentialRequest(election.election_id, credentialKey),
          credential: null,
          ballot: null,
        };
        this.vault.save(election.election_id, voterId, stored);
      }
      // Asked every time, even with a stored credential: the activation code is what proves who is voting.
      const answer = await firstValueFrom(
        this.votingApi.requestCredential({ voter_id: voterId, code, blinded_message: stored.request.blindedMessage }).pipe(toResult()),
      );
      if (!answer.ok) {
        this.outcome.set(credentialFailure(answer.failure));
        if (answer.failure.error.startsWith('election-')) this.store.reload();
        return;
      }
      if (!stored.credential) {
        const credential = await kit.finishCredential(stored.request, answer.value.blind_signature, credentialKey);
        stored = { ...stored, credential };
        this.vault.save(election.election_id, voterId, stored);
      }
      this.voter = { id: voterId, stored };
      await this.resume(this.voter);
    } catch (err) {
      this.fail(`Could not prepare your ballot: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy.set(null);
    }
  }

  protected choose(): void {
    if (this.choiceForm.invalid) {
      this.choiceForm.markAllAsTouched();
      return;
    }
    this.outcome.set(null);
    this.goTo('confirm');
  }

  protected changeChoice(): void {
    this.outcome.set(null);
    this.goTo('choose');
  }

  protected async cast(): Promise<void> {
    const voter = this.voter;
    const credential = voter?.stored.credential;
    if (this.busy() || !voter || !credential) return;
    const party = this.choiceForm.controls.party.value;
    this.busy.set('cast');
    this.outcome.set(null);
    try {
      const kit = await this.loadKit();
      // Ed25519 signatures are deterministic: casting again after a failure sends the very same ballot.
      const ballot = kit.signSecretBallot(voter.stored.request, credential, party);
      const trackingCode = kit.ballotTrackingCode(ballot);
      this.keep(voter, { ...voter.stored, ballot });
      const result = await firstValueFrom(this.votingApi.castSecretBallot(ballot).pipe(toResult()));
      if (result.ok && result.value.status === 201) {
        this.accepted(voter, trackingCode, party);
        const answered = result.value.body?.tracking_code;
        if (answered && answered !== trackingCode) {
          this.fail(`The node answered with another tracking code (${answered}); the code above is the one your ballot hashes to.`);
        }
        return;
      }
      if (result.ok) {
        this.fail(`The node answered HTTP ${result.value.status} instead of accepting the ballot; it may not have been recorded.`);
        return;
      }
      // Already used: perhaps by this very ballot, sent before a failure. The node knows it if so.
      if (result.failure.error === 'already-used' && (await this.nodeHas(trackingCode))) {
        this.accepted(voter, trackingCode, party);
        return;
      }
      this.outcome.set(castFailure(result.failure));
      if (result.failure.error.startsWith('election-')) this.store.reload();
    } catch (err) {
      this.fail(`Could not cast your ballot: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy.set(null);
    }
  }

  /** Where a returning voter continues: their receipt, the check of a ballot sent before a failure, or the choice. */
  private async resume(voter: Voter): Promise<void> {
    const stored = voter.stored;
    if (stored.ballot) {
      const kit = await this.loadKit();
      const trackingCode = kit.ballotTrackingCode(stored.ballot);
      if (await this.nodeHas(trackingCode)) {
        this.accepted(voter, trackingCode, stored.ballot.party);
        return;
      }
      // It never arrived: offer the same choice again, to be confirmed.
      this.choiceForm.controls.party.setValue(stored.ballot.party);
    }
    this.goTo('choose');
  }

  private async nodeHas(trackingCode: string): Promise<boolean> {
    const result = await firstValueFrom(this.receiptApi.receipt(trackingCode).pipe(toResult()));
    return result.ok && result.value.status !== 'unknown';
  }

  /** A node holds the ballot: from now on this browser keeps its tracking code, and nothing that shows the choice. */
  private accepted(voter: Voter, trackingCode: string, party: string): void {
    this.vault.keepReceiptOnly(this.election().election_id, voter.id, trackingCode);
    this.voter = null;
    this.showReceipt(trackingCode, party);
  }

  private showReceipt(trackingCode: string, party: string | null): void {
    this.receipt.set({ trackingCode, party });
    this.goTo('receipt');
  }

  private keep(voter: Voter, stored: VoterInProgress): void {
    this.vault.save(this.election().election_id, voter.id, stored);
    voter.stored = stored;
  }

  private fail(text: string): void {
    this.outcome.set({ kind: 'error', text });
  }

  private goTo(step: Step): void {
    this.step.set(step);
    // Each step replaces the last: move keyboard and screen-reader focus to its heading.
    afterNextRender(() => this.stepHeading()?.nativeElement.focus(), { injector: this.injector });
  }
}
