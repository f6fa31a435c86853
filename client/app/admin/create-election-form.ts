import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { exhaustMap, filter, first, timeout, timer } from 'rxjs';
import type { ElectionCreated, ElectionInfo, SetupInfo } from '@api/http';
import { MAX_DIFFICULTY, MAX_PARTY_LENGTH } from '@protocol/limits';
import type { BallotScheme } from '@protocol/types';
import { AdminApi } from '../api/admin-api';
import { type ApiResult, toResult } from '../api/api-result';
import { ElectionApi } from '../api/election-api';
import { ElectionStore } from '../shared/election-store';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { createElectionOutcome } from './admin-outcomes';

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
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    title: ['', [Validators.required, Validators.maxLength(200)]],
    parties: ['', partiesValidator],
    difficulty: [2, [Validators.required, Validators.min(0), Validators.max(MAX_DIFFICULTY), Validators.pattern(/^\d+$/)]],
    scheme: this.fb.control<BallotScheme>('secret'),
  });
  protected readonly roll = signal<{ name: string; text: string } | null>(null);
  protected readonly rollError = signal<string | null>(null);
  protected readonly state = signal<'editing' | 'creating' | 'restarting'>('editing');
  protected readonly outcome = signal<Outcome | null>(null);

  /** The node's answer, with the activation codes the page must offer for download. */
  readonly created = output<ElectionCreated>();

  protected async chooseRoll(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    this.roll.set(null);
    this.rollError.set(null);
    if (!file) return;
    try {
      this.roll.set({ name: file.name, text: await readText(file) });
    } catch (err) {
      this.rollError.set(`The file could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  protected submit(): void {
    if (this.state() !== 'editing') return;
    const { title, parties, difficulty, scheme } = this.form.getRawValue();
    const roll = this.roll();
    const rollMissing = scheme === 'secret' && !roll;
    this.rollError.set(rollMissing ? 'A secret election needs its voter roll: choose the CSV file.' : null);
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
            text: 'The node has not come back with the new election yet. Check that it is running, then reload this page.',
          }),
      });
  }
}
