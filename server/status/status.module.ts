import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { MiningModule } from '../mining/mining.module';
import { PeersModule } from '../peers/peers.module';
import { VotingModule } from '../voting/voting.module';
import { StatusController } from './status.controller';

@Module({
  imports: [ChainModule, VotingModule, MiningModule, PeersModule],
  controllers: [StatusController],
})
export class StatusModule {}
