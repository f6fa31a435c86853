import { blockWork, prefersCandidate } from '../../protocol';

const LOW = '0a'.repeat(32);
const HIGH = '0b'.repeat(32);

describe('prefersCandidate', () => {
  it.each<[number, number, boolean]>([
    [2, 1, true],
    [blockWork(2) + 1, blockWork(2), true],
    [1, 0, true],
    [1, 2, false],
    [0, blockWork(1), false],
  ])('candidate work %i over current work %i → %s, whatever the hashes', (candidate, current, expected) => {
    expect(prefersCandidate({ cumulativeWork: candidate, hash: HIGH }, { cumulativeWork: current, hash: LOW })).toBe(expected);
    expect(prefersCandidate({ cumulativeWork: candidate, hash: LOW }, { cumulativeWork: current, hash: HIGH })).toBe(expected);
  });

  it('breaks a tie of work by the lower tip hash, so every node picks the same tip', () => {
    const work = blockWork(3);
    expect(prefersCandidate({ cumulativeWork: work, hash: LOW }, { cumulativeWork: work, hash: HIGH })).toBe(true);
    expect(prefersCandidate({ cumulativeWork: work, hash: HIGH }, { cumulativeWork: work, hash: LOW })).toBe(false);
    expect(prefersCandidate({ cumulativeWork: work, hash: LOW }, { cumulativeWork: work, hash: LOW })).toBe(false);
  });

  it('prefers one harder block over fifteen easier ones, and not over sixteen (a tie) with a higher hash', () => {
    const harder = blockWork(2);
    expect(prefersCandidate({ cumulativeWork: harder, hash: HIGH }, { cumulativeWork: 15 * blockWork(1), hash: LOW })).toBe(true);
    expect(prefersCandidate({ cumulativeWork: harder, hash: HIGH }, { cumulativeWork: 16 * blockWork(1), hash: LOW })).toBe(false);
  });
});
