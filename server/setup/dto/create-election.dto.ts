import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_DIFFICULTY, MAX_PARTY_LENGTH } from '../../../protocol';

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
}
