import { type PipeTransform } from '@nestjs/common';
import { kindOf, type Transaction, type TransactionKind, transactionShapeProblem } from '../../protocol';
import { BadInputError } from '../common/domain-errors';

/**
 * Bodies that are transactions in the protocol's own wire form (sealed ballots, the trustees' steps) are
 * checked by the protocol's shape rule, the one gossip and blocks go through, and must be of the route's kinds.
 */
export class TransactionShapePipe implements PipeTransform<unknown, Transaction> {
  constructor(private readonly kinds: readonly TransactionKind[]) {}

  transform(value: unknown): Transaction {
    const problem = transactionShapeProblem(value);
    if (problem) throw new BadInputError(problem);
    const tx = value as Transaction;
    if (!this.kinds.includes(kindOf(tx))) throw new BadInputError(`this route takes ${this.kinds.join(' or ')} transactions`);
    return tx;
  }
}
