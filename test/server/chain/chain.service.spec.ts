import { type Ballot, type Block, genesisBlock, hashHeader, meetsDifficulty, merkleRoot, type Transaction } from '../../../protocol';
import type { ChainEvent } from '../../../server/chain/chain.events';
import { InvalidBlockError, UnknownParentError } from '../../../server/common/domain-errors';
import { sha256 } from '../../../node-crypto/sha256';
import {
  ballot,
  confirmedBallot,
  createServices,
  hasVoted,
  mineBlock,
  NOW,
  poolRows,
  rejection,
  type Services,
  TEST_ELECTION,
} from '../support/services';

describe('ChainService', () => {
  let s: Services;
  let genesis: Block;
  let events: ChainEvent[];

  beforeEach(async () => {
    s = await createServices();
    genesis = s.chain.genesis();
    events = [];
    s.chain.events.subscribe((e) => events.push(e));
  });

  afterEach(() => s.close());

  const mainHeights = () => s.chain.mainHashes();

  describe('genesis', () => {
    it('stores the election genesis block as the only main block on start', () => {
      const expected = genesisBlock(TEST_ELECTION, sha256);
      expect(genesis).toEqual(expected);
      expect(s.chain.tip()).toEqual({ height: 0, hash: expected.hash, timestamp: 0, cumulative_work: 1 });
      expect(s.chain.mainHashes()).toEqual([expected.hash]);
      expect(s.chain.blockAt(0)).toEqual(expected);
      expect(s.chain.blockAt(1)).toBeUndefined();
    });

    it('does not store genesis a second time when the module starts again on the same database', () => {
      s.chain.onModuleInit();
      expect(s.chain.mainHashes()).toEqual([genesis.hash]);
      expect(s.db.prepare('SELECT COUNT(*) FROM blocks').pluck().get()).toBe(1);
    });
  });

  describe('extending the main chain', () => {
    it('appends a valid block on the tip, indexes its ballots and emits block-stored', () => {
      const a1 = mineBlock(genesis, [ballot('V001', 'Red'), ballot('V002', 'Blue')]);
      expect(s.chain.acceptBlock(a1)).toBe('extended-main');
      expect(s.chain.tip()).toEqual({ height: 1, hash: a1.hash, timestamp: a1.timestamp, cumulative_work: 1 + 16 });
      expect(s.chain.blockAt(1)).toEqual(a1);
      expect(s.chain.mainHashes()).toEqual([genesis.hash, a1.hash]);
      expect(hasVoted(s.chain, 'V001')).toBe(true);
      expect(hasVoted(s.chain, 'V003')).toBe(false);
      expect(confirmedBallot(s.chain, 'V002')).toEqual({ ...ballot('V002', 'Blue'), height: 1 });
      expect(s.chain.tally()).toEqual([
        { party: 'Red', votes: 1 },
        { party: 'Green', votes: 0 },
        { party: 'Blue', votes: 1 },
      ]);
      expect(events).toEqual([{ type: 'block-stored', block: a1, main: true }]);
    });

    it('answers known for a block it already has, without storing or emitting again', () => {
      const a1 = mineBlock(genesis, [ballot('V001')]);
      s.chain.acceptBlock(a1);
      expect(s.chain.acceptBlock({ ...a1, transactions: a1.transactions.map((t) => ({ ...t })) })).toBe('known');
      expect(s.chain.mainHashes()).toEqual([genesis.hash, a1.hash]);
      expect(events).toHaveLength(1);
    });

    it('builds a chain of several blocks, each on the previous tip', () => {
      const a1 = mineBlock(genesis, [ballot('V001')]);
      const a2 = mineBlock(a1, [ballot('V002')]);
      const a3 = mineBlock(a2, [ballot('V003')]);
      expect([a1, a2, a3].map((b) => s.chain.acceptBlock(b))).toEqual(['extended-main', 'extended-main', 'extended-main']);
      expect(s.chain.tip().height).toBe(3);
      expect(s.chain.tip().cumulative_work).toBe(1 + 3 * 16);
      expect(s.chain.blockPage(4, 2).map((b) => b.index)).toEqual([3, 2]);
    });
  });

  describe('refusing invalid blocks', () => {
    /** A block with the given hash that does not meet difficulty 1 although its hash is the true header hash. */
    function withoutWork(parent: Block, ballots: Ballot[]): Block {
      const header = {
        index: parent.index + 1,
        timestamp: NOW,
        previous_hash: parent.hash,
        difficulty: 1,
        merkle_root: merkleRoot(ballots, sha256),
      };
      for (let nonce = 0; ; nonce++) {
        const hash = hashHeader({ ...header, nonce }, sha256);
        if (!meetsDifficulty(hash, 1)) return { ...header, nonce, hash, transactions: ballots };
      }
    }

    const cases: { name: string; reason: string; build: (g: Block) => Block }[] = [
      {
        name: 'a ballot tampered after mining (party changed)',
        reason: 'merkle-root-mismatch',
        build: (g) => {
          const b = mineBlock(g, [ballot('V001', 'Red'), ballot('V002', 'Green')]);
          (b.transactions[1] as Ballot).party = 'Red';
          return b;
        },
      },
      {
        name: 'a ballot tampered after mining (voter changed)',
        reason: 'merkle-root-mismatch',
        build: (g) => {
          const b = mineBlock(g, [ballot('V001')]);
          (b.transactions[0] as Ballot).voter_id = 'V009';
          return b;
        },
      },
      {
        name: 'a ballot added after mining',
        reason: 'merkle-root-mismatch',
        build: (g) => {
          const b = mineBlock(g, [ballot('V001')]);
          b.transactions.push(ballot('V002'));
          return b;
        },
      },
      {
        name: 'a merkle root that commits to other ballots',
        reason: 'merkle-root-mismatch',
        build: (g) => mineBlock(g, [ballot('V001')], { merkle_root: merkleRoot([ballot('V002')], sha256) }),
      },
      {
        name: 'a hash that is not the header hash',
        reason: 'hash-mismatch',
        build: (g) => ({ ...mineBlock(g, [ballot('V001')]), hash: '0'.repeat(64) }),
      },
      {
        name: 'a nonce changed after mining',
        reason: 'hash-mismatch',
        build: (g) => {
          const b = mineBlock(g, [ballot('V001')]);
          return { ...b, nonce: b.nonce + 1 };
        },
      },
      {
        name: 'a difficulty other than the election difficulty',
        reason: 'difficulty-mismatch',
        build: (g) => mineBlock(g, [ballot('V001')], {}, 2),
      },
      {
        name: 'a difficulty of 0 (no proof of work)',
        reason: 'difficulty-mismatch',
        build: (g) => mineBlock(g, [ballot('V001')], {}, 0),
      },
      { name: 'a hash that does not meet the difficulty', reason: 'insufficient-work', build: (g) => withoutWork(g, [ballot('V001')]) },
      { name: 'no ballots', reason: 'empty-block', build: (g) => mineBlock(g, []) },
      { name: 'a ballot for an unknown party', reason: 'invalid-ballot', build: (g) => mineBlock(g, [ballot('V001', 'Purple')]) },
      { name: 'a ballot of a voter not on the roll', reason: 'invalid-ballot', build: (g) => mineBlock(g, [ballot('X999')]) },
      { name: 'a malformed voter ID', reason: 'invalid-ballot', build: (g) => mineBlock(g, [ballot('V 001')]) },
      {
        name: 'a ballot dated far after the block',
        reason: 'invalid-ballot',
        build: (g) => mineBlock(g, [ballot('V001', 'Red', NOW + 500)], { timestamp: NOW }),
      },
      {
        name: 'the same voter twice in the block',
        reason: 'duplicate-in-block',
        build: (g) => mineBlock(g, [ballot('V001', 'Red'), ballot('V001', 'Green')]),
      },
      {
        name: 'a timestamp too far in the future',
        reason: 'timestamp-in-future',
        build: (g) => mineBlock(g, [ballot('V001')], { timestamp: NOW + 121 }),
      },
      {
        name: 'an index that does not follow the parent',
        reason: 'index-mismatch',
        build: (g) => mineBlock(g, [ballot('V001')], { index: 2 }),
      },
    ];

    it.each(cases)('refuses $name with reason $reason and leaves the chain unchanged', async ({ reason, build }) => {
      const block = build(genesis);
      const error = await rejection(() => s.chain.acceptBlock(block));
      expect(error).toBeInstanceOf(InvalidBlockError);
      expect(error).toMatchObject({ reason, code: reason, status: 422 });
      expect(s.chain.hasBlock(block.hash)).toBe(false);
      expect(mainHeights()).toEqual([genesis.hash]);
      expect(events).toEqual([]);
    });

    it('accepts the untampered twin of a refused block (the cases fail for their own reason only)', () => {
      expect(s.chain.acceptBlock(mineBlock(genesis, [ballot('V001', 'Red'), ballot('V002', 'Green')]))).toBe('extended-main');
    });

    it('refuses a block whose timestamp is before its parent', async () => {
      const a1 = mineBlock(genesis, [ballot('V001')], { timestamp: NOW });
      s.chain.acceptBlock(a1);
      const early = mineBlock(a1, [ballot('V002', 'Red', NOW - 100)], { timestamp: NOW - 1 });
      expect(await rejection(() => s.chain.acceptBlock(early))).toMatchObject({ reason: 'timestamp-before-parent' });
      expect(s.chain.tip().hash).toBe(a1.hash);
    });

    it('refuses a block with a voter who already voted in its main-chain ancestry', async () => {
      const a1 = mineBlock(genesis, [ballot('V001', 'Red')]);
      const a2 = mineBlock(a1, [ballot('V002')]);
      s.chain.acceptBlock(a1);
      s.chain.acceptBlock(a2);
      const again = mineBlock(a2, [ballot('V003'), ballot('V001', 'Green')]);
      const error = await rejection(() => s.chain.acceptBlock(again));
      expect(error).toBeInstanceOf(InvalidBlockError);
      expect(error).toMatchObject({ reason: 'already-used' });
      expect(s.chain.hasBlock(again.hash)).toBe(false);
      expect(confirmedBallot(s.chain, 'V001')).toEqual({ ...ballot('V001', 'Red'), height: 1 });
      expect(hasVoted(s.chain, 'V003')).toBe(false);
    });

    it('refuses a side-branch block with a voter who already voted on its own branch', async () => {
      const a1 = mineBlock(genesis, [ballot('V001')]);
      const a2 = mineBlock(a1, [ballot('V002')]);
      s.chain.acceptBlock(a1);
      s.chain.acceptBlock(a2);
      const b1 = mineBlock(genesis, [ballot('V003')], { timestamp: NOW + 1 });
      expect(s.chain.acceptBlock(b1)).toBe('stored-side-branch');
      const b2 = mineBlock(b1, [ballot('V003', 'Blue')]);
      expect(await rejection(() => s.chain.acceptBlock(b2))).toMatchObject({ reason: 'already-used' });
      expect(s.chain.hasBlock(b2.hash)).toBe(false);
    });

    it('refuses a side-branch block with a voter confirmed on the main chain below the fork', async () => {
      const a1 = mineBlock(genesis, [ballot('V001')]);
      const a2 = mineBlock(a1, [ballot('V002')]);
      s.chain.acceptBlock(a1);
      s.chain.acceptBlock(a2);
      const b2 = mineBlock(a1, [ballot('V001', 'Green')], { timestamp: NOW + 1 });
      expect(await rejection(() => s.chain.acceptBlock(b2))).toMatchObject({ reason: 'already-used' });
    });

    it('accepts on a side branch a voter who voted on the main chain above the fork', () => {
      const a1 = mineBlock(genesis, [ballot('V001')]);
      s.chain.acceptBlock(a1);
      const b1 = mineBlock(genesis, [ballot('V001', 'Green')], { timestamp: NOW + 1 });
      expect(s.chain.acceptBlock(b1)).toBe('stored-side-branch');
    });

    it('refuses a block whose parent is unknown with UnknownParentError and does not store it', async () => {
      const orphanParent = { ...genesis, hash: 'ab'.repeat(32) };
      const orphan = mineBlock(orphanParent, [ballot('V001')]);
      const error = await rejection(() => s.chain.acceptBlock(orphan));
      expect(error).toBeInstanceOf(UnknownParentError);
      expect(error).toMatchObject({ status: 422, code: 'unknown-parent' });
      expect(s.chain.hasBlock(orphan.hash)).toBe(false);
      expect(s.chain.tip().hash).toBe(genesis.hash);
    });
  });

  describe('fork choice and reorganisation', () => {
    let a1: Block;
    let a2: Block;
    let b1: Block;
    let b2: Block;
    let b3: Block;

    beforeEach(() => {
      // Main: G - A1 (V001) - A2 (V002). Side: G - B1 (V003) - B2 (V001 again) - B3 (V004).
      a1 = mineBlock(genesis, [ballot('V001', 'Red')]);
      a2 = mineBlock(a1, [ballot('V002', 'Red')]);
      b1 = mineBlock(genesis, [ballot('V003', 'Blue')], { timestamp: NOW + 1 });
      b2 = mineBlock(b1, [ballot('V001', 'Green')]);
      b3 = mineBlock(b2, [ballot('V004', 'Green', NOW - 30)]);
      s.chain.acceptBlock(a1);
      s.chain.acceptBlock(a2);
      events.length = 0;
    });

    it('stores a side branch with less work without adopting it', () => {
      expect(s.chain.acceptBlock(b1)).toBe('stored-side-branch');
      expect(s.chain.hasBlock(b1.hash)).toBe(true);
      expect(s.chain.block(b1.hash)).toEqual(b1);
      expect(s.chain.mainHashes()).toEqual([genesis.hash, a1.hash, a2.hash]);
      expect(s.chain.tip().hash).toBe(a2.hash);
      expect(hasVoted(s.chain, 'V003')).toBe(false);
      expect(events).toEqual([{ type: 'block-stored', block: b1, main: false }]);
    });

    it('on a side branch of equal work, ends on the tip with the lower hash, whichever came first', () => {
      s.chain.acceptBlock(b1);
      const outcome = s.chain.acceptBlock(b2);
      const lower = b2.hash < a2.hash ? b2 : a2;
      expect(outcome).toBe(lower === b2 ? 'reorganised' : 'stored-side-branch');
      expect(s.chain.tip().hash).toBe(lower.hash);
      expect(confirmedBallot(s.chain, 'V001')).toEqual(
        lower === b2 ? { ...ballot('V001', 'Green'), height: 2 } : { ...ballot('V001', 'Red'), height: 1 },
      );
    });

    it('switches to a heavier side branch and rebuilds the ballot index and tally', () => {
      s.chain.acceptBlock(b1);
      s.chain.acceptBlock(b2);
      expect(s.chain.acceptBlock(b3)).toBe('reorganised');
      expect(s.chain.mainHashes()).toEqual([genesis.hash, b1.hash, b2.hash, b3.hash]);
      expect(s.chain.tip()).toEqual({ height: 3, hash: b3.hash, timestamp: b3.timestamp, cumulative_work: 1 + 3 * 16 });
      expect(s.chain.blockAt(1)).toEqual(b1);
      expect(confirmedBallot(s.chain, 'V001')).toEqual({ ...ballot('V001', 'Green'), height: 2 });
      expect(hasVoted(s.chain, 'V002')).toBe(false);
      expect(s.chain.tally()).toEqual([
        { party: 'Red', votes: 0 },
        { party: 'Green', votes: 2 },
        { party: 'Blue', votes: 1 },
      ]);
      // Abandoned blocks stay stored (a later heavier branch may bring them back).
      expect(s.chain.hasBlock(a1.hash)).toBe(true);
      expect(s.chain.hasBlock(a2.hash)).toBe(true);
    });

    it('returns the ballots of abandoned blocks to the pool unless the new chain holds them, and drops pending ballots the new chain confirms', async () => {
      const pendingV004 = await s.voting.cast('V004', 'Red'); // conflicts with B3's ballot for V004
      const pendingV005 = await s.voting.cast('V005', 'Blue'); // unrelated: stays
      const restored: Transaction[][] = [];
      s.voting.admitted.subscribe((b) => restored.push(b));
      s.chain.acceptBlock(b1);
      s.chain.acceptBlock(b2);
      s.chain.acceptBlock(b3);

      // V001 (A1) is confirmed again in B2: not restored. V002 (A2) is not on the new chain: back to the pool.
      // V004 pending conflicts with B3, which confirms V004: it leaves the pool.
      expect(s.voting.pending()).toEqual([pendingV005, ballot('V002', 'Red')]);
      expect(poolRows(s.db)).toEqual([pendingV005, ballot('V002', 'Red')]);
      expect(s.receipts.ballotStatus('V004')).toMatchObject({
        status: 'confirmed',
        ballot: ballot('V004', 'Green', NOW - 30),
        block_index: 3,
      });
      expect(pendingV004.party).toBe('Red');
      expect(events.filter((e) => e.type === 'transactions-restored')).toEqual([
        { type: 'transactions-restored', transactions: [ballot('V002', 'Red')] },
      ]);
      expect(restored).toEqual([[ballot('V002', 'Red')]]);
    });

    it('reorganises back when the abandoned branch becomes heavier again, and the pool follows', () => {
      s.chain.acceptBlock(b1);
      s.chain.acceptBlock(b2);
      s.chain.acceptBlock(b3);
      expect(s.voting.pending()).toEqual([ballot('V002', 'Red')]);

      const a3 = mineBlock(a2, [ballot('V006')], { timestamp: NOW + 2 });
      const a4 = mineBlock(a3, [ballot('V007')]);
      // A3 ties with B3: the lower hash decides; A4 is more work either way.
      const a3WinsTheTie = a3.hash < b3.hash;
      expect(s.chain.acceptBlock(a3)).toBe(a3WinsTheTie ? 'reorganised' : 'stored-side-branch');
      expect(s.chain.acceptBlock(a4)).toBe(a3WinsTheTie ? 'extended-main' : 'reorganised');

      expect(s.chain.mainHashes()).toEqual([genesis.hash, a1.hash, a2.hash, a3.hash, a4.hash]);
      expect(confirmedBallot(s.chain, 'V001')).toEqual({ ...ballot('V001', 'Red'), height: 1 });
      // V002 is confirmed again (A2): it leaves the pool. B's V003 and V004 come back; B2's V001 does not.
      const pending = s.voting.pending();
      expect(pending.map((b) => (b as Ballot).voter_id).sort()).toEqual(['V003', 'V004']);
      expect(pending).toContainEqual(ballot('V004', 'Green', NOW - 30));
      expect(hasVoted(s.chain, 'V003')).toBe(false);
    });

    it('extends the new main chain after a reorganisation', () => {
      s.chain.acceptBlock(b1);
      s.chain.acceptBlock(b2);
      s.chain.acceptBlock(b3);
      const b4 = mineBlock(b3, [ballot('V002', 'Blue')]);
      expect(s.chain.acceptBlock(b4)).toBe('extended-main');
      expect(s.voting.pending()).toEqual([]);
      expect(confirmedBallot(s.chain, 'V002')).toEqual({ ...ballot('V002', 'Blue'), height: 4 });
    });
  });
});
