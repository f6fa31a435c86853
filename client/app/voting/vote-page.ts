import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ApiFailure } from '../api/api-result';
import { ElectionStore } from '../shared/election-store';
import { SecretVote } from './secret-vote';
import { VoteForm } from './vote-form';

/*
 * Element ids: election-load-error (with a retry button), vote-phase (why voting is unavailable: no election
 * yet, not open yet, or closed, with a link to the results), then those of the secret flow (secret-vote.ts)
 * or of the open form (vote-form.ts), by the election's scheme, while the election is open.
 */

@Component({
  selector: 'app-vote-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SecretVote, VoteForm, RouterLink],
  template: `
    <section class="panel" aria-labelledby="vote-heading">
      <h1 id="vote-heading" i18n="@@vote.page.heading">Cast your ballot</h1>

      @if (!store.election() && !store.awaitingSetup() && store.failure(); as failure) {
        <p id="election-load-error" class="notice error" role="alert">
          @if (noElectionYet(failure)) {
            <ng-container i18n="@@vote.page.noElection">No election exists on this node yet, so there is nothing to vote on.</ng-container>
          } @else {
            <ng-container i18n="@@vote.page.loadError">Could not load the election: {{ failure.message }}</ng-container>
          }
          <button type="button" class="secondary" (click)="store.reload()" [disabled]="store.loading()" i18n="@@vote.page.retry">
            Try again
          </button>
        </p>
      }

      @if (store.awaitingSetup()) {
        <p id="vote-phase" class="notice info" i18n="@@vote.page.setup">
          No election exists on this node yet, so there is nothing to vote on. Once the election authority has created it, the vote page
          offers it here.
        </p>
      } @else if (store.election(); as e) {
        @switch (e.phase) {
          @case ('draft') {
            <p id="vote-phase" class="notice info">
              <ng-container i18n="@@vote.page.draft"
                >The election is not open yet: voting starts when the election authority opens it.</ng-container
              >
              <button type="button" class="secondary" (click)="store.reload()" [disabled]="store.loading()" i18n="@@vote.page.checkAgain">
                Check again
              </button>
            </p>
          }
          @case ('closed') {
            <p id="vote-phase" class="notice info" i18n="@@vote.page.closed">
              The election is closed: no more ballots are accepted. <a routerLink="/results">See the results</a>. If you voted, your
              tracking code still checks your ballot on the <a routerLink="/verify">Verify page</a>.
            </p>
          }
          @default {
            @if (e.scheme === 'secret') {
              <app-secret-vote [election]="e" />
            } @else {
              <app-vote-form />
            }
          }
        }
      } @else if (!store.failure()) {
        <p class="hint" role="status" i18n="@@vote.page.loading">Loading the election…</p>
      }
    </section>
  `,
})
export class VotePage {
  protected readonly store = inject(ElectionStore);

  constructor() {
    // The phase moves while the portal is open; this page must not act on a stale one.
    this.store.reload();
  }

  /** A node without an election answers 404 or 503 no-election to an older portal's paths: that is not a fault. */
  protected noElectionYet(failure: ApiFailure): boolean {
    return failure.error === 'no-election' || failure.status === 404;
  }
}
