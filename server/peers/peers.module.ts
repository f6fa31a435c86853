import { HttpModule } from '@nestjs/axios';
import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { VotingModule } from '../voting/voting.module';
import { PeerClient } from './peer-client';
import { PeerConduct } from './peer-conduct';
import { PeerContactMiddleware } from './peer-contact.middleware';
import { PeerStore } from './peer.store';
import { PeersController } from './peers.controller';
import { PeersService } from './peers.service';
import { SyncService } from './sync.service';

@Module({
  imports: [HttpModule, ChainModule, VotingModule],
  controllers: [PeersController],
  providers: [PeerStore, PeerClient, PeerConduct, SyncService, PeersService],
  exports: [PeersService, PeerClient, SyncService],
})
export class PeersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Only the routes other nodes call: voters' and the portal's requests skip it.
    consumer.apply(PeerContactMiddleware).forRoutes(
      ...['register_node', 'add_block', 'chain', 'pending_tx', 'api/status', 'api/chain/hashes', 'api/gossip/ballots'].map((path) => ({
        path,
        method: RequestMethod.ALL,
      })),
    );
  }
}
