import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_DIFFICULTY, MAX_PARTY_LENGTH, MAX_TRUSTEES, type TrusteeSpec } from '../../../protocol';

/** What the admin enters to create an election; the roll comes as the text of a CSV file. */
export class CreateElectionDto {
  @ApiProperty({ example: 'Student council 2026', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: ['Alpha', 'Beta'] })
  @IsString({ each: true })
  @MaxLength(MAX_PARTY_LENGTH, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  parties: string[];

  @ApiProperty({ example: 2, minimum: 0, maximum: MAX_DIFFICULTY })
  @IsInt()
  @Min(0)
  @Max(MAX_DIFFICULTY)
  difficulty: number;

  @ApiProperty({ enum: ['secret', 'open'], default: 'secret' })
  @IsIn(['secret', 'open'])
  scheme: 'secret' | 'open';

  @ApiProperty({ description: 'CSV with a voter_id column (or one column of voter IDs)', example: 'voter_id\nV001\nV002\n' })
  @IsString()
  @MaxLength(32 * 1024 * 1024)
  roll_csv: string;

  // A secret election is sealed: either its trustees, or for a trial a number of trustees this node holds.
  // Their details are checked with the rest of the definition (definitionProblems).
  @ApiProperty({
    required: false,
    description: 'A secret election’s trustees, each as `npm run trustee -- init` printed it',
    example: [{ name: 'Alice', signing_key: '…', share_key: '…' }],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TRUSTEES)
  trustees?: TrusteeSpec[];

  @ApiProperty({
    required: false,
    minimum: 1,
    maximum: MAX_TRUSTEES,
    description: 'Instead of trustees, for a trial only: how many trustees this node holds itself (it can then decrypt every ballot)',
  })
  @IsOptional()
  @IsInt()
  demo_trustees?: number;

  @ApiProperty({ required: false, minimum: 1, description: 'How many trustees decrypt the result (default: all of them)' })
  @IsOptional()
  @IsInt()
  threshold?: number;

  @ApiProperty({ required: false, default: false, description: 'Offer a blank vote' })
  @IsOptional()
  @IsBoolean()
  blank?: boolean;
}
