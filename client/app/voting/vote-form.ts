import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { toResult } from '../api/api-result';
import { VotingApi } from '../api/voting-api';
import { ElectionStore } from '../shared/election-store';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { voterIdValidators } from '../shared/voter-id';
import { VoterIdField } from '../shared/voter-id-field';
import { voteOutcome } from './vote-outcome';

/*
 * Element ids: voter-id, party (select), cast-vote, vote-outcome.
 */

/** The open scheme, as the seed had it: the voter ID and the party go to the node together, in clear. */
@Component({
  selector: 'app-vote-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, OutcomeMessage, VoterIdField],
  templateUrl: './vote-form.html',
})
export class VoteForm {
  private readonly votingApi = inject(VotingApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly election = inject(ElectionStore);

  // No party is preselected: the voter has to choose one.
  protected readonly form = inject(NonNullableFormBuilder).group({
    voterId: ['', voterIdValidators],
    party: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);
  protected readonly isOpen = computed(() => this.election.election()?.phase === 'open');

  protected submit(): void {
    if (this.submitting() || !this.isOpen()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { voterId, party } = this.form.getRawValue();
    this.submitting.set(true);
    this.outcome.set(null);
    this.votingApi
      .castBallot({ voter_id: voterId.trim(), party })
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.submitting.set(false);
        this.outcome.set(voteOutcome(result));
      });
  }
}
