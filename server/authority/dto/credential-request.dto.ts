import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { BASE64URL_PATTERN, MAX_VOTER_ID_LENGTH, VOTER_ID_PATTERN } from '../../../protocol';
import { type CredentialRequest } from '../../../api/http';
import { TrimVoterId } from '../../voting/dto/trim-voter-id';

/** A voter proves eligibility (ID + activation code) and sends a blinded ballot key to be signed. */
export class CredentialRequestDto implements CredentialRequest {
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

  @ApiProperty({ example: 'ABCD-EFGH-JKMN-PQRS', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  code: string;

  @ApiProperty({ description: 'RFC 9474 blinded message, base64url' })
  @IsString()
  @Matches(BASE64URL_PATTERN, { message: 'blinded_message must be base64url' })
  blinded_message: string;
}
