import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { GroupCommit } from './group-commit';
import { PoolStore } from './pool.store';
import { ReceiptService } from './receipt.service';
import { VotingController } from './voting.controller';
import { VotingService } from './voting.service';

@Module({
  imports: [ChainModule],
  controllers: [VotingController],
  providers: [PoolStore, GroupCommit, VotingService, ReceiptService],
  exports: [VotingService, ReceiptService],
})
export class VotingModule {}
