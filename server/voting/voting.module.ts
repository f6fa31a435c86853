import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { PoolStore } from './pool.store';
import { VotingController } from './voting.controller';
import { VotingService } from './voting.service';

@Module({
  imports: [ChainModule],
  controllers: [VotingController],
  providers: [PoolStore, VotingService],
  exports: [VotingService],
})
export class VotingModule {}
