import { type Ballot, type BlockHeader, encodeBallot, encodeHeader, PROTOCOL_VERSION } from '../../protocol';
import { NOW } from './fixtures';

const BALLOT: Ballot = { voter_id: 'V001', party: 'Red', timestamp: NOW };
const HEADER: BlockHeader = {
  index: 7,
  timestamp: NOW,
  previous_hash: 'a'.repeat(64),
  nonce: 42,
  difficulty: 2,
  merkle_root: 'b'.repeat(64),
};

/** Same fields, keys inserted in reverse order. */
function reversedKeys<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}

describe('encodeBallot', () => {
  it('is a fixed-order JSON array of voter_id, party, timestamp', () => {
    expect(encodeBallot(BALLOT)).toBe(`["V001","Red",${NOW}]`);
  });

  it('is deterministic', () => {
    expect(encodeBallot({ ...BALLOT })).toBe(encodeBallot(BALLOT));
  });

  it('does not depend on the order of the object keys', () => {
    const reordered = reversedKeys(BALLOT);
    expect(Object.keys(reordered)).toEqual(['timestamp', 'party', 'voter_id']);
    expect(encodeBallot(reordered)).toBe(encodeBallot(BALLOT));
  });

  it('ignores fields that are not part of a ballot', () => {
    expect(encodeBallot({ ...BALLOT, extra: 1 } as Ballot)).toBe(encodeBallot(BALLOT));
  });

  it.each<[string, Partial<Ballot>]>([
    ['voter_id', { voter_id: 'V002' }],
    ['party', { party: 'Green' }],
    ['timestamp', { timestamp: NOW + 1 }],
    ['fractional timestamp', { timestamp: NOW + 0.5 }],
  ])('changes when %s changes', (_field, change) => {
    expect(encodeBallot({ ...BALLOT, ...change })).not.toBe(encodeBallot(BALLOT));
  });

  it('cannot be confused by separators inside a field', () => {
    // With naive concatenation "V0" + "01Red" and "V001" + "Red" would encode the same.
    expect(encodeBallot({ voter_id: 'V0', party: '01Red', timestamp: NOW })).not.toBe(encodeBallot(BALLOT));
    expect(encodeBallot({ voter_id: 'V001","Red', party: '', timestamp: NOW })).not.toBe(encodeBallot(BALLOT));
  });
});

describe('encodeHeader', () => {
  it('is a fixed-order JSON array led by the protocol version', () => {
    expect(JSON.parse(encodeHeader(HEADER))).toEqual([
      PROTOCOL_VERSION,
      HEADER.index,
      HEADER.previous_hash,
      HEADER.timestamp,
      HEADER.difficulty,
      HEADER.merkle_root,
      HEADER.nonce,
    ]);
  });

  it('is deterministic', () => {
    expect(encodeHeader({ ...HEADER })).toBe(encodeHeader(HEADER));
  });

  it('does not depend on the order of the object keys', () => {
    const reordered = reversedKeys(HEADER);
    expect(Object.keys(reordered)[0]).toBe('merkle_root');
    expect(encodeHeader(reordered)).toBe(encodeHeader(HEADER));
  });

  it('does not cover the block hash or the ballots (the merkle root commits to them)', () => {
    const block = { ...HEADER, hash: 'c'.repeat(64), transactions: [BALLOT] };
    expect(encodeHeader(block)).toBe(encodeHeader(HEADER));
  });

  it.each<[keyof BlockHeader, Partial<BlockHeader>]>([
    ['index', { index: 8 }],
    ['timestamp', { timestamp: NOW + 1 }],
    ['previous_hash', { previous_hash: 'd'.repeat(64) }],
    ['nonce', { nonce: 43 }],
    ['difficulty', { difficulty: 3 }],
    ['merkle_root', { merkle_root: 'e'.repeat(64) }],
  ])('changes when %s changes', (_field, change) => {
    expect(encodeHeader({ ...HEADER, ...change })).not.toBe(encodeHeader(HEADER));
  });
});
