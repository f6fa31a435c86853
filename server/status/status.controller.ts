import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Health, NodeStatus } from '../../api/http';
import { ChainService } from '../chain/chain.service';
import { ElectionContext } from '../common/election-context';
import { NodeIdentity } from '../common/node-identity';
import { MiningService } from '../mining/mining.service';
import { PeersService } from '../peers/peers.service';
import { VotingService } from '../voting/voting.service';

const startedAt = Date.now();

@ApiTags('operations')
@Controller()
export class StatusController {
  constructor(
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly mining: MiningService,
    private readonly peers: PeersService,
    private readonly identity: NodeIdentity,
    private readonly election: ElectionContext,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the node answers and its database is readable' })
  health(): Health {
    return { status: 'ok', height: this.chain.tip().height, uptime_s: Math.round((Date.now() - startedAt) / 1000) };
  }

  @Get('api/status')
  @ApiOperation({ summary: 'Height, tip, work, pending ballots, peers and difficulty of this node' })
  status(): NodeStatus {
    const tip = this.chain.tip();
    return {
      node_id: this.identity.nodeId,
      public_url: this.identity.publicUrl,
      election: this.election.election.title,
      election_id: this.election.id,
      phase: this.chain.state().phase,
      height: tip.height,
      tip: tip.hash,
      cumulative_work: tip.cumulative_work,
      difficulty: this.election.election.difficulty,
      pending: this.voting.pendingCount(),
      peers: this.peers.urls().length,
      mining: this.mining.mining,
    };
  }
}
