import { existsSync } from 'node:fs';
import request from 'supertest';
import type { ElectionCreated, ElectionInfo } from '../../api/http';
import { codesFilePath } from '../../server/setup/create-election';
import { chainOf, expectError } from './support/http';
import { ADMIN_TOKEN, adminAuth, startNode, type TestNode } from './support/nodes';
import { askCredential, credentialFor, electionKeys, parseCodes } from './support/secret-voter';
import { anyString, stringMatching } from '../support/matchers';

const DEFINITION = { title: 'Student council', parties: ['Alpha', 'Beta'], difficulty: 1, scheme: 'secret' };

// Each election made here generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

/**
 * ELECTION=setup: the node serves only election creation until an admin posts the definition and the roll;
 * then the full node starts on the same port with that election, in draft. Requests go over real HTTP,
 * since the app behind the port changes.
 */
describe('setup mode: the election is created by an admin', () => {
  let node: TestNode;
  const api = () => request(node.url);
  const create = (body: object) => api().post('/api/admin/election').set(adminAuth()).send(body);

  afterEach(async () => {
    await node?.stop();
  });

  it('waits in phase setup, refuses creation without the admin token, and refuses a bad roll with a clear 400', async () => {
    node = await startNode({ ELECTION: 'setup' });
    expect(node.running.mode).toBe('setup');
    expect((await api().get('/api/election').expect(200)).body).toEqual({ phase: 'setup' });
    await api().get('/api/admin/check').set(adminAuth()).expect(204);

    const body = { ...DEFINITION, roll_csv: 'voter_id\nS001\n' };
    expectError(await api().post('/api/admin/election').send(body), 401, 'admin-token-required');
    expectError(await api().post('/api/admin/election').set(adminAuth('not-the-admin-token')).send(body), 401, 'invalid-admin-token');

    const badRolls: [string, string | RegExp][] = [
      ['', 'the roll is empty'],
      ['voter_id\n', 'the roll has no voters'],
      ['name,email\nAnn,ann@example.org\n', 'the roll needs a "voter_id" column'],
      ['voter_id\nS001\nS 002\n', 'line 3: "S 002" is not a valid voter ID'],
      ['voter_id\nS001\nS001\n', 'voter ID S001 appears twice'],
      ['voter_id\n"S001\n', /^the roll is not valid CSV: /],
    ];
    for (const [roll_csv, message] of badRolls) expectError(await create({ ...DEFINITION, roll_csv }), 400, 'bad-request', message);
    expectError(
      await create({ ...DEFINITION, parties: ['Alpha', 'Alpha'], roll_csv: 'S001\n' }),
      400,
      'bad-request',
      '"parties" has duplicates',
    );
    expectError(await create({ ...DEFINITION, difficulty: 9, roll_csv: 'S001\n' }), 400, 'bad-request', [
      'difficulty must not be greater than 8',
    ]);
    expectError(await create({ ...DEFINITION, scheme: 'secret-ish', roll_csv: 'S001\n' }), 400, 'bad-request');
    expectError(await create({ title: 'No parties', difficulty: 1, scheme: 'secret', roll_csv: 'S001\n' }), 400, 'bad-request');

    // Nothing was created.
    expect((await api().get('/api/election').expect(200)).body).toEqual({ phase: 'setup' });
  });

  it('creates a secret election from a roll CSV: 201 with a code for every voter (shown once), then the full node serves it in draft', async () => {
    node = await startNode({ ELECTION: 'setup' });
    const roll_csv = 'voter_id,name\nS001,Ann Smith\nS002,Bo Li\nS003,Cy Young\n';
    const res = await create({ ...DEFINITION, roll_csv });
    expect(res.status).toBe(201);
    const created = res.body as ElectionCreated;
    expect(created).toEqual({ election_id: stringMatching(/^[0-9a-f]{64}$/), voters: 3, codes_csv: anyString });
    const codes = parseCodes(created.codes_csv);
    expect([...codes.keys()]).toEqual(['S001', 'S002', 'S003']);
    // Names are read to find the voter_id column, and go nowhere.
    expect(created.codes_csv).not.toMatch(/Ann|Smith|Bo Li|Cy/);

    await node.whenElectionReady();
    const election = (await api().get('/api/election').expect(200)).body as ElectionInfo;
    expect(election).toMatchObject({
      election_id: created.election_id,
      phase: 'draft',
      title: 'Student council',
      parties: ['Alpha', 'Beta'],
      scheme: 'secret',
      roll_size: 3,
      is_authority: true,
      height: 0,
    });
    expect((await chainOf(node.url))[0].hash).toBe(created.election_id);
    // The codes were shown once: not kept on disk, not served again.
    expect(existsSync(codesFilePath(node.dataDir))).toBe(false);
    expectError(await create({ ...DEFINITION, roll_csv }), 404, 'not-found');

    // The codes are the voters' real codes.
    await api().post('/api/admin/open').set(adminAuth()).expect(200);
    const keys = await electionKeys(node.url);
    await credentialFor(node.url, keys, 'S002', codes.get('S002')!);
    expectError((await askCredential(node.url, keys, 'S003', codes.get('S001')!)).res, 401, 'invalid-code');
  });

  it('takes a roll far larger than the 64 KB limit of ordinary requests (election creation is a bulk route)', async () => {
    node = await startNode({ ELECTION: 'setup' });
    const voters = Array.from({ length: 20_000 }, (_, i) => `S${String(i).padStart(5, '0')}`);
    const roll_csv = `voter_id\n${voters.join('\n')}\n`;
    expect(roll_csv.length).toBeGreaterThan(64 * 1024);
    const created = (await create({ ...DEFINITION, roll_csv }).expect(201)).body as ElectionCreated;
    expect(created.voters).toBe(20_000);
    expect([...parseCodes(created.codes_csv).keys()]).toEqual(voters);
    await node.whenElectionReady();
    expect((await api().get('/api/election').expect(200)).body).toMatchObject({ election_id: created.election_id, roll_size: 20_000 });
  });

  it('after a restart on the same data dir it starts as a full node with the same election', async () => {
    node = await startNode({ ELECTION: 'setup' });
    const created = (await create({ ...DEFINITION, roll_csv: 'S001\nS002\n' }).expect(201)).body as ElectionCreated;
    await node.whenElectionReady();
    const dataDir = node.dataDir;
    await node.stop(true);
    node = await startNode({ ELECTION: 'setup', DATA_DIR: dataDir });
    expect(node.running.mode).toBe('node');
    expect((await api().get('/api/election').expect(200)).body).toMatchObject({
      election_id: created.election_id,
      phase: 'draft',
      roll_size: 2,
    });
  });

  it('creates an open election without a roll: any well-formed voter ID votes once, after OPEN', async () => {
    node = await startNode({ ELECTION: 'setup', ADMIN_TOKEN });
    const created = (await create({ ...DEFINITION, scheme: 'open', roll_csv: '' }).expect(201)).body as ElectionCreated;
    expect(created).toMatchObject({ voters: 0, codes_csv: '' });
    await node.whenElectionReady();
    expect((await api().get('/api/election').expect(200)).body).toMatchObject({
      scheme: 'open',
      roll_size: null,
      phase: 'draft',
      is_authority: true,
    });
    expectError(
      await api().post('/new_transaction').send({ voter_id: 'anyone-1', party: 'Alpha' }),
      409,
      'election-not-open',
      'the election is not open yet',
    );
    await api().post('/api/admin/open').set(adminAuth()).expect(200);
    await api().post('/new_transaction').send({ voter_id: 'anyone-1', party: 'Alpha' }).expect(201);
    expectError(await api().post('/new_transaction').send({ voter_id: 'anyone-1', party: 'Beta' }), 409, 'duplicate-voter');
  });

  it('creates an open election with a roll: the manifest lists the voters in clear', async () => {
    node = await startNode({ ELECTION: 'setup' });
    await create({ ...DEFINITION, scheme: 'open', roll_csv: 'voter_id\nS002\nS001\n' }).expect(201);
    await node.whenElectionReady();
    const election = (await api().get('/api/election').expect(200)).body as ElectionInfo;
    expect(election.manifest.voters).toEqual(['S001', 'S002']);
    expect(election.roll_size).toBe(2);
    await api().post('/api/admin/open').set(adminAuth()).expect(200);
    expectError(await api().post('/new_transaction').send({ voter_id: 'S003', party: 'Alpha' }), 422, 'not-on-roll');
    await api().post('/new_transaction').send({ voter_id: 'S001', party: 'Alpha' }).expect(201);
  });
});
