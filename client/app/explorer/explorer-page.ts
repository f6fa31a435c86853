import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ElectionStore } from '../shared/election-store';
import { BlockDetail } from './block-detail';
import { BlockList } from './block-list';
import { VoterLookup } from './voter-lookup';

@Component({
  selector: 'app-explorer-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VoterLookup, BlockList, BlockDetail, RouterLink],
  template: `
    <h1>Explorer</h1>
    <!-- A secret ballot carries no voter ID: it is found by its tracking code instead. -->
    @if (election.election()?.scheme === 'secret') {
      <section class="panel" aria-labelledby="find-ballot-heading">
        <h2 id="find-ballot-heading">Find a ballot</h2>
        <p>
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
  `,
})
export class ExplorerPage {
  protected readonly election = inject(ElectionStore);
  protected readonly selected = signal<number | null>(null);
}
