import { ChangeDetectionStrategy, Component, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { toResult } from '../api/api-result';
import { NodeApi } from '../api/node-api';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { syncOutcome } from './admin-outcomes';

@Component({
  selector: 'app-resync-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OutcomeMessage],
  template: `
    <section class="panel" aria-labelledby="resync-heading">
      <h2 id="resync-heading">Resynchronise</h2>
      <p class="hint">Asks every peer for its chain and adopts the one with the most work.</p>
      <button id="resync-button" type="button" (click)="resync()" [disabled]="syncing()" [attr.aria-busy]="syncing()">
        {{ syncing() ? 'Syncing…' : 'Resync with peers' }}
      </button>
      <app-outcome-message elementId="resync-outcome" [outcome]="outcome()" />
    </section>
  `,
})
export class ResyncPanel {
  private readonly api = inject(NodeApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly syncing = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);

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
