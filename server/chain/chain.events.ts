import type { Ballot, Block } from '../../protocol';

/** Emitted after a block is stored; `main` tells whether it is now the tip of the main chain. */
export interface BlockStoredEvent {
  type: 'block-stored';
  block: Block;
  main: boolean;
}

/** Emitted after a reorganisation returned ballots of abandoned blocks to the pool. */
export interface BallotsRestoredEvent {
  type: 'ballots-restored';
  ballots: Ballot[];
}

export type ChainEvent = BlockStoredEvent | BallotsRestoredEvent;
