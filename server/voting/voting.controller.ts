import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type Ballot, type BallotAccepted, type BallotStatus, type ElectionInfo, isWellFormedVoterId, type ResultsResponse } from '../../protocol';
import { BadInputError } from '../common/domain-errors';
import { IntParamPipe } from '../common/int-query.pipe';
import { CastBallotDto } from './dto/cast-ballot.dto';
import { VotingService } from './voting.service';

@ApiTags('voting')
@Controller()
export class VotingController {
  constructor(private readonly voting: VotingService) {}

  @Post('new_transaction')
  @HttpCode(201)
  @ApiOperation({ summary: 'Cast a ballot (seed API). 201 means it is on disk.' })
  @ApiCreatedResponse({ description: 'ballot admitted to the pool' })
  @ApiConflictResponse({ description: 'duplicate-voter: this voter ID already voted' })
  @ApiUnprocessableEntityResponse({ description: 'not-on-roll or unknown-party' })
  async cast(@Body() dto: CastBallotDto): Promise<BallotAccepted> {
    const ballot = await this.voting.cast(dto.voter_id, dto.party);
    return { message: 'Success', ballot };
  }

  @Get('pending_tx')
  @ApiOperation({ summary: 'Ballots waiting to be mined, oldest first (seed API)' })
  @ApiQuery({ name: 'limit', required: false, description: 'at most this many (default: all)' })
  pending(@Query('limit', new IntParamPipe('limit', 0)) limit: number): Ballot[] {
    return this.voting.pending(limit === 0 ? undefined : limit);
  }

  @Get('api/election')
  @ApiOperation({ summary: 'The election this node runs' })
  election(): ElectionInfo {
    return this.voting.electionInfo();
  }

  @Get('api/results')
  @ApiOperation({ summary: 'Tally of mined ballots, with the height it covers and the pending count' })
  results(): ResultsResponse {
    return this.voting.results();
  }

  @Get('api/ballots/:voterId')
  @ApiOperation({ summary: "A voter's ballot: unknown, pending, or confirmed in block N with K confirmations" })
  ballot(@Param('voterId') voterId: string): BallotStatus {
    if (!isWellFormedVoterId(voterId)) throw new BadInputError('malformed voter ID');
    return this.voting.ballotStatus(voterId);
  }
}
