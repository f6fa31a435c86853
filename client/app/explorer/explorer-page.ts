import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { BlockDetail } from './block-detail';
import { BlockList } from './block-list';
import { VoterLookup } from './voter-lookup';

@Component({
  selector: 'app-explorer-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [VoterLookup, BlockList, BlockDetail],
  template: `
    <h1>Explorer</h1>
    <app-voter-lookup (openBlock)="selected.set($event)" />
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
  protected readonly selected = signal<number | null>(null);
}
