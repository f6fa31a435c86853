import {
  type Block,
  type Election,
  electionRules,
  hashHeader,
  initialLedgerState,
  merkleRoot,
  searchNonce,
  validateBlock,
} from '../../../protocol';
import { MiningInProgressError } from '../../../server/common/domain-errors';
import { sha256 } from '../../../node-crypto/sha256';
import { nodeSignatures } from '../../../node-crypto/signatures';
import { ballot, createServices, mineBlock, NOW, poolRows, rejection, type Services, TEST_ELECTION } from '../support/services';

/** Nonces the miner tries between two yields to the event loop (server/mining/mining.service.ts). */
const NONCES_PER_SLICE = 20_000;

describe('MiningService', () => {
  let s: Services;

  afterEach(() => s.close());

  describe('at difficulty 1', () => {
    beforeEach(async () => {
      s = await createServices();
    });

    it('mines the pending ballots into a block that passes every rule and empties the pool', async () => {
      const cast = [await s.voting.cast('V001', 'Red'), await s.voting.cast('V002', 'Blue'), await s.voting.cast('V003', 'Red')];
      const genesis = s.chain.genesis();
      const result = await s.mining.mine();
      const tip = s.chain.tip();
      expect(result).toEqual({ mined: true, message: 'Block #1 is mined.', index: 1, hash: tip.hash, ballots: 3 });
      const block = s.chain.blockAt(1)!;
      expect(block.transactions).toEqual(cast);
      expect(block).toMatchObject({ index: 1, previous_hash: genesis.hash, difficulty: 1, timestamp: NOW });
      expect(block.merkle_root).toBe(merkleRoot(cast, sha256));
      expect(hashHeader(block, sha256)).toBe(block.hash);
      expect(block.hash.startsWith('0')).toBe(true);
      const ancestry = { isClaimed: () => false, state: initialLedgerState(TEST_ELECTION) };
      const rules = electionRules(TEST_ELECTION, sha256, nodeSignatures);
      expect(validateBlock(block, genesis, ancestry, { rules, hash: sha256, now: NOW })).toEqual({
        ok: true,
        state: { phase: 'open', ballots: 3, credentials: 0 },
      });
      expect(poolRows(s.db)).toEqual([]);
      expect(s.receipts.ballotStatus('V002')).toMatchObject({ status: 'confirmed', block_index: 1, confirmations: 1 });
      expect(s.mining.mining).toBe(false);
    });

    it('answers mined:false and leaves the chain as it is when the pool is empty', async () => {
      await expect(s.mining.mine()).resolves.toEqual({ mined: false, message: 'No transactions to mine' });
      expect(s.chain.mainHashes()).toHaveLength(1);
      expect(s.mining.mining).toBe(false);
    });

    it('mines each block on the previous one', async () => {
      await s.voting.cast('V001', 'Red');
      const first = await s.mining.mine();
      await s.voting.cast('V002', 'Green');
      const second = await s.mining.mine();
      expect(second).toMatchObject({ mined: true, index: 2, ballots: 1 });
      expect(s.chain.blockAt(2)!.previous_hash).toBe((first as { hash: string }).hash);
    });

    it('never dates a block before its parent when the clock is behind the tip', async () => {
      s.chain.acceptBlock(mineBlock(s.chain.genesis(), [ballot('V001')], { timestamp: NOW + 60 }));
      await s.voting.cast('V002', 'Red');
      await s.mining.mine();
      expect(s.chain.blockAt(2)!.timestamp).toBe(NOW + 60);
    });

    it('refuses a second mine while one is running with MiningInProgressError', async () => {
      await s.voting.cast('V001', 'Red');
      const first = s.mining.mine();
      const error = await rejection(() => s.mining.mine());
      expect(error).toBeInstanceOf(MiningInProgressError);
      expect(error).toMatchObject({ status: 409, code: 'mining-in-progress' });
      await expect(first).resolves.toMatchObject({ mined: true, index: 1 });
      expect(s.chain.tip().height).toBe(1);
      // And the miner is free again afterwards.
      await expect(s.mining.mine()).resolves.toEqual({ mined: false, message: 'No transactions to mine' });
    });
  });

  describe('while a slow proof of work is running', () => {
    const SLOW: Election = { ...TEST_ELECTION, title: 'Slow mining election', difficulty: 4 };

    /**
     * A clock time at which a block of V001's ballot on genesis needs more than `slices` slices of nonces,
     * so the miner is certain to yield to the event loop at least that many times.
     */
    function slowStart(genesis: Block, slices: number): number {
      for (let t = NOW; ; t++) {
        const header = {
          index: 1,
          timestamp: t,
          previous_hash: genesis.hash,
          difficulty: SLOW.difficulty,
          merkle_root: merkleRoot([ballot('V001', 'Red', t)], sha256),
        };
        if (searchNonce(header, 0, slices * NONCES_PER_SLICE, sha256) === null) return t;
      }
    }

    let start: number;

    beforeEach(async () => {
      s = await createServices(SLOW);
      start = slowStart(s.chain.genesis(), 3);
      s.setNow(start);
    });

    it('keeps ballots cast during the mine in the pool and mines them next, losing and duplicating none', async () => {
      const a = await s.voting.cast('V001', 'Red');
      const mining = s.mining.mine();
      expect(s.mining.mining).toBe(true);
      const b = await s.voting.cast('V002', 'Green');
      const c = await s.voting.cast('V003', 'Blue');
      expect(s.mining.mining).toBe(true); // b and c were committed while the proof of work ran
      expect(poolRows(s.db)).toEqual([a, b, c]);
      await expect(s.mining.mine()).rejects.toBeInstanceOf(MiningInProgressError);

      await expect(mining).resolves.toMatchObject({ mined: true, index: 1, ballots: 1 });
      expect(s.chain.blockAt(1)!.transactions).toEqual([a]);
      expect(poolRows(s.db)).toEqual([b, c]);

      await expect(s.mining.mine()).resolves.toMatchObject({ mined: true, index: 2, ballots: 2 });
      expect(s.chain.blockAt(2)!.transactions).toEqual([b, c]);
      expect(poolRows(s.db)).toEqual([]);
      const confirmed = s.db.prepare('SELECT claim FROM confirmed ORDER BY height, position').pluck().all();
      expect(confirmed).toEqual(['voter:V001', 'voter:V002', 'voter:V003']);
    });

    it('starts again on the new tip when a peer block arrives during the mine, keeping its ballots', async () => {
      const a = await s.voting.cast('V001', 'Red');
      const mining = s.mining.mine();
      await new Promise((resolve) => setImmediate(resolve));
      expect(s.mining.mining).toBe(true);
      const peerBlock = mineBlock(s.chain.genesis(), [ballot('V005', 'Green')], { timestamp: start }, SLOW.difficulty);
      expect(s.chain.acceptBlock(peerBlock)).toBe('extended-main');

      await expect(mining).resolves.toMatchObject({ mined: true, index: 2, ballots: 1 });
      expect(s.chain.blockAt(1)).toEqual(peerBlock);
      expect(s.chain.blockAt(2)!.transactions).toEqual([a]);
      expect(poolRows(s.db)).toEqual([]);
    });

    it('answers mined:false when a peer block confirms every pending ballot during the mine', async () => {
      const a = await s.voting.cast('V001', 'Red');
      const mining = s.mining.mine();
      await new Promise((resolve) => setImmediate(resolve));
      const peerBlock = mineBlock(s.chain.genesis(), [a], { timestamp: start }, SLOW.difficulty);
      s.chain.acceptBlock(peerBlock);
      await expect(mining).resolves.toEqual({ mined: false, message: 'No transactions to mine' });
      expect(s.chain.mainHashes()).toHaveLength(2);
      expect(poolRows(s.db)).toEqual([]);
    });
  });
});
