import { Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { join } from 'node:path';
import { HASH_PATTERN } from '../../protocol';
import { type AuditResponse, type ElectionInfo, type HeaderResponse, type ReceiptStatus } from '../../api/http';
import { LifecycleService } from '../authority/lifecycle.service';
import { AdminGuard } from '../common/admin.guard';
import { BadInputError } from '../common/domain-errors';
import { IntParamPipe } from '../common/int-query.pipe';
import { CLIENT_ROOT } from '../common/paths';
import { ChainService } from '../chain/chain.service';
import { ElectionContext } from '../common/election-context';
import { NodeIdentity } from '../common/node-identity';
import { wantsPortal } from '../common/wants-portal';
import { ReceiptService } from '../voting/receipt.service';
import { buildResultsExport } from './build-results-export';
import { ElectionService } from './election.service';
import { resultsCsv } from './results-csv';
import type { ResultsExport } from '../../api/http';

@ApiTags('election')
@Controller()
export class ElectionController {
  constructor(
    private readonly election: ElectionService,
    private readonly lifecycle: LifecycleService,
    private readonly receipts: ReceiptService,
    private readonly chain: ChainService,
    private readonly context: ElectionContext,
    private readonly identity: NodeIdentity,
  ) {}

  @Get(['election', 'api/election'])
  @ApiOperation({ summary: 'The election manifest and its state: draft, open or closed' })
  info(@Req() req: Request, @Res() res: Response): void {
    if (wantsPortal(req)) return res.sendFile(join(CLIENT_ROOT, 'index.html'));
    res.json(this.election.info());
  }

  @Get(['results', 'api/results'])
  @ApiOperation({ summary: 'The tally this node computes from its main chain, the height it covers, and whether it is final' })
  results(@Req() req: Request, @Res() res: Response): void {
    if (wantsPortal(req)) return res.sendFile(join(CLIENT_ROOT, 'index.html'));
    res.json(this.election.results());
  }

  @Get('api/results.json')
  @ApiOperation({
    summary:
      'The final result as a file, with where its proofs are on the chain (the CLOSE, the partial decryptions) and the verifier command; 409 before the final result',
  })
  resultsJsonFile(@Res({ passthrough: true }) res: Response): ResultsExport {
    const exported = this.finalResults();
    res.attachment('election-results.json');
    return exported;
  }

  @Get('api/results.csv')
  @ApiOperation({ summary: 'The final result and where its proofs are on the chain, as CSV (text/csv); 409 before the final result' })
  resultsCsvFile(@Res({ passthrough: true }) res: Response): string {
    const csv = resultsCsv(this.finalResults());
    res.attachment('election-results.csv');
    res.type('text/csv; charset=utf-8');
    return csv;
  }

  @Get('api/audit')
  @ApiOperation({ summary: "Every peer's tally digest beside this node's; flags a disagreement" })
  audit(): Promise<AuditResponse> {
    return this.election.audit();
  }

  @Get('api/record')
  @ApiOperation({ summary: 'The election record (the whole main chain) for `npm run verify -- --record FILE`' })
  record(@Res() res: Response): Promise<void> {
    return this.election.streamRecord(res);
  }

  @Get('api/headers/:index')
  @ApiOperation({ summary: 'The main-chain block header at a height (CORS: voters’ browsers compare nodes)' })
  header(@Param('index', new IntParamPipe('index', undefined)) index: number): HeaderResponse {
    return this.election.header(index);
  }

  @Get('api/receipts/:code')
  @ApiOperation({ summary: 'A tracking code: unknown, pending, or confirmed with its merkle inclusion proof' })
  receipt(@Param('code') code: string): ReceiptStatus {
    if (!HASH_PATTERN.test(code)) throw new BadInputError('a tracking code is 64 lowercase hex digits');
    return this.receipts.receipt(code);
  }

  private finalResults(): ResultsExport {
    const { election } = this.context;
    return buildResultsExport(
      this.election.results(),
      { id: this.context.id, title: election.title, scheme: election.scheme, publicUrl: this.identity.publicUrl },
      this.chain,
    );
  }

  @Post('api/admin/open')
  @HttpCode(200)
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Open the election: a signed OPEN transaction, mined at once (authority node)' })
  async open(): Promise<ElectionInfo> {
    await this.lifecycle.open();
    return this.election.info();
  }

  @Post('api/admin/close')
  @HttpCode(200)
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Close the election: pending ballots first, then a signed CLOSE transaction (authority node)' })
  async close(): Promise<ElectionInfo> {
    await this.lifecycle.close();
    return this.election.info();
  }
}
