import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { MiningModule } from '../mining/mining.module';
import { PeersModule } from '../peers/peers.module';
import { VotingModule } from '../voting/voting.module';
import { AuthorityController } from './authority.controller';
import { AuthorityKeys } from './authority-keys';
import { AuthorityStore } from './authority.store';
import { CredentialService } from './credential.service';
import { LifecycleService } from './lifecycle.service';

@Module({
  imports: [ChainModule, VotingModule, MiningModule, PeersModule],
  controllers: [AuthorityController],
  providers: [AuthorityStore, AuthorityKeys, CredentialService, LifecycleService],
  exports: [AuthorityKeys, LifecycleService],
})
export class AuthorityModule {}
