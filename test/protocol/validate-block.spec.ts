import {
  type AncestryView,
  type Ballot,
  type Block,
  type BlockContext,
  type BlockRejection,
  type Election,
  hashHeader,
  MAX_BALLOTS_PER_BLOCK,
  MAX_FUTURE_DRIFT_SECONDS,
  meetsDifficulty,
  merkleRoot,
  validateBlock,
  validateBlockAlone,
  validateBlockOnParent,
} from '../../protocol';
import { DEMO_ELECTION } from '../../server/common/demo-election';
import { ancestryOf, ballot, context, genesis, mineBlock, NO_ANCESTRY, NOW, sha256, TEST_ELECTION, rulesOf } from './fixtures';
import { anyString, objectContaining } from '../support/matchers';

/** The outcome of a valid block of `ballots` open ballots on an ancestry holding `before` ballots. */
const accepted = (ballots: number, before = 0) => ({ ok: true, state: { phase: 'open', ballots: before + ballots, credentials: 0 } });

const G = genesis();
const BALLOTS: Ballot[] = [ballot('V001', 'Red'), ballot('V002', 'Green'), ballot('V003', 'Blue')];
const VALID = mineBlock(G, BALLOTS);
/** A parent with a real timestamp, for the rules that compare against it. */
const P = mineBlock(G, [ballot('V009', 'Red')], { timestamp: NOW - 100 });
const CTX = context();

/** The block's header hashed with the first nonce whose hash does NOT meet the difficulty. */
function withoutWork(block: Block): Block {
  for (let nonce = 0; ; nonce++) {
    const hash = hashHeader({ ...block, nonce }, sha256);
    if (!meetsDifficulty(hash, block.difficulty)) return { ...block, nonce, hash };
  }
}

interface Case {
  block: Block;
  parent?: Block;
  ancestry?: AncestryView;
  ctx?: BlockContext;
  detail?: RegExp;
}

function check({ block, parent = G, ancestry = NO_ANCESTRY, ctx = CTX }: Case) {
  return validateBlock(block, parent, ancestry, ctx);
}

describe('validateBlock', () => {
  it('accepts a valid mined block on its parent', () => {
    expect(meetsDifficulty(VALID.hash, 1)).toBe(true);
    expect(check({ block: VALID })).toEqual(accepted(3));
    expect(validateBlockAlone(VALID, CTX)).toEqual({ ok: true });
    expect(validateBlockOnParent(VALID, G, NO_ANCESTRY, rulesOf(TEST_ELECTION))).toEqual(accepted(3));
  });

  it('accepts a chain of blocks, each on the previous one', () => {
    const b2 = mineBlock(VALID, [ballot('V004', 'Red')], { timestamp: NOW + 10 });
    const b3 = mineBlock(b2, [ballot('V005', 'Blue'), ballot('V006', 'Blue')], { timestamp: NOW + 20 });
    expect(
      check({ block: b2, parent: VALID, ancestry: ancestryOf('V001', 'V002', 'V003'), ctx: context(TEST_ELECTION, NOW + 20) }),
    ).toEqual(accepted(1, 3));
    expect(
      check({ block: b3, parent: b2, ancestry: ancestryOf('V001', 'V002', 'V003', 'V004'), ctx: context(TEST_ELECTION, NOW + 20) }),
    ).toEqual(accepted(2, 4));
  });

  it('accepts a block of the demo election (difficulty 2)', () => {
    const g = genesis(DEMO_ELECTION);
    const block = mineBlock(g, [ballot('VOID001', 'Democratic Party'), ballot('VOID015', 'Socialist party')], {}, DEMO_ELECTION);
    expect(block.hash.startsWith('00')).toBe(true);
    expect(validateBlock(block, g, NO_ANCESTRY, context(DEMO_ELECTION))).toEqual(accepted(2));
    expect(validateBlock(block, G, NO_ANCESTRY, context(DEMO_ELECTION))).toMatchObject({ reason: 'previous-hash-mismatch' });
    expect(validateBlock(VALID, G, NO_ANCESTRY, context(DEMO_ELECTION))).toMatchObject({ reason: 'difficulty-mismatch' });
  });

  it.each<[string, Case]>([
    ['a timestamp equal to the parent', { block: mineBlock(P, BALLOTS, { timestamp: P.timestamp }), parent: P }],
    ['a timestamp at the maximum future drift', { block: mineBlock(G, BALLOTS, { timestamp: NOW + MAX_FUTURE_DRIFT_SECONDS }) }],
    ['a single ballot', { block: mineBlock(G, [ballot('V010', 'Blue')]) }],
    [
      'every voter of the roll',
      {
        block: mineBlock(
          G,
          TEST_ELECTION.voters!.map((v) => ballot(v, 'Green')),
        ),
      },
    ],
    ['a ballot up to the drift after the block time', { block: mineBlock(G, [ballot('V001', 'Red', NOW + MAX_FUTURE_DRIFT_SECONDS)]) }],
    ['ancestry voters other than its own', { block: VALID, ancestry: ancestryOf('V004', 'V005') }],
  ])('accepts %s', (_name, c) => {
    expect(check(c)).toEqual({ ok: true, state: objectContaining({ phase: 'open', credentials: 0 }) });
  });

  const tooMany = Array.from({ length: MAX_BALLOTS_PER_BLOCK + 1 }, (_, i) => ballot(`X${i}`, 'Red'));

  it.each<[string, Case, BlockRejection]>([
    ['an index two ahead of the parent', { block: mineBlock(G, BALLOTS, { index: 2 }) }, 'index-mismatch'],
    ['an index equal to the parent', { block: mineBlock(P, BALLOTS, { index: P.index }), parent: P }, 'index-mismatch'],
    ['a previous_hash of another block', { block: mineBlock(G, BALLOTS, { previous_hash: P.hash }) }, 'previous-hash-mismatch'],
    ['a block mined on another parent', { block: mineBlock(P, BALLOTS, { index: 1 }) }, 'previous-hash-mismatch'],
    [
      'a timestamp one second before the parent',
      { block: mineBlock(P, BALLOTS, { timestamp: P.timestamp - 1 }), parent: P },
      'timestamp-before-parent',
    ],
    [
      'a timestamp one second beyond the future drift',
      { block: mineBlock(G, BALLOTS, { timestamp: NOW + MAX_FUTURE_DRIFT_SECONDS + 1 }) },
      'timestamp-in-future',
    ],
    ['a timestamp a day in the future', { block: mineBlock(G, BALLOTS, { timestamp: NOW + 86_400 }) }, 'timestamp-in-future'],
    ['a difficulty above the election', { block: mineBlock(G, BALLOTS, { difficulty: 2 }) }, 'difficulty-mismatch'],
    ['a difficulty below the election', { block: mineBlock(G, BALLOTS, { difficulty: 0 }) }, 'difficulty-mismatch'],
    ['a hash that is not the header hash', { block: { ...VALID, hash: '0'.repeat(64) } }, 'hash-mismatch'],
    ['the hash of another block', { block: { ...VALID, hash: P.hash } }, 'hash-mismatch'],
    ['a nonce changed after mining', { block: { ...VALID, nonce: VALID.nonce + 1 } }, 'hash-mismatch'],
    ['a correct hash without proof of work', { block: withoutWork(VALID) }, 'insufficient-work'],
    [
      'a merkle root of other ballots',
      { block: mineBlock(G, BALLOTS, { merkle_root: merkleRoot(BALLOTS.slice(1), sha256) }) },
      'merkle-root-mismatch',
    ],
    [
      'a ballot changed after mining',
      { block: { ...VALID, transactions: [BALLOTS[0], { ...BALLOTS[1], party: 'Red' }, BALLOTS[2]] } },
      'merkle-root-mismatch',
    ],
    ['a ballot appended after mining', { block: { ...VALID, transactions: [...BALLOTS, ballot('V004', 'Red')] } }, 'merkle-root-mismatch'],
    ['no ballots', { block: mineBlock(G, []) }, 'empty-block'],
    [
      `${MAX_BALLOTS_PER_BLOCK + 1} ballots (no mining needed: size is checked before the hash)`,
      { block: { ...VALID, transactions: tooMany } },
      'too-many-ballots',
    ],
    [
      'a ballot for an unknown party',
      { block: mineBlock(G, [BALLOTS[0], ballot('V004', 'Purple')]), detail: /^unknown-party: / },
      'invalid-ballot',
    ],
    ['a ballot from a voter not on the roll', { block: mineBlock(G, [ballot('V011', 'Red')]), detail: /^not-on-roll: / }, 'invalid-ballot'],
    [
      'a ballot with a malformed voter ID',
      { block: mineBlock(G, [ballot('V 001', 'Red')]), detail: /^malformed-voter-id: / },
      'invalid-ballot',
    ],
    [
      'a ballot with a negative timestamp',
      { block: mineBlock(G, [ballot('V001', 'Red', -5)]), detail: /^bad-timestamp: / },
      'invalid-ballot',
    ],
    [
      'a ballot later than the drift after the block time',
      {
        block: mineBlock(G, [ballot('V001', 'Red', NOW - 1000 + MAX_FUTURE_DRIFT_SECONDS + 1)], { timestamp: NOW - 1000 }),
        detail: /^bad-timestamp: /,
      },
      'invalid-ballot',
    ],
    [
      'the same voter twice in the block',
      { block: mineBlock(G, [...BALLOTS, ballot('V002', 'Blue')]), detail: /V002/ },
      'duplicate-in-block',
    ],
    ['the same ballot twice in the block', { block: mineBlock(G, [BALLOTS[0], BALLOTS[0]]) }, 'duplicate-in-block'],
    ['a voter already in the ancestry', { block: VALID, ancestry: ancestryOf('V003'), detail: /V003/ }, 'already-used'],
  ])('rejects %s', (_name, c, reason) => {
    const verdict = check(c);
    expect(verdict).toEqual({ ok: false, reason, detail: anyString });
    if (c.detail && !verdict.ok) expect(verdict.detail).toMatch(c.detail);
  });

  it('rejects a block of an open election from a voter already in the ancestry', () => {
    const open: Election = { title: 'Open', parties: ['Red'], difficulty: 1, scheme: 'open' };
    const g = genesis(open);
    const block = mineBlock(g, [ballot('anyone', 'Red')], {}, open);
    expect(validateBlock(block, g, NO_ANCESTRY, context(open))).toEqual(accepted(1));
    expect(validateBlock(block, g, ancestryOf('anyone'), context(open))).toMatchObject({ ok: false, reason: 'already-used' });
  });

  it('asks the ancestry about the claim of every transaction of the block', () => {
    const asked: string[] = [];
    validateBlock(VALID, G, { isClaimed: (claim) => (asked.push(claim), false), state: NO_ANCESTRY.state }, CTX);
    expect(asked).toEqual(['voter:V001', 'voter:V002', 'voter:V003']);
  });

  it('checks the block alone before it looks at the parent', () => {
    const both = { ...mineBlock(G, BALLOTS, { index: 5 }), hash: '0'.repeat(64) };
    expect(check({ block: both })).toMatchObject({ reason: 'hash-mismatch' });
    expect(validateBlockOnParent(both, G, NO_ANCESTRY, rulesOf(TEST_ELECTION))).toMatchObject({ reason: 'index-mismatch' });
  });

  it('checks the size before the hash, and the difficulty and time before the size', () => {
    const oversized = { ...VALID, transactions: tooMany, hash: 'f'.repeat(64) };
    expect(check({ block: oversized })).toMatchObject({ reason: 'too-many-ballots' });
    expect(check({ block: { ...oversized, difficulty: 3 } })).toMatchObject({ reason: 'difficulty-mismatch' });
    expect(check({ block: { ...oversized, timestamp: NOW + 10_000 } })).toMatchObject({ reason: 'timestamp-in-future' });
  });

  it('accepts exactly MAX_BALLOTS_PER_BLOCK ballots as far as size goes', () => {
    const full = { ...VALID, transactions: tooMany.slice(0, MAX_BALLOTS_PER_BLOCK) };
    expect(check({ block: full })).toMatchObject({ reason: 'merkle-root-mismatch' });
  });

  it('judges future drift against the node clock it is given', () => {
    const ahead = mineBlock(G, BALLOTS, { timestamp: NOW + 500 });
    expect(check({ block: ahead })).toMatchObject({ reason: 'timestamp-in-future' });
    expect(check({ block: ahead, ctx: context(TEST_ELECTION, NOW + 500 - MAX_FUTURE_DRIFT_SECONDS) })).toEqual(accepted(3));
  });

  // Regression: the canonical header encodes NaN as null, so a block mined with a NaN timestamp has a valid
  // hash; the time checks must be written so that NaN fails them.
  it('rejects a mined block whose timestamp is NaN', () => {
    const block = mineBlock(G, [ballot('V001', 'Red', NOW + 10 * 86_400)], { timestamp: NaN });
    expect(check({ block })).toMatchObject({ ok: false, reason: 'timestamp-in-future' });
  });
});

describe('validateBlockAlone', () => {
  it('does not look at the parent or the ancestry', () => {
    expect(validateBlockAlone(mineBlock(G, BALLOTS, { index: 9, previous_hash: 'c'.repeat(64) }), CTX)).toEqual({ ok: true });
  });

  it.each<[string, Block, BlockRejection]>([
    ['difficulty', mineBlock(G, BALLOTS, { difficulty: 0 }), 'difficulty-mismatch'],
    ['future', mineBlock(G, BALLOTS, { timestamp: NOW + MAX_FUTURE_DRIFT_SECONDS + 1 }), 'timestamp-in-future'],
    ['empty', mineBlock(G, []), 'empty-block'],
    ['hash', { ...VALID, hash: 'a'.repeat(64) }, 'hash-mismatch'],
    ['work', withoutWork(VALID), 'insufficient-work'],
    ['merkle', { ...VALID, transactions: BALLOTS.slice(0, 2) }, 'merkle-root-mismatch'],
    ['ballot', mineBlock(G, [ballot('V001', 'Nobody')]), 'invalid-ballot'],
    ['duplicate', mineBlock(G, [ballot('V001', 'Red'), ballot('V001', 'Red', NOW - 1)]), 'duplicate-in-block'],
  ])('reports %s problems on its own', (_name, block, reason) => {
    expect(validateBlockAlone(block, CTX)).toMatchObject({ ok: false, reason });
  });
});

describe('validateBlockOnParent', () => {
  it('does not check the hash, work or transactions’ own rules, and returns the ancestry state for no transactions', () => {
    expect(validateBlockOnParent({ ...VALID, hash: 'nonsense', transactions: [] }, G, NO_ANCESTRY, rulesOf(TEST_ELECTION))).toEqual(
      accepted(0),
    );
    expect(
      validateBlockOnParent({ ...VALID, transactions: [ballot('not well formed', 'Nobody')] }, G, NO_ANCESTRY, rulesOf(TEST_ELECTION)),
    ).toEqual(accepted(1));
  });

  it('rejects a timestamp that is NaN', () => {
    expect(validateBlockOnParent({ ...VALID, timestamp: NaN }, G, NO_ANCESTRY, rulesOf(TEST_ELECTION))).toMatchObject({
      reason: 'timestamp-before-parent',
    });
  });

  it.each<[string, Block, Block, AncestryView, BlockRejection]>([
    ['index', { ...VALID, index: 0 }, G, NO_ANCESTRY, 'index-mismatch'],
    ['link', { ...VALID, previous_hash: P.hash }, G, NO_ANCESTRY, 'previous-hash-mismatch'],
    [
      'time',
      { ...VALID, previous_hash: P.hash, index: P.index + 1, timestamp: P.timestamp - 1 },
      P,
      NO_ANCESTRY,
      'timestamp-before-parent',
    ],
    ['vote', VALID, G, ancestryOf('V001'), 'already-used'],
  ])('reports %s problems on its own', (_name, block, parent, ancestry, reason) => {
    expect(validateBlockOnParent(block, parent, ancestry, rulesOf(TEST_ELECTION))).toMatchObject({ ok: false, reason });
  });
});
