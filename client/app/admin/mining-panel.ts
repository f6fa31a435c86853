import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { toResult } from '../api/api-result';
import { NodeApi } from '../api/node-api';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { mineOutcome } from './admin-outcomes';

@Component({
  selector: 'app-mining-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OutcomeMessage],
  template: `
    <section class="panel" aria-labelledby="mining-heading">
      <h2 id="mining-heading">Mining</h2>
      <p class="hint">Seals the pending ballots into a new block with proof of work.</p>
      <button id="mine-button" type="button" (click)="mine()" [disabled]="mining()" [attr.aria-busy]="mining()">
        {{ mining() ? 'Mining…' : 'Mine pending ballots' }}
      </button>
      <app-outcome-message elementId="mine-outcome" [outcome]="outcome()" />
    </section>
  `,
})
export class MiningPanel {
  private readonly api = inject(NodeApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly mining = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);

  /** Emitted after every attempt, so the dashboard can show the new height and pool. */
  readonly attempted = output<void>();

  protected mine(): void {
    if (this.mining()) return;
    this.mining.set(true);
    this.outcome.set(null);
    this.api
      .mine()
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.mining.set(false);
        this.outcome.set(mineOutcome(result));
        this.attempted.emit();
      });
  }
}
