import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { MiningModule } from '../mining/mining.module';
import { PeersModule } from '../peers/peers.module';
import { VotingModule } from '../voting/voting.module';
import { AuthorityController } from './authority.controller';
import { AuthorityService } from './authority.service';
import { AuthorityStore } from './authority.store';

@Module({
  imports: [ChainModule, VotingModule, MiningModule, PeersModule],
  controllers: [AuthorityController],
  providers: [AuthorityStore, AuthorityService],
  exports: [AuthorityService],
})
export class AuthorityModule {}
