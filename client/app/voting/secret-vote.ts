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
import { RouterLink } from '@angular/router';
import { FileDownload } from '../shared/file-download';
import { type Accepted, BLANK_CHOICE, type Challenged, type ReadyToChoose, type Refused, SecretVoteFlow } from './secret-vote-flow';
import { WEB_CRYPTO_AVAILABLE } from './web-crypto';

/*
 * Element ids: secure-context-required (instead of the form when the browser withholds WebCrypto), voter-id,
 * activation-code, recovery (the details holding the kit inputs), recovery-kit-file, recovery-kit-text,
 * request-credential; the kit step's recovery-kit-notice, download-recovery-kit, copy-recovery-kit,
 * recovery-kit-output and get-credential; party-<n> (radio, n from 0 in the election's party order;
 * party-blank for the blank vote where the election offers one), confirm-ballot, chosen-party, change-choice,
 * cast-ballot, vote-outcome, verify-after-refusal, sealed-notice, challenge-ballot, challenge-result and
 * challenge-evidence; and the receipt's tracking-code, copy-tracking-code, receipt-qr, verify-link.
 */

type Step = 'identify' | 'kit' | 'choose' | 'confirm' | 'receipt';

const STEP_TITLES: Record<Step, () => string> = {
  identify: () => $localize`:@@vote.step.identify:Step 1 of 3: identify yourself`,
  kit: () => $localize`:@@vote.step.kit:Step 1 of 3: save a recovery kit (recommended)`,
  choose: () => $localize`:@@vote.step.choose:Step 2 of 3: choose a party`,
  confirm: () => $localize`:@@vote.step.confirm:Step 3 of 3: check and cast`,
  receipt: () => $localize`:@@vote.step.receipt:Your ballot was accepted`,
};

/** A kit is a few kilobytes: a file much larger is not one, and is not read. */
const MAX_KIT_FILE_BYTES = 64 * 1024;

/**
 * The vote page of a secret election, whose ballots are sealed: its three steps (with the recovery kit offered
 * before the credential is requested), the test of the encryption and the receipt. The casting itself is
 * SecretVoteFlow's.
 */
@Component({
  selector: 'app-secret-vote',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage, BallotReceipt, VoterIdField, RouterLink],
  providers: [SecretVoteFlow],
  templateUrl: './secret-vote.html',
})
export class SecretVote {
  readonly election = input.required<ElectionInfo>();

  private readonly flow = inject(SecretVoteFlow);
  private readonly store = inject(ElectionStore);
  private readonly injector = inject(Injector);
  private readonly files = inject(FileDownload);
  private readonly stepHeading = viewChild<ElementRef<HTMLElement>>('stepHeading');
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly identifyForm = this.fb.group({
    voterId: ['', voterIdValidators],
    code: ['', [Validators.required, Validators.maxLength(200)]],
    // Optional: a recovery kit from another browser, pasted or read from its file.
    kit: ['', Validators.maxLength(MAX_KIT_FILE_BYTES)],
  });
  // Nothing is preselected: the voter has to choose. Not Validators.required, which refuses the blank vote's ''.
  protected readonly choiceForm = this.fb.group({
    party: this.fb.control<string | null>(null, (c) => (c.value === null ? { required: true } : null)),
  });

  protected readonly step = signal<Step>('identify');
  protected readonly stepTitle = computed(() => STEP_TITLES[this.step()]());
  protected readonly busy = signal<'credential' | 'cast' | 'challenge' | null>(null);
  protected readonly blankChoice = BLANK_CHOICE;
  /** The last challenge's outcome, shown until the voter casts or changes the choice. */
  protected readonly challenged = signal<Challenged | null>(null);
  protected readonly outcome = signal<Outcome | null>(null);
  /** Whether the last refusal means the voter may have voted already: the Verify page is pointed to. */
  protected readonly pointToVerify = signal(false);
  /** `party` is known only in the session that cast the ballot: it is not stored. */
  protected readonly receipt = signal<{ trackingCode: string; party: string | null } | null>(null);
  /** The kit offered before the request, as text. */
  protected readonly kit = signal<string | null>(null);
  protected readonly kitCopy = signal<'idle' | 'copied' | 'failed'>('idle');
  /** The kit file the voter chose, or why it could not be read. */
  protected readonly kitFile = signal<{ name: string } | { problem: string } | null>(null);
  protected readonly isOpen = computed(() => this.election().phase === 'open');
  protected readonly webCrypto = inject(WEB_CRYPTO_AVAILABLE);
  private readonly window = inject(DOCUMENT).defaultView;
  private readonly location = this.window?.location;
  protected readonly origin = this.location?.origin ?? '';
  protected readonly plainHttp = this.location?.protocol === 'http:';

  protected async requestCredential(): Promise<void> {
    if (this.busy() || !this.isOpen()) return;
    if (this.identifyForm.invalid) {
      this.identifyForm.markAllAsTouched();
      return;
    }
    const { voterId, code, kit } = this.identifyForm.getRawValue();
    this.busy.set('credential');
    this.clearOutcome();
    try {
      const next = await this.flow.identify(this.election(), voterId.trim(), code.trim(), kit.trim() === '' ? undefined : kit);
      if (next.step === 'kit') {
        this.kit.set(next.kit);
        this.kitCopy.set('idle');
        this.goTo('kit');
      } else this.went(next);
    } finally {
      this.busy.set(null);
    }
  }

  /** From the kit step: the request goes to the authority, whether or not the kit was saved. */
  protected async getCredential(): Promise<void> {
    if (this.busy() || !this.isOpen()) return;
    this.busy.set('credential');
    this.clearOutcome();
    try {
      const next = await this.flow.requestCredential();
      // Refused (or nothing to send): back to the voter ID and code (wrong ones, or a kit to add), with the reason.
      if (!next || next.step === 'refused') this.goTo('identify');
      if (next) this.went(next);
    } finally {
      this.busy.set(null);
    }
  }

  protected downloadKit(): void {
    const kit = this.kit();
    if (!kit) return;
    const text = $localize`:@@vote.kit.fileText:Ballotchain recovery kit. It lets you vote from another browser if this one loses what it keeps: on the vote page, enter your voter ID and activation code and add this file. It opens only with both. Keep it private, like your letter.`;
    // The kit comes last (openRecoveryKit reads it to the end), and the file's name names neither voter nor election.
    this.files.save(new Blob([`${text}\n\n${kit}\n`], { type: 'text/plain' }), 'recovery-kit.txt');
  }

  protected async copyKit(): Promise<void> {
    const kit = this.kit();
    if (!kit) return;
    try {
      // No clipboard outside secure contexts: the catch says so.
      const clipboard = this.window?.navigator.clipboard;
      if (!clipboard) throw new Error('no clipboard');
      await clipboard.writeText(kit);
      this.kitCopy.set('copied');
    } catch {
      this.kitCopy.set('failed');
    }
  }

  /** Reads the chosen kit file into the kit field, where the voter can see it and paste instead. */
  protected async kitFileChosen(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    if (file.size > MAX_KIT_FILE_BYTES) {
      this.kitFile.set({ problem: $localize`:@@vote.kit.fileTooLarge:This file is too large to be a recovery kit.` });
      return;
    }
    try {
      this.identifyForm.controls.kit.setValue(await file.text());
      this.kitFile.set({ name: file.name });
    } catch {
      this.kitFile.set({
        problem: $localize`:@@vote.kit.fileUnreadable:This browser could not read the file: paste the kit's text instead.`,
      });
    }
  }

  protected choose(): void {
    if (this.choiceForm.invalid) {
      this.choiceForm.markAllAsTouched();
      return;
    }
    this.clearOutcome();
    this.goTo('confirm');
  }

  protected changeChoice(): void {
    this.clearOutcome();
    this.challenged.set(null);
    this.goTo('choose');
  }

  /** The choice to check and cast: past step 2, the voter has made one. */
  protected chosen(): string {
    return this.choiceForm.controls.party.value!;
  }

  /** How a choice reads to the voter: the party, or the blank vote. */
  protected choiceLabel(choice: string): string {
    return choice === BLANK_CHOICE ? $localize`:@@vote.choice.blankLabel:a blank vote (none of the parties)` : choice;
  }

  /** Seals the choice, opens it again and shows what it opens to; that sealing is thrown away. */
  protected async challenge(): Promise<void> {
    if (this.busy()) return;
    this.busy.set('challenge');
    this.clearOutcome();
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
    this.clearOutcome();
    this.challenged.set(null);
    try {
      const next = await this.flow.cast(this.chosen());
      if (next) this.show(next);
    } finally {
      this.busy.set(null);
    }
  }

  /** Where identifying led: the choice (a party preselected when a ballot never arrived), or show(). */
  private went(next: ReadyToChoose | Accepted | Refused): void {
    if (next.step === 'choose') {
      if (next.party !== null) this.choiceForm.controls.party.setValue(next.party);
      this.goTo('choose');
    } else this.show(next);
  }

  /** The receipt, or why the voter cannot go on (the page stays at its step). */
  private show(next: Accepted | Refused): void {
    if (next.step === 'refused') {
      this.outcome.set(next.outcome);
      this.pointToVerify.set(next.pointsToVerify === true);
      if (next.electionChanged) this.store.reload();
      return;
    }
    this.receipt.set({ trackingCode: next.trackingCode, party: next.party });
    this.outcome.set(next.warning ?? null);
    this.goTo('receipt');
  }

  private clearOutcome(): void {
    this.outcome.set(null);
    this.pointToVerify.set(false);
  }

  private goTo(step: Step): void {
    this.step.set(step);
    // Each step replaces the last: move keyboard and screen-reader focus to its heading.
    afterNextRender(() => this.stepHeading()?.nativeElement.focus(), { injector: this.injector });
  }
}
