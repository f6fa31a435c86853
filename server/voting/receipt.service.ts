import { Injectable } from '@nestjs/common';
import { type Ballot, voterIdClaim } from '../../protocol';
import type { BallotStatus, ReceiptStatus } from '../../api/http';
import { ChainService } from '../chain/chain.service';
import { PoolStore } from './pool.store';

/** Where a ballot is: unknown, pending in the pool, or confirmed on the main chain with its proof. */
@Injectable()
export class ReceiptService {
  constructor(
    private readonly pool: PoolStore,
    private readonly chain: ChainService,
  ) {}

  /** An open-scheme voter's ballot: unknown, pending, or confirmed. */
  ballotStatus(voterId: string): BallotStatus {
    const claim = voterIdClaim(voterId);
    const entry = this.chain.confirmedByClaim(claim);
    const included = entry && this.chain.inclusion(entry);
    if (entry && included) {
      return {
        voter_id: voterId,
        status: 'confirmed',
        ballot: included.transaction as Ballot,
        block_index: entry.height,
        block_hash: included.block.hash,
        confirmations: this.chain.tip().height - entry.height + 1,
      };
    }
    const pending = this.pool.byClaim(claim) as Ballot | undefined;
    return pending ? { voter_id: voterId, status: 'pending', ballot: pending } : { voter_id: voterId, status: 'unknown' };
  }

  /** A tracking code: unknown, pending, or confirmed with its merkle inclusion proof. */
  receipt(code: string): ReceiptStatus {
    const entry = this.chain.confirmedByCode(code);
    const included = entry && this.chain.inclusion(entry);
    if (entry && included) {
      return {
        tracking_code: code,
        status: 'confirmed',
        transaction: included.transaction,
        block_index: entry.height,
        block_hash: included.block.hash,
        position: entry.position,
        proof: included.proof,
        confirmations: this.chain.tip().height - entry.height + 1,
      };
    }
    const pending = this.pool.byCode(code);
    return pending ? { tracking_code: code, status: 'pending', transaction: pending } : { tracking_code: code, status: 'unknown' };
  }
}
