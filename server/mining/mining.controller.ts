import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../common/admin.guard';
import type { MineResult } from '../../api/http';
import { MiningService } from './mining.service';

@ApiTags('mining')
@Controller()
export class MiningController {
  constructor(private readonly mining: MiningService) {}

  @Get('mine')
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mine the pending ballots into a block (seed API)' })
  @ApiOkResponse({ description: '{ mined: true, index, hash, ballots } or { mined: false } when the pool is empty' })
  mine(): Promise<MineResult> {
    return this.mining.mine();
  }
}
