import { Transform } from 'class-transformer';
import { trimVoterId } from '../../../protocol/voter-id';

/**
 * A voter ID as a voter typed or pasted it, without the whitespace around it, before any format check: the
 * spaces are a slip, not part of the ID. Any other value is left for the checks to refuse.
 */
export const TrimVoterId = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? trimVoterId(value) : value));
