import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { BlockSummary } from '@api/http';
import { type ApiFailure, describeFailure, toResult } from '../api/api-result';
import { ChainApi } from '../api/chain-api';
import { HashText } from '../shared/hash-text';
import { LocalTimePipe } from '../shared/local-time';
import { BlockContents } from './block-contents';

@Component({
  selector: 'app-block-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HashText, LocalTimePipe, BlockContents],
  templateUrl: './block-list.html',
})
export class BlockList {
  private readonly api = inject(ChainApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly selectedIndex = input<number | null>(null);
  readonly selectBlock = output<number>();

  protected readonly blocks = signal<readonly BlockSummary[]>([]);
  protected readonly height = signal<number | null>(null);
  protected readonly loading = signal(false);
  protected readonly failure = signal<ApiFailure | null>(null);
  protected readonly hasOlder = computed(() => {
    const last = this.blocks().at(-1);
    return last !== undefined && last.index > 0;
  });
  protected readonly describeFailure = describeFailure;

  constructor() {
    this.loadNewest();
  }

  protected loadNewest(): void {
    this.load(undefined);
  }

  protected loadOlder(): void {
    const last = this.blocks().at(-1);
    if (last) this.load(last.index);
  }

  private load(before: number | undefined): void {
    if (this.loading()) return;
    this.loading.set(true);
    this.api
      .blocks(before)
      .pipe(toResult(), takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        this.loading.set(false);
        if (!result.ok) {
          this.failure.set(result.failure);
          return;
        }
        this.failure.set(null);
        this.height.set(result.value.height);
        const page = result.value.blocks;
        // `before` is exclusive on the node; the filter keeps each index once even if a page overlaps.
        this.blocks.set(before === undefined ? page : [...this.blocks(), ...page.filter((b) => b.index < before)]);
      });
  }
}
