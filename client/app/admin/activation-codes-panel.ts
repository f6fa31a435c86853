import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { ElectionCreated } from '@api/http';
import { AdminApi } from '../api/admin-api';
import { toResult } from '../api/api-result';
import { FileDownload } from '../shared/file-download';
import { OutcomeMessage } from '../shared/outcome-message';
import { actionOutcome } from './action-outcome';
import { adminFailureText } from './admin-failure';
import { tokenProblem } from './token-outcomes';

/*
 * Element ids: codes-heading, codes-warning, codes-kept, download-codes, dismiss-codes, codes-outcome.
 */

/**
 * The activation codes of a new election. The node keeps a copy (owner-only) until the official confirms
 * they are stored, then deletes it: from then on no one can show them again. Until then, leaving the page
 * asks first.
 */
@Component({
  selector: 'app-activation-codes-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OutcomeMessage],
  host: { '(window:beforeunload)': 'warnBeforeLeaving($event)' },
  template: `
    @let c = created();
    <section class="panel" aria-labelledby="codes-heading">
      <h2 id="codes-heading" i18n="@@admin.codes.heading">Activation codes</h2>
      @if (kept()) {
        <p id="codes-kept" class="notice info" i18n="@@admin.codes.kept">
          The activation codes of the election created on this page have not been confirmed as stored yet: here they are again.
        </p>
      }
      <p id="codes-warning" class="notice error" role="alert">
        <ng-container i18n="@@admin.codes.count">{c.voters, plural,
          =1 {There is 1 activation code, one for each voter.}
          other {There are {{ c.voters }} activation codes, one for each voter.}
        }</ng-container>
        <ng-container i18n="@@admin.codes.warning">
          Download them and store the file safely: anyone holding a voter's code can vote in that voter's place. The node keeps a copy only
          until you confirm below that you have stored them; then it deletes it, and no one can show them again.
        </ng-container>
      </p>
      <div class="actions">
        <button id="download-codes" type="button" (click)="download()" i18n="@@admin.codes.download">Download activation codes</button>
        <button
          id="dismiss-codes"
          type="button"
          class="secondary"
          [disabled]="!downloaded() || confirming()"
          [attr.aria-busy]="confirming()"
          (click)="confirm()"
          i18n="@@admin.codes.confirm"
        >
          I have stored them: delete the node's copy
        </button>
      </div>
      <app-outcome-message elementId="codes-outcome" [outcome]="outcome()" />
    </section>
  `,
})
export class ActivationCodesPanel {
  readonly created = input.required<ElectionCreated>();
  /** True when the node offers them again (after a reload), false right after the election was created. */
  readonly kept = input(false);
  /** Emitted once the node has deleted its copy. */
  readonly dismissed = output<void>();

  private readonly files = inject(FileDownload);
  private readonly api = inject(AdminApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly downloaded = signal(false);
  protected readonly confirming = signal(false);
  protected readonly outcome = actionOutcome();

  protected download(): void {
    this.files.save(new Blob([this.created().codes_csv], { type: 'text/csv' }), 'activation-codes.csv');
    this.downloaded.set(true);
  }

  protected confirm(): void {
    if (this.confirming()) return;
    this.confirming.set(true);
    this.outcome.set(null);
    this.api
      .confirmCodesStored()
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.confirming.set(false);
        if (result.ok) {
          this.dismissed.emit();
          return;
        }
        const failure = result.failure;
        this.outcome.set(
          tokenProblem(failure) ?? {
            kind: 'error',
            text: $localize`:@@admin.codes.confirmFailed:The node could not delete its copy: ${adminFailureText(failure)}:reason: The codes stay here until it does.`,
          },
        );
      });
  }

  /** The browser asks before a reload or a closed tab while the codes are not confirmed as stored. */
  protected warnBeforeLeaving(event: BeforeUnloadEvent): void {
    event.preventDefault();
    // Older browsers show the question only when returnValue is set.
    event.returnValue = '';
  }
}
