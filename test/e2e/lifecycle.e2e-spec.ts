import request, { type Response } from 'supertest';
import type { Block, Transaction } from '../../protocol';
import type { ElectionInfo } from '../../api/http';
import { chainOf, expectError, expectRefused, getJson } from './support/http';
import { objectContaining } from '../support/matchers';
import { adminAuth, buildBlock, startNode, type TestNode, writeElection } from './support/nodes';
import {
  castSecret,
  ceremonyKeys,
  credentialFor,
  decryptedResults,
  type ElectionKeys,
  electionKeys,
  Forger,
  readCodes,
  sealedBallotFor,
} from './support/secret-voter';

const VOTERS = ['ann', 'bob', 'cy', 'dee'];

// Each election made here generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

/**
 * A secret election from ELECTION_FILE, with one trustee the node holds: the node is its authority, and it
 * starts in draft with the key ceremony done. The phase moves draft → open → closed only through the
 * authority's signed OPEN and CLOSE, each exactly once.
 */
describe('election lifecycle: draft → open → closed', () => {
  let node: TestNode;
  let keys: ElectionKeys;
  let codes: Map<string, string>;
  let election: ReturnType<typeof writeElection>;
  let forger: Forger;

  const api = () => request(node.url);
  const info = () => getJson<ElectionInfo>(node.url, '/api/election');
  const chain = () => chainOf(node.url);
  const pending = () => getJson<Transaction[]>(node.url, '/pending_tx');
  const admin = (path: string) => api().post(path).set(adminAuth());

  const refused = (send: () => Promise<Response>, status: number, error: string, message?: string | RegExp) =>
    expectRefused(node.url, send, status, error, message);
  /** A block of `txs` on `tip`, posted as a peer would: 422 with `error`, and nothing changes. */
  const blockRefused = (tip: Block, txs: Transaction[], error: string, message: string) =>
    refused(
      () =>
        api()
          .post('/add_block')
          .send(buildBlock(tip, txs, 1)),
      422,
      error,
      message,
    );

  beforeAll(async () => {
    forger = new Forger();
    election = writeElection({
      title: 'Club board',
      parties: ['Oak', 'Elm'],
      difficulty: 1,
      scheme: 'secret',
      voters: VOTERS,
      demo_trustees: 1,
    });
    node = await startNode({ ELECTION_FILE: election.file });
    // No key to seal to before the OPEN names one: the ballots cast in draft are sealed to the key the ceremony fixed.
    keys = await ceremonyKeys(node.url);
    codes = readCodes(node.dataDir);
  });

  afterAll(async () => {
    await node?.stop();
    election?.remove();
  });

  it('starts in draft, as the authority, with codes for every voter on the roll and the ceremony done', async () => {
    // The trustee's commitments (block 1) and shares (block 2) are mined before the node first answers.
    expect(await info()).toMatchObject({
      phase: 'draft',
      scheme: 'secret',
      roll_size: 4,
      is_authority: true,
      height: 2,
      credentials_issued: 0,
      sealed: { ceremony: 'complete', opened_with: null },
    });
    expect((await electionKeys(node.url)).sealing).toBeNull();
    expect([...codes.keys()].sort()).toEqual([...VOTERS].sort());
    expect((await api().get('/api/status').expect(200)).body).toMatchObject({ phase: 'draft' });
  });

  it('issues credentials in draft, but a ballot before OPEN is 409 election-not-open', async () => {
    const { prepared, credential } = await credentialFor(node.url, keys, 'ann', codes.get('ann')!);
    await refused(
      async () => castSecret(node.url, await sealedBallotFor(keys, prepared, credential, 'Oak')),
      409,
      'election-not-open',
      'the election is not open yet',
    );
    // The credential record can be mined in draft.
    expect((await api().get('/mine').set(adminAuth()).expect(200)).body).toMatchObject({ mined: true, index: 3, ballots: 1 });
    expect(await info()).toMatchObject({ phase: 'draft', credentials_issued: 1 });
  });

  it('refuses a block that carries a ballot before OPEN with 422 election-not-open', async () => {
    const { prepared, credential } = await credentialFor(node.url, keys, 'bob', codes.get('bob')!);
    const tip = (await chain()).at(-1)!;
    const ballot = await sealedBallotFor(keys, prepared, credential, 'Elm');
    await blockRefused(tip, [ballot], 'election-not-open', 'the election is not open yet');
  });

  it('CLOSE before OPEN is 409 lifecycle-out-of-order; a forged OPEN from a peer is rejected', async () => {
    await refused(() => admin('/api/admin/close'), 409, 'lifecycle-out-of-order', 'cannot close an election that is draft');
    const forgedOpen = forger.lifecycle(keys.electionId, 'open', Math.floor(Date.now() / 1000));
    expect(
      (
        await api()
          .post('/api/gossip/ballots')
          .send({ ballots: [forgedOpen] })
          .expect(200)
      ).body,
    ).toEqual({ accepted: 0, known: 0, rejected: 1, forged: 1 });
    expect(await pending()).not.toContainEqual(forgedOpen);
    expect((await info()).phase).toBe('draft');
  });

  it('OPEN is mined at once; asking again changes nothing', async () => {
    const before = (await chain()).length;
    const opened = (await admin('/api/admin/open').expect(200)).body as ElectionInfo;
    expect(opened).toMatchObject({ phase: 'open', pending: 0 });
    const blocks = await chain();
    expect(blocks.flatMap((b) => b.transactions).filter((t) => 'type' in t && t.type === 'open')).toHaveLength(1);
    expect(blocks.length).toBeGreaterThan(before);
    // bob's credential record was pending: it went in with (or before) the OPEN.
    expect(opened.credentials_issued).toBe(2);
    expect(opened.sealed).toMatchObject({ opened_with: opened.sealed!.election_key });

    const again = (await admin('/api/admin/open').expect(200)).body as ElectionInfo;
    expect(again).toMatchObject({ phase: 'open', height: opened.height });
    expect(await chain()).toEqual(blocks);
  });

  it('accepts ballots once open', async () => {
    // From now on a voter's device seals to the key the OPEN named.
    keys = await electionKeys(node.url);
    expect(keys.sealing).not.toBeNull();
    const { prepared, credential } = await credentialFor(node.url, keys, 'cy', codes.get('cy')!);
    await castSecret(node.url, await sealedBallotFor(keys, prepared, credential, 'Elm')).expect(201);
  });

  it('CLOSE is mined at once, after the pending ballot; the trustee decrypts; a block with a ballot after it is 422 election-closed', async () => {
    const late = await credentialFor(node.url, keys, 'dee', codes.get('dee')!);
    const closed = (await admin('/api/admin/close').expect(200)).body as ElectionInfo;
    expect(closed).toMatchObject({ phase: 'closed', ballots_cast: 1, credentials_issued: 4 });
    const closing = (await chain()).find((b) => b.transactions.some((t) => 'type' in t && t.type === 'close'))!;
    expect(closing.transactions.at(-1)).toMatchObject({ type: 'close' });
    expect(closing.transactions).toContainEqual(objectContaining({ type: 'sealed-ballot' }));

    // The node's trustee decrypts the one ballot a little after the close.
    expect(await decryptedResults(node.url)).toMatchObject({
      phase: 'closed',
      final: true,
      total: 1,
      tally: [
        { party: 'Oak', votes: 0 },
        { party: 'Elm', votes: 1 },
      ],
    });
    const tip = (await chain()).at(-1)!;
    expect(tip.index).toBeGreaterThan(closing.index);
    const ballot = await sealedBallotFor(keys, late.prepared, late.credential, 'Oak');
    await blockRefused(tip, [ballot], 'election-closed', 'the election is closed');
    await refused(() => castSecret(node.url, ballot), 409, 'election-closed', 'the election is closed');
  });

  it('CLOSE again changes nothing', async () => {
    const blocks = await chain();
    expect((await admin('/api/admin/close').expect(200)).body).toMatchObject({ phase: 'closed' });
    expect(await chain()).toEqual(blocks);
  });

  it('OPEN after CLOSE is 409 lifecycle-out-of-order', async () => {
    await refused(() => admin('/api/admin/open'), 409, 'lifecycle-out-of-order', 'cannot open an election that is closed');
    expect((await info()).phase).toBe('closed');
  });
});

describe('lifecycle on an election without an authority (the open demo)', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startNode();
  });

  afterAll(() => node.stop());

  it('is open from genesis; open and close are 409 not-authority and change nothing', async () => {
    const api = () => request(node.url);
    expect((await api().get('/api/election').expect(200)).body).toMatchObject({ phase: 'open', authority: null, is_authority: false });
    for (const path of ['/api/admin/open', '/api/admin/close']) {
      expectError(await api().post(path).set(adminAuth()), 409, 'not-authority', 'this node does not hold the election authority’s keys');
    }
    expect((await api().get('/api/status').expect(200)).body).toMatchObject({ phase: 'open', height: 0, pending: 0 });
  });

  it('refuses a credential request: this election has no credentials', async () => {
    const res = await request(node.url)
      .post('/api/credentials')
      .send({ voter_id: 'VOID001', code: 'AAAA-BBBB-CCCC-DDDD', blinded_message: 'AAAA' });
    expectError(res, 409, 'wrong-scheme', 'this election does not use credentials');
  });
});
