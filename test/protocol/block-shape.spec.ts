import fc from 'fast-check';
import {
  blockShapeProblem,
  isBlockShaped,
  isTransactionShaped,
  MAX_BALLOTS_PER_BLOCK,
  MAX_ROLL_PROOF_STEPS,
  transactionShapeProblem,
} from '../../protocol';
import { anyCredentialRecord, anyLifecycle, anyOpenBallot, anySecretBallot } from './arbitraries';
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
const SECRET_FIELDS = 'a secret ballot must have exactly the fields type, party, ballot_key, credential, signature';
const RECORD_FIELDS = 'a credential record must have exactly the fields type, voter_tag, roll_proof, signature';
const STEP = 'every roll_proof step must be {"side": "left" or "right", "hash": 64 hex digits}';
const PROOF = `roll_proof must be an array of at most ${MAX_ROLL_PROOF_STEPS} steps`;

const SIG = 'S'.repeat(86);
const SECRET = { type: 'ballot', party: 'Red', ballot_key: 'K'.repeat(43), credential: 'C'.repeat(342), signature: SIG };
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
    ['a secret ballot', SECRET],
    ['a secret ballot with a 1024-character credential', { ...SECRET, credential: 'C'.repeat(1024) }],
    ['a secret ballot for a party the rules will reject', { ...SECRET, party: '' }],
    ['a credential record', RECORD],
    ['a credential record with an empty proof (a roll of one)', { ...RECORD, roll_proof: [] }],
    [`a credential record with ${MAX_ROLL_PROOF_STEPS} proof steps`, { ...RECORD, roll_proof: Array(MAX_ROLL_PROOF_STEPS).fill(step) }],
    ['an opening', OPEN],
    ['a closing at time 0', { ...CLOSE, timestamp: 0 }],
    ['keys in another order', Object.fromEntries(Object.entries(SECRET).reverse())],
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
    ['an unknown type', { ...SECRET, type: 'vote' }, 'unknown transaction type'],
    ['a null type', { ...OPEN, type: null }, 'unknown transaction type'],
    ['an open ballot with a type', { type: 'ballot', ...ballot('V001', 'Red') }, SECRET_FIELDS],
    // secret ballots
    ['a secret ballot with an extra field', { ...SECRET, voter_id: 'V001' }, SECRET_FIELDS],
    ['a secret ballot without a credential', (({ credential: _c, ...rest }) => rest)(SECRET), SECRET_FIELDS],
    ['a secret ballot with a numeric party', { ...SECRET, party: 1 }, 'party must be a short string'],
    ['a secret ballot with a 101-character party', { ...SECRET, party: 'p'.repeat(101) }, 'party must be a short string'],
    ['a secret ballot key with padding', { ...SECRET, ballot_key: 'K'.repeat(43) + '=' }, 'ballot_key must be base64url'],
    ['an empty ballot key', { ...SECRET, ballot_key: '' }, 'ballot_key must be base64url'],
    ['a ballot key in plain base64', { ...SECRET, ballot_key: 'a+b/' }, 'ballot_key must be base64url'],
    ['a 1025-character credential', { ...SECRET, credential: 'C'.repeat(1025) }, 'credential must be base64url'],
    ['a numeric credential', { ...SECRET, credential: 7 }, 'credential must be base64url'],
    ['a signature with a space', { ...SECRET, signature: 'S S' }, 'signature must be base64url'],
    ['a null signature', { ...SECRET, signature: null }, 'signature must be base64url'],
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
  ])('rejects %s', (_name, tx, problem) => {
    expect(transactionShapeProblem(tx)).toBe(problem);
    expect(isTransactionShaped(tx)).toBe(false);
  });

  it('property: every generated transaction of the right field types passes once its strings are well-formed', () => {
    const b64 = fc.string({ unit: fc.constantFrom(...'AZaz09-_'), minLength: 1, maxLength: 100 });
    const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
    const time = fc.oneof(fc.nat(), fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }));
    const shaped = fc.oneof(
      fc
        .tuple(anyOpenBallot, time)
        .map(([b, timestamp]) => ({ ...b, voter_id: b.voter_id.slice(0, 64), party: b.party.slice(0, 100), timestamp })),
      fc.tuple(anySecretBallot, b64, b64, b64).map(([b, k, c, s]) => ({ ...b, ballot_key: k, credential: c, signature: s })),
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
    ['a block of every transaction type', { ...json(), transactions: [OPEN, RECORD, SECRET, ballot('V001', 'Red'), CLOSE] }],
    [`${MAX_BALLOTS_PER_BLOCK} transactions`, { ...json(), transactions: Array(MAX_BALLOTS_PER_BLOCK).fill(SECRET) }],
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
    ['a malformed secret ballot after valid ones', { ...json(), transactions: [OPEN, SECRET, { ...SECRET, extra: 1 }] }, SECRET_FIELDS],
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
