import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import type { BallotStatus } from '../../../protocol/api';
import { toResult } from '../api/api-result';
import { VotingApi } from '../api/voting-api';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { VOTER_ID_MAX_LENGTH, voterIdValidators } from '../shared/voter-id';
import { VoterIdField } from '../shared/voter-id-field';
import { lookupOutcome } from './lookup-outcome';

@Component({
  selector: 'app-voter-lookup',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage, VoterIdField],
  template: `
    <section class="panel" aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">Find a ballot</h2>
      <form class="form form--inline" [formGroup]="form" (ngSubmit)="lookup()" novalidate>
        <app-voter-id-field inputId="voter-lookup" [control]="form.controls.voterId" [error]="voterIdError" />
        <button id="lookup-button" type="submit" [disabled]="searching()" [attr.aria-busy]="searching()">
          {{ searching() ? 'Looking up…' : 'Look up' }}
        </button>
      </form>
      <app-outcome-message elementId="lookup-result" [outcome]="outcome()" />
      @if (confirmedIn(); as block) {
        <button id="open-lookup-block" type="button" class="secondary" (click)="openBlock.emit(block.index)">
          Open block #{{ block.index }}
        </button>
      }
    </section>
  `,
})
export class VoterLookup {
  private readonly api = inject(VotingApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly voterIdError = `Enter a voter ID: letters, digits, ".", "_", ":" or "-", at most ${VOTER_ID_MAX_LENGTH} characters.`;
  protected readonly form = inject(NonNullableFormBuilder).group({ voterId: ['', voterIdValidators] });
  protected readonly searching = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);
  protected readonly confirmedIn = signal<{ index: number } | null>(null);

  readonly openBlock = output<number>();

  protected lookup(): void {
    if (this.searching()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.searching.set(true);
    this.outcome.set(null);
    this.confirmedIn.set(null);
    this.api
      .ballotStatus(this.form.controls.voterId.value.trim())
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.searching.set(false);
        this.outcome.set(lookupOutcome(result));
        if (result.ok) this.confirmedIn.set(blockOf(result.value));
      });
  }
}

function blockOf(status: BallotStatus): { index: number } | null {
  return status.status === 'confirmed' ? { index: status.block_index } : null;
}
