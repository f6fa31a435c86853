import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { VotingModule } from '../voting/voting.module';
import { MiningController } from './mining.controller';
import { MiningService } from './mining.service';

@Module({
  imports: [ChainModule, VotingModule],
  controllers: [MiningController],
  providers: [MiningService],
  exports: [MiningService],
})
export class MiningModule {}
