import { Injectable, PipeTransform } from '@nestjs/common';
import { type Block, blockShapeProblem } from '../../protocol';
import { BadInputError } from '../common/domain-errors';

/** `POST /add_block` bodies are checked by the protocol's own shape rule, the one used on synced data. */
@Injectable()
export class BlockShapePipe implements PipeTransform<unknown, Block> {
  transform(value: unknown): Block {
    const problem = blockShapeProblem(value);
    if (problem) throw new BadInputError(problem);
    return value as Block;
  }
}
