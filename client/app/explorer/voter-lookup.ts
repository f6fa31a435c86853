import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import type { BallotStatus } from '@api/http';
import { MAX_VOTER_ID_LENGTH } from '@protocol/limits';
import { type ApiResult, toResult } from '../api/api-result';
import { VotingApi } from '../api/voting-api';
import { OutcomeMessage } from '../shared/outcome-message';
import { voterIdValidators } from '../shared/voter-id';
import { VoterIdField } from '../shared/voter-id-field';
import { lookupOutcome } from './lookup-outcome';

@Component({
  selector: 'app-voter-lookup',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage, VoterIdField],
  template: `
    <section class="panel" aria-labelledby="lookup-heading">
      <h2 id="lookup-heading" i18n="@@explorer.lookup.heading">Find a ballot</h2>
      <form class="form form--inline" [formGroup]="form" (ngSubmit)="lookup()" novalidate>
        <app-voter-id-field inputId="voter-lookup" [control]="form.controls.voterId" [error]="voterIdError" />
        <button id="lookup-button" type="submit" [disabled]="searching()" [attr.aria-busy]="searching()">
          @if (searching()) {
            <ng-container i18n="@@explorer.lookup.searching">Looking up…</ng-container>
          } @else {
            <ng-container i18n="@@explorer.lookup.button">Look up</ng-container>
          }
        </button>
      </form>
      <app-outcome-message elementId="lookup-result" [outcome]="outcome()" />
      @if (confirmedIn(); as block) {
        <button id="open-lookup-block" type="button" class="secondary" (click)="openBlock.emit(block.index)">
          <ng-container i18n="@@explorer.lookup.openBlock">Open block #{{ block.index }}</ng-container>
        </button>
      }
    </section>
  `,
})
export class VoterLookup {
  private readonly api = inject(VotingApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly voterIdError = $localize`:@@explorer.lookup.voterIdError:Enter a voter ID: letters, digits, ".", "_", ":" or "-", at most ${MAX_VOTER_ID_LENGTH}:max: characters.`;
  protected readonly form = inject(NonNullableFormBuilder).group({ voterId: ['', voterIdValidators] });
  protected readonly searching = signal(false);
  private readonly result = signal<ApiResult<BallotStatus> | null>(null);
  protected readonly outcome = computed(() => {
    const result = this.result();
    return result ? lookupOutcome(result) : null;
  });
  protected readonly confirmedIn = computed(() => {
    const result = this.result();
    return result?.ok && result.value.status === 'confirmed' ? { index: result.value.block_index } : null;
  });

  readonly openBlock = output<number>();

  protected lookup(): void {
    if (this.searching()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.searching.set(true);
    this.result.set(null);
    this.api
      .ballotStatus(this.form.controls.voterId.value.trim())
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.searching.set(false);
        this.result.set(result);
      });
  }
}
