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
import { HashText } from '../shared/hash-text';
import { LocalTimePipe } from '../shared/local-time';
import { TransactionsTable } from '../shared/transactions-table';
import { blockCheckPassed, checkBlock } from './block-check';

@Component({
  selector: 'app-block-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TransactionsTable, HashText, LocalTimePipe],
  templateUrl: './block-detail.html',
})
export class BlockDetail {
  private readonly api = inject(ChainApi);
  private readonly injector = inject(Injector);
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');

  readonly index = input.required<number>();
  readonly closeDetail = output<void>();

  protected readonly block = signal<Block | null>(null);
  protected readonly failure = signal<ApiFailure | null>(null);
  protected readonly loading = signal(false);
  protected readonly check = computed(() => {
    const block = this.block();
    if (!block) return null;
    const result = checkBlock(block);
    return { ...result, passed: blockCheckPassed(result) };
  });

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
    return failure.error === 'not-found' ? `Block #${this.index()} does not exist on this node.` : describeFailure(failure);
  }
}
