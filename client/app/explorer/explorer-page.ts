import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { describeFailure } from '../api/api-result';
import { ElectionStore } from '../shared/election-store';
import { BlockDetail } from './block-detail';
import { BlockList } from './block-list';
import { VoterLookup } from './voter-lookup';

@Component({
  selector: 'app-explorer-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VoterLookup, BlockList, BlockDetail, RouterLink],
  template: `
    <h1 i18n="@@explorer.heading">Explorer</h1>
    <!-- A node in setup mode has no chain to show: asking it for blocks would only get an error. -->
    @if (election.awaitingSetup()) {
      <section id="explorer-no-election" class="panel" aria-labelledby="no-election-heading">
        <h2 id="no-election-heading" i18n="@@explorer.noElection.heading">No election yet</h2>
        <p i18n="@@explorer.noElection.text">
          This node has no election yet, so there are no blocks to explore. Once an admin creates the election on the
          <a routerLink="/admin">Admin page</a>, its genesis block and every block after it appear here.
        </p>
      </section>
    } @else if (election.election(); as e) {
      <!-- A secret ballot carries no voter ID: it is found by its tracking code instead. -->
      @if (e.scheme === 'secret') {
        <section class="panel" aria-labelledby="find-ballot-heading">
          <h2 id="find-ballot-heading" i18n="@@explorer.findBallot.heading">Find a ballot</h2>
          <p i18n="@@explorer.findBallot.secret">
            Ballots in this election carry no voter ID.
            <a id="explorer-verify-link" routerLink="/verify">Check a ballot by its tracking code</a>.
          </p>
        </section>
      } @else {
        <app-voter-lookup (openBlock)="selected.set($event)" />
      }
      <div class="explorer-grid">
        <app-block-list [selectedIndex]="selected()" (selectBlock)="selected.set($event)" />
        @let index = selected();
        @if (index !== null) {
          <app-block-detail [index]="index" (closeDetail)="selected.set(null)" />
        }
      </div>
    } @else if (election.failure(); as f) {
      <p class="notice error" role="alert" i18n="@@explorer.electionFailed">The election could not be loaded: {{ describeFailure(f) }}</p>
      <button id="explorer-retry" type="button" class="secondary" (click)="election.reload()" i18n="@@explorer.retry">Try again</button>
    } @else {
      <p class="hint" role="status" i18n="@@explorer.loadingElection">Loading the election…</p>
    }
  `,
})
export class ExplorerPage {
  protected readonly election = inject(ElectionStore);
  protected readonly selected = signal<number | null>(null);
  protected readonly describeFailure = describeFailure;

  constructor() {
    // The store may have been filled while the node was still in setup mode, and the election created since.
    if (this.election.awaitingSetup()) this.election.reload();
  }
}
