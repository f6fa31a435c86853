import request from 'supertest';
import {
  type Block,
  base64urlToBytes,
  ceremonyBaseHash,
  electionBaseHash,
  type SealedBallot,
  type SealedGroup,
  type SealedSetup,
  type Transaction,
} from '../../protocol';
import { type BlockPage, type ElectionInfo, type MineResult, type ResultsResponse, type SealedBallotAccepted } from '../../api/http';
import { sha256 } from '../../node-crypto/sha256';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { ballotTrackingCode, sealBallot, type SealingKey, signSealedBallot } from '../../voter';
import { sumOfSealedBallots, TestTrustee } from '../support/sealed-trustee';
import { chainOf, expectError, getJson } from './support/http';
import { adminAuth, startNode, type TestNode, writeElection } from './support/nodes';
import { credentialFor, type ElectionKeys, electionKeys, readCodes } from './support/secret-voter';

// An RSA-2048 credential key and a few hundred group operations per step: seconds on a slow machine.
jest.setTimeout(60_000);

const PARTIES = ['Red', 'Green', 'Blue'];
const VOTERS = ['S001', 'S002', 'S003', 'S004', 'S005'];
/** Votes last, after a refused attempt. */
const LATE_VOTER = 'S006';
/** Each voter's choice: an index into the parties, or 3 for the blank vote. */
const CHOICES = [0, 2, 0, 3, 0];

/**
 * A sealed election of five voters, three trustees and a threshold of two, on one node: the ceremony through
 * the API, the opening with the key it fixed, sealed ballots, the close, and a result decrypted by trustees 1
 * and 3 while trustee 2 is absent. Each refusal on the way is a precise one.
 */
describe('sealed election: ceremony, sealed ballots, threshold decryption', () => {
  let group: SealedGroup;
  let node: TestNode;
  let trustees: TestTrustee[];
  let setup: SealedSetup;
  let keys: ElectionKeys;
  let codes: Map<string, string>;
  let ceremonyBase: Uint8Array;
  let removeDefinition: () => void;

  const api = () => request(node.url);
  const info = () => getJson<ElectionInfo>(node.url, '/api/election');
  const results = () => getJson<ResultsResponse>(node.url, '/api/results');
  const mine = () => getJson<MineResult>(node.url, '/mine', adminAuth());
  const post = (tx: Transaction) => api().post('/api/trustees/transactions').send(tx);
  const postAndMine = async (tx: Transaction) => {
    const res = await post(tx);
    expect(res.status).toBe(201);
    await mine();
  };
  const chain = (): Promise<Block[]> => chainOf(node.url);

  /** What a voter's device seals to, computed from the commitments on chain and the key the opening named. */
  const sealingKey = async (): Promise<SealingKey> => {
    const sealed = (await info()).sealed!;
    const commitments = sealed.commitments!.map((cs) => cs.map((c) => base64urlToBytes(c)!));
    const key = base64urlToBytes(sealed.opened_with!)!;
    const base = electionBaseHash(sha256, group, keys.electionId, setup.threshold, commitments, key);
    return { key, base, optionCount: PARTIES.length + 1 };
  };

  const voterBallot = async (voter: string, choice: number, sealing: SealingKey): Promise<SealedBallot> => {
    const { prepared, credential } = await credentialFor(node.url, keys, voter, codes.get(voter)!);
    return sealBallot(group, sealing, prepared, credential, choice).ballot;
  };

  beforeAll(async () => {
    group = await libsodiumGroup();
    trustees = [1, 2, 3].map((i) => new TestTrustee(group, i));
    setup = { threshold: 2, trustees: trustees.map((t) => t.spec()) };
    const definition = writeElection({
      title: 'Sealed board election',
      parties: PARTIES,
      difficulty: 1,
      scheme: 'secret',
      voters: [...VOTERS, LATE_VOTER],
      trustees: setup.trustees,
      threshold: 2,
      blank: true,
    });
    removeDefinition = () => definition.remove();
    node = await startNode({ ELECTION_FILE: definition.file, MINE_INTERVAL_MS: '0' });
    keys = await electionKeys(node.url);
    codes = readCodes(node.dataDir);
    ceremonyBase = ceremonyBaseHash(sha256, group, keys.electionId, setup.threshold, setup.trustees.length);
  });

  afterAll(async () => {
    await node?.stop();
    removeDefinition?.();
  });

  it('publishes the trustees and the threshold in the manifest, and waits for the ceremony', async () => {
    const election = await info();
    expect(election.manifest.sealed).toEqual({ threshold: 2, trustees: setup.trustees, blank: true });
    expect(election.sealed).toMatchObject({
      threshold: 2,
      ceremony: 'in-progress',
      election_key: null,
      opened_with: null,
      blank: true,
      trustees: setup.trustees.map((t, i) => ({ index: i + 1, name: t.name, committed: false, shared: false, decrypted: false })),
    });
    expect(election.sealed!.waiting_for).toEqual(['commitments of trustee 1', 'commitments of trustee 2', 'commitments of trustee 3']);
  });

  it('refuses to open before the ceremony is complete', async () => {
    const res = await api().post('/api/admin/open').set(adminAuth());
    expectError(res, 409, 'ceremony-incomplete', /key ceremony is not complete/);
    expect((await info()).phase).toBe('draft');
  });

  it('refuses a commitment signed by another key, and shares before the commitments', async () => {
    const impostor = new TestTrustee(group, 1);
    const forged = impostor.commitments(keys.electionId, ceremonyBase, 2);
    expectError(await post(forged), 422, 'bad-trustee-signature', 'not signed by trustee 1');
    trustees[0].commitments(keys.electionId, ceremonyBase, 2);
    const early = trustees[0].shares(keys.electionId, ceremonyBase, setup);
    expectError(await post(early), 409, 'ceremony-out-of-order', 'trustee 1 sends shares only after its commitments');
  });

  it('runs the ceremony on chain and fixes the joint key', async () => {
    for (const t of trustees) await postAndMine(t.commitments(keys.electionId, ceremonyBase, 2));
    for (const t of trustees) await postAndMine(t.shares(keys.electionId, ceremonyBase, setup));
    // A second commitment from the same trustee is one claim too many.
    expectError(
      await post(trustees[1].commitments(keys.electionId, ceremonyBase, 2)),
      409,
      'ceremony-duplicate',
      'trustee 2 has already committed',
    );
    const sealed = (await info()).sealed!;
    expect(sealed).toMatchObject({ ceremony: 'complete', waiting_for: [], opened_with: null });
    expect(sealed.election_key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sealed.trustees.every((t) => t.committed && t.shared)).toBe(true);
  });

  it('opens with the election key, and shows no per-party figure while sealed', async () => {
    await api().post('/api/admin/open').set(adminAuth()).expect(200);
    const election = await info();
    expect(election.phase).toBe('open');
    expect(election.sealed!.opened_with).toBe(election.sealed!.election_key);
    const opening = (await chain()).flatMap((b) => b.transactions).find((t) => 'type' in t && t.type === 'open');
    expect(opening).toMatchObject({ election_key: election.sealed!.election_key });
  });

  it('takes sealed ballots, and refuses a choice in clear and proofs made for another election', async () => {
    const sealing = await sealingKey();
    const ballots: SealedBallot[] = [];
    for (const [i, voter] of VOTERS.entries()) {
      const ballot = await voterBallot(voter, CHOICES[i], sealing);
      const res = await api().post('/api/sealed-ballots').send(ballot);
      expect(res.status).toBe(201);
      expect((res.body as SealedBallotAccepted).tracking_code).toBe(ballotTrackingCode(ballot));
      ballots.push(ballot);
    }
    expectError(await api().post('/api/sealed-ballots').send(ballots[0]), 409, 'already-used');

    // The last voter's device seals with another election's base hash: well signed, but its proofs are bound elsewhere.
    const { prepared, credential } = await credentialFor(node.url, keys, LATE_VOTER, codes.get(LATE_VOTER)!);
    const misbound = sealBallot(group, { ...sealing, base: new Uint8Array(32).fill(9) }, prepared, credential, 1).ballot;
    expectError(await api().post('/api/sealed-ballots').send(misbound), 422, 'sealed-entry-proof', /option 0 encrypts 0 or 1/);
    // Another voter's sealed choice, copied under this ballot key and signed with it: a copy is not a vote.
    const copy = signSealedBallot(prepared, credential, ballots[1].sealed);
    expectError(await api().post('/api/sealed-ballots').send(copy), 409, 'already-used', /a copy is not a vote/);
    // A choice in clear is no ballot at all: a transaction of no known type.
    const clear = { type: 'ballot', party: 'Red', ballot_key: prepared.ballotKey, credential, signature: misbound.signature };
    expectError(await api().post('/api/sealed-ballots').send(clear), 400, 'bad-request', 'unknown transaction type');
    // The same credential still casts its one ballot, sealed as it should be.
    const late = sealBallot(group, sealing, prepared, credential, 1).ballot;
    await api().post('/api/sealed-ballots').send(late).expect(201);
    await mine();

    const sealedResults = await results();
    expect(sealedResults).toMatchObject({ phase: 'open', final: false, tally: [], total: 0 });
    expect(sealedResults.sealed).toMatchObject({ state: 'sealed', ballots: 6, credentials: 6, decrypted_by: [], threshold: 2 });
    // No per-party figure anywhere: the chain holds no party name beyond the manifest (as a value: the
    // random base64url of ciphertexts and proofs may spell one).
    const blocks = await chain();
    expect(JSON.stringify(blocks.slice(1))).not.toMatch(/"(Red|Green|Blue)"/);
  });

  it('decrypts after the close with any two trustees, and refuses a partial decryption with a bad proof', async () => {
    await api().post('/api/admin/close').set(adminAuth()).expect(200);
    const blocks = await chain();
    const sum = sumOfSealedBallots(group, blocks);
    const sealing = await sealingKey();
    expect((await results()).sealed).toMatchObject({ state: 'decrypting', decrypted_by: [] });

    // Trustee 2 posts shares made with a key share that is not its own: its proofs fail, and it is named.
    const wrongShare = group.randomScalar();
    expectError(
      await post(trustees[1].decryption(keys.electionId, sealing.base, wrongShare, sum)),
      422,
      'bad-decryption-proof',
      /trustee 2/,
    );

    await postAndMine(trustees[0].decryption(keys.electionId, sealing.base, trustees[0].keyShare(ceremonyBase, blocks), sum));
    expect((await results()).sealed).toMatchObject({ state: 'decrypting', decrypted_by: [1] });
    await postAndMine(trustees[2].decryption(keys.electionId, sealing.base, trustees[2].keyShare(ceremonyBase, blocks), sum));

    const final = await results();
    // Red: S001, S003, S005; Green: S006; Blue: S002; blank: S004.
    expect(final.tally).toEqual([
      { party: 'Red', votes: 3 },
      { party: 'Green', votes: 1 },
      { party: 'Blue', votes: 1 },
    ]);
    expect(final).toMatchObject({ phase: 'closed', final: true, total: 6 });
    expect(final.sealed).toMatchObject({ state: 'decrypted', decrypted_by: [1, 3], quorum: [1, 3], blank: 1, ballots: 6 });
    expect((await info()).sealed!.trustees.map((t) => t.decrypted)).toEqual([true, false, true]);
  });

  it('says in its block summaries what every block holds, by kind', async () => {
    const { blocks } = await getJson<BlockPage>(node.url, '/api/blocks?limit=100');
    const totals: Record<string, number> = {};
    for (const summary of blocks) {
      for (const { kind, count } of summary.contents) totals[kind] = (totals[kind] ?? 0) + count;
      expect(summary.contents.find((c) => c.kind === 'ballot')?.count ?? 0).toBe(summary.ballots);
    }
    // Three trustees' commitments and shares; the six voters' credentials and ballots; two decryptions.
    expect(totals).toEqual({ ceremony: 6, open: 1, credential: 6, ballot: 6, close: 1, decryption: 2 });
    expect(blocks.at(-1)).toMatchObject({ index: 0, contents: [] });
  });
});
