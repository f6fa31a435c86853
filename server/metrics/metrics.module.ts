import { Module } from '@nestjs/common';
import { ChainModule } from '../chain/chain.module';
import { PeersModule } from '../peers/peers.module';
import { VotingModule } from '../voting/voting.module';
import { MetricsController } from './metrics.controller';
import { NodeGauges } from './node-gauges';

/** GET /metrics: what the services record (common/metrics.ts) and gauges of the node's state. */
@Module({
  imports: [ChainModule, VotingModule, PeersModule],
  controllers: [MetricsController],
  providers: [NodeGauges],
})
export class MetricsModule {}
