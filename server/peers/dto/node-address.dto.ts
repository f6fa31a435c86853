import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of the seed's `register_node` and `register_with`. */
export class NodeAddressDto {
  @ApiProperty({ example: 'http://127.0.0.1:8000' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  node_address: string;
}
