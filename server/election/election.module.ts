import { Module } from '@nestjs/common';
import { AuthorityModule } from '../authority/authority.module';
import { ChainModule } from '../chain/chain.module';
import { MiningModule } from '../mining/mining.module';
import { PeersModule } from '../peers/peers.module';
import { VotingModule } from '../voting/voting.module';
import { ElectionController } from './election.controller';
import { ElectionService } from './election.service';
import { DemoTrustees } from './demo-trustees.service';
import { SealedTallyService } from './sealed-tally.service';

@Module({
  imports: [ChainModule, VotingModule, PeersModule, AuthorityModule, MiningModule],
  controllers: [ElectionController],
  providers: [ElectionService, SealedTallyService, DemoTrustees],
  exports: [SealedTallyService],
})
export class ElectionModule {}
