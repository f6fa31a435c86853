import { existsSync } from 'node:fs';
import request from 'supertest';
import { checkInclusion } from '../../protocol';
import { type AuditResponse, type ElectionInfo, type MineResult, type NodeStatus, type ReceiptStatus } from '../../api/http';
import { sha256 } from '../../node-crypto/sha256';
import { codesFilePath } from '../../server/setup/create-election';
import { DataDirMismatchError } from '../../server/setup/establish-election';
import { ballotTrackingCode } from '../../voter';
import { chainOf, expectError, getJson } from './support/http';
import { adminAuth, startNode, type TestNode } from './support/nodes';
import { waitFor } from '../support/wait';
import {
  askCredential,
  castSecret,
  credentialFor,
  type ElectionKeys,
  electionKeys,
  headerAt,
  readCodes,
  sealedBallotFor,
} from './support/secret-voter';
import { objectContaining } from '../support/matchers';

// Each election made here generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

/**
 * Node B starts with PEERS = A and no ELECTION: it takes A's election (join mode), and relays voters'
 * credential requests to the authority, which AUTHORITY_URL defaults to: the first peer.
 */
describe('join mode: a node with PEERS adopts the election of its peer', () => {
  let a: TestNode;
  let b: TestNode | undefined;
  let keys: ElectionKeys;
  let codes: Map<string, string>;
  let aStopped = false;

  const api = (n: TestNode) => request(n.url);
  const info = (n: TestNode) => getJson<ElectionInfo>(n.url, '/api/election');
  const chain = (n: TestNode) => chainOf(n.url);
  const receipt = async (n: TestNode, code: string) => (await api(n).get(`/api/receipts/${code}`)).body as ReceiptStatus;

  beforeAll(async () => {
    a = await startNode({ ELECTION: 'demo' });
    keys = await electionKeys(a.url);
    codes = readCodes(a.dataDir);
    b = await startNode({ PEERS: a.url });
    await waitFor(async () => ((await api(a).get('/api/peers')).body as { url: string }[]).some((p) => p.url === b!.url), {
      timeoutMs: 10_000,
      what: 'A to keep B as a peer',
    });
  });

  afterAll(async () => {
    await b?.stop();
    if (!aStopped) await a?.stop();
  });

  it('serves the same election: same genesis block and election_id, without the authority’s keys or codes', async () => {
    const [ia, ib] = [await info(a), await info(b!)];
    expect(ib.election_id).toBe(ia.election_id);
    expect(ib.manifest).toEqual(ia.manifest);
    expect(ib).toMatchObject({ scheme: 'secret', is_authority: false, authority: ia.authority });
    expect((await chain(b!))[0]).toEqual((await chain(a))[0]);
    expect((await getJson<NodeStatus>(b!.url, '/api/status')).election_id).toBe(ia.election_id);
    expect(existsSync(codesFilePath(b!.dataDir))).toBe(false);
  });

  it('relays a credential request to the authority: the credential is valid, and A records the issuance', async () => {
    const { prepared, credential, answer } = await credentialFor(b!.url, keys, 'VOID001', codes.get('VOID001')!);
    expect(answer.resumed).toBe(false);
    expect((await api(a).get('/pending_tx').expect(200)).body).toContainEqual(objectContaining({ type: 'credential' }));

    // The authority's refusals reach the voter unchanged.
    expectError(
      (await askCredential(b!.url, keys, 'VOID002', 'AAAA-BBBB-CCCC-DDDD')).res,
      401,
      'invalid-code',
      'this voter ID and activation code do not match the roll',
    );
    expectError((await askCredential(b!.url, keys, 'VOID001', codes.get('VOID001')!)).res, 409, 'credential-already-issued');

    // A ballot cast on B reaches A, is mined there, and its receipt checks against both nodes.
    // Sealed to the key the demo's opening named.
    const ballot = await sealedBallotFor(keys, prepared, credential, 'Socialist party');
    const code = ballotTrackingCode(ballot);
    await castSecret(b!.url, ballot).expect(201);
    await waitFor(async () => (await receipt(a, code)).status === 'pending', {
      timeoutMs: 5_000,
      what: 'the ballot to reach A',
    });
    const mined = await getJson<MineResult>(a.url, '/mine', adminAuth());
    expect(mined).toMatchObject({ mined: true, ballots: 2 });
    await waitFor(async () => (await receipt(b!, code)).status === 'confirmed', {
      timeoutMs: 5_000,
      what: 'the block to reach B',
    });
    const confirmed = await getJson<ReceiptStatus>(b!.url, `/api/receipts/${code}`);
    if (confirmed.status !== 'confirmed') throw new Error(`the receipt on B is ${confirmed.status}`);
    const headers = [await headerAt(a.url, confirmed.block_index), await headerAt(b!.url, confirmed.block_index)];
    expect(checkInclusion(code, confirmed.proof, headers, sha256, { difficulty: 2 })).toEqual({ ok: true });
  });

  it('the audit on B lists both tallies, agreeing', async () => {
    const audit = (await api(b!).get('/api/audit').expect(200)).body as AuditResponse;
    expect(audit.disagreement).toBe(false);
    expect(audit.tallies).toEqual([
      objectContaining({ url: b!.url, verdict: 'self' }),
      objectContaining({ url: a.url, verdict: 'agrees', height: (await info(a)).height }),
    ]);
  });

  it('restarts on its data dir with its election even when the peer it joined is down', async () => {
    const id = (await info(b!)).election_id;
    const height = (await info(b!)).height;
    const dataDir = b!.dataDir;
    await b!.stop(true);
    b = undefined;
    await a.stop();
    aStopped = true;
    b = await startNode({ PEERS: a.url, DATA_DIR: dataDir });
    expect(await info(b)).toMatchObject({ election_id: id, height });
  });

  it('refuses its data dir when ELECTION_ID names another election, and starts with its own', async () => {
    const id = (await info(b!)).election_id;
    const dataDir = b!.dataDir;
    await b!.stop(true);
    b = undefined;
    // A node that starts anyway is stopped at once, so the failure is the assertion's, not a leaked node's.
    const refusal = await startNode({ PEERS: a.url, DATA_DIR: dataDir, ELECTION_ID: 'f'.repeat(64) }).then(
      (started) => started.stop(true),
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(DataDirMismatchError);
    expect((refusal as Error).message).toBe(`DATA_DIR ${dataDir} holds election ${id}, not ELECTION_ID`);
    b = await startNode({ PEERS: a.url, DATA_DIR: dataDir, ELECTION_ID: id });
    expect((await info(b)).election_id).toBe(id);
  });
});
