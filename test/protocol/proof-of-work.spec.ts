import { type BlockHeader, blockWork, encodeHeader, hashHeader, meetsDifficulty, searchNonce } from '../../protocol';
import { NOW, sha256 } from './fixtures';

const HEADER: Omit<BlockHeader, 'nonce'> = {
  index: 1,
  timestamp: NOW,
  previous_hash: 'a'.repeat(64),
  difficulty: 2,
  merkle_root: 'b'.repeat(64),
};

describe('hashHeader', () => {
  it('hashes the canonical header encoding', () => {
    const header = { ...HEADER, nonce: 5 };
    expect(hashHeader(header, sha256)).toBe(sha256(encodeHeader(header)));
  });
});

describe('meetsDifficulty', () => {
  const tail = 'f'.repeat(60);
  it.each<[string, number, boolean]>([
    ['f' + 'f'.repeat(63), 0, true],
    ['0' + 'f'.repeat(63), 1, true],
    ['f' + 'f'.repeat(63), 1, false],
    ['00ff' + tail, 2, true],
    ['00ff' + tail, 3, false],
    ['0f0f' + tail, 2, false],
    ['000f' + tail, 3, true],
    ['0000' + tail, 4, true],
    ['0000' + tail, 5, false],
    ['0'.repeat(64), 8, true],
    ['0'.repeat(64), 64, true],
    ['0'.repeat(8) + 'a'.repeat(56), 8, true],
    ['0'.repeat(7) + 'a'.repeat(57), 8, false],
    ['O0' + 'f'.repeat(62), 1, false], // a letter O is not a zero
  ])('%s at difficulty %i → %s', (hash, difficulty, expected) => {
    expect(meetsDifficulty(hash, difficulty)).toBe(expected);
  });

  it('is false when the hash is shorter than the difficulty', () => {
    expect(meetsDifficulty('00', 3)).toBe(false);
  });
});

describe('blockWork', () => {
  it.each<[number, number]>([
    [0, 1],
    [1, 16],
    [2, 256],
    [3, 4096],
    [8, 4_294_967_296],
  ])('difficulty %i proves %i hashes of work', (difficulty, work) => {
    expect(blockWork(difficulty)).toBe(work);
  });

  it('grows strictly with difficulty', () => {
    for (let d = 0; d < 8; d++) expect(blockWork(d + 1)).toBeGreaterThan(blockWork(d));
  });
});

describe('searchNonce', () => {
  it('finds the first nonce whose header hash meets the difficulty', () => {
    const found = searchNonce(HEADER, 0, 100_000, sha256);
    expect(found).not.toBeNull();
    const { nonce, hash } = found!;
    expect(hash).toBe(hashHeader({ ...HEADER, nonce }, sha256));
    expect(hash.startsWith('00')).toBe(true);
    for (let n = 0; n < nonce; n++) {
      expect(meetsDifficulty(hashHeader({ ...HEADER, nonce: n }, sha256), HEADER.difficulty)).toBe(false);
    }
  });

  it('returns null when no nonce in the range meets the difficulty', () => {
    const first = searchNonce(HEADER, 0, 100_000, sha256)!;
    // Deterministic: this header's first good nonce is not 0, so the range [0, first) holds none.
    expect(first.nonce).toBeGreaterThan(0);
    expect(searchNonce(HEADER, 0, first.nonce, sha256)).toBeNull();
    expect(searchNonce(HEADER, 0, first.nonce + 1, sha256)).toEqual(first);
  });

  it('searches only [from, from + tries)', () => {
    const first = searchNonce(HEADER, 0, 100_000, sha256)!;
    expect(searchNonce(HEADER, first.nonce, 1, sha256)).toEqual(first);
    const next = searchNonce(HEADER, first.nonce + 1, 100_000, sha256)!;
    expect(next.nonce).toBeGreaterThan(first.nonce);
    expect(searchNonce(HEADER, first.nonce + 1, next.nonce - first.nonce - 1, sha256)).toBeNull();
  });

  it('returns null for an empty range', () => {
    expect(searchNonce({ ...HEADER, difficulty: 0 }, 0, 0, sha256)).toBeNull();
  });

  it('accepts nonce `from` at difficulty 0', () => {
    const found = searchNonce({ ...HEADER, difficulty: 0 }, 17, 1, sha256);
    expect(found).toEqual({ nonce: 17, hash: hashHeader({ ...HEADER, difficulty: 0, nonce: 17 }, sha256) });
  });
});
