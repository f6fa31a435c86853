import type { Block, Transaction } from '../../protocol';

/** Emitted after a block is stored; `main` tells whether it is now the tip of the main chain. */
export interface BlockStoredEvent {
  type: 'block-stored';
  block: Block;
  main: boolean;
}

/** Emitted after a reorganisation returned transactions of abandoned blocks to the pool. */
export interface TransactionsRestoredEvent {
  type: 'transactions-restored';
  transactions: Transaction[];
}

export type ChainEvent = BlockStoredEvent | TransactionsRestoredEvent;
