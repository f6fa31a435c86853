import { Injectable, PipeTransform } from '@nestjs/common';
import { BadInputError } from './domain-errors';

/**
 * An optional integer query or path parameter with bounds. The global ValidationPipe has already turned
 * the text into a number (NaN when it was not one), so NaN is refused here rather than silently defaulted.
 */
@Injectable()
export class IntParamPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly name: string,
    private readonly fallback: number | undefined,
    private readonly min = 0,
    private readonly max = Number.MAX_SAFE_INTEGER,
  ) {}

  transform(value: unknown): number {
    if (value === undefined || value === '') {
      if (this.fallback === undefined) throw new BadInputError(`${this.name} is required`);
      return this.fallback;
    }
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n) || n < this.min || n > this.max) {
      throw new BadInputError(`${this.name} must be an integer from ${this.min} to ${this.max}`);
    }
    return n;
  }
}
