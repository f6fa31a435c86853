import { formatPercent } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, LOCALE_ID, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { ElectionInfo } from '@api/http';
import { AdminApi } from '../api/admin-api';
import { AdminToken } from '../api/admin-token';
import { type ApiFailure, toResult } from '../api/api-result';
import { ElectionApi } from '../api/election-api';
import { ElectionStore } from '../shared/election-store';
import { FileDownload } from '../shared/file-download';
import type { Outcome } from '../shared/outcome';
import { OutcomeMessage } from '../shared/outcome-message';
import { actionOutcome } from './action-outcome';
import { adminFailureText } from './admin-failure';
import { lifecycleFailure } from './admin-outcomes';
import { tokenRefused, tokenRequired } from './token-outcomes';

type Action = 'open' | 'close';

/*
 * Element ids: turnout, election-phase, turnout-credentials, turnout-ballots, turnout-pending, turnout-unused,
 * turnout-unused-hint, lifecycle-state, open-election, close-election, confirm-lifecycle, cancel-lifecycle,
 * lifecycle-outcome, publish-record, record-outcome, results-link.
 */

/**
 * The election's phase and turnout, opening and closing it (on the authority's node), and the published
 * record for the independent verifier. The admin token is checked with the node before the "cannot be
 * undone" question, so the question is never answered in vain; the phase line is the one message a
 * successful opening or closing leaves.
 */
@Component({
  selector: 'app-lifecycle-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [OutcomeMessage, RouterLink],
  template: `
    <section class="panel" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading" i18n="@@admin.lifecycle.heading">Election</h2>
      @if (failure(); as f) {
        <p class="notice error" role="alert" i18n="@@admin.lifecycle.refreshFailed">
          Could not refresh the election: {{ failureText(f) }} The figures below may be out of date.
        </p>
      }
      @let e = election();
      <dl id="turnout" class="stats">
        <div>
          <dt i18n="@@admin.lifecycle.phase">Phase</dt>
          <dd id="election-phase">
            <ng-container i18n="@@admin.lifecycle.phaseValue">{e.phase, select, draft {draft} open {open} other {closed}}</ng-container>
          </dd>
        </div>
        @if (e.roll_size !== null) {
          <div>
            <dt i18n="@@admin.lifecycle.credentials">Credentials issued</dt>
            <dd id="turnout-credentials">{{ e.credentials_issued }} / {{ e.roll_size }}</dd>
          </div>
        }
        <div>
          <dt i18n="@@admin.lifecycle.ballots">Ballots cast</dt>
          <dd id="turnout-ballots">{{ e.ballots_cast }}{{ turnoutShare() }}</dd>
        </div>
        @if (unused() !== null) {
          <div>
            <dt i18n="@@admin.lifecycle.unused">Credentials without a ballot</dt>
            <dd id="turnout-unused">{{ unused() }}</dd>
          </div>
        }
        <div>
          <dt i18n="@@admin.lifecycle.pending">Waiting for a block</dt>
          <dd id="turnout-pending">{{ e.pending }}</dd>
        </div>
      </dl>
      @if (unused(); as n) {
        <p id="turnout-unused-hint" class="hint">
          <ng-container i18n="@@admin.lifecycle.unusedCount">{n, plural,
            =1 {1 voter has received a credential but has no ballot on the chain yet.}
            other {{{ n }} voters have received a credential but have no ballot on the chain yet.}
          }</ng-container>
          <ng-container i18n="@@admin.lifecycle.unusedHint">
            They may have lost their browser, or not finished voting. A voter who comes back to the same browser with the same voter ID and
            activation code resumes where they stopped; a ballot waiting for a block counts here once it is in one.
          </ng-container>
        </p>
      }

      <p id="lifecycle-state" role="status">
        @switch (e.phase) {
          @case ('draft') {
            <ng-container i18n="@@admin.lifecycle.stateDraft"
              >The election is not open yet: no one can vote until it is opened.</ng-container
            >
          }
          @case ('open') {
            <ng-container i18n="@@admin.lifecycle.stateOpen">The election is open: voters can cast their ballots.</ng-container>
          }
          @default {
            @if (awaitingDecryption()) {
              <ng-container i18n="@@admin.lifecycle.stateClosedSealed">
                The election is closed: no more ballots are accepted. The results are final once enough trustees have decrypted the total.
              </ng-container>
            } @else {
              <ng-container i18n="@@admin.lifecycle.stateClosed">
                The election is closed: no more ballots are accepted, and its results are final.
              </ng-container>
            }
          }
        }
      </p>

      @if (e.is_authority) {
        @if (confirming(); as action) {
          <div class="notice info" role="alertdialog" aria-labelledby="lifecycle-confirm-text">
            <p id="lifecycle-confirm-text">
              @if (action === 'open') {
                <ng-container i18n="@@admin.lifecycle.confirmOpen">
                  Open the election now? Voters can then cast ballots. This cannot be undone.
                </ng-container>
              } @else {
                <ng-container i18n="@@admin.lifecycle.confirmClose">
                  Close the election now? No more ballots will be accepted and the results become final. This cannot be undone.
                </ng-container>
              }
            </p>
            <div class="actions">
              <button id="confirm-lifecycle" type="button" (click)="run(action)" [disabled]="busy()" [attr.aria-busy]="busy()">
                @if (action === 'open') {
                  <ng-container i18n="@@admin.lifecycle.yesOpen">Yes, open it</ng-container>
                } @else {
                  <ng-container i18n="@@admin.lifecycle.yesClose">Yes, close it</ng-container>
                }
              </button>
              <button
                id="cancel-lifecycle"
                type="button"
                class="secondary"
                (click)="confirming.set(null)"
                [disabled]="busy()"
                i18n="@@admin.lifecycle.cancel"
              >
                Cancel
              </button>
            </div>
          </div>
        } @else if (e.phase === 'draft') {
          <button
            id="open-election"
            type="button"
            (click)="ask('open')"
            [disabled]="busy()"
            [attr.aria-busy]="busy()"
            i18n="@@admin.lifecycle.open"
          >
            Open the election
          </button>
        } @else if (e.phase === 'open') {
          <button
            id="close-election"
            type="button"
            (click)="ask('close')"
            [disabled]="busy()"
            [attr.aria-busy]="busy()"
            i18n="@@admin.lifecycle.close"
          >
            Close the election
          </button>
        }
      } @else {
        <p class="hint" i18n="@@admin.lifecycle.notAuthorityHint">
          This node does not hold the election authority's keys: the election is opened and closed on the authority's node.
        </p>
      }
      <app-outcome-message elementId="lifecycle-outcome" [outcome]="outcome()" />

      <h3 i18n="@@admin.lifecycle.publishHeading">Publish</h3>
      <p class="hint" i18n="@@admin.lifecycle.publishHint">
        The election record is the whole chain as one file: anyone can check it with the independent verifier.
      </p>
      <div class="actions">
        <button
          id="publish-record"
          type="button"
          class="secondary"
          (click)="publish()"
          [disabled]="publishing()"
          [attr.aria-busy]="publishing()"
        >
          @if (publishing()) {
            <ng-container i18n="@@admin.lifecycle.preparing">Preparing…</ng-container>
          } @else {
            <ng-container i18n="@@admin.lifecycle.publish">Publish election record</ng-container>
          }
        </button>
        <a id="results-link" routerLink="/results" i18n="@@admin.lifecycle.resultsLink">See the results</a>
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
  private readonly tokens = inject(AdminToken);
  private readonly electionApi = inject(ElectionApi);
  private readonly store = inject(ElectionStore);
  private readonly files = inject(FileDownload);
  private readonly destroyRef = inject(DestroyRef);
  private readonly locale = inject(LOCALE_ID);

  protected readonly confirming = signal<Action | null>(null);
  /** Checking the token, or opening or closing. */
  protected readonly busy = signal(false);
  protected readonly outcome = actionOutcome();
  protected readonly publishing = signal(false);
  protected readonly recordOutcome = signal<Outcome | null>(null);
  protected readonly failureText = adminFailureText;
  protected readonly turnoutShare = computed(() => {
    const { ballots_cast, roll_size } = this.election();
    return roll_size ? ` (${formatPercent(ballots_cast / roll_size, this.locale, '1.1-1')})` : '';
  });
  /**
   * Credentials issued minus ballots on the chain, in an election with credentials; null otherwise. Both
   * counts come from the same main chain, so the difference is the voters who started and have not voted.
   */
  protected readonly unused = computed(() => {
    const { scheme, credentials_issued, ballots_cast } = this.election();
    return scheme === 'secret' ? Math.max(credentials_issued - ballots_cast, 0) : null;
  });
  /** A sealed election closed before enough trustees have decrypted its total. */
  protected readonly awaitingDecryption = computed(() => {
    const sealed = this.election().sealed;
    return sealed !== null && sealed.trustees.filter((t) => t.decrypted).length < sealed.threshold;
  });

  /** Checks the admin token with the node, then asks the question that cannot be taken back. */
  protected ask(action: Action): void {
    const token = this.tokens.token();
    if (this.busy()) return;
    if (token === null) {
      this.outcome.set(tokenRequired());
      return;
    }
    this.busy.set(true);
    this.outcome.set(null);
    this.admin
      .check(token)
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.busy.set(false);
        if (result.ok) {
          this.confirming.set(action);
        } else if (result.failure.status === 401) {
          // The check carries its own header, so the interceptor leaves the stored token: forget it here.
          this.tokens.clear();
          this.outcome.set(tokenRefused());
        } else {
          this.outcome.set({
            kind: 'error',
            text: $localize`:@@admin.lifecycle.checkFailed:The admin token could not be checked: ${adminFailureText(result.failure)}:reason:`,
          });
        }
      });
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
        if (result.ok) this.store.update(result.value);
        else this.outcome.set(lifecycleFailure(action, result.failure));
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
          this.recordOutcome.set({
            kind: 'success',
            text: $localize`:@@admin.lifecycle.recordSaved:Election record downloaded as election-record.json.`,
          });
        } else {
          this.recordOutcome.set({
            kind: 'error',
            text: $localize`:@@admin.lifecycle.recordFailed:The record could not be exported: ${adminFailureText(result.failure)}:reason:`,
          });
        }
      });
  }
}
