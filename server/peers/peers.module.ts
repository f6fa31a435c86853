import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { VotingModule } from '../voting/voting.module';
import { PeerClient } from './peer-client';
import { PeerStore } from './peer.store';
import { PeersController } from './peers.controller';
import { PeersService } from './peers.service';
import { SyncService } from './sync.service';

@Module({
  imports: [HttpModule, ChainModule, VotingModule],
  controllers: [PeersController],
  providers: [PeerStore, PeerClient, SyncService, PeersService],
  exports: [PeersService],
})
export class PeersModule {}
