import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiQuery, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { isWellFormedVoterId, type SealedBallot, type Transaction, trackingCode } from '../../protocol';
import { trimVoterId } from '../../protocol/voter-id';
import { type BallotAccepted, type BallotStatus, type SealedBallotAccepted } from '../../api/http';
import { BadInputError } from '../common/domain-errors';
import { IntParamPipe } from '../common/int-query.pipe';
import { sha256 } from '../../node-crypto/sha256';
import { CastBallotDto } from './dto/cast-ballot.dto';
import { TransactionShapePipe } from './transaction-shape.pipe';
import { ReceiptService } from './receipt.service';
import { VotingService } from './voting.service';

@ApiTags('voting')
@Controller()
export class VotingController {
  constructor(
    private readonly voting: VotingService,
    private readonly receipts: ReceiptService,
  ) {}

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

  @Post('api/sealed-ballots')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Cast a sealed ballot (its choice encrypted to the election key, with proofs; signed by its ballot key, certified by a credential). 201 means it is on disk.',
  })
  @ApiCreatedResponse({ description: 'ballot admitted; the tracking code hashes the whole ballot and does not show the choice' })
  @ApiConflictResponse({ description: 'already-used, election-not-open, election-closed or ceremony-incomplete' })
  @ApiUnprocessableEntityResponse({
    description: 'bad-credential, bad-ballot-signature, sealed-entry-proof, sealed-sum-proof, sealed-encoding',
  })
  async castSealed(@Body(new TransactionShapePipe(['sealed-ballot'])) ballot: Transaction): Promise<SealedBallotAccepted> {
    const stored = await this.voting.castSealed(ballot as SealedBallot);
    return { message: 'Your ballot is stored', tracking_code: trackingCode(stored, sha256) };
  }

  @Post('api/trustees/transactions')
  @HttpCode(201)
  @ApiOperation({
    summary: "A trustee's signed step of the key ceremony, or its partial decryption of the result. 201 means it is on disk.",
  })
  @ApiCreatedResponse({ description: 'admitted; it is on chain once mined' })
  @ApiConflictResponse({ description: 'already-used, ceremony-out-of-order, election-not-open, already-decrypted' })
  @ApiUnprocessableEntityResponse({ description: 'bad-trustee-signature, bad-commitment-proof, bad-decryption-proof, ceremony-malformed' })
  async trusteeStep(
    @Body(new TransactionShapePipe(['ceremony', 'decryption'])) tx: Transaction,
  ): Promise<{ message: string; tracking_code: string }> {
    const stored = await this.voting.submitTrustee(tx);
    return { message: 'Stored', tracking_code: trackingCode(stored, sha256) };
  }

  @Get('pending_tx')
  @ApiOperation({ summary: 'Transactions waiting to be mined, oldest first (seed API)' })
  @ApiQuery({ name: 'limit', required: false, description: 'at most this many (default: all)' })
  pending(@Query('limit', new IntParamPipe('limit', 0)) limit: number): Transaction[] {
    return this.voting.pending(limit === 0 ? undefined : limit);
  }

  @Get('api/ballots/:voterId')
  @ApiOperation({ summary: "An open-scheme voter's ballot: unknown, pending, or confirmed in block N with K confirmations" })
  ballot(@Param('voterId') typed: string): BallotStatus {
    const voterId = trimVoterId(typed);
    if (!isWellFormedVoterId(voterId)) throw new BadInputError('malformed voter ID');
    // Looked up as cast: under the roll's own spelling.
    return this.receipts.ballotStatus(this.voting.voterIdOnChain(voterId));
  }
}
