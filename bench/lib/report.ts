/* What the benchmark says: progress on stderr, and the figures of its one JSON line. */

/** Fields of the JSON line. */
export type Fields = Record<string, unknown>;

export function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
