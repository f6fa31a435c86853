import { blockWork, prefersCandidate } from '../../protocol';

describe('prefersCandidate', () => {
  it.each<[number, number, boolean]>([
    [2, 1, true],
    [blockWork(2) + 1, blockWork(2), true],
    [1, 0, true],
    [1, 1, false],
    [0, 0, false],
    [blockWork(3), blockWork(3), false],
    [1, 2, false],
    [0, blockWork(1), false],
  ])('candidate work %i over current work %i → %s', (candidate, current, expected) => {
    expect(prefersCandidate(candidate, current)).toBe(expected);
  });

  it('prefers one harder block over fifteen easier ones, and not over sixteen (a tie)', () => {
    const harder = blockWork(2);
    expect(prefersCandidate(harder, 15 * blockWork(1))).toBe(true);
    expect(prefersCandidate(harder, 16 * blockWork(1))).toBe(false);
  });
});
