import { type PipeTransform, Injectable } from '@nestjs/common';
import { type Transaction, transactionShapeProblem } from '../../../protocol';
import { BadInputError } from '../../common/domain-errors';

/** At most this many transactions per gossip request. */
const MAX_GOSSIP_BATCH = 10_000;

/** Transactions a peer admitted, forwarded as they are: `{ ballots: Transaction[] }`, shape-checked here. */
@Injectable()
export class GossipBallotsPipe implements PipeTransform<unknown, Transaction[]> {
  transform(value: unknown): Transaction[] {
    const ballots = (value as { ballots?: unknown } | null)?.ballots;
    if (!Array.isArray(ballots) || Object.keys(value as object).length !== 1) throw new BadInputError('body must be { "ballots": [...] }');
    if (ballots.length > MAX_GOSSIP_BATCH) throw new BadInputError(`at most ${MAX_GOSSIP_BATCH} transactions per request`);
    for (const tx of ballots) {
      const problem = transactionShapeProblem(tx);
      if (problem) throw new BadInputError(problem);
    }
    return ballots as Transaction[];
  }
}
