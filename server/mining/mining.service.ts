import { Injectable, Logger } from '@nestjs/common';
import { type Block, MAX_BALLOTS_PER_BLOCK, type MineResult, merkleRoot, searchNonce, validateBallot } from '../../protocol';
import type { TipRecord } from '../chain/chain.store';
import { ChainService } from '../chain/chain.service';
import { Clock } from '../common/clock';
import { DomainError, MiningInProgressError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { sha256 } from '../common/sha256';
import { VotingService } from '../voting/voting.service';

/** Nonces tried between two yields to the event loop, so a slow proof of work never stalls the API. */
const NONCES_PER_SLICE = 20_000;
const ATTEMPTS_WHEN_TIP_MOVES = 3;

/**
 * Builds a block from a snapshot of the pool, finds its proof of work, and hands it to the chain, which
 * re-checks every rule. Ballots that arrive meanwhile stay in the pool for the next block; the pool only
 * loses ballots when the chain confirms them.
 */
@Injectable()
export class MiningService {
  private readonly logger = new Logger(MiningService.name);
  private busy = false;

  constructor(
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
  ) {}

  get mining(): boolean {
    return this.busy;
  }

  async mine(): Promise<MineResult> {
    if (this.busy) throw new MiningInProgressError();
    this.busy = true;
    try {
      for (let attempt = 0; attempt < ATTEMPTS_WHEN_TIP_MOVES; attempt++) {
        const tip = this.chain.tip();
        const timestamp = Math.max(this.clock.nowSeconds(), tip.timestamp);
        // A ballot from a peer whose clock runs ahead waits in the pool until the block time allows it.
        const ballots = this.voting.pending(MAX_BALLOTS_PER_BLOCK).filter((b) => validateBallot(b, this.election.rules, timestamp).ok);
        if (ballots.length === 0) return { mined: false, message: 'No transactions to mine' };
        const block = await this.solve(tip, timestamp, ballots);
        if (block === null) continue; // another block became the tip while we worked: start again on it
        this.chain.acceptBlock(block);
        this.logger.log({ msg: 'mined block', index: block.index, hash: block.hash, ballots: ballots.length });
        return { mined: true, message: `Block #${block.index} is mined.`, index: block.index, hash: block.hash, ballots: ballots.length };
      }
      throw new DomainError(409, 'chain-moved', 'the chain kept moving while mining; try again');
    } finally {
      this.busy = false;
    }
  }

  /** Proof of work on the current tip; null if the tip changes before a nonce is found. */
  private async solve(tip: TipRecord, timestamp: number, ballots: Block['transactions']): Promise<Block | null> {
    const header = {
      index: tip.height + 1,
      timestamp,
      previous_hash: tip.hash,
      difficulty: this.election.election.difficulty,
      merkle_root: merkleRoot(ballots, sha256),
    };
    for (let from = 0; ; from += NONCES_PER_SLICE) {
      const found = searchNonce(header, from, NONCES_PER_SLICE, sha256);
      if (found) return { ...header, nonce: found.nonce, transactions: ballots, hash: found.hash };
      await new Promise((resolve) => setImmediate(resolve));
      if (this.chain.tip().hash !== tip.hash) return null;
    }
  }
}
