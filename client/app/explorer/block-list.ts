import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { from, map, mergeMap } from 'rxjs';
import type { BlockSummary } from '@api/http';
import { type ApiFailure, describeFailure, toResult } from '../api/api-result';
import { ChainApi } from '../api/chain-api';
import { HashText } from '../shared/hash-text';
import { LocalTimePipe } from '../shared/local-time';
import { BlockContents } from './block-contents';
import { type ContentCount, countByKind } from './transaction-kinds';

/** Blocks read at once to learn what they hold; the rest wait their turn. */
const CONTENT_READS = 4;

/** A row of the list: the block, and what it holds once known ('unknown' when it could not be read). */
interface BlockRow {
  block: BlockSummary;
  contents: readonly ContentCount[] | 'reading' | 'unknown';
}

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
  /** By block hash: what a block without ballots holds, which its summary does not say. */
  private readonly read = signal<ReadonlyMap<string, readonly ContentCount[] | 'unknown'>>(new Map());
  protected readonly rows = computed(() => this.blocks().map((block) => this.rowOf(block)));
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

  private rowOf(block: BlockSummary): BlockRow {
    const known = this.read().get(block.hash);
    if (known) return { block, contents: known };
    // A summary counts ballots only; a block with none holds credentials, the opening, the ceremony…
    if (block.ballots > 0) return { block, contents: [{ kind: 'ballot', count: block.ballots }] };
    return { block, contents: 'reading' };
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
        this.readContents(page);
      });
  }

  /** Reads the blocks of a page that hold no ballot, to say what they hold instead. */
  private readContents(page: readonly BlockSummary[]): void {
    const unread = page.filter((b) => b.index > 0 && b.ballots === 0 && !this.read().has(b.hash));
    from(unread)
      .pipe(
        mergeMap(
          (summary) =>
            this.api.block(summary.index).pipe(
              toResult(),
              map((result) => ({ summary, result })),
            ),
          CONTENT_READS,
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(({ summary, result }) => {
        const next = new Map(this.read());
        // The block at that height may have changed since the page was read: its contents then stay unknown.
        const same = result.ok && result.value.hash === summary.hash;
        next.set(summary.hash, same ? countByKind(result.value.transactions) : 'unknown');
        this.read.set(next);
      });
  }
}
