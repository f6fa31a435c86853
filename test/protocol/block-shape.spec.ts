import fc from 'fast-check';
import {
  blockShapeProblem,
  isBlockShaped,
  isTransactionShaped,
  MAX_BALLOTS_PER_BLOCK,
  MAX_OPTIONS,
  MAX_ROLL_PROOF_STEPS,
  transactionShapeProblem,
} from '../../protocol';
import { anyCredentialRecord, anyLifecycle, anyOpenBallot, anySealedBallot } from './arbitraries';
import { ballot, genesis, MINIMAL_SECRET_ELECTION, mineBlock, NOW } from './fixtures';

const G = genesis();
const VALID = mineBlock(G, [ballot('V001', 'Red'), ballot('V002', 'Green')]);
/** The block as a peer would send it: parsed JSON. */
const json = (): Record<string, unknown> => JSON.parse(JSON.stringify(VALID)) as Record<string, unknown>;

function without(key: string): Record<string, unknown> {
  const b = json();
  delete b[key];
  return b;
}

function withBallot(change: (b: Record<string, unknown>) => void): Record<string, unknown> {
  const block = json();
  change((block['transactions'] as Record<string, unknown>[])[0]);
  return block;
}

const FIELDS = 'index, transactions, timestamp, previous_hash, nonce, hash, difficulty, merkle_root';
const OBJECT = 'every transaction must be an object';
const OPEN_FIELDS = 'an open ballot must have exactly the fields voter_id, party, timestamp';
const SEALED_FIELDS = 'a sealed ballot must have exactly the fields type, sealed, ballot_key, credential, signature';
const SEALED_CHOICE = 'sealed must be exactly { entries, sum_proof }';
const ENTRIES = `sealed.entries must be an array of 1 to ${MAX_OPTIONS} entries`;
const ENTRY_FIELDS = 'every sealed entry is exactly { alpha, beta, c0, c1, v0, v1 }, each 43 base64url characters';
const SUM_PROOF = 'sealed.sum_proof must be { challenge, response }, each 43 base64url characters';
const RECORD_FIELDS = 'a credential record must have exactly the fields type, voter_tag, roll_proof, signature';
const STEP = 'every roll_proof step must be {"side": "left" or "right", "hash": 64 hex digits}';
const PROOF = `roll_proof must be an array of at most ${MAX_ROLL_PROOF_STEPS} steps`;

const SIG = 'S'.repeat(86);
/** An element or scalar as the wire carries it: 43 base64url characters. */
const PART = 'P'.repeat(43);
const ENTRY = { alpha: PART, beta: PART, c0: PART, c1: PART, v0: PART, v1: PART };
const SEALED = {
  type: 'sealed-ballot',
  sealed: { entries: [ENTRY, ENTRY, ENTRY], sum_proof: { challenge: PART, response: PART } },
  ballot_key: 'K'.repeat(43),
  credential: 'C'.repeat(342),
  signature: SIG,
};
/** The sealed ballot with its sealed choice changed. */
const sealedWith = (sealed: Record<string, unknown>) => ({ ...SEALED, sealed: { ...SEALED.sealed, ...sealed } });
const withEntry = (entry: unknown) => sealedWith({ entries: [ENTRY, entry] });
const STEPS = [
  { side: 'left', hash: 'b'.repeat(64) },
  { side: 'right', hash: 'c'.repeat(64) },
];
const RECORD = { type: 'credential', voter_tag: 'a'.repeat(64), roll_proof: STEPS, signature: SIG };
const OPEN = { type: 'open', timestamp: NOW, signature: SIG };
const CLOSE = { type: 'close', timestamp: NOW, signature: SIG };
const step = { side: 'left', hash: 'd'.repeat(64) };

describe('transactionShapeProblem', () => {
  it.each<[string, unknown]>([
    ['an open ballot', ballot('V001', 'Red')],
    ['an open ballot with a voter ID the rules will reject', ballot('not well formed', 'Red')],
    ['an open ballot with a fractional timestamp', ballot('V001', 'Red', NOW + 0.5)],
    ['a sealed ballot', SEALED],
    ['a sealed ballot with a 1024-character credential', { ...SEALED, credential: 'C'.repeat(1024) }],
    ['a sealed ballot of one entry', sealedWith({ entries: [ENTRY] })],
    [`a sealed ballot of ${MAX_OPTIONS} entries`, sealedWith({ entries: Array(MAX_OPTIONS).fill(ENTRY) })],
    [
      'a sealed ballot whose parts the rules will reject (not group elements)',
      sealedWith({ entries: [{ ...ENTRY, alpha: 'A'.repeat(43) }] }),
    ],
    ['a credential record', RECORD],
    ['a credential record with an empty proof (a roll of one)', { ...RECORD, roll_proof: [] }],
    [`a credential record with ${MAX_ROLL_PROOF_STEPS} proof steps`, { ...RECORD, roll_proof: Array(MAX_ROLL_PROOF_STEPS).fill(step) }],
    ['an opening', OPEN],
    ['an opening that names an election key', { ...OPEN, election_key: PART }],
    ['a closing at time 0', { ...CLOSE, timestamp: 0 }],
    ['keys in another order', Object.fromEntries(Object.entries(SEALED).reverse())],
  ])('accepts %s', (_name, tx) => {
    expect(transactionShapeProblem(tx)).toBeNull();
    expect(isTransactionShaped(tx)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['null', null, OBJECT],
    ['undefined', undefined, OBJECT],
    ['an array', ['V001', 'Red', NOW], OBJECT],
    ['a string', '["V001","Red",1]', OBJECT],
    // open ballots
    ['an open ballot with an extra field', { ...ballot('V001', 'Red'), signature: SIG }, OPEN_FIELDS],
    ['an open ballot missing its party', { voter_id: 'V001', timestamp: NOW }, OPEN_FIELDS],
    ['an empty object', {}, OPEN_FIELDS],
    ['an open ballot with a numeric voter_id', { ...ballot('V001', 'Red'), voter_id: 1 }, 'voter_id must be a short string'],
    ['an open ballot with a 65-character voter_id', ballot('v'.repeat(65), 'Red'), 'voter_id must be a short string'],
    ['an open ballot with a null party', { ...ballot('V001', 'Red'), party: null }, 'party must be a short string'],
    ['an open ballot with a 101-character party', ballot('V001', 'p'.repeat(101)), 'party must be a short string'],
    [
      'an open ballot with a string timestamp',
      { ...ballot('V001', 'Red'), timestamp: 'now' },
      'ballot timestamp must be a non-negative number of seconds',
    ],
    ['an open ballot with a negative timestamp', ballot('V001', 'Red', -1), 'ballot timestamp must be a non-negative number of seconds'],
    ['an open ballot with a NaN timestamp', ballot('V001', 'Red', NaN), 'ballot timestamp must be a non-negative number of seconds'],
    // type
    ['an unknown type', { ...SEALED, type: 'vote' }, 'unknown transaction type'],
    ['a null type', { ...OPEN, type: null }, 'unknown transaction type'],
    [
      'a secret ballot with its choice in clear (no longer a transaction)',
      { type: 'ballot', party: 'Red', ballot_key: SEALED.ballot_key, credential: SEALED.credential, signature: SIG },
      'unknown transaction type',
    ],
    ['an open ballot with a type', { type: 'sealed-ballot', ...ballot('V001', 'Red') }, SEALED_FIELDS],
    // sealed ballots
    ['a sealed ballot with an extra field', { ...SEALED, voter_id: 'V001' }, SEALED_FIELDS],
    ['a sealed ballot with a party in clear besides', { ...SEALED, party: 'Red' }, SEALED_FIELDS],
    ['a sealed ballot without a credential', (({ credential: _c, ...rest }) => rest)(SEALED), SEALED_FIELDS],
    ['a sealed ballot without its sealed choice', (({ sealed: _s, ...rest }) => rest)(SEALED), SEALED_FIELDS],
    ['a sealed ballot key with padding', { ...SEALED, ballot_key: 'K'.repeat(43) + '=' }, 'ballot_key must be base64url'],
    ['an empty ballot key', { ...SEALED, ballot_key: '' }, 'ballot_key must be base64url'],
    ['a ballot key in plain base64', { ...SEALED, ballot_key: 'a+b/' }, 'ballot_key must be base64url'],
    ['a 1025-character credential', { ...SEALED, credential: 'C'.repeat(1025) }, 'credential must be base64url'],
    ['a numeric credential', { ...SEALED, credential: 7 }, 'credential must be base64url'],
    ['a signature with a space', { ...SEALED, signature: 'S S' }, 'signature must be base64url'],
    ['a null signature', { ...SEALED, signature: null }, 'signature must be base64url'],
    ['a null sealed choice', { ...SEALED, sealed: null }, SEALED_CHOICE],
    ['a sealed choice as an array', { ...SEALED, sealed: [SEALED.sealed.entries, SEALED.sealed.sum_proof] }, SEALED_CHOICE],
    ['a sealed choice with an extra field', sealedWith({ party: 'Red' }), SEALED_CHOICE],
    ['a sealed choice without its sum proof', { ...SEALED, sealed: { entries: SEALED.sealed.entries } }, SEALED_CHOICE],
    ['no sealed entries', sealedWith({ entries: [] }), ENTRIES],
    [`${MAX_OPTIONS + 1} sealed entries`, sealedWith({ entries: Array(MAX_OPTIONS + 1).fill(ENTRY) }), ENTRIES],
    ['sealed entries as an object', sealedWith({ entries: { 0: ENTRY } }), ENTRIES],
    ['a sealed entry with an extra field', withEntry({ ...ENTRY, party: 'Red' }), ENTRY_FIELDS],
    ['a sealed entry without its proof', withEntry({ alpha: PART, beta: PART }), ENTRY_FIELDS],
    ['a sealed entry with a 42-character element', withEntry({ ...ENTRY, beta: PART.slice(1) }), ENTRY_FIELDS],
    ['a sealed entry with a padded scalar', withEntry({ ...ENTRY, v0: PART.slice(1) + '=' }), ENTRY_FIELDS],
    ['a sealed entry with a numeric scalar', withEntry({ ...ENTRY, c1: 7 }), ENTRY_FIELDS],
    ['a sealed entry that is null', withEntry(null), ENTRY_FIELDS],
    ['a sum proof without its response', sealedWith({ sum_proof: { challenge: PART } }), SUM_PROOF],
    ['a sum proof with a 44-character challenge', sealedWith({ sum_proof: { challenge: PART + 'P', response: PART } }), SUM_PROOF],
    ['a sum proof as an array', sealedWith({ sum_proof: [PART, PART] }), SUM_PROOF],
    // credential records
    ['a credential record with an extra field', { ...RECORD, voter_id: 'V001' }, RECORD_FIELDS],
    ['a credential record without a roll proof', (({ roll_proof: _p, ...rest }) => rest)(RECORD), RECORD_FIELDS],
    ['an upper-case voter tag', { ...RECORD, voter_tag: 'A'.repeat(64) }, 'voter_tag must be 64 lowercase hex digits'],
    ['a short voter tag', { ...RECORD, voter_tag: 'a'.repeat(63) }, 'voter_tag must be 64 lowercase hex digits'],
    ['a voter ID as voter tag', { ...RECORD, voter_tag: 'V001' }, 'voter_tag must be 64 lowercase hex digits'],
    ['a record signature in hex with a colon', { ...RECORD, signature: 'ab:cd' }, 'signature must be base64url'],
    ['a roll proof that is an object', { ...RECORD, roll_proof: { 0: step } }, PROOF],
    ['a roll proof that is null', { ...RECORD, roll_proof: null }, PROOF],
    [`a huge roll proof (${MAX_ROLL_PROOF_STEPS + 1} steps)`, { ...RECORD, roll_proof: Array(MAX_ROLL_PROOF_STEPS + 1).fill(step) }, PROOF],
    ['a roll proof of a million steps', { ...RECORD, roll_proof: Array(1_000_000).fill(step) }, PROOF],
    ['a proof step with an extra field', { ...RECORD, roll_proof: [{ ...step, index: 0 }] }, STEP],
    ['a proof step without a side', { ...RECORD, roll_proof: [{ hash: step.hash }] }, STEP],
    ['a proof step with side "up"', { ...RECORD, roll_proof: [{ ...step, side: 'up' }] }, STEP],
    ['a proof step with an upper-case hash', { ...RECORD, roll_proof: [{ ...step, hash: 'D'.repeat(64) }] }, STEP],
    ['a proof step that is null', { ...RECORD, roll_proof: [null] }, STEP],
    ['a proof step that is an array', { ...RECORD, roll_proof: [['left', step.hash]] }, STEP],
    ['a hole in the roll proof', { ...RECORD, roll_proof: Array(2) }, STEP],
    // lifecycle
    [
      'an opening with an extra field',
      { ...OPEN, reason: 'x' },
      'an open transaction must have exactly the fields type, timestamp, signature',
    ],
    [
      'a closing without a signature',
      { type: 'close', timestamp: NOW },
      'an close transaction must have exactly the fields type, timestamp, signature',
    ],
    ['an opening with a string timestamp', { ...OPEN, timestamp: String(NOW) }, 'timestamp must be a non-negative number of seconds'],
    ['an opening with a negative timestamp', { ...OPEN, timestamp: -1 }, 'timestamp must be a non-negative number of seconds'],
    ['an opening with a NaN timestamp', { ...OPEN, timestamp: NaN }, 'timestamp must be a non-negative number of seconds'],
    ['a closing with an infinite timestamp', { ...CLOSE, timestamp: Infinity }, 'timestamp must be a non-negative number of seconds'],
    ['a closing with a padded signature', { ...CLOSE, signature: SIG + '==' }, 'signature must be base64url'],
    ['an opening with a short election key', { ...OPEN, election_key: PART.slice(1) }, 'election_key must be 43 base64url characters'],
    ['an opening with a null election key', { ...OPEN, election_key: null }, 'election_key must be 43 base64url characters'],
    [
      'a closing that names an election key',
      { ...CLOSE, election_key: PART },
      'an close transaction must have exactly the fields type, timestamp, signature',
    ],
  ])('rejects %s', (_name, tx, problem) => {
    expect(transactionShapeProblem(tx)).toBe(problem);
    expect(isTransactionShaped(tx)).toBe(false);
  });

  it('property: every generated transaction of the right field types passes once its strings are well-formed', () => {
    const b64 = fc.string({ unit: fc.constantFrom(...'AZaz09-_'), minLength: 1, maxLength: 100 });
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
    const part = fc.string({ unit: fc.constantFrom(...'AZaz09-_'), minLength: 43, maxLength: 43 });
    const time = fc.oneof(fc.nat(), fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }));
    const shaped = fc.oneof(
      fc
        .tuple(anyOpenBallot, time)
        .map(([b, timestamp]) => ({ ...b, voter_id: b.voter_id.slice(0, 64), party: b.party.slice(0, 100), timestamp })),
      fc
        .tuple(
          anySealedBallot,
          b64,
          b64,
          b64,
          fc.array(fc.array(part, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: MAX_OPTIONS }),
          part,
          part,
        )
        .map(([b, k, c, s, entries, challenge, response]) => ({
          ...b,
          sealed: {
            entries: entries.map(([alpha, beta, c0, c1, v0, v1]) => ({ alpha, beta, c0, c1, v0, v1 })),
            sum_proof: { challenge, response },
          },
          ballot_key: k,
          credential: c,
          signature: s,
        })),
      fc.tuple(anyCredentialRecord, hex, fc.array(hex, { maxLength: MAX_ROLL_PROOF_STEPS }), b64).map(([r, tag, hashes, s]) => ({
        ...r,
        voter_tag: tag,
        roll_proof: hashes.map((hash, i) => ({ side: i % 2 ? ('left' as const) : ('right' as const), hash })),
        signature: s,
      })),
      fc.tuple(anyLifecycle, time, b64).map(([l, timestamp, signature]) => ({ ...l, timestamp, signature })),
    );
    fc.assert(
      fc.property(shaped, (tx) => {
        expect(transactionShapeProblem(tx)).toBeNull();
        expect(transactionShapeProblem(JSON.parse(JSON.stringify(tx)))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('blockShapeProblem', () => {
  const GENESIS_JSON = (): Record<string, unknown> => JSON.parse(JSON.stringify(G)) as Record<string, unknown>;

  it.each<[string, unknown]>([
    ['a mined block', VALID],
    ['a mined block as parsed JSON', json()],
    ['the genesis block with its manifest', G],
    ['the genesis block as parsed JSON', GENESIS_JSON()],
    ['the genesis block of a secret election', genesis(MINIMAL_SECRET_ELECTION)],
    ['a genesis block without a manifest (the seed’s)', (({ election: _e, ...rest }) => rest)(GENESIS_JSON())],
    ['keys in another order', Object.fromEntries(Object.entries(json()).reverse())],
    ['a fractional timestamp', { ...json(), timestamp: NOW + 0.5 }],
    ['a ballot with a voter ID the rules will reject', withBallot((b) => (b['voter_id'] = 'not well formed'))],
    [
      'a block of every voter and lifecycle transaction type',
      { ...json(), transactions: [OPEN, RECORD, SEALED, ballot('V001', 'Red'), CLOSE] },
    ],
    [`${MAX_BALLOTS_PER_BLOCK} transactions`, { ...json(), transactions: Array(MAX_BALLOTS_PER_BLOCK).fill(SEALED) }],
  ])('accepts %s', (_name, value) => {
    expect(blockShapeProblem(value)).toBeNull();
    expect(isBlockShaped(value)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'block must be an object'],
    ['undefined', undefined, 'block must be an object'],
    ['a string', JSON.stringify(VALID), 'block must be an object'],
    ['a number', 1, 'block must be an object'],
    ['an array', [VALID], 'block must be an object'],
    ['an empty object', {}, `block must have exactly the fields ${FIELDS}`],
    ...['index', 'transactions', 'timestamp', 'previous_hash', 'nonce', 'hash', 'difficulty', 'merkle_root'].map(
      (key): [string, unknown, string] => [`a missing ${key}`, without(key), `block must have exactly the fields ${FIELDS}`],
    ),
    ['an extra field', { ...json(), miner: 'me' }, `block must have exactly the fields ${FIELDS}`],
    ['an extra field replacing one', { ...without('nonce'), Nonce: 1 }, `block must have exactly the fields ${FIELDS}`],
    ['a manifest on a block other than the genesis', { ...json(), election: G.election }, `block must have exactly the fields ${FIELDS}`],
    ['a genesis block with another extra field', { ...GENESIS_JSON(), miner: 'me' }, `block must have exactly the fields ${FIELDS}`],
    ['a manifest on a block with a string index 0', { ...GENESIS_JSON(), index: '0' }, `block must have exactly the fields ${FIELDS}`],
    ['a string index', { ...json(), index: '1' }, 'index must be a non-negative integer'],
    ['a negative index', { ...json(), index: -1 }, 'index must be a non-negative integer'],
    ['a fractional index', { ...json(), index: 1.5 }, 'index must be a non-negative integer'],
    ['an unsafe index', { ...json(), index: 2 ** 53 }, 'index must be a non-negative integer'],
    ['a null nonce', { ...json(), nonce: null }, 'nonce must be a non-negative integer'],
    ['a negative nonce', { ...json(), nonce: -3 }, 'nonce must be a non-negative integer'],
    ['a string difficulty', { ...json(), difficulty: '1' }, 'difficulty must be a non-negative integer'],
    ['a negative difficulty', { ...json(), difficulty: -1 }, 'difficulty must be a non-negative integer'],
    ['a string timestamp', { ...json(), timestamp: String(NOW) }, 'timestamp must be a non-negative number of seconds'],
    ['a negative timestamp', { ...json(), timestamp: -1 }, 'timestamp must be a non-negative number of seconds'],
    ['a NaN timestamp', { ...json(), timestamp: NaN }, 'timestamp must be a non-negative number of seconds'],
    ['an infinite timestamp', { ...json(), timestamp: Infinity }, 'timestamp must be a non-negative number of seconds'],
    ['an upper-case hash', { ...json(), hash: VALID.hash.toUpperCase() }, 'hash must be 64 lowercase hex digits'],
    ['a non-hex hash', { ...json(), hash: 'g'.repeat(64) }, 'hash must be 64 lowercase hex digits'],
    ['a short hash', { ...json(), hash: VALID.hash.slice(1) }, 'hash must be 64 lowercase hex digits'],
    ['a hash with a newline', { ...json(), hash: VALID.hash + '\n' }, 'hash must be 64 lowercase hex digits'],
    ['a numeric hash', { ...json(), hash: 0 }, 'hash must be 64 lowercase hex digits'],
    ['a non-hex merkle_root', { ...json(), merkle_root: 'z'.repeat(64) }, 'merkle_root must be 64 lowercase hex digits'],
    ['a non-hex previous_hash', { ...json(), previous_hash: '0x' + 'a'.repeat(62) }, 'previous_hash must be 64 lowercase hex digits'],
    ['a null previous_hash', { ...json(), previous_hash: null }, 'previous_hash must be 64 lowercase hex digits'],
    ['transactions as an object', { ...json(), transactions: { 0: VALID.transactions[0] } }, 'transactions must be an array'],
    ['transactions as null', { ...json(), transactions: null }, 'transactions must be an array'],
    [
      'too many transactions',
      { ...json(), transactions: Array.from({ length: MAX_BALLOTS_PER_BLOCK + 1 }, () => ballot('V001', 'Red')) },
      `a block holds at most ${MAX_BALLOTS_PER_BLOCK} transactions`,
    ],
    ['a transaction that is null', { ...json(), transactions: [null] }, OBJECT],
    ['a transaction that is an array', { ...json(), transactions: [['V001', 'Red', NOW]] }, OBJECT],
    ['a transaction that is a string', { ...json(), transactions: ['["V001","Red",1]'] }, OBJECT],
    ['a ballot with an extra field', withBallot((b) => (b['signature'] = 'x')), OPEN_FIELDS],
    ['a ballot missing its party', withBallot((b) => delete b['party']), OPEN_FIELDS],
    ['a numeric voter_id', withBallot((b) => (b['voter_id'] = 1)), 'voter_id must be a short string'],
    ['a string ballot timestamp', withBallot((b) => (b['timestamp'] = 'now')), 'ballot timestamp must be a non-negative number of seconds'],
    ['a malformed sealed ballot after valid ones', { ...json(), transactions: [OPEN, SEALED, { ...SEALED, extra: 1 }] }, SEALED_FIELDS],
    ['a credential record with a huge proof', { ...json(), transactions: [{ ...RECORD, roll_proof: Array(100).fill(step) }] }, PROOF],
    [
      'a lifecycle transaction without a signature',
      { ...json(), transactions: [{ type: 'open', timestamp: NOW }] },
      'an open transaction must have exactly the fields type, timestamp, signature',
    ],
  ])('rejects %s', (_name, value, problem) => {
    expect(blockShapeProblem(value)).toBe(problem);
    expect(isBlockShaped(value)).toBe(false);
  });

  it('rejects a hole in the transactions array', () => {
    const transactions: unknown[] = [VALID.transactions[0]];
    transactions.length = 2;
    expect(blockShapeProblem({ ...json(), transactions })).toBe(OBJECT);
  });

  it('leaves the manifest’s content to genesisProblem', () => {
    expect(blockShapeProblem({ ...GENESIS_JSON(), election: { nonsense: true } })).toBeNull();
  });
});
