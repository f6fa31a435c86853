import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Block } from '../../protocol';
import type { BlockPage } from '../../api/http';
import { NotFoundError } from '../common/domain-errors';
import { IntParamPipe } from '../common/int-query.pipe';
import { ChainService } from './chain.service';

@ApiTags('explorer')
@Controller('api')
export class ChainController {
  constructor(private readonly chain: ChainService) {}

  @Get('blocks')
  @ApiOperation({ summary: 'Main-chain block summaries, newest first' })
  @ApiQuery({ name: 'before', required: false, description: 'exclusive upper bound on the index (default: tip + 1)' })
  @ApiQuery({ name: 'limit', required: false, description: '1-100, default 20' })
  blocks(
    @Query('before', new IntParamPipe('before', -1, -1)) before: number,
    @Query('limit', new IntParamPipe('limit', 20, 1, 100)) limit: number,
  ): BlockPage {
    const height = this.chain.tip().height;
    const upper = before < 0 ? height + 1 : before;
    return { height, blocks: this.chain.blockPage(upper, limit) };
  }

  @Get('blocks/:index')
  @ApiOperation({ summary: 'One main-chain block with its ballots' })
  @ApiOkResponse({ description: 'the block' })
  block(@Param('index', new IntParamPipe('index', undefined)) index: number): Block {
    const block = this.chain.blockAt(index);
    if (!block) throw new NotFoundError(`no block at index ${index}`);
    return block;
  }

  @Get('chain/hashes')
  @ApiOperation({ summary: 'Hashes of the main chain by index (used by peers to find the fork point)' })
  hashes(): string[] {
    return this.chain.mainHashes();
  }
}
