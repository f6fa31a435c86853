import { blockShapeProblem, isBlockShaped, MAX_BALLOTS_PER_BLOCK } from '../../protocol';
import { ballot, genesis, mineBlock, NOW } from './fixtures';

const G = genesis();
const VALID = mineBlock(G, [ballot('V001', 'Red'), ballot('V002', 'Green')]);
/** The block as a peer would send it: parsed JSON. */
const json = (): Record<string, unknown> => JSON.parse(JSON.stringify(VALID));

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
const BALLOT_FIELDS = 'every ballot must have exactly the fields voter_id, party, timestamp';

describe('blockShapeProblem', () => {
  it.each<[string, unknown]>([
    ['a mined block', VALID],
    ['a mined block as parsed JSON', json()],
    ['the genesis block (no ballots)', G],
    ['keys in another order', Object.fromEntries(Object.entries(json()).reverse())],
    ['a fractional timestamp', { ...json(), timestamp: NOW + 0.5 }],
    ['a ballot with a voter ID the rules will reject', withBallot((b) => (b['voter_id'] = 'not well formed'))],
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
      'too many ballots',
      { ...json(), transactions: Array.from({ length: MAX_BALLOTS_PER_BLOCK + 1 }, () => ballot('V001', 'Red')) },
      `a block holds at most ${MAX_BALLOTS_PER_BLOCK} ballots`,
    ],
    ['a ballot that is null', { ...json(), transactions: [null] }, BALLOT_FIELDS],
    ['a ballot that is an array', { ...json(), transactions: [['V001', 'Red', NOW]] }, BALLOT_FIELDS],
    ['a ballot that is a string', { ...json(), transactions: ['["V001","Red",1]'] }, BALLOT_FIELDS],
    ['a ballot with an extra field', withBallot((b) => (b['signature'] = 'x')), BALLOT_FIELDS],
    ['a ballot missing its party', withBallot((b) => delete b['party']), BALLOT_FIELDS],
    ['a numeric voter_id', withBallot((b) => (b['voter_id'] = 1)), 'voter_id must be a short string'],
    ['a 65-character voter_id', withBallot((b) => (b['voter_id'] = 'v'.repeat(65))), 'voter_id must be a short string'],
    ['a null party', withBallot((b) => (b['party'] = null)), 'party must be a short string'],
    ['a 101-character party', withBallot((b) => (b['party'] = 'p'.repeat(101))), 'party must be a short string'],
    ['a string ballot timestamp', withBallot((b) => (b['timestamp'] = 'now')), 'ballot timestamp must be a non-negative number of seconds'],
    ['a negative ballot timestamp', withBallot((b) => (b['timestamp'] = -1)), 'ballot timestamp must be a non-negative number of seconds'],
  ])('rejects %s', (_name, value, problem) => {
    expect(blockShapeProblem(value)).toBe(problem);
    expect(isBlockShaped(value)).toBe(false);
  });

  it('rejects a hole in the transactions array', () => {
    const transactions: unknown[] = [VALID.transactions[0]];
    transactions.length = 2;
    expect(blockShapeProblem({ ...json(), transactions })).toBe(BALLOT_FIELDS);
  });
});
