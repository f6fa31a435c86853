import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AdminToken } from '../api/admin-token';
import { toResult } from '../api/api-result';
import { NodeApi } from '../api/node-api';
import { OutcomeMessage } from '../shared/outcome-message';
import { actionOutcome } from './action-outcome';
import { mineOutcome } from './admin-outcomes';
import { tokenRequired } from './token-outcomes';

@Component({
  selector: 'app-mining-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OutcomeMessage],
  template: `
    <section class="panel" aria-labelledby="mining-heading">
      <h2 id="mining-heading" i18n="@@admin.mining.heading">Mining</h2>
      <p class="hint" i18n="@@admin.mining.hint">Seals the pending ballots into a new block with proof of work.</p>
      <button id="mine-button" type="button" (click)="mine()" [disabled]="mining()" [attr.aria-busy]="mining()">
        @if (mining()) {
          <ng-container i18n="@@admin.mining.busy">Mining…</ng-container>
        } @else {
          <ng-container i18n="@@admin.mining.button">Mine pending ballots</ng-container>
        }
      </button>
      <app-outcome-message elementId="mine-outcome" [outcome]="outcome()" />
    </section>
  `,
})
export class MiningPanel {
  private readonly api = inject(NodeApi);
  private readonly tokens = inject(AdminToken);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly mining = signal(false);
  protected readonly outcome = actionOutcome();

  /** Emitted after every attempt, so the dashboard can show the new height and pool. */
  readonly attempted = output<void>();

  protected mine(): void {
    if (this.mining()) return;
    // Said at once, without a request the node can only refuse.
    if (!this.tokens.present()) {
      this.outcome.set(tokenRequired());
      return;
    }
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
