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
import type { ElectionInfo } from '@api/http';
import { ElectionStore } from '../shared/election-store';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { voterIdValidators } from '../shared/voter-id';
import { VoterIdField } from '../shared/voter-id-field';
import { BallotReceipt } from './ballot-receipt';
import { type Accepted, BLANK_CHOICE, type Challenged, type Refused, SecretVoteFlow } from './secret-vote-flow';
import { WEB_CRYPTO_AVAILABLE } from './web-crypto';

/*
 * Element ids: secure-context-required (instead of the form when the browser withholds WebCrypto), voter-id,
 * activation-code, request-credential, party-<n> (radio, n from 0 in the election's
 * party order; party-blank for the blank vote where the election offers one), confirm-ballot, chosen-party,
 * change-choice, cast-ballot, vote-outcome, sealed-notice, challenge-ballot, challenge-result and
 * challenge-evidence; and the receipt's tracking-code, copy-tracking-code, receipt-qr, verify-link.
 */

type Step = 'identify' | 'choose' | 'confirm' | 'receipt';

const STEP_TITLES: Record<Step, string> = {
  identify: 'Step 1 of 3: identify yourself',
  choose: 'Step 2 of 3: choose a party',
  confirm: 'Step 3 of 3: check and cast',
  receipt: 'Your ballot was accepted',
};

/**
 * The vote page of a secret election, whose ballots are sealed: its three steps, the test of the encryption
 * and the receipt. The casting itself is SecretVoteFlow's.
 */
@Component({
  selector: 'app-secret-vote',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage, BallotReceipt, VoterIdField],
  providers: [SecretVoteFlow],
  templateUrl: './secret-vote.html',
})
export class SecretVote {
  readonly election = input.required<ElectionInfo>();

  private readonly flow = inject(SecretVoteFlow);
  private readonly store = inject(ElectionStore);
  private readonly injector = inject(Injector);
  private readonly stepHeading = viewChild<ElementRef<HTMLElement>>('stepHeading');
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly identifyForm = this.fb.group({
    voterId: ['', voterIdValidators],
    code: ['', [Validators.required, Validators.maxLength(200)]],
  });
  // Nothing is preselected: the voter has to choose. Not Validators.required, which refuses the blank vote's ''.
  protected readonly choiceForm = this.fb.group({
    party: this.fb.control<string | null>(null, (c) => (c.value === null ? { required: true } : null)),
  });

  protected readonly step = signal<Step>('identify');
  protected readonly stepTitle = computed(() => STEP_TITLES[this.step()]);
  protected readonly busy = signal<'credential' | 'cast' | 'challenge' | null>(null);
  protected readonly blankChoice = BLANK_CHOICE;
  /** The last challenge's outcome, shown until the voter casts or changes the choice. */
  protected readonly challenged = signal<Challenged | null>(null);
  protected readonly outcome = signal<Outcome | null>(null);
  /** `party` is known only in the session that cast the ballot: it is not stored. */
  protected readonly receipt = signal<{ trackingCode: string; party: string | null } | null>(null);
  protected readonly isOpen = computed(() => this.election().phase === 'open');
  protected readonly webCrypto = inject(WEB_CRYPTO_AVAILABLE);
  private readonly location = inject(DOCUMENT).defaultView?.location;
  protected readonly origin = this.location?.origin ?? '';
  protected readonly plainHttp = this.location?.protocol === 'http:';

  protected async requestCredential(): Promise<void> {
    if (this.busy() || !this.isOpen()) return;
    if (this.identifyForm.invalid) {
      this.identifyForm.markAllAsTouched();
      return;
    }
    const { voterId, code } = this.identifyForm.getRawValue();
    this.busy.set('credential');
    this.outcome.set(null);
    try {
      const next = await this.flow.identify(this.election(), voterId.trim(), code.trim());
      if (next.step === 'choose') {
        if (next.party !== null) this.choiceForm.controls.party.setValue(next.party);
        this.goTo('choose');
      } else this.show(next);
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
    this.challenged.set(null);
    this.goTo('choose');
  }

  /** The choice to check and cast: past step 2, the voter has made one. */
  protected chosen(): string {
    return this.choiceForm.controls.party.value!;
  }

  /** How a choice reads to the voter: the party, or the blank vote. */
  protected choiceLabel(choice: string): string {
    return choice === BLANK_CHOICE ? 'a blank vote (none of the parties)' : choice;
  }

  /** Seals the choice, opens it again and shows what it opens to; that sealing is thrown away. */
  protected async challenge(): Promise<void> {
    if (this.busy()) return;
    this.busy.set('challenge');
    this.outcome.set(null);
    try {
      const result = await this.flow.challenge(this.chosen());
      if (result === null) return;
      if ('step' in result) this.outcome.set(result.outcome);
      else this.challenged.set(result);
    } finally {
      this.busy.set(null);
    }
  }

  protected async cast(): Promise<void> {
    if (this.busy() || !this.flow.canCast) return;
    this.busy.set('cast');
    this.outcome.set(null);
    this.challenged.set(null);
    try {
      const next = await this.flow.cast(this.chosen());
      if (next) this.show(next);
    } finally {
      this.busy.set(null);
    }
  }

  /** The receipt, or why the voter cannot go on (the page stays at its step). */
  private show(next: Accepted | Refused): void {
    if (next.step === 'refused') {
      this.outcome.set(next.outcome);
      if (next.electionChanged) this.store.reload();
      return;
    }
    this.receipt.set({ trackingCode: next.trackingCode, party: next.party });
    this.outcome.set(next.warning ?? null);
    this.goTo('receipt');
  }

  private goTo(step: Step): void {
    this.step.set(step);
    // Each step replaces the last: move keyboard and screen-reader focus to its heading.
    afterNextRender(() => this.stepHeading()?.nativeElement.focus(), { injector: this.injector });
  }
}
