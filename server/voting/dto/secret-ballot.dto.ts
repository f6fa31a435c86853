import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { BASE64URL_PATTERN, MAX_PARTY_LENGTH, type SecretBallot } from '../../../protocol';

const base64url = { message: '$property must be base64url' };

/** A secret ballot as the voter's browser builds it: signed by its ballot key, certified by the credential. */
export class SecretBallotDto implements SecretBallot {
  @ApiProperty({ enum: ['ballot'] })
  @IsIn(['ballot'])
  type: 'ballot';

  @ApiProperty({ example: 'Democratic Party', maxLength: MAX_PARTY_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PARTY_LENGTH)
  party: string;

  @ApiProperty({ description: 'Ed25519 public key, raw 32 bytes, base64url' })
  @IsString()
  @Matches(BASE64URL_PATTERN, base64url)
  ballot_key: string;

  @ApiProperty({ description: 'the authority’s finalised blind signature on the ballot key, base64url' })
  @IsString()
  @Matches(BASE64URL_PATTERN, base64url)
  credential: string;

  @ApiProperty({ description: 'Ed25519 signature of the ballot key over the election and party, base64url' })
  @IsString()
  @Matches(BASE64URL_PATTERN, base64url)
  signature: string;
}
