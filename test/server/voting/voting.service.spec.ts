import { type Ballot, type Transaction, tallyDigest } from '../../../protocol';
import { sha256 } from '../../../node-crypto/sha256';
import { BadInputError, BallotRejectedError, DuplicateVoteError } from '../../../server/common/domain-errors';
import { ballot, createServices, mineBlock, NOW, poolRows, rejection, type Services, TEST_ELECTION } from '../support/services';

describe('VotingService', () => {
  let s: Services;

  beforeEach(async () => {
    s = await createServices();
  });

  afterEach(() => s.close());

  describe('cast', () => {
    it('admits a ballot, stamps it with the clock and commits it to the pool table before resolving', async () => {
      const admitted: Transaction[][] = [];
      s.voting.admitted.subscribe((b) => admitted.push(b));
      const stored = await s.voting.cast('V001', 'Green');
      expect(stored).toEqual({ voter_id: 'V001', party: 'Green', timestamp: NOW });
      expect(poolRows(s.db)).toEqual([stored]);
      expect(s.voting.pending()).toEqual([stored]);
      expect(s.voting.pendingCount()).toBe(1);
      expect(s.receipts.ballotStatus('V001')).toEqual({ voter_id: 'V001', status: 'pending', ballot: stored });
      expect(admitted).toEqual([[stored]]);
    });

    it('keeps admission order in the pool', async () => {
      await s.voting.cast('V003', 'Red');
      s.setNow(NOW + 1);
      await s.voting.cast('V001', 'Blue');
      s.setNow(NOW + 2);
      await s.voting.cast('V002', 'Green');
      const voters = (txs: Transaction[]) => txs.map((b) => (b as Ballot).voter_id);
      expect(voters(s.voting.pending())).toEqual(['V003', 'V001', 'V002']);
      expect(voters(s.voting.pending(2))).toEqual(['V003', 'V001']);
    });

    it('refuses a second ballot of a voter whose ballot is pending, and keeps the first', async () => {
      const first = await s.voting.cast('V001', 'Red');
      const error = await rejection(() => s.voting.cast('V001', 'Blue'));
      expect(error).toBeInstanceOf(DuplicateVoteError);
      expect(error).toMatchObject({ status: 409, code: 'duplicate-voter' });
      expect(poolRows(s.db)).toEqual([first]);
    });

    it('refuses a ballot of a voter already confirmed on the main chain', async () => {
      s.chain.acceptBlock(mineBlock(s.chain.genesis(), [ballot('V002', 'Green')]));
      const error = await rejection(() => s.voting.cast('V002', 'Red'));
      expect(error).toBeInstanceOf(DuplicateVoteError);
      expect(poolRows(s.db)).toEqual([]);
    });

    it('refuses a voter who is not on the roll with not-on-roll', async () => {
      const error = await rejection(() => s.voting.cast('X001', 'Red'));
      expect(error).toBeInstanceOf(BallotRejectedError);
      expect(error).toMatchObject({ status: 422, code: 'not-on-roll' });
      expect(poolRows(s.db)).toEqual([]);
    });

    it.each(['Purple', '', 'red', 'Red ', 'toString', '__proto__'])('refuses the unknown party %j with unknown-party', async (party) => {
      const error = await rejection(() => s.voting.cast('V001', party));
      expect(error).toBeInstanceOf(BallotRejectedError);
      expect(error).toMatchObject({ status: 422, code: 'unknown-party' });
      expect(poolRows(s.db)).toEqual([]);
    });

    it.each(['', '  ', 'V 001', '-V001', 'V'.repeat(65), 'V001\n'])('refuses the malformed voter ID %j as bad input', async (voterId) => {
      const error = await rejection(() => s.voting.cast(voterId, 'Red'));
      expect(error).toBeInstanceOf(BadInputError);
      expect(error).toMatchObject({ status: 400 });
      expect(poolRows(s.db)).toEqual([]);
    });

    it.each([' V001', 'v001', '\tv001 '])('casts %j under the roll’s own spelling, V001, once', async (typed) => {
      await expect(s.voting.cast(typed, 'Red')).resolves.toEqual({ voter_id: 'V001', party: 'Red', timestamp: NOW });
      await expect(s.voting.cast('V001', 'Green')).rejects.toBeInstanceOf(DuplicateVoteError);
      expect(poolRows(s.db)).toHaveLength(1);
    });

    it('admits any well-formed voter ID once when the election has no roll, in one spelling whatever the case', async () => {
      await s.close();
      s = await createServices({ title: 'Open', parties: ['Yes', 'No'], difficulty: 1 });
      await expect(s.voting.cast('anyone-42', 'Yes')).resolves.toEqual({ voter_id: 'ANYONE-42', party: 'Yes', timestamp: NOW });
      await expect(s.voting.cast('anyone-42', 'No')).rejects.toBeInstanceOf(DuplicateVoteError);
      await expect(s.voting.cast('Anyone-42', 'No')).rejects.toBeInstanceOf(DuplicateVoteError);
    });

    it('without a roll, counts a ballot cast under the typed spelling before IDs were normalised as this voter’s', async () => {
      await s.close();
      s = await createServices({ title: 'Open', parties: ['Yes', 'No'], difficulty: 1 });
      // What an earlier node admitted: the ID as typed, in lower case.
      expect(await s.voting.submitOwn({ voter_id: 'old-7', party: 'Yes', timestamp: NOW })).toBe(true);
      await expect(s.voting.cast('old-7', 'No')).rejects.toBeInstanceOf(DuplicateVoteError);
      expect(poolRows(s.db)).toHaveLength(1);
    });

    it('admits exactly one of many concurrent casts of the same voter in one tick', async () => {
      const parties = TEST_ELECTION.parties;
      const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => s.voting.cast('V007', parties[i % parties.length])));
      const fulfilled = results.filter((r): r is PromiseFulfilledResult<Ballot> => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(24);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(DuplicateVoteError);
      expect(poolRows(s.db)).toEqual([fulfilled[0].value]);
    });

    it('commits concurrent casts of different voters together and admits each', async () => {
      const voters = TEST_ELECTION.voters!.slice(0, 10);
      const stored = await Promise.all(voters.map((v) => s.voting.cast(v, 'Blue')));
      expect(stored.map((b) => b.voter_id)).toEqual(voters);
      expect(poolRows(s.db).map((b) => (b as Ballot).voter_id)).toEqual(voters);
    });

    it('refuses a pending ballot whose voter a block confirmed between admission and commit', async () => {
      const cast = s.voting.cast('V008', 'Red'); // checked now, committed on the next tick
      s.chain.acceptBlock(mineBlock(s.chain.genesis(), [ballot('V008', 'Green')]));
      await expect(cast).rejects.toBeInstanceOf(DuplicateVoteError);
      expect(poolRows(s.db)).toEqual([]);
    });
  });

  describe('admitFromPeer', () => {
    it('counts accepted, known and rejected ballots and stores only the accepted ones with their timestamps', async () => {
      s.chain.acceptBlock(mineBlock(s.chain.genesis(), [ballot('V001', 'Red')]));
      const local = await s.voting.cast('V002', 'Red');
      const outcome = await s.voting.admitFromPeer([
        ballot('V003', 'Green', NOW - 500), // accepted
        ballot('V004', 'Blue', NOW - 400), // accepted
        ballot('V001', 'Blue'), // known: confirmed on the chain
        ballot('V002', 'Blue'), // known: pending here
        ballot('V003', 'Blue'), // known: earlier in the same batch
        ballot('V005', 'Purple'), // rejected, forged: unknown party
        ballot('X001', 'Red'), // rejected, forged: not on the roll
        ballot('V 06', 'Red'), // rejected, forged: malformed voter ID
        ballot('V007', 'Red', NOW + 3600), // rejected: from the future (an honest peer's clock may run ahead)
        ballot('V008', 'Red', -1), // rejected, forged: a negative timestamp is no transaction at all
      ]);
      expect(outcome).toEqual({ accepted: 2, known: 3, rejected: 5, forged: 4 });
      expect(poolRows(s.db)).toEqual([local, ballot('V003', 'Green', NOW - 500), ballot('V004', 'Blue', NOW - 400)]);
    });

    it('never stores fields a transaction does not have, whatever a peer sent', async () => {
      const sent = { ...ballot('V009', 'Red'), extra: 'x' } as Ballot;
      await expect(s.voting.admitFromPeer([sent])).resolves.toEqual({ accepted: 0, known: 0, rejected: 1, forged: 1 });
      expect(s.voting.pending()).toEqual([]);
    });

    it('answers all zeros for an empty list', async () => {
      await expect(s.voting.admitFromPeer([])).resolves.toEqual({ accepted: 0, known: 0, rejected: 0, forged: 0 });
    });

    it('counts as known a gossiped ballot racing a local cast of the same voter', async () => {
      const cast = s.voting.cast('V010', 'Red');
      const gossip = s.voting.admitFromPeer([ballot('V010', 'Blue')]);
      await expect(cast).resolves.toMatchObject({ party: 'Red' });
      await expect(gossip).resolves.toEqual({ accepted: 0, known: 1, rejected: 0, forged: 0 });
    });
  });

  describe('queries', () => {
    it('reports unknown, pending, then confirmed with growing confirmations', async () => {
      expect(s.receipts.ballotStatus('V001')).toEqual({ voter_id: 'V001', status: 'unknown' });
      const stored = await s.voting.cast('V001', 'Red');
      expect(s.receipts.ballotStatus('V001')).toEqual({ voter_id: 'V001', status: 'pending', ballot: stored });
      const b1 = mineBlock(s.chain.genesis(), [stored]);
      s.chain.acceptBlock(b1);
      expect(s.receipts.ballotStatus('V001')).toEqual({
        voter_id: 'V001',
        status: 'confirmed',
        ballot: stored,
        block_index: 1,
        block_hash: b1.hash,
        confirmations: 1,
      });
      s.chain.acceptBlock(mineBlock(b1, [ballot('V002')]));
      expect(s.receipts.ballotStatus('V001')).toMatchObject({ status: 'confirmed', confirmations: 2 });
    });

    it('tallies only confirmed ballots and counts the pending ones apart', async () => {
      await s.voting.cast('V003', 'Blue');
      s.chain.acceptBlock(mineBlock(s.chain.genesis(), [ballot('V001', 'Red'), ballot('V002', 'Red')]));
      const r = s.election.results();
      expect(r).toEqual({
        height: 1,
        tip: s.chain.tip().hash,
        tally: [
          { party: 'Red', votes: 2 },
          { party: 'Green', votes: 0 },
          { party: 'Blue', votes: 0 },
        ],
        total: 2,
        pending: 1,
        phase: 'open',
        final: false,
        tally_digest: tallyDigest(1, r.tally, sha256),
      });
    });

    it('describes the election', () => {
      expect(s.election.info()).toEqual({
        phase: 'open',
        election_id: s.chain.genesis().hash,
        title: TEST_ELECTION.title,
        parties: TEST_ELECTION.parties,
        difficulty: 1,
        scheme: 'open',
        roll_size: 12,
        credentials_issued: 0,
        ballots_cast: 0,
        pending: 0,
        height: 0,
        authority: null,
        is_authority: false,
        manifest: TEST_ELECTION,
        sealed: null,
      });
    });
  });
});
