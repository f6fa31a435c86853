import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { exhaustMap, filter, first, timeout, timer } from 'rxjs';
import type { ElectionCreated, ElectionInfo, SetupInfo } from '@api/http';
import { MAX_DIFFICULTY, MAX_PARTY_LENGTH, MAX_TRUSTEES } from '@protocol/limits';
import type { BallotScheme, TrusteeSpec } from '@protocol/types';
import { AdminApi, type CreateElectionRequest } from '../api/admin-api';
import { type ApiResult, toResult } from '../api/api-result';
import { ElectionApi } from '../api/election-api';
import { ElectionStore } from '../shared/election-store';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { createElectionOutcome } from './admin-outcomes';
import { parseTrusteeLines } from './trustee-lines';

/** How long the node may take to restart with the new election before the page says so. */
const RESTART_WAIT_MS = 60_000;

function partyNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function partiesValidator(control: AbstractControl<string>): ValidationErrors | null {
  const names = partyNames(control.value);
  if (names.length === 0) return { required: true };
  if (names.length > 100) return { tooMany: true };
  if (names.some((n) => n.length > MAX_PARTY_LENGTH)) return { tooLong: true };
  if (new Set(names).size !== names.length) return { duplicate: true };
  return null;
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // readAsText always yields a string.
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

/** Who holds a secret election's keys: trustees with keys of their own, or, for a trial, this node. */
type KeyHolders = 'trustees' | 'demo';

/** The trustees the field holds; null while it holds anything else. */
function trusteesIn(text: string): TrusteeSpec[] | null {
  const read = parseTrusteeLines(text);
  return read.ok ? read.trustees : null;
}

function trusteesValidator(control: AbstractControl<string>): ValidationErrors | null {
  const read = parseTrusteeLines(control.value);
  return read.ok ? null : { trustees: read.problem };
}

const wholeNumber = Validators.pattern(/^\d+$/);

/** A group's threshold of at most its `count` trustees; a count that is itself wrong is said at its own field. */
function thresholdWithin(count: (group: AbstractControl) => number | null) {
  return (group: AbstractControl): ValidationErrors | null => {
    const threshold = group.get('threshold')!.value as number | null;
    const n = count(group);
    return threshold !== null && n !== null && threshold > n ? { thresholdAboveCount: n } : null;
  };
}

const trusteeCount = (group: AbstractControl): number | null => trusteesIn(group.get('lines')!.value as string)?.length ?? null;

const demoCount = (group: AbstractControl): number | null => {
  const count = group.get('count')!;
  return count.valid ? Number(count.value) : null;
};

/** A disabled control is neither validated nor counted in its form's validity. */
function enableIf(control: AbstractControl, enabled: boolean): void {
  if (enabled) control.enable({ emitEvent: false });
  else control.disable({ emitEvent: false });
}

const isRunning = (r: ApiResult<ElectionInfo | SetupInfo>): r is { ok: true; value: ElectionInfo } => r.ok && r.value.phase !== 'setup';

/**
 * Defines the election on a node that waits for one. The node then restarts its services on the same
 * address; the form waits for it and hands the new election to the store, which swaps this form for the
 * dashboard.
 */
@Component({
  selector: 'app-create-election-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage],
  templateUrl: './create-election-form.html',
})
export class CreateElectionForm {
  private readonly api = inject(AdminApi);
  private readonly electionApi = inject(ElectionApi);
  private readonly store = inject(ElectionStore);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly maxDifficulty = MAX_DIFFICULTY;
  protected readonly maxTrustees = MAX_TRUSTEES;
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    title: ['', [Validators.required, Validators.maxLength(200)]],
    parties: ['', partiesValidator],
    difficulty: [2, [Validators.required, Validators.min(0), Validators.max(MAX_DIFFICULTY), wholeNumber]],
    scheme: this.fb.control<BallotScheme>('secret'),
    keyHolders: this.fb.control<KeyHolders>('trustees'),
    trustees: this.fb.group(
      {
        lines: ['', trusteesValidator],
        // Empty: all of them.
        threshold: this.fb.control<number | null>(null, [Validators.min(1), wholeNumber]),
      },
      { validators: thresholdWithin(trusteeCount) },
    ),
    demo: this.fb.group(
      {
        count: [3, [Validators.required, Validators.min(1), Validators.max(MAX_TRUSTEES), wholeNumber]],
        threshold: this.fb.control<number | null>(2, [Validators.required, Validators.min(1), wholeNumber]),
      },
      { validators: thresholdWithin(demoCount) },
    ),
    blank: false,
  });
  protected readonly roll = signal<{ name: string; text: string } | null>(null);
  protected readonly rollError = signal<string | null>(null);
  protected readonly state = signal<'editing' | 'creating' | 'restarting'>('editing');
  protected readonly outcome = signal<Outcome | null>(null);

  /** The node's answer, with the activation codes the page must offer for download. */
  readonly created = output<ElectionCreated>();

  constructor() {
    const { scheme, keyHolders } = this.form.controls;
    this.enableKeyHolderFields();
    scheme.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.enableKeyHolderFields());
    keyHolders.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.enableKeyHolderFields());
  }

  /** Only the fields of the key holders chosen for a secret election are checked: the others are disabled. */
  private enableKeyHolderFields(): void {
    const { scheme, keyHolders, trustees, demo } = this.form.controls;
    const holders = scheme.value === 'secret' ? keyHolders.value : null;
    enableIf(trustees, holders === 'trustees');
    enableIf(demo, holders === 'demo');
  }

  protected async chooseRoll(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.roll.set(null);
    this.rollError.set(null);
    if (!file) return;
    try {
      this.roll.set({ name: file.name, text: await readText(file) });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.rollError.set($localize`:@@admin.create.rollUnreadable:The file could not be read: ${reason}:reason:`);
    }
  }

  protected submit(): void {
    if (this.state() !== 'editing') return;
    const { title, parties, difficulty, scheme } = this.form.getRawValue();
    const roll = this.roll();
    const rollMissing = scheme === 'secret' && !roll;
    this.rollError.set(
      rollMissing ? $localize`:@@admin.create.rollMissing:A secret election needs its voter roll: choose the CSV file.` : null,
    );
    if (this.form.invalid || rollMissing) {
      this.form.markAllAsTouched();
      return;
    }
    this.state.set('creating');
    this.outcome.set(null);
    this.api
      .createElection({
        title: title.trim(),
        parties: partyNames(parties),
        difficulty: Number(difficulty),
        scheme,
        roll_csv: roll?.text ?? '',
        ...(scheme === 'secret' ? this.sealing() : {}),
      })
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.outcome.set(createElectionOutcome(result));
        if (!result.ok) {
          this.state.set('editing');
          return;
        }
        this.created.emit(result.value);
        this.waitForRestart();
      });
  }

  /** Who holds a secret election's keys, how many of them decrypt, and whether a blank vote is offered. */
  private sealing(): Pick<CreateElectionRequest, 'trustees' | 'demo_trustees' | 'threshold' | 'blank'> {
    const { keyHolders, trustees, demo, blank } = this.form.getRawValue();
    if (keyHolders === 'demo') return { demo_trustees: Number(demo.count), threshold: Number(demo.threshold), blank };
    // Sent only once the form is valid, so the lines are trustees.
    const specs = trusteesIn(trustees.lines)!;
    return { trustees: specs, threshold: trustees.threshold === null ? specs.length : Number(trustees.threshold), blank };
  }

  private waitForRestart(): void {
    this.state.set('restarting');
    // While the node restarts, requests fail for a moment: keep asking (one request at a time) until it serves the election.
    timer(500, 1000)
      .pipe(
        exhaustMap(() => this.electionApi.election().pipe(toResult())),
        filter(isRunning),
        first(),
        timeout({ first: RESTART_WAIT_MS }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (result) => this.store.update(result.value),
        error: () =>
          this.outcome.set({
            kind: 'error',
            text: $localize`:@@admin.create.notBack:The node has not come back with the new election yet. Check that it is running, then reload this page.`,
          }),
      });
  }
}
