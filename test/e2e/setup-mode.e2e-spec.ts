import { existsSync } from 'node:fs';
import request from 'supertest';
import type { ElectionCreated, ElectionInfo } from '../../api/http';
import { codesFilePath } from '../../server/setup/create-election';
import { chainOf, expectError } from './support/http';
import { ADMIN_TOKEN, adminAuth, startNode, type TestNode } from './support/nodes';
import { askCredential, castSecret, electionKeys, parseCodes, signedBallot } from './support/secret-voter';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { TestTrustee } from '../support/sealed-trustee';
import { anyString, stringMatching } from '../support/matchers';

const ELECTION = { title: 'Student council', parties: ['Alpha', 'Beta'], difficulty: 1 };
/** A secret election still to say who its trustees are. */
const SECRET = { ...ELECTION, scheme: 'secret' };
/** A secret election with one trustee the node holds: enough for everything here but the trustees themselves. */
const DEFINITION = { ...SECRET, demo_trustees: 1 };
/** The refusal of a secret election that names no trustees and asks the node to hold none. */
const NO_TRUSTEES =
  'a secret election is sealed: name its trustees ("trustees", each made with `npm run trustee -- init`), or for a trial let the node hold some ("demo_trustees": how many)';

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

  it('creates a secret election from a roll CSV: 201 with a code for every voter (shown once), then the full node serves it in draft, its ceremony done, and takes sealed ballots once open', async () => {
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
      // The trustee the node holds mined its commitments and shares before the node first answered.
      height: 2,
      sealed: { ceremony: 'complete', threshold: 1, demo_trustees: true },
    });
    expect(election.manifest.sealed).toEqual({
      threshold: 1,
      trustees: [{ name: 'Demo trustee 1', signing_key: anyString, share_key: anyString }],
      blank: false,
    });
    expect((await chainOf(node.url))[0].hash).toBe(created.election_id);
    // ELECTION_FILE's codes file is not written for an election made on the Admin page (its copy is its own file).
    expect(existsSync(codesFilePath(node.dataDir))).toBe(false);
    expectError(await create({ ...DEFINITION, roll_csv }), 404, 'not-found');

    // The codes are the voters' real codes, and a ballot sealed to the key the opening named is accepted.
    await api().post('/api/admin/open').set(adminAuth()).expect(200);
    const keys = await electionKeys(node.url);
    expect(keys.sealing).not.toBeNull();
    await castSecret(node.url, await signedBallot(node.url, keys, 'S002', codes.get('S002')!, 'Beta')).expect(201);
    expectError((await askCredential(node.url, keys, 'S003', codes.get('S001')!)).res, 401, 'invalid-code');
  });

  it('creates a secret election with named trustees: the manifest names them, and the ceremony waits for them', async () => {
    node = await startNode({ ELECTION: 'setup' });
    const group = await libsodiumGroup();
    const trustees = ['Ada', 'Bo', 'Cyd'].map((name, i) => new TestTrustee(group, i + 1, name).spec());
    const created = (await create({ ...SECRET, trustees, threshold: 2, blank: true, roll_csv: 'S001\nS002\n' }).expect(201))
      .body as ElectionCreated;
    await node.whenElectionReady();
    const election = (await api().get('/api/election').expect(200)).body as ElectionInfo;
    expect(election).toMatchObject({ election_id: created.election_id, phase: 'draft', height: 0 });
    expect(election.manifest.sealed).toEqual({ threshold: 2, trustees, blank: true });
    expect(election.sealed).toMatchObject({
      ceremony: 'in-progress',
      waiting_for: ['commitments of trustee 1', 'commitments of trustee 2', 'commitments of trustee 3'],
      demo_trustees: false,
    });
    expectError(await api().post('/api/admin/open').set(adminAuth()), 409, 'ceremony-incomplete');
  });

  it('refuses a secret election without trustees, or with both kinds, and a trustee whose share key is no group element, with a clear 400', async () => {
    node = await startNode({ ELECTION: 'setup' });
    const group = await libsodiumGroup();
    const [ada, bo] = ['Ada', 'Bo'].map((name, i) => new TestTrustee(group, i + 1, name).spec());
    const roll_csv = 'S001\n';
    expectError(await create({ ...SECRET, roll_csv }), 400, 'bad-request', NO_TRUSTEES);
    expectError(await create({ ...DEFINITION, trustees: [ada], roll_csv }), 400, 'bad-request', NO_TRUSTEES);
    // 32 bytes, in canonical base64url, that encode no ristretto255 element.
    const notAnElement = Buffer.alloc(32, 0xff).toString('base64url');
    expectError(
      await create({ ...SECRET, trustees: [ada, { ...bo, share_key: notAnElement }], roll_csv }),
      400,
      'bad-request',
      'trustee 2 (Bo): share_key is not a ristretto255 group element',
    );
    expectError(await create({ ...SECRET, trustees: [ada, bo], threshold: 3, roll_csv }), 400, 'bad-request', /"threshold" must be/);
    // Nothing was created: the node still waits for a valid definition, and takes one.
    expect((await api().get('/api/election').expect(200)).body).toEqual({ phase: 'setup' });
    await create({ ...SECRET, trustees: [ada, bo], roll_csv }).expect(201);
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
    const created = (await create({ ...ELECTION, scheme: 'open', roll_csv: '' }).expect(201)).body as ElectionCreated;
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
    await create({ ...ELECTION, scheme: 'open', roll_csv: 'voter_id\nS002\nS001\n' }).expect(201);
    await node.whenElectionReady();
    const election = (await api().get('/api/election').expect(200)).body as ElectionInfo;
    expect(election.manifest.voters).toEqual(['S001', 'S002']);
    expect(election.roll_size).toBe(2);
    await api().post('/api/admin/open').set(adminAuth()).expect(200);
    expectError(await api().post('/new_transaction').send({ voter_id: 'S003', party: 'Alpha' }), 422, 'not-on-roll');
    await api().post('/new_transaction').send({ voter_id: 'S001', party: 'Alpha' }).expect(201);
  });
});
