import { ONE } from './elgamal';
import { isIdentity, scalarOf, type SealedGroup } from './group';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => HEX[b]).join('');

/**
 * Counts from decrypted totals: the m in [0, max] with m·G = T, by baby-step giant-step. The table of
 * baby steps (about √max elements) is built once and serves every party's total; each search then takes
 * at most √max additions. For max = 10 000 000 that is about 3 200 steps each way. Anyone who is given a
 * count checks it with one multiplication; this search is only for whoever publishes the result.
 */
export class CountFinder {
  private readonly babySteps = new Map<string, number>();
  private readonly stride: number;
  /** −(stride·G): one giant step. */
  private readonly giantStep: Uint8Array;

  constructor(
    private readonly group: SealedGroup,
    private readonly max: number,
  ) {
    if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`max must be a non-negative integer, got ${max}`);
    this.stride = Math.max(1, Math.ceil(Math.sqrt(max + 1)));
    const generator = group.multiplyBase(ONE);
    // j·G for j = 1 … stride − 1; 0·G is the identity, looked for separately.
    let point = generator;
    for (let j = 1; j < this.stride; j++) {
      this.babySteps.set(hexOf(point), j);
      point = group.add(point, generator);
    }
    const strideG = group.multiplyBase(scalarOf(this.stride));
    this.giantStep = group.subtract(group.multiplyBase(scalarOf(0)), strideG);
  }

  /** The count m ≤ max with m·G = total, or null if there is none (the total is not a count of ballots). */
  find(total: Uint8Array): number | null {
    let point = total;
    for (let i = 0; i * this.stride <= this.max; i++) {
      const j = isIdentity(point) ? 0 : this.babySteps.get(hexOf(point));
      if (j !== undefined) {
        const m = i * this.stride + j;
        return m <= this.max ? m : null;
      }
      point = this.group.add(point, this.giantStep);
    }
    return null;
  }
}
