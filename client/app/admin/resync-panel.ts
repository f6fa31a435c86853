import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { toResult } from '../api/api-result';
import { NodeApi } from '../api/node-api';
import { OutcomeMessage } from '../shared/outcome-message';
import { actionOutcome } from './action-outcome';
import { syncOutcome } from './admin-outcomes';

/** Asks the peers for their chains now; the node allows it without the admin token, at a limited rate. */
@Component({
  selector: 'app-resync-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OutcomeMessage],
  template: `
    <section class="panel" aria-labelledby="resync-heading">
      <h2 id="resync-heading" i18n="@@admin.resync.heading">Resynchronise</h2>
      <p class="hint" i18n="@@admin.resync.hint">Asks every peer for its chain and adopts the one with the most work.</p>
      <button id="resync-button" type="button" (click)="resync()" [disabled]="syncing()" [attr.aria-busy]="syncing()">
        @if (syncing()) {
          <ng-container i18n="@@admin.resync.busy">Syncing…</ng-container>
        } @else {
          <ng-container i18n="@@admin.resync.button">Resync with peers</ng-container>
        }
      </button>
      <app-outcome-message elementId="resync-outcome" [outcome]="outcome()" />
    </section>
  `,
})
export class ResyncPanel {
  private readonly api = inject(NodeApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly syncing = signal(false);
  protected readonly outcome = actionOutcome();

  readonly synced = output<void>();

  protected resync(): void {
    if (this.syncing()) return;
    this.syncing.set(true);
    this.outcome.set(null);
    this.api
      .sync()
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.syncing.set(false);
        this.outcome.set(syncOutcome(result));
        this.synced.emit();
      });
  }
}
