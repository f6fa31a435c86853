import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { switchMap, tap } from 'rxjs';
import type { Block } from '@protocol/types';
import { type ApiFailure, describeFailure, toResult } from '../api/api-result';
import { ChainApi } from '../api/chain-api';
import { ElectionStore } from '../shared/election-store';
import { HashText } from '../shared/hash-text';
import { LocalTimePipe } from '../shared/local-time';
import { TransactionsTable } from '../shared/transactions-table';
import { blockCheckPassed, checkBlock, checkGenesis } from './block-check';
import { BlockContents } from './block-contents';
import { ElectionManifest } from './election-manifest';
import { countByKind } from '@protocol/transaction-kinds';

@Component({
  selector: 'app-block-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TransactionsTable, HashText, LocalTimePipe, BlockContents, ElectionManifest],
  templateUrl: './block-detail.html',
})
export class BlockDetail {
  private readonly api = inject(ChainApi);
  private readonly injector = inject(Injector);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');
  private readonly store = inject(ElectionStore);

  readonly index = input.required<number>();
  readonly closeDetail = output<void>();

  protected readonly block = signal<Block | null>(null);
  protected readonly failure = signal<ApiFailure | null>(null);
  protected readonly loading = signal(false);
  protected readonly check = computed(() => {
    const block = this.block();
    if (!block || block.election) return null;
    const result = checkBlock(block);
    return { ...result, passed: blockCheckPassed(result) };
  });
  /** The genesis block is not mined: it checks out when its hash and header are those of its manifest. */
  protected readonly genesisCheck = computed(() => {
    const block = this.block();
    return block?.election ? checkGenesis(block) : null;
  });
  protected readonly contents = computed(() => countByKind(this.block()?.transactions ?? []));
  /** Names the key column for what it holds in this election, even in a block without ballots. */
  protected readonly scheme = computed(() => this.store.election()?.scheme ?? null);
  protected readonly emptyText = $localize`:@@explorer.detail.noTransactions:No transactions in this block.`;

  protected caption(block: Block): string {
    return $localize`:@@explorer.detail.caption:Transactions in block #${block.index}:index: (${block.transactions.length}:count:)`;
  }

  constructor() {
    toObservable(this.index)
      .pipe(
        tap(() => {
          this.loading.set(true);
          this.failure.set(null);
        }),
        switchMap((index) => this.api.block(index).pipe(toResult())),
        takeUntilDestroyed(),
      )
      .subscribe((result) => {
        this.loading.set(false);
        this.block.set(result.ok ? result.value : null);
        this.failure.set(result.ok ? null : result.failure);
        // On a phone the detail sits below the list: bring it (and screen-reader focus) to it.
        afterNextRender(() => this.heading()?.nativeElement.focus(), { injector: this.injector });
      });
  }

  protected failureText(failure: ApiFailure): string {
    return failure.error === 'not-found'
      ? $localize`:@@explorer.detail.notFound:Block #${this.index()}:index: does not exist on this node.`
      : describeFailure(failure);
  }
}
