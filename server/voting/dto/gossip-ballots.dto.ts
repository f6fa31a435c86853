import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_PARTY_LENGTH, MAX_VOTER_ID_LENGTH } from '../../../protocol';

export class GossipBallotDto {
  @ApiProperty() @IsString() @MaxLength(MAX_VOTER_ID_LENGTH) voter_id: string;
  @ApiProperty() @IsString() @MaxLength(MAX_PARTY_LENGTH) party: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) timestamp: number;
}

/** Ballots a peer admitted, forwarded with their original timestamps. */
export class GossipBallotsDto {
  @ApiProperty({ type: [GossipBallotDto] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => GossipBallotDto)
  ballots: GossipBallotDto[];
}
