import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Block, Transaction } from '../../protocol';
import type { PeerInfo, RegisterResult, SyncResult } from '../../api/http';
import { AdminGuard } from '../common/admin.guard';
import { ChainService } from '../chain/chain.service';
import { SignaturePrechecks } from '../chain/signature-prechecks';
import { UnknownParentError } from '../common/domain-errors';
import { IntParamPipe } from '../common/int-query.pipe';
import { GENESIS_HEADER, NODE_ID_HEADER, NODE_URL_HEADER } from '../common/node-identity';
import { GossipBallotsPipe } from '../voting/dto/gossip-ballots.pipe';
import { type GossipOutcome, VotingService } from '../voting/voting.service';
import { BlockShapePipe } from './block-shape.pipe';
import { streamMainChain } from '../chain/stream-chain';
import { NodeAddressDto } from './dto/node-address.dto';
import { FORGED_LOCAL } from './peer-push-gate';
import { PeersService } from './peers.service';
import { SyncService } from './sync.service';

@ApiTags('peers')
@Controller()
export class PeersController {
  constructor(
    private readonly peers: PeersService,
    private readonly sync: SyncService,
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly prechecks: SignaturePrechecks,
  ) {}

  @Get('chain')
  @ApiOperation({ summary: 'The main chain and peers (seed API); ?from=INDEX&limit=N returns a page' })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'limit', required: false })
  chainDump(
    @Query('from', new IntParamPipe('from', 0)) from: number,
    @Query('limit', new IntParamPipe('limit', 0)) limit: number,
    @Res() res: Response,
  ): Promise<void> {
    const peers = JSON.stringify(this.peers.urls());
    return streamMainChain(
      this.chain,
      res,
      { from, limit: limit === 0 ? undefined : limit },
      (length) => `{"length":${length},"chain":`,
      `,"peers":${peers}}`,
    );
  }

  @Post('register_node')
  @HttpCode(200)
  @ApiOperation({ summary: 'A node registers itself as our peer; answers with our chain (seed API)' })
  async registerNode(
    @Body() dto: NodeAddressDto,
    @Headers(NODE_ID_HEADER) nodeId: string | undefined,
    @Headers(GENESIS_HEADER) genesis: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await this.peers.acceptRegistration(dto.node_address, { nodeId, genesis });
    await this.chainDump(0, 0, res);
  }

  @Post('register_with')
  @HttpCode(200)
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Join the node at node_address: both become peers, the heavier valid chain wins (seed API)' })
  registerWith(@Body() dto: NodeAddressDto): Promise<RegisterResult> {
    return this.peers.registerWith(dto.node_address);
  }

  @Post('add_block')
  @ApiOperation({ summary: 'A peer announces a block (seed API): 201 added, 200 already known, 202 parent unknown (fetching)' })
  @ApiBody({ description: 'a block: index, transactions, timestamp, previous_hash, nonce, hash, difficulty, merkle_root' })
  async addBlock(
    @Body(BlockShapePipe) block: Block,
    @Headers(NODE_URL_HEADER) sender: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (!this.chain.hasBlock(block.hash)) await this.prechecks.preverify(block.transactions);
    try {
      const outcome = this.chain.acceptBlock(block);
      if (outcome === 'known') res.status(200).json({ message: 'Block already known' });
      else res.status(201).json({ message: 'Block added to the chain', outcome });
    } catch (e) {
      // We lack its ancestors: fetch them from the sender if it is one of our peers.
      if (e instanceof UnknownParentError && sender && this.peers.isPeer(sender)) {
        void this.sync.syncWith(sender).catch(() => undefined);
        res.status(202).json({ message: 'Parent unknown; fetching the missing blocks from the sender' });
        return;
      }
      throw e;
    }
  }

  @Get('api/peers')
  @ApiOperation({ summary: 'Known peers and their reachability' })
  list(): PeerInfo[] {
    return this.peers.list();
  }

  @Post('api/sync')
  @HttpCode(200)
  @ApiOperation({ summary: 'Catch up with every peer now' })
  resync(): Promise<SyncResult> {
    return this.sync.syncAll();
  }

  @Post('api/gossip/ballots')
  @HttpCode(200)
  @ApiOperation({ summary: 'A peer forwards transactions it admitted; each is re-checked here' })
  async gossip(@Body(GossipBallotsPipe) ballots: Transaction[], @Res({ passthrough: true }) res: Response): Promise<GossipOutcome> {
    const outcome = await this.voting.admitFromPeer(ballots);
    // For the push gate, which counts forged transactions against the peer that sent them.
    res.locals[FORGED_LOCAL] = outcome.forged;
    return outcome;
  }
}
