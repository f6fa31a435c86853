import request from 'supertest';
import type { Ballot, Transaction } from '../../protocol';
import type { BallotAccepted, BallotStatus, CredentialResponse } from '../../api/http';
import { prepareCredentialRequest } from '../../voter';
import { chainOf, expectError, getJson } from './support/http';
import { adminAuth, buildBlock, startNode, type TestNode, writeElection } from './support/nodes';
import { askCredential, electionKeys, readCodes } from './support/secret-voter';
import { waitFor } from '../support/wait';

// Each secret election made here generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

const VOTERS = ['VOID001', 'VOID002', 'VOID003', 'alice', 'Bob.Smith'];
const PARTIES = ['Red', 'Green'];

/**
 * Voter IDs as voters type them: any case, spaces around. Each node maps them to the roll's own spelling
 * before it builds a ballot or looks a voter up, so the chain holds one spelling, and the rules, which
 * compare IDs exactly, agree on every node.
 */
describe('voter IDs typed in any case, with spaces around them', () => {
  describe('open election with a roll, two nodes', () => {
    let definition: { file: string; remove(): void };
    let a: TestNode;
    let b: TestNode;
    const cast = (node: TestNode, voter_id: unknown, party = 'Red') => request(node.url).post('/new_transaction').send({ voter_id, party });

    beforeAll(async () => {
      definition = writeElection({ title: 'Club vote', parties: PARTIES, voters: VOTERS, difficulty: 1, scheme: 'open' });
      a = await startNode({ ELECTION_FILE: definition.file });
      b = await startNode({ PEERS: a.url });
      await waitFor(async () => ((await request(a.url).get('/api/peers')).body as { url: string }[]).some((p) => p.url === b.url), {
        timeoutMs: 10_000,
        what: 'A to keep B as a peer',
      });
    });

    afterAll(async () => {
      await b?.stop();
      await a?.stop();
      definition?.remove();
    });

    it.each([
      ['void001', 'VOID001'],
      [' VOID002 ', 'VOID002'],
      ['ALICE', 'alice'],
      ['\tbob.smith\u00a0', 'Bob.Smith'],
    ])('takes %j as the roll’s %j, and refuses the same voter in its own spelling', async (typed, spelling) => {
      const res = await cast(a, typed);
      expect(res.status).toBe(201);
      expect((res.body as BallotAccepted).ballot.voter_id).toBe(spelling);
      expectError(await cast(a, spelling, 'Green'), 409, 'duplicate-voter', `voter ${spelling} has already voted`);
      // B, once A's ballot reached it, maps the ID alike.
      await waitFor(async () => (await getJson<Transaction[]>(b.url, '/pending_tx')).some((t) => (t as Ballot).voter_id === spelling), {
        timeoutMs: 5_000,
        what: `B to hold the ballot of ${spelling}`,
      });
      expectError(await cast(b, spelling.toUpperCase(), 'Green'), 409, 'duplicate-voter');
      const status = await getJson<BallotStatus>(a.url, `/api/ballots/${encodeURIComponent(typed.trim().toLowerCase())}`);
      expect(status).toMatchObject({ voter_id: spelling, status: 'pending', ballot: { voter_id: spelling, party: 'Red' } });
    });

    it('still refuses an ID that is not on the roll in any case, and a malformed one after trimming', async () => {
      expectError(await cast(a, 'void999'), 422, 'not-on-roll', 'void999 is not on the voter roll');
      expectError(await cast(a, ' has space '), 400, 'bad-request');
      expectError(await cast(a, '   '), 400, 'bad-request');
      expectError(await cast(a, 'VOID001\n'), 400, 'bad-request');
      expectError(await cast(a, 42), 400, 'bad-request');
    });

    it('holds one spelling on every node: B maps before it gossips, and a block with another spelling is invalid everywhere', async () => {
      expect((await cast(b, 'void003').expect(201)).body).toMatchObject({ ballot: { voter_id: 'VOID003' } });
      await waitFor(async () => (await getJson<Transaction[]>(a.url, '/pending_tx')).some((t) => (t as Ballot).voter_id === 'VOID003'), {
        timeoutMs: 5_000,
        what: 'A to hold the ballot B admitted',
      });
      const spellings = (await getJson<Transaction[]>(a.url, '/pending_tx')).map((t) => (t as Ballot).voter_id).sort();
      expect(spellings).toEqual(['Bob.Smith', 'VOID001', 'VOID002', 'VOID003', 'alice']);

      // A block built elsewhere with a spelling the roll does not have: the rules compare exactly, on A and B alike.
      for (const node of [a, b]) {
        const [genesis] = await chainOf(node.url);
        const odd = buildBlock(genesis, [{ voter_id: 'void002', party: 'Red', timestamp: Math.floor(Date.now() / 1000) }], 1);
        const res = await request(node.url).post('/add_block').send(odd);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(JSON.stringify(res.body)).toContain('not-on-roll');
      }
    });
  });

  describe('open election without a roll', () => {
    let definition: { file: string; remove(): void };
    let node: TestNode;
    const cast = (voter_id: string) => request(node.url).post('/new_transaction').send({ voter_id, party: 'Red' });

    beforeAll(async () => {
      definition = writeElection({ title: 'Anyone', parties: PARTIES, difficulty: 1, scheme: 'open' });
      node = await startNode({ ELECTION_FILE: definition.file });
    });

    afterAll(async () => {
      await node?.stop();
      definition?.remove();
    });

    it('stores each voter ID in one spelling, so another case is the same voter', async () => {
      expect((await cast(' carol-7 ').expect(201)).body).toMatchObject({ ballot: { voter_id: 'CAROL-7' } });
      expectError(await cast('Carol-7'), 409, 'duplicate-voter', 'voter CAROL-7 has already voted');
      expectError(await cast('CAROL-7'), 409, 'duplicate-voter');
    });
  });

  describe('secret election: the authority finds the roll’s voter in any case', () => {
    let definition: { file: string; remove(): void };
    let a: TestNode;
    let codes: Map<string, string>;

    beforeAll(async () => {
      definition = writeElection({
        title: 'Secret club vote',
        parties: PARTIES,
        voters: VOTERS,
        difficulty: 1,
        scheme: 'secret',
        demo_trustees: 1,
      });
      a = await startNode({ ELECTION_FILE: definition.file });
      await request(a.url).post('/api/admin/open').set(adminAuth()).expect(200);
      codes = readCodes(a.dataDir);
    });

    afterAll(async () => {
      await a?.stop();
      definition?.remove();
    });

    it('issues to " void001 " and to "Void001" the same signature for the same request, and refuses another request', async () => {
      const keys = await electionKeys(a.url);
      const code = codes.get('VOID001')!;
      const first = await askCredential(a.url, keys, ' void001 ', code);
      expect(first.res.status).toBe(201);
      const again = await askCredential(a.url, keys, 'Void001', code.toLowerCase(), first.prepared);
      expect(again.res.status).toBe(201);
      expect(again.res.body as CredentialResponse).toEqual({
        blind_signature: (first.res.body as CredentialResponse).blind_signature,
        resumed: true,
      });
      const other = await prepareCredentialRequest(keys.electionId, keys.credentialKey);
      expectError((await askCredential(a.url, keys, 'VOID001', code, other)).res, 409, 'credential-already-issued');
      // One credential recorded, for one voter, whichever spelling asked.
      const records = (await getJson<Transaction[]>(a.url, '/pending_tx')).filter((t) => 'type' in t && t.type === 'credential');
      expect(records).toHaveLength(1);
    });

    it('finds a lower-case roll ID typed in capitals, and still refuses a wrong code or an unknown voter alike', async () => {
      const keys = await electionKeys(a.url);
      expect((await askCredential(a.url, keys, 'ALICE', codes.get('alice')!)).res.status).toBe(201);
      expectError((await askCredential(a.url, keys, 'bob.smith', codes.get('alice')!)).res, 401, 'invalid-code');
      expectError((await askCredential(a.url, keys, 'VOID999', codes.get('alice')!)).res, 401, 'invalid-code');
    });
  });

  describe('roll import', () => {
    let node: TestNode;

    afterEach(async () => {
      await node?.stop();
    });

    it('refuses a roll with two IDs that differ only in case, naming both and their lines', async () => {
      node = await startNode({ ELECTION: 'setup' });
      const create = (roll_csv: string) =>
        request(node.url)
          .post('/api/admin/election')
          .set(adminAuth())
          .send({ title: 'Council', parties: PARTIES, difficulty: 1, scheme: 'secret', demo_trustees: 1, roll_csv });
      expectError(
        await create('voter_id,name\nS001,Ann\nS002,Bo\ns001,Cy\n'),
        400,
        'bad-request',
        'voter IDs S001 (line 2) and s001 (line 4) differ only in case: voters type IDs in any case, so they would be one voter. Give each voter an ID of its own.',
      );
      expectError(await create('S001\nS002\nS001\n'), 400, 'bad-request', 'voter ID S001 appears twice');
      expect((await request(node.url).get('/api/election').expect(200)).body).toEqual({ phase: 'setup' });
    });
  });
});
