import { statSync } from 'node:fs';
import request, { type Response } from 'supertest';
import { checkInclusion, type CredentialRecord, type MerkleStep, type SealedBallot, type Transaction } from '../../protocol';
import { type CredentialResponse, type ElectionInfo, type MineResult, type ReceiptStatus } from '../../api/http';
import { sha256 } from '../../node-crypto/sha256';
import { codesFilePath } from '../../server/setup/create-election';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import {
  ballotTrackingCode,
  finishCredential,
  openRecoveryKit,
  prepareCredentialRequest,
  sealBallot,
  sealChoiceFor,
  sealRecoveryKit,
} from '../../voter';
import { chainOf, DEMO_PARTIES, expectError, expectRefused, getJson } from './support/http';
import { adminAuth, buildBlock, startNode, type TestNode, writeElection } from './support/nodes';
import { waitFor } from '../support/wait';
import {
  askCredential,
  castSecret,
  credentialFor,
  decryptedResults,
  type ElectionKeys,
  electionKeys,
  Forger,
  headerAt,
  readCodes,
  sealedBallotFor,
} from './support/secret-voter';
import { anyArray, anyNumber, anyString, objectContaining, stringMatching } from '../support/matchers';

const DEMO_VOTERS = Array.from({ length: 15 }, (_, i) => `VOID${String(i + 1).padStart(3, '0')}`);
/** The demo's difficulty. */
const D = 2;
/**
 * The demo's parties and voters as a secret election with one trustee the node holds: its ceremony is done
 * before the node answers, and the node decrypts the result itself after the close. Trustees are what
 * sealed-election.e2e-spec.ts tests; here it is the credentials and the ballot keys.
 */
const SEALED_SECRET = {
  title: 'Demo election',
  parties: [...DEMO_PARTIES],
  voters: DEMO_VOTERS,
  difficulty: D,
  scheme: 'secret' as const,
  demo_trustees: 1,
};
/** The trustee's commitments (block 1) and shares (block 2), then the OPEN (block 3): the first ballots go in block 4. */
const OPENING = 3;

// Each election made here generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

/**
 * A secret election of the demo's voters: node A is the authority (ELECTION_FILE) and opens it first thing;
 * node B joined A's election from PEERS. Voters use the voter kit, as the portal does, and seal their choice
 * to the key the OPEN named. Each refusal is checked to leave the pool and the chain exactly as they were.
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
    definition = writeElection(SEALED_SECRET);
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

  it('opens with the authority’s OPEN after the trustee’s ceremony; the manifest publishes its keys, its trustee and a roll commitment, not the roll', async () => {
    const election = await info(a);
    expect(election).toMatchObject({
      phase: 'open',
      scheme: 'secret',
      title: 'Demo election',
      difficulty: D,
      roll_size: 15,
      credentials_issued: 0,
      ballots_cast: 0,
      height: OPENING,
      is_authority: true,
      authority: { signing_key: anyString, credential_key: anyString },
      sealed: { ceremony: 'complete', threshold: 1, demo_trustees: true },
    });
    expect(election.manifest).toEqual({
      title: 'Demo election',
      parties: ['Democratic Party', 'Republican Party', 'Socialist party'],
      difficulty: D,
      scheme: 'secret',
      roll: { size: 15, root: stringMatching(/^[0-9a-f]{64}$/) },
      authority: election.authority,
      sealed: { threshold: 1, trustees: [{ name: 'Demo trustee 1', signing_key: anyString, share_key: anyString }], blank: false },
    });
    const [genesis, commitments, shares, opening] = await chain(a);
    expect(genesis.hash).toBe(election.election_id);
    expect(commitments.transactions).toEqual([objectContaining({ type: 'trustee-commitments', trustee: 1 })]);
    expect(shares.transactions).toEqual([objectContaining({ type: 'trustee-shares', trustee: 1 })]);
    expect(opening.transactions).toEqual([
      { type: 'open', timestamp: anyNumber, election_key: election.sealed!.election_key, signature: anyString },
    ]);
    expect(keys.sealing).not.toBeNull();
    // The roll stays private: no voter ID anywhere in the chain.
    expect(JSON.stringify(await chain(a))).not.toMatch(/VOID\d{3}/);

    expect([...codes.keys()]).toEqual(DEMO_VOTERS);
    for (const c of codes.values()) expect(c).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(new Set(codes.values()).size).toBe(15);
    expect(statSync(codesFilePath(a.dataDir)).mode & 0o777).toBe(0o600);

    await syncB();
    expect(await info(b)).toMatchObject({ election_id: election.election_id, phase: 'open', is_authority: false, height: OPENING });
  });

  let receipt: Extract<ReceiptStatus, { status: 'confirmed' }>;

  it('a voter gets a credential with ID and code, casts a sealed ballot (201, tracking code), and checks the receipt against two nodes', async () => {
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

    const ballot = await sealedBallotFor(keys, prepared, credential, 'Republican Party');
    const cast = await castSecret(a.url, ballot);
    expect(cast.status).toBe(201);
    const tracking = ballotTrackingCode(ballot);
    expect(cast.body).toEqual({ message: 'Your ballot is stored', tracking_code: tracking });
    expect((await api(a).get(`/api/receipts/${tracking}`).expect(200)).body).toEqual({
      tracking_code: tracking,
      status: 'pending',
      transaction: ballot,
    });

    const index = OPENING + 1;
    expect(await mine()).toMatchObject({ mined: true, index, ballots: 2 });
    const block = (await chain(a))[index];
    expect(block.transactions).toEqual([records[0], ballot]);
    receipt = await getJson<typeof receipt>(a.url, `/api/receipts/${tracking}`);
    expect(receipt).toEqual({
      tracking_code: tracking,
      status: 'confirmed',
      transaction: ballot,
      block_index: index,
      block_hash: block.hash,
      position: 1,
      proof: anyArray,
      confirmations: 1,
    });

    // The voter's browser asks two nodes for the block header and checks the proof against it.
    await syncB();
    expect((await api(b).get(`/api/receipts/${tracking}`).expect(200)).body).toEqual(receipt);
    const headers = [await headerAt(a.url, index), await headerAt(b.url, index)];
    expect(headers[0]).toEqual({
      index,
      hash: block.hash,
      previous_hash: block.previous_hash,
      timestamp: block.timestamp,
      nonce: block.nonce,
      difficulty: D,
      merkle_root: block.merkle_root,
    });
    expect(checkInclusion(tracking, receipt.proof, headers, sha256, { difficulty: D })).toEqual({ ok: true });

    // While the election is open, the ballot is counted only as cast: its choice stays sealed.
    expect((await api(a).get('/api/results').expect(200)).body).toMatchObject({
      height: index,
      tally: [],
      total: 0,
      pending: 0,
      phase: 'open',
      final: false,
      sealed: { state: 'sealed', ballots: 1, credentials: 1 },
    });
    expect(JSON.stringify(block)).not.toContain('"Republican Party"');
    expect(await info(a)).toMatchObject({ credentials_issued: 1, ballots_cast: 1, pending: 0 });
  });

  it('a tampered receipt fails the check: an altered proof step, another code, a forged header, one node only, disagreeing nodes', async () => {
    const headers = [await headerAt(a.url, receipt.block_index), await headerAt(b.url, receipt.block_index)];
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
    expect(check(receipt.tracking_code, steps, [headers[0], await headerAt(b.url, OPENING)])).toMatchObject({
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

  it('POST /api/credentials/check says whether the request would be answered, on the authority or relayed, and issues nothing', async () => {
    const voter = 'VOID014';
    const prepared = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    const body = { voter_id: voter, code: code(voter), blinded_message: prepared.blindedMessage };
    const check = (node: TestNode, b: object) => request(node.url).post('/api/credentials/check').send(b);
    const before = await pending(a);
    for (const node of [a, b]) {
      expect((await check(node, body)).status).toBe(204);
      expectError(await check(node, { ...body, code: 'AAAA-BBBB-CCCC-DDDD' }), 401, 'invalid-code', /do not match the roll/);
      expectError(await check(node, { ...body, blinded_message: 'not base64url!' }), 400, 'bad-request', /blinded_message/);
    }
    // Nothing was signed or recorded: the request is still the voter's first.
    expect(await pending(a)).toEqual(before);
    expect((await askCredential(a.url, keys, voter, code(voter), prepared)).res.body).toMatchObject({ resumed: false });
    // Once answered, the same request checks again (a browser resuming), and another is refused as it would be.
    expect((await check(b, body)).status).toBe(204);
    const another = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    expectError(await check(b, { ...body, blinded_message: another.blindedMessage }), 409, 'credential-already-issued', /another request/);
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
      'a credential was already issued to this voter for another request: the ballot may be cast already, or the request is in the browser (or recovery kit) that made it',
    );
  });

  it('a forged credential, or a real one for another ballot key, is 422 bad-credential', async () => {
    const prepared = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    const forgedCredential = forger.credential(keys.electionId, prepared.ballotKey);
    const message = 'the credential is not the authority’s signature on this ballot key';
    const forged = await sealedBallotFor(keys, prepared, forgedCredential, 'Democratic Party');
    await refused(() => castSecret(a.url, forged), 422, 'bad-credential', message);
    // VOID004's genuine credential certifies VOID004's ballot key only.
    const genuine = await credentialFor(a.url, keys, 'VOID004', code('VOID004'));
    const borrowed = await sealedBallotFor(keys, prepared, genuine.credential, 'Democratic Party');
    await refused(() => castSecret(a.url, borrowed), 422, 'bad-credential', message);
  });

  it('a voter who lost the browser recovers with the kit: the same blind signature, one ballot, and "voted" plainly after', async () => {
    const voter = 'VOID013';
    // The first browser: the request is prepared and saved as a kit before it is sent; then the browser is lost.
    const prepared = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    const kit = await sealRecoveryKit(prepared, voter, code(voter));
    const first = await askCredential(a.url, keys, voter, code(voter), prepared);
    expect(first.res.status).toBe(201);
    // Another browser, with a request of its own: refused, as a second credential would be.
    expectError((await askCredential(b.url, keys, voter, code(voter))).res, 409, 'credential-already-issued');
    // With the kit (the ID typed in another case), through the other node: the same blind signature.
    const recovered = await openRecoveryKit(kit, keys.electionId, voter.toLowerCase(), code(voter).toLowerCase());
    const again = await askCredential(b.url, keys, voter.toLowerCase(), code(voter), recovered);
    expect(again.res.body).toEqual({ blind_signature: (first.res.body as CredentialResponse).blind_signature, resumed: true });
    const credential = await finishCredential(recovered, (again.res.body as CredentialResponse).blind_signature, keys.credentialKey);
    await castSecret(b.url, await sealedBallotFor(keys, recovered, credential, 'Republican Party')).expect(201);
    await waitFor(async () => (await pending(a)).some((t) => 'ballot_key' in t && t.ballot_key === recovered.ballotKey), {
      timeoutMs: 5_000,
      what: 'A to hold the ballot cast at B',
    });
    // The kit once more, after the vote: the credential comes back, the ballot says the voter has voted.
    const late = await askCredential(a.url, keys, voter, code(voter), await openRecoveryKit(kit, keys.electionId, voter, code(voter)));
    expect(late.res.status).toBe(201);
    const second = await sealedBallotFor(keys, recovered, credential, 'Democratic Party');
    await refused(() => castSecret(a.url, second), 409, 'already-used', /this voter has voted, and a voter casts one ballot/);
  });

  it('a credential used twice: a second ballot with the same key is 409 already-used, pending or mined', async () => {
    const { prepared, credential } = await credentialFor(a.url, keys, 'VOID005', code('VOID005'));
    const first = await sealedBallotFor(keys, prepared, credential, 'Socialist party');
    await castSecret(a.url, first).expect(201);
    // Plainly: the voter has voted, and where to check it (a voter recovering with a kit gets this answer).
    const message =
      'a ballot was already cast with this credential (its ballot key): this voter has voted, and a voter casts one ballot. ' +
      'The tracking code of that ballot checks it on the Verify page';
    const second = await sealedBallotFor(keys, prepared, credential, 'Democratic Party');
    await refused(() => castSecret(a.url, second), 409, 'already-used', message);
    await refused(() => castSecret(a.url, first), 409, 'already-used', message);
    await mine();
    await refused(() => castSecret(a.url, second), 409, 'already-used', message);
    await refused(() => castSecret(a.url, first), 409, 'already-used', message);
  });

  it('a ballot altered in transit (another sealed choice after signing) is 422 bad-ballot-signature, and the voter’s real ballot still counts', async () => {
    const { prepared, credential } = await credentialFor(a.url, keys, 'VOID006', code('VOID006'));
    const ballot = await sealedBallotFor(keys, prepared, credential, 'Democratic Party');
    // A sealing of another party, with valid proofs for this very ballot key: only the signature tells.
    const other = sealChoiceFor(await libsodiumGroup(), keys.sealing!, prepared, DEMO_PARTIES.indexOf('Socialist party')).sealed;
    await refused(
      () => castSecret(a.url, { ...ballot, sealed: other }),
      422,
      'bad-ballot-signature',
      'the ballot is not signed by its ballot key (altered or forged)',
    );
    await castSecret(a.url, ballot).expect(201);
  });

  it('a ballot with an option the election does not have (a party not in it) is 422 sealed-malformed', async () => {
    const { prepared, credential } = await credentialFor(a.url, keys, 'VOID007', code('VOID007'));
    const group = await libsodiumGroup();
    const sealing = keys.sealing!;
    const extraOption = sealBallot(group, { ...sealing, optionCount: sealing.optionCount + 1 }, prepared, credential, sealing.optionCount);
    await refused(
      () => castSecret(a.url, extraOption.ballot),
      422,
      'sealed-malformed',
      `a sealed choice has one entry per option: ${sealing.optionCount}, not ${sealing.optionCount + 1}`,
    );
    // A second spelling of the same signature bytes would change the tracking code: refused too.
    const ballot = await sealedBallotFor(keys, prepared, credential, 'Socialist party');
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
    const record = (await chain(a))
      .flatMap((blk) => blk.transactions)
      .find((t): t is CredentialRecord => 'type' in t && t.type === 'credential')!;
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
    const ballot = await sealedBallotFor(keys, prepared, credential, 'Democratic Party');
    const other = sealChoiceFor(await libsodiumGroup(), keys.sealing!, prepared, DEMO_PARTIES.indexOf('Socialist party')).sealed;
    const fresh = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
    const confirmedBallot = (await chain(a))
      .flatMap((blk) => blk.transactions)
      .find((t): t is SealedBallot => 'type' in t && t.type === 'sealed-ballot')!;
    const cases: { txs: Transaction[]; reason: string; message: string | RegExp }[] = [
      { txs: [{ ...ballot, sealed: other }], reason: 'invalid-ballot', message: /^bad-ballot-signature: / },
      {
        txs: [await sealedBallotFor(keys, fresh, forger.credential(keys.electionId, fresh.ballotKey), 'Democratic Party')],
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

  it('closing mines what is pending before CLOSE; then ballots and credentials are 409 election-closed, and the decrypted results are final', async () => {
    const late = await credentialFor(a.url, keys, 'VOID010', code('VOID010'));
    const lastBallot = await sealedBallotFor(keys, late.prepared, late.credential, 'Democratic Party');
    await castSecret(a.url, lastBallot).expect(201);
    // VOID011 has a credential but casts only after the close.
    const tooLate = await credentialFor(a.url, keys, 'VOID011', code('VOID011'));
    const tooLateBallot = await sealedBallotFor(keys, tooLate.prepared, tooLate.credential, 'Democratic Party');

    const closed = (await api(a).post('/api/admin/close').set(adminAuth()).expect(200)).body as ElectionInfo;
    expect(closed).toMatchObject({ phase: 'closed', ballots_cast: 7 });
    const closing = (await chain(a)).find((blk) => blk.transactions.some((t) => 'type' in t && t.type === 'close'))!;
    expect(closing.transactions.at(-1)).toMatchObject({ type: 'close' });
    expect(closing.transactions).toContainEqual(lastBallot);
    expect(
      (
        await api(a)
          .get(`/api/receipts/${ballotTrackingCode(lastBallot)}`)
          .expect(200)
      ).body,
    ).toMatchObject({ status: 'confirmed', block_index: closing.index });

    // The node's trustee decrypts the sums a little after the close: every ballot cast and confirmed above, and nothing else.
    const results = await decryptedResults(a.url);
    expect(results).toMatchObject({
      phase: 'closed',
      final: true,
      total: 7,
      pending: 0,
      sealed: { state: 'decrypted', ballots: 7, decrypted_by: [1], quorum: [1] },
    });
    expect(results.height).toBeGreaterThan(closing.index);
    expect(results.tally).toEqual([
      { party: 'Democratic Party', votes: 3 },
      { party: 'Republican Party', votes: 2 },
      { party: 'Socialist party', votes: 2 },
    ]);
    expect(await info(a)).toMatchObject({ ballots_cast: 7 });

    await refused(() => castSecret(a.url, tooLateBallot), 409, 'election-closed', 'the election is closed');
    await refused(
      async () => (await askCredential(a.url, keys, 'VOID012', code('VOID012'))).res,
      409,
      'election-closed',
      'the election is closed',
    );

    // B follows: same final tally, and it refuses late ballots too.
    await syncB();
    expect((await api(b).get('/api/results').expect(200)).body).toEqual(results);
    await refused(() => castSecret(b.url, tooLateBallot), 409, 'election-closed', 'the election is closed', b);
  });
});
