import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_PARTY_LENGTH, MAX_VOTER_ID_LENGTH, VOTER_ID_PATTERN } from '../../../protocol';
import { TrimVoterId } from './trim-voter-id';

/**
 * The seed's `POST /new_transaction` body. The node sets the timestamp, and the voter ID's spelling: the
 * roll's own, whatever the case typed (VotingService.voterIdOnChain).
 */
export class CastBallotDto {
  @ApiProperty({
    example: 'VOID001',
    maxLength: MAX_VOTER_ID_LENGTH,
    description: 'matched to the roll in any case, spaces around it ignored',
  })
  @TrimVoterId()
  @IsString()
  @MaxLength(MAX_VOTER_ID_LENGTH)
  @Matches(VOTER_ID_PATTERN, { message: 'voter_id must be letters, digits or . _ : - (starting with a letter or digit)' })
  voter_id: string;

  @ApiProperty({ example: 'Democratic Party', maxLength: MAX_PARTY_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PARTY_LENGTH)
  party: string;
}
