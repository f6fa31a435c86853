import { Controller, Delete, Get, Header, HttpCode, HttpStatus, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type ElectionCreated } from '../../api/http';
import { AdminGuard } from '../common/admin.guard';
import { AppConfig } from '../common/app-config';
import { ElectionContext } from '../common/election-context';
import { forgetPendingCodes, readPendingCodes } from './pending-codes-file';

/**
 * The activation codes of an election created on the Admin page, served again to the admin until they
 * confirm they have stored them (see pending-codes-file.ts). Neither the codes nor their count are logged.
 */
@ApiTags('setup')
@Controller('api/admin/activation-codes')
@UseGuards(AdminGuard)
@ApiBearerAuth()
export class PendingCodesController {
  constructor(
    private readonly config: AppConfig,
    private readonly election: ElectionContext,
  ) {}

  @Get()
  // Secrets: no browser or proxy may keep a copy of the answer.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The activation codes of the election created on the Admin page, until their download is confirmed' })
  @ApiOkResponse({ description: 'The codes, as the creation answered them' })
  @ApiNoContentResponse({ description: 'None waiting: their download was confirmed, or the election was not created on the Admin page' })
  pending(@Res({ passthrough: true }) res: Response): ElectionCreated | undefined {
    const kept = readPendingCodes(this.config.dataDir);
    // Nothing waiting is the usual answer, not an error: the Admin page asks on every visit.
    if (!kept) {
      res.status(HttpStatus.NO_CONTENT);
      return undefined;
    }
    return { election_id: this.election.id, voters: kept.voters, codes_csv: kept.csv };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm the activation codes are stored elsewhere: the node deletes its copy' })
  confirm(): void {
    forgetPendingCodes(this.config.dataDir);
  }
}
