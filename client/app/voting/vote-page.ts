import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ElectionStore } from '../shared/election-store';
import { SecretVote } from './secret-vote';
import { VoteForm } from './vote-form';

/*
 * Element ids: election-load-error (with a retry button), vote-phase (why voting is unavailable), then
 * those of the secret flow (secret-vote.ts) or of the open form (vote-form.ts), by the election's scheme.
 */

@Component({
  selector: 'app-vote-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SecretVote, VoteForm, RouterLink],
  template: `
    <section class="panel" aria-labelledby="vote-heading">
      <h1 id="vote-heading">Cast your ballot</h1>

      @if (!store.election() && store.failure(); as failure) {
        <p id="election-load-error" class="notice error" role="alert">
          Could not load the election: {{ failure.message }}
          <button type="button" class="secondary" (click)="store.reload()" [disabled]="store.loading()">Try again</button>
        </p>
      }

      @if (store.awaitingSetup()) {
        <p id="vote-phase" class="notice info">No election has been set up on this node yet.</p>
      } @else if (store.election(); as e) {
        @if (e.phase === 'draft') {
          <p id="vote-phase" class="notice info">
            The election is not open yet: voting starts when the election authority opens it.
            <button type="button" class="secondary" (click)="store.reload()" [disabled]="store.loading()">Check again</button>
          </p>
        } @else if (e.phase === 'closed') {
          <p id="vote-phase" class="notice info">
            The election is closed: no more ballots are accepted. <a routerLink="/results">See the results</a>.
          </p>
        }
        @if (e.scheme === 'secret') {
          <app-secret-vote [election]="e" />
        } @else {
          <app-vote-form />
        }
      } @else if (!store.failure()) {
        <p class="hint" role="status">Loading the election…</p>
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
}
