import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { ElectionInfo } from '@api/http';
import { AdminApi } from '../api/admin-api';
import { type ApiFailure, describeFailure, toResult } from '../api/api-result';
import { ElectionApi } from '../api/election-api';
import { ElectionStore } from '../shared/election-store';
import { FileDownload } from '../shared/file-download';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { lifecycleOutcome } from './admin-outcomes';

type Action = 'open' | 'close';

const CONFIRM: Record<Action, string> = {
  open: 'Open the election now? Voters can then cast ballots. This cannot be undone.',
  close: 'Close the election now? No more ballots will be accepted and the results become final. This cannot be undone.',
};

/**
 * The election's phase and turnout, opening and closing it (on the authority's node), and the published
 * record for the independent verifier.
 */
@Component({
  selector: 'app-lifecycle-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OutcomeMessage, RouterLink],
  template: `
    <section class="panel" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">Election</h2>
      @if (failure(); as f) {
        <p class="notice error" role="alert">
          Could not refresh the election: {{ describeFailure(f) }} The figures below may be out of date.
        </p>
      }
      @let e = election();
      <dl id="turnout" class="stats">
        <div>
          <dt>Phase</dt>
          <dd id="election-phase">{{ e.phase }}</dd>
        </div>
        @if (e.roll_size !== null) {
          <div>
            <dt>Credentials issued</dt>
            <dd id="turnout-credentials">{{ e.credentials_issued }} / {{ e.roll_size }}</dd>
          </div>
        }
        <div>
          <dt>Ballots cast</dt>
          <dd id="turnout-ballots">{{ e.ballots_cast }}{{ turnoutShare() }}</dd>
        </div>
        <div>
          <dt>Waiting for a block</dt>
          <dd id="turnout-pending">{{ e.pending }}</dd>
        </div>
      </dl>

      @if (e.is_authority) {
        @if (confirming(); as action) {
          <div class="notice info" role="alertdialog" aria-labelledby="lifecycle-confirm-text">
            <p id="lifecycle-confirm-text">{{ confirmText(action) }}</p>
            <div class="actions">
              <button id="confirm-lifecycle" type="button" (click)="run(action)" [disabled]="busy()" [attr.aria-busy]="busy()">
                {{ action === 'open' ? 'Yes, open it' : 'Yes, close it' }}
              </button>
              <button id="cancel-lifecycle" type="button" class="secondary" (click)="confirming.set(null)" [disabled]="busy()">
                Cancel
              </button>
            </div>
          </div>
        } @else if (e.phase === 'draft') {
          <button id="open-election" type="button" (click)="confirming.set('open')">Open the election</button>
        } @else if (e.phase === 'open') {
          <button id="close-election" type="button" (click)="confirming.set('close')">Close the election</button>
        } @else {
          <p class="hint">The election is closed; its results are final.</p>
        }
      } @else {
        <p class="hint">
          This node does not hold the election authority's keys: the election is opened and closed on the authority's node.
        </p>
      }
      <app-outcome-message elementId="lifecycle-outcome" [outcome]="outcome()" />

      <h3>Publish</h3>
      <p class="hint">The election record is the whole chain as one file: anyone can check it with the independent verifier.</p>
      <div class="actions">
        <button
          id="publish-record"
          type="button"
          class="secondary"
          (click)="publish()"
          [disabled]="publishing()"
          [attr.aria-busy]="publishing()"
        >
          {{ publishing() ? 'Preparing…' : 'Publish election record' }}
        </button>
        <a id="results-link" routerLink="/results">See the results</a>
      </div>
      <app-outcome-message elementId="record-outcome" [outcome]="recordOutcome()" />
    </section>
  `,
})
export class LifecyclePanel {
  readonly election = input.required<ElectionInfo>();
  readonly failure = input<ApiFailure | null>(null);
  /** Emitted after each open or close attempt, so the dashboard asks the node again at once. */
  readonly changed = output<void>();

  private readonly admin = inject(AdminApi);
  private readonly electionApi = inject(ElectionApi);
  private readonly store = inject(ElectionStore);
  private readonly files = inject(FileDownload);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly confirming = signal<Action | null>(null);
  protected readonly busy = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);
  protected readonly publishing = signal(false);
  protected readonly recordOutcome = signal<Outcome | null>(null);
  protected readonly describeFailure = describeFailure;
  protected readonly turnoutShare = computed(() => {
    const { ballots_cast, roll_size } = this.election();
    return roll_size ? ` (${((ballots_cast / roll_size) * 100).toFixed(1)}%)` : '';
  });

  protected confirmText(action: Action): string {
    return CONFIRM[action];
  }

  protected run(action: Action): void {
    if (this.busy()) return;
    this.busy.set(true);
    this.outcome.set(null);
    (action === 'open' ? this.admin.open() : this.admin.close())
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.busy.set(false);
        this.confirming.set(null);
        this.outcome.set(lifecycleOutcome(action, result));
        if (result.ok) this.store.update(result.value);
        this.changed.emit();
      });
  }

  protected publish(): void {
    if (this.publishing()) return;
    this.publishing.set(true);
    this.recordOutcome.set(null);
    this.electionApi
      .record()
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.publishing.set(false);
        if (result.ok) {
          this.files.save(result.value, 'election-record.json');
          this.recordOutcome.set({ kind: 'success', text: 'Election record downloaded as election-record.json.' });
        } else {
          this.recordOutcome.set({ kind: 'error', text: `The record could not be exported: ${describeFailure(result.failure)}` });
        }
      });
  }
}
