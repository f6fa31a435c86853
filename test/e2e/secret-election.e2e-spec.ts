import { statSync } from 'node:fs';
import request, { type Response } from 'supertest';
import { checkInclusion, type CredentialRecord, type MerkleStep, type SecretBallot, type Transaction } from '../../protocol';
import { type CredentialResponse, type ElectionInfo, type MineResult, type ReceiptStatus, type ResultsResponse } from '../../api/http';
import { sha256 } from '../../node-crypto/sha256';
import { codesFilePath } from '../../server/setup/create-election';
import { ballotTrackingCode, prepareCredentialRequest, signSecretBallot } from '../../voter';
import { chainOf, DEMO_PARTIES, expectError, expectRefused, getJson } from './support/http';
import { adminAuth, buildBlock, startNode, type TestNode, writeElection } from './support/nodes';
import { waitFor } from '../support/wait';
import {
  askCredential,
  castSecret,
  credentialFor,
  type ElectionKeys,
  electionKeys,
  Forger,
  headerAt,
  readCodes,
  signedBallot,
} from './support/secret-voter';
import { anyArray, anyNumber, anyString, objectContaining, stringMatching } from '../support/matchers';

const DEMO_VOTERS = Array.from({ length: 15 }, (_, i) => `VOID${String(i + 1).padStart(3, '0')}`);
/** The demo's difficulty. */
const D = 2;
/**
 * The demo's parties and voters as a secret election without trustees: its choices are signed in clear. The
 * demo itself is sealed (see sealed-election.e2e-spec.ts); the credential and ballot-key rules tested here are
 * the same for both.
 */
const CLEAR_SECRET = { title: 'Demo election', parties: [...DEMO_PARTIES], voters: DEMO_VOTERS, difficulty: D, scheme: 'secret' as const };

// Each election made here generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

/**
 * A secret election of the demo's voters: node A is the authority (ELECTION_FILE) and opens it first thing;
 * node B joined A's election from PEERS. Voters use the voter kit, as the portal does. Each refusal is
 * checked to leave the pool and the chain exactly as they were.
 */
describe('secret election: the voter’s path, and each way to cheat it', () => {
  let definition: { file: string; remove(): void };
  let a: TestNode;
  let b: TestNode;
  let keys: ElectionKeys;
  let codes: Map<string, string>;
  let forger: Forger;

  const api = (n: TestNode) => request(n.url);
  const code = (voter: string) => codes.get(voter)!;
  const mine = (n: TestNode = a) => getJson<MineResult>(n.url, '/mine', adminAuth());
  const pending = (n: TestNode = a) => getJson<Transaction[]>(n.url, '/pending_tx');
  const chain = (n: TestNode = a) => chainOf(n.url);
  const info = (n: TestNode = a) => getJson<ElectionInfo>(n.url, '/api/election');
  const syncB = async () => {
    await api(b).post('/api/sync').expect(200);
    const height = (await info(a)).height;
    await waitFor(async () => (await info(b)).height === height, { timeoutMs: 5_000, what: `B to reach height ${height}` });
  };

  /** A refused request: the given error, and the node's pool and chain are what they were before. */
  const refused = (send: () => Promise<Response>, status: number, error: string, message?: string | RegExp, node: TestNode = a) =>
    expectRefused(node.url, send, status, error, message);

  beforeAll(async () => {
    definition = writeElection(CLEAR_SECRET);
    a = await startNode({ ELECTION_FILE: definition.file });
    await api(a).post('/api/admin/open').set(adminAuth()).expect(200);
    b = await startNode({ PEERS: a.url });
    forger = new Forger();
    keys = await electionKeys(a.url);
    codes = readCodes(a.dataDir);
    // B registers with A in the background; from then on A gossips to B.
    await waitFor(async () => ((await api(a).get('/api/peers')).body as { url: string }[]).some((p) => p.url === b.url), {
      timeoutMs: 10_000,
      what: 'A to keep B as a peer',
    });
  });

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    definition?.remove();
  });

  it('opens with the authority’s OPEN in block 1; the manifest publishes its keys and a roll commitment, not the roll', async () => {
    const election = await info(a);
    expect(election).toMatchObject({
      phase: 'open',
      scheme: 'secret',
      title: 'Demo election',
      difficulty: D,
      roll_size: 15,
      credentials_issued: 0,
      ballots_cast: 0,
      height: 1,
      is_authority: true,
      authority: { signing_key: anyString, credential_key: anyString },
    });
    expect(election.manifest).toEqual({
      title: 'Demo election',
      parties: ['Democratic Party', 'Republican Party', 'Socialist party'],
      difficulty: D,
      scheme: 'secret',
      roll: { size: 15, root: stringMatching(/^[0-9a-f]{64}$/) },
      authority: election.authority,
    });
    const [genesis, opening] = await chain(a);
    expect(genesis.hash).toBe(election.election_id);
    expect(opening.transactions).toEqual([{ type: 'open', timestamp: anyNumber, signature: anyString }]);
    // The roll stays private: no voter ID anywhere in the chain.
    expect(JSON.stringify(await chain(a))).not.toContain('VOID');

    expect([...codes.keys()]).toEqual(DEMO_VOTERS);
    for (const c of codes.values()) expect(c).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(new Set(codes.values()).size).toBe(15);
    expect(statSync(codesFilePath(a.dataDir)).mode & 0o777).toBe(0o600);

    await syncB();
    expect(await info(b)).toMatchObject({ election_id: election.election_id, phase: 'open', is_authority: false, height: 1 });
  });

  let receipt: Extract<ReceiptStatus, { status: 'confirmed' }>;

  it('a voter gets a credential with ID and code, casts a secret ballot (201, tracking code), and checks the receipt against two nodes', async () => {
    const { prepared, credential, answer } = await credentialFor(a.url, keys, 'VOID001', code('VOID001'));
    expect(answer).toEqual({ blind_signature: anyString, resumed: false });
    // The authority records the issuance on chain under a salted tag: the voter ID is not in it.
    const records = (await pending(a)).filter((t): t is CredentialRecord => 'type' in t && t.type === 'credential');
    expect(records).toEqual([
      {
        type: 'credential',
        voter_tag: stringMatching(/^[0-9a-f]{64}$/),
        roll_proof: anyArray,
        signature: anyString,
      },
    ]);
    expect(JSON.stringify(await pending(a))).not.toContain('VOID001');

    const ballot = signSecretBallot(prepared, credential, 'Republican Party');
    const cast = await castSecret(a.url, ballot);
    expect(cast.status).toBe(201);
    const tracking = ballotTrackingCode(ballot);
    expect(cast.body).toEqual({ message: 'Your ballot is stored', tracking_code: tracking });
    expect((await api(a).get(`/api/receipts/${tracking}`).expect(200)).body).toEqual({
      tracking_code: tracking,
      status: 'pending',
      transaction: ballot,
    });

    expect(await mine()).toMatchObject({ mined: true, index: 2, ballots: 2 });
    const block2 = (await chain(a))[2];
    expect(block2.transactions).toEqual([records[0], ballot]);
    receipt = await getJson<typeof receipt>(a.url, `/api/receipts/${tracking}`);
    expect(receipt).toEqual({
      tracking_code: tracking,
      status: 'confirmed',
      transaction: ballot,
      block_index: 2,
      block_hash: block2.hash,
      position: 1,
      proof: anyArray,
      confirmations: 1,
    });

    // The voter's browser asks two nodes for the block header and checks the proof against it.
    await syncB();
    expect((await api(b).get(`/api/receipts/${tracking}`).expect(200)).body).toEqual(receipt);
    const headers = [await headerAt(a.url, 2), await headerAt(b.url, 2)];
    expect(headers[0]).toEqual({
      index: 2,
      hash: block2.hash,
      previous_hash: block2.previous_hash,
      timestamp: block2.timestamp,
      nonce: block2.nonce,
      difficulty: D,
      merkle_root: block2.merkle_root,
    });
    expect(checkInclusion(tracking, receipt.proof, headers, sha256, { difficulty: D })).toEqual({ ok: true });

    expect((await api(a).get('/api/results').expect(200)).body).toMatchObject({
      height: 2,
      tally: [
        { party: 'Democratic Party', votes: 0 },
        { party: 'Republican Party', votes: 1 },
        { party: 'Socialist party', votes: 0 },
      ],
      total: 1,
      pending: 0,
      phase: 'open',
      final: false,
    });
    expect(await info(a)).toMatchObject({ credentials_issued: 1, ballots_cast: 1, pending: 0 });
  });

  it('a tampered receipt fails the check: an altered proof step, another code, a forged header, one node only, disagreeing nodes', async () => {
    const headers = [await headerAt(a.url, 2), await headerAt(b.url, 2)];
    const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);
    const steps = receipt.proof;
    expect(steps.length).toBeGreaterThan(0);
    const alteredStep: MerkleStep[] = steps.map((s, i) => (i === 0 ? { ...s, hash: flip(s.hash) } : s));
    const swappedSide: MerkleStep[] = steps.map((s, i) => (i === 0 ? { ...s, side: s.side === 'left' ? 'right' : 'left' } : s));
    const check = (code: string, proof: MerkleStep[], hs = headers) => checkInclusion(code, proof, hs, sha256, { difficulty: D });

    expect(check(receipt.tracking_code, alteredStep)).toMatchObject({ ok: false, reason: 'proof-mismatch' });
    expect(check(receipt.tracking_code, swappedSide)).toMatchObject({ ok: false, reason: 'proof-mismatch' });
    expect(check(receipt.tracking_code, [])).toMatchObject({ ok: false, reason: 'proof-mismatch' });
    expect(check(flip(receipt.tracking_code), steps)).toMatchObject({ ok: false, reason: 'proof-mismatch' });
    // A node that serves another merkle root under the same hash is caught by the header hash.
    const forged = headers.map((h) => ({ ...h, merkle_root: flip(h.merkle_root) }));
    expect(check(receipt.tracking_code, steps, forged)).toMatchObject({ ok: false, reason: 'bad-header' });
    expect(check(receipt.tracking_code, steps, [headers[0]])).toMatchObject({ ok: false, reason: 'too-few-nodes' });
    expect(check(receipt.tracking_code, steps, [headers[0], await headerAt(b.url, 1)])).toMatchObject({
      ok: false,
      reason: 'nodes-disagree',
    });
    // The receipt itself, untouched, still checks.
    expect(check(receipt.tracking_code, steps)).toEqual({ ok: true });
  });

  it('a wrong code and an unknown voter get the same 401 invalid-code; nothing is issued, and the right code still works', async () => {
    const message = 'this voter ID and activation code do not match the roll';
    const wrong = await askCredential(a.url, keys, 'VOID002', 'AAAA-BBBB-CCCC-DDDD');
    const unknown = await askCredential(a.url, keys, 'NOBODY', code('VOID002'));
    const another = await askCredential(a.url, keys, 'VOID002', code('VOID003'));
    for (const { res } of [wrong, unknown, another]) expectError(res, 401, 'invalid-code', message);
    expect(unknown.res.body).toEqual(wrong.res.body);
    await refused(async () => (await askCredential(a.url, keys, 'VOID002', 'nope')).res, 401, 'invalid-code', message);
    // Codes are read without case or dashes, as a voter may type them.
    const typed = code('VOID002').toLowerCase().replace(/-/g, ' ');
    const { res } = await askCredential(a.url, keys, 'VOID002', typed);
    expect(res.status).toBe(201);
    expect((res.body as CredentialResponse).resumed).toBe(false);
  });

  it('the same request again gets the same blind signature with resumed:true, and one credential record only', async () => {
    const before = await pending(a);
    const prepared = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    const first = await askCredential(a.url, keys, 'VOID003', code('VOID003'), prepared);
    const again = await askCredential(a.url, keys, 'VOID003', code('VOID003'), prepared);
    expect(first.res.status).toBe(201);
    expect(again.res.status).toBe(201);
    const firstAnswer = first.res.body as CredentialResponse;
    expect(firstAnswer.resumed).toBe(false);
    expect(again.res.body).toEqual({ blind_signature: firstAnswer.blind_signature, resumed: true });
    const added = (await pending(a)).slice(before.length);
    expect(added).toEqual([objectContaining({ type: 'credential' })]);
  });

  it('a second credential for the same voter, for another ballot key, is 409 credential-already-issued', async () => {
    await refused(
      async () => (await askCredential(a.url, keys, 'VOID003', code('VOID003'))).res,
      409,
      'credential-already-issued',
      'a credential was already issued to this voter, for another device or attempt',
    );
  });

  it('a forged credential, or a real one for another ballot key, is 422 bad-credential', async () => {
    const prepared = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    const forgedCredential = forger.credential(keys.electionId, prepared.ballotKey);
    const message = 'the credential is not the authority’s signature on this ballot key';
    await refused(
      () => castSecret(a.url, signSecretBallot(prepared, forgedCredential, 'Democratic Party')),
      422,
      'bad-credential',
      message,
    );
    // VOID004's genuine credential certifies VOID004's ballot key only.
    const genuine = await credentialFor(a.url, keys, 'VOID004', code('VOID004'));
    await refused(
      () => castSecret(a.url, signSecretBallot(prepared, genuine.credential, 'Democratic Party')),
      422,
      'bad-credential',
      message,
    );
  });

  it('a credential used twice: a second ballot with the same key is 409 already-used, pending or mined', async () => {
    const { prepared, credential } = await credentialFor(a.url, keys, 'VOID005', code('VOID005'));
    const first = signSecretBallot(prepared, credential, 'Socialist party');
    await castSecret(a.url, first).expect(201);
    const message = 'this ballot key has already been used to vote';
    await refused(() => castSecret(a.url, signSecretBallot(prepared, credential, 'Democratic Party')), 409, 'already-used', message);
    await refused(() => castSecret(a.url, first), 409, 'already-used', message);
    await mine();
    await refused(() => castSecret(a.url, signSecretBallot(prepared, credential, 'Democratic Party')), 409, 'already-used', message);
  });

  it('a ballot altered in transit (party changed after signing) is 422 bad-ballot-signature, and the voter’s real ballot still counts', async () => {
    const ballot = (await signedBallot(a.url, keys, 'VOID006', code('VOID006'), 'Democratic Party')) as SecretBallot;
    await refused(
      () => castSecret(a.url, { ...ballot, party: 'Socialist party' }),
      422,
      'bad-ballot-signature',
      'the ballot is not signed by its ballot key (altered or forged)',
    );
    await castSecret(a.url, ballot).expect(201);
  });

  it('a ballot for a party not in the election is 422 unknown-party', async () => {
    const { prepared, credential } = await credentialFor(a.url, keys, 'VOID007', code('VOID007'));
    await refused(
      () => castSecret(a.url, signSecretBallot(prepared, credential, 'Pirate Party')),
      422,
      'unknown-party',
      '"Pirate Party" is not a party in this election',
    );
    // A second spelling of the same signature bytes would change the tracking code: refused too.
    const ballot = signSecretBallot(prepared, credential, 'Socialist party');
    const last = ballot.signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = { ...ballot, signature: ballot.signature.slice(0, -1) + alphabet[alphabet.indexOf(last) + 1] };
    expect(Buffer.from(respelled.signature, 'base64url')).toEqual(Buffer.from(ballot.signature, 'base64url'));
    await refused(() => castSecret(a.url, respelled), 422, 'non-canonical-encoding');
    await castSecret(a.url, ballot).expect(201);
  });

  it('a ballot with the voter ID in clear (open scheme) is 422 wrong-scheme', async () => {
    await refused(() => api(a).post('/new_transaction').send({ voter_id: 'VOID008', party: 'Democratic Party' }), 422, 'wrong-scheme');
  });

  it('a lifecycle transaction or credential record not signed by the authority, gossiped by a peer, is counted rejected and not pooled', async () => {
    const [, , block2] = await chain(a);
    const record = block2.transactions[0] as CredentialRecord;
    const forgedClose = forger.lifecycle(keys.electionId, 'close', Math.floor(Date.now() / 1000));
    const forgedRecord: CredentialRecord = {
      ...record,
      voter_tag: 'f'.repeat(64),
      signature: forger.credentialRecordSignature(keys.electionId, 'f'.repeat(64)),
    };
    const before = { pending: await pending(a), chain: await chain(a) };
    const res = await api(a)
      .post('/api/gossip/ballots')
      .send({ ballots: [forgedClose, forgedRecord] })
      .expect(200);
    expect(res.body).toEqual({ accepted: 0, known: 0, rejected: 2, forged: 2 });
    // The authentic record is simply known.
    expect(
      (
        await api(a)
          .post('/api/gossip/ballots')
          .send({ ballots: [record] })
          .expect(200)
      ).body,
    ).toEqual({ accepted: 0, known: 1, rejected: 0, forged: 0 });
    expect({ pending: await pending(a), chain: await chain(a) }).toEqual(before);
    expect((await info(a)).phase).toBe('open');
  });

  it('a block carrying a tampered or forged transaction is refused by POST /add_block with 422 and the reason', async () => {
    await mine();
    const tip = (await chain(a)).at(-1)!;
    const { prepared, credential } = await credentialFor(a.url, keys, 'VOID009', code('VOID009'));
    const ballot = signSecretBallot(prepared, credential, 'Democratic Party');
    const fresh = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    const confirmedBallot = (await chain(a))
      .flatMap((blk) => blk.transactions)
      .find((t): t is SecretBallot => 'type' in t && t.type === 'ballot')!;
    const cases: { txs: Transaction[]; reason: string; message: string | RegExp }[] = [
      { txs: [{ ...ballot, party: 'Socialist party' }], reason: 'invalid-ballot', message: /^bad-ballot-signature: / },
      {
        txs: [signSecretBallot(fresh, forger.credential(keys.electionId, fresh.ballotKey), 'Democratic Party')],
        reason: 'invalid-ballot',
        message: /^bad-credential: /,
      },
      { txs: [forger.lifecycle(keys.electionId, 'close', tip.timestamp)], reason: 'invalid-ballot', message: /^bad-authority-signature: / },
      // Well signed, but its ballot key already voted on this chain.
      { txs: [confirmedBallot], reason: 'already-used', message: `key:${confirmedBallot.ballot_key} is already used on this chain` },
    ];
    for (const { txs, reason, message } of cases) {
      await refused(
        () =>
          api(a)
            .post('/add_block')
            .send(buildBlock(tip, txs, D)),
        422,
        reason,
        message,
      );
    }
    // The untampered ballot goes through the pool and into a block.
    await castSecret(a.url, ballot).expect(201);
    expect(await mine()).toMatchObject({ mined: true });
  });

  it('open and close on a node that is not the authority are 409 not-authority', async () => {
    await syncB();
    for (const path of ['/api/admin/open', '/api/admin/close']) {
      await refused(
        () => api(b).post(path).set(adminAuth()),
        409,
        'not-authority',
        'this node does not hold the election authority’s keys',
        b,
      );
    }
    expect((await info(b)).phase).toBe('open');
  });

  it('closing mines what is pending before CLOSE; then ballots and credentials are 409 election-closed, and the results are final', async () => {
    const late = await credentialFor(a.url, keys, 'VOID010', code('VOID010'));
    const lastBallot = signSecretBallot(late.prepared, late.credential, 'Democratic Party');
    await castSecret(a.url, lastBallot).expect(201);
    // VOID011 has a credential but casts only after the close.
    const tooLate = await credentialFor(a.url, keys, 'VOID011', code('VOID011'));

    const closed = (await api(a).post('/api/admin/close').set(adminAuth()).expect(200)).body as ElectionInfo;
    expect(closed).toMatchObject({ phase: 'closed', pending: 0 });
    const blocks = await chain(a);
    const closing = blocks.at(-1)!;
    expect(closing.transactions.at(-1)).toMatchObject({ type: 'close' });
    expect(closing.transactions).toContainEqual(lastBallot);
    expect(
      (
        await api(a)
          .get(`/api/receipts/${ballotTrackingCode(lastBallot)}`)
          .expect(200)
      ).body,
    ).toMatchObject({ status: 'confirmed', block_index: closing.index });

    await refused(
      () => castSecret(a.url, signSecretBallot(tooLate.prepared, tooLate.credential, 'Democratic Party')),
      409,
      'election-closed',
      'the election is closed',
    );
    await refused(
      async () => (await askCredential(a.url, keys, 'VOID012', code('VOID012'))).res,
      409,
      'election-closed',
      'the election is closed',
    );

    const results = await getJson<ResultsResponse>(a.url, '/api/results');
    expect(results).toMatchObject({ phase: 'closed', final: true, height: closing.index, pending: 0 });
    // Every ballot cast and confirmed above, and nothing else.
    expect(results.tally).toEqual([
      { party: 'Democratic Party', votes: 3 },
      { party: 'Republican Party', votes: 1 },
      { party: 'Socialist party', votes: 2 },
    ]);
    expect(await info(a)).toMatchObject({ ballots_cast: 6 });

    // B follows: same final tally, and it refuses late ballots too.
    await syncB();
    expect((await api(b).get('/api/results').expect(200)).body).toEqual(results);
    await refused(
      () => castSecret(b.url, signSecretBallot(tooLate.prepared, tooLate.credential, 'Democratic Party')),
      409,
      'election-closed',
      'the election is closed',
      b,
    );
  });
});
