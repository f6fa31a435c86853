import fc from 'fast-check';
import {
  type Ballot,
  type BlockHeader,
  type CredentialRecord,
  encodeBallot,
  encodeHeader,
  encodeTransaction,
  type LifecycleTransaction,
  PROTOCOL_VERSION,
  type SealedBallot,
  type Transaction,
} from '../../protocol';
import { anyTransaction, sameValue } from './arbitraries';
import { NOW } from './fixtures';

const BALLOT: Ballot = { voter_id: 'V001', party: 'Red', timestamp: NOW };
const ENTRY = { alpha: 'a0', beta: 'b0', c0: 'c0', c1: 'c1', v0: 'v0', v1: 'v1' };
const SEALED: SealedBallot = {
  type: 'sealed-ballot',
  sealed: { entries: [ENTRY, { ...ENTRY, alpha: 'a1', beta: 'b1' }], sum_proof: { challenge: 'ch', response: 're' } },
  ballot_key: 'key',
  credential: 'cred',
  signature: 'sig',
};
/** A sealed ballot with one part of its sealed choice changed. */
const sealedWith = (change: Partial<SealedBallot['sealed']>): SealedBallot => ({ ...SEALED, sealed: { ...SEALED.sealed, ...change } });
const RECORD: CredentialRecord = {
  type: 'credential',
  voter_tag: 'a'.repeat(64),
  roll_proof: [
    { side: 'left', hash: 'b'.repeat(64) },
    { side: 'right', hash: 'c'.repeat(64) },
  ],
  signature: 'sig',
};
const OPEN: LifecycleTransaction = { type: 'open', timestamp: NOW, signature: 'sig' };
const CLOSE: LifecycleTransaction = { type: 'close', timestamp: NOW, signature: 'sig' };
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

describe('encodeTransaction', () => {
  it.each<[string, Transaction, unknown[]]>([
    ['an open ballot, as the seed encoded it (no type)', BALLOT, ['V001', 'Red', NOW]],
    [
      'a sealed ballot, entries and proof as arrays',
      SEALED,
      [
        'sealed-ballot',
        [
          [
            ['a0', 'b0', 'c0', 'c1', 'v0', 'v1'],
            ['a1', 'b1', 'c0', 'c1', 'v0', 'v1'],
          ],
          ['ch', 're'],
        ],
        'key',
        'cred',
        'sig',
      ],
    ],
    [
      'a credential record, proof steps as [side, hash]',
      RECORD,
      [
        'credential',
        'a'.repeat(64),
        [
          ['left', 'b'.repeat(64)],
          ['right', 'c'.repeat(64)],
        ],
        'sig',
      ],
    ],
    ['an opening', OPEN, ['open', NOW, 'sig']],
    ['the opening of a sealed election, with its key', { ...OPEN, election_key: 'K' }, ['open', NOW, 'sig', 'K']],
    ['a closing', CLOSE, ['close', NOW, 'sig']],
  ])('encodes %s as a fixed-order array', (_name, tx, expected) => {
    expect(JSON.parse(encodeTransaction(tx))).toEqual(expected);
  });

  it('encodes an open ballot exactly as encodeBallot', () => {
    expect(encodeTransaction(BALLOT)).toBe(encodeBallot(BALLOT));
  });

  it.each<[string, Transaction]>([
    ['a sealed ballot', SEALED],
    ['a credential record', RECORD],
    ['an opening', OPEN],
  ])('does not depend on the key order of %s', (_name, tx) => {
    expect(encodeTransaction(reversedKeys(tx))).toBe(encodeTransaction(tx));
  });

  /** Transactions of every type whose text fields are as alike as the types allow. */
  const lookalikes: [string, Transaction][] = [
    ['open ballot', { voter_id: 'ballot', party: 'open', timestamp: 1 }],
    ['open ballot named like a lifecycle', { voter_id: 'open', party: 'sig', timestamp: 1 }],
    [
      'sealed ballot',
      {
        type: 'sealed-ballot',
        sealed: { entries: [{ alpha: 'x', beta: 'x', c0: 'x', c1: 'x', v0: 'x', v1: 'x' }], sum_proof: { challenge: 'x', response: 'x' } },
        ballot_key: 'x',
        credential: 'x',
        signature: 'x',
      },
    ],
    ['credential record', { type: 'credential', voter_tag: 'open', roll_proof: [], signature: 'x' }],
    ['credential record with a step', { type: 'credential', voter_tag: 'open', roll_proof: [{ side: 'left', hash: 'x' }], signature: 'x' }],
    ['opening', { type: 'open', timestamp: 1, signature: 'sig' }],
    ['closing', { type: 'close', timestamp: 1, signature: 'sig' }],
  ];

  it('never encodes two transactions of different types alike', () => {
    const encodings = lookalikes.map(([, tx]) => encodeTransaction(tx));
    expect(new Set(encodings).size).toBe(lookalikes.length);
  });

  it.each<[string, Transaction, Transaction]>([
    ['opening vs closing', OPEN, CLOSE],
    ['sealed ballot entry', SEALED, sealedWith({ entries: [{ ...ENTRY, v1: 'v2' }, SEALED.sealed.entries[1]] })],
    ['sealed ballot entries swapped', SEALED, sealedWith({ entries: [SEALED.sealed.entries[1], ENTRY] })],
    ['sealed ballot entry dropped', SEALED, sealedWith({ entries: [ENTRY] })],
    ['sealed ballot sum proof', SEALED, sealedWith({ sum_proof: { challenge: 'ch', response: 're2' } })],
    ['sealed ballot key', SEALED, { ...SEALED, ballot_key: 'key2' }],
    ['sealed ballot credential', SEALED, { ...SEALED, credential: 'cred2' }],
    ['sealed ballot signature', SEALED, { ...SEALED, signature: 'sig2' }],
    ['credential tag', RECORD, { ...RECORD, voter_tag: 'd'.repeat(64) }],
    ['credential step side', RECORD, { ...RECORD, roll_proof: [{ ...RECORD.roll_proof[0], side: 'right' }, RECORD.roll_proof[1]] }],
    ['credential step hash', RECORD, { ...RECORD, roll_proof: [RECORD.roll_proof[0], { ...RECORD.roll_proof[1], hash: 'e'.repeat(64) }] }],
    ['credential step dropped', RECORD, { ...RECORD, roll_proof: RECORD.roll_proof.slice(1) }],
    ['credential steps swapped', RECORD, { ...RECORD, roll_proof: [RECORD.roll_proof[1], RECORD.roll_proof[0]] }],
    ['credential signature', RECORD, { ...RECORD, signature: 'sig2' }],
    ['lifecycle timestamp', OPEN, { ...OPEN, timestamp: NOW + 1 }],
    ['lifecycle signature', OPEN, { ...OPEN, signature: 'sig2' }],
    ['the election key of an opening', { ...OPEN, election_key: 'K' }, { ...OPEN, election_key: 'L' }],
    ['an opening with or without an election key', OPEN, { ...OPEN, election_key: 'sig' }],
  ])('changes with %s', (_name, a, b) => {
    expect(encodeTransaction(a)).not.toBe(encodeTransaction(b));
  });

  it('property: equal encodings ⇔ equal transactions, across all types', () => {
    fc.assert(
      fc.property(anyTransaction, anyTransaction, (a, b) => {
        expect(encodeTransaction(a) === encodeTransaction(b)).toBe(sameValue(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a transaction equals itself with its keys reordered', () => {
    fc.assert(
      fc.property(anyTransaction, (a) => {
        expect(encodeTransaction(reversedKeys(a))).toBe(encodeTransaction(a));
      }),
      { numRuns: 300 },
    );
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

  it('does not cover the block hash, the transactions or the manifest (merkle root and previous_hash commit to them)', () => {
    const block = { ...HEADER, hash: 'c'.repeat(64), transactions: [BALLOT, SEALED], election: { title: 'x' } };
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
