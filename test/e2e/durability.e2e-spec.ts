import { readFileSync, rmSync } from 'node:fs';
import request from 'supertest';
import type { BallotAccepted, ChainResponse, ElectionInfo, NodeStatus } from '../../api/http';
import { codesFilePath } from '../../server/setup/create-election';
import { DataDirMismatchError } from '../../server/setup/establish-election';
import { adminAuth, type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { startNode, writeElection } from './support/nodes';

// The secret demo generates an RSA-2048 credential key: seconds, on a slow machine.
jest.setTimeout(30_000);

/** An acknowledged ballot survives a restart; so do the chain, the peers and the node's identity. */
describe('durability across restarts on the same DATA_DIR', () => {
  let node: InProcessNode | undefined;
  let dataDir: string;

  const http = () => request(node!.app.getHttpServer());
  const restart = async (env: Record<string, string> = {}) => {
    await node!.stop(true);
    node = undefined;
    node = await startInProcessNode({ ...env, DATA_DIR: dataDir });
  };

  beforeEach(async () => {
    node = await startInProcessNode();
    dataDir = node.dataDir;
  });

  afterEach(async () => {
    await node?.stop(true);
    node = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a pending ballot, then the mined chain, across restarts', async () => {
    const ballot = (
      (await http().post('/new_transaction').send({ voter_id: 'VOID001', party: 'Socialist party' }).expect(201)).body as BallotAccepted
    ).ballot;
    const nodeId = ((await http().get('/api/status')).body as NodeStatus).node_id;

    await restart();
    expect((await http().get('/pending_tx').expect(200)).body).toEqual([ballot]);
    expect((await http().get('/api/ballots/VOID001')).body).toEqual({ voter_id: 'VOID001', status: 'pending', ballot });
    expect(((await http().get('/api/status')).body as NodeStatus).node_id).toBe(nodeId);
    // Still one vote per voter after the restart.
    expect((await http().post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' })).status).toBe(409);

    expect((await http().get('/mine').set(adminAuth()).expect(200)).body).toMatchObject({ mined: true, index: 1, ballots: 1 });
    const chain = (await http().get('/chain').expect(200)).body as ChainResponse;

    await restart();
    expect((await http().get('/chain').expect(200)).body).toEqual(chain);
    expect((await http().get('/pending_tx').expect(200)).body).toEqual([]);
    expect((await http().get('/api/ballots/VOID001')).body).toMatchObject({
      status: 'confirmed',
      ballot,
      block_index: 1,
      confirmations: 1,
    });
    expect((await http().get('/api/results')).body).toMatchObject({ height: 1, total: 1, pending: 0 });
    expect((await http().post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' })).status).toBe(409);

    // And the restarted node keeps building on it.
    await http().post('/new_transaction').send({ voter_id: 'VOID002', party: 'Democratic Party' }).expect(201);
    expect((await http().get('/mine').set(adminAuth()).expect(200)).body).toMatchObject({ mined: true, index: 2 });
    expect(((await http().get('/chain').expect(200)).body as ChainResponse).chain[2].previous_hash).toBe(chain.chain[1].hash);
  });

  it('a secret demo opens only on its first start; its authority, codes and phase survive restarts', async () => {
    await node!.stop();
    node = await startInProcessNode({ ELECTION: 'demo', DATA_DIR: dataDir });
    const codes = readFileSync(codesFilePath(dataDir), 'utf8');
    const election = (await http().get('/api/election').expect(200)).body as ElectionInfo;
    // Its demo trustees' commitments (block 1) and shares (block 2), then the OPEN with the key they fixed (block 3).
    expect(election).toMatchObject({ phase: 'open', height: 3, is_authority: true, sealed: { ceremony: 'complete', demo_trustees: true } });
    const chain = (await http().get('/chain').expect(200)).body as ChainResponse;

    await restart({ ELECTION: 'demo' });
    // No second OPEN, no new codes, the same keys.
    expect((await http().get('/chain').expect(200)).body).toEqual(chain);
    expect(readFileSync(codesFilePath(dataDir), 'utf8')).toBe(codes);
    expect((await http().get('/api/election').expect(200)).body).toEqual(election);

    await http().post('/api/admin/close').set(adminAuth()).expect(200);
    await restart({ ELECTION: 'demo' });
    expect((await http().get('/api/election').expect(200)).body).toMatchObject({ phase: 'closed', is_authority: true });
  });

  it('keeps its peers across a restart, even one that is down by then', async () => {
    const peer = await startInProcessNode();
    try {
      await http().post('/register_node').send({ node_address: peer.url }).expect(200);
    } finally {
      await peer.stop();
    }
    await restart();
    expect(((await http().get('/chain').expect(200)).body as ChainResponse).peers).toEqual([peer.url]);
  });

  it('refuses to start on a DATA_DIR that holds the chain of another election, and leaves that chain intact', async () => {
    await http().post('/new_transaction').send({ voter_id: 'VOID003', party: 'Democratic Party' }).expect(201);
    await http().get('/mine').set(adminAuth()).expect(200);
    const chain = (await http().get('/chain').expect(200)).body as ChainResponse;
    await node!.stop(true);
    node = undefined;

    const election = writeElection({ title: 'Another election', parties: ['Yes', 'No'], difficulty: 1 });
    try {
      const start = startNode({ DATA_DIR: dataDir, ELECTION_FILE: election.file });
      await expect(start).rejects.toBeInstanceOf(DataDirMismatchError);
      await expect(start).rejects.toThrow(`DATA_DIR ${dataDir} holds the chain of another election; use a new DATA_DIR for this election`);
    } finally {
      election.remove();
    }

    // The original election still starts there, with its chain.
    node = await startInProcessNode({ DATA_DIR: dataDir });
    expect((await http().get('/chain').expect(200)).body).toEqual(chain);
  });

  it('refuses a changed difficulty on the same DATA_DIR as another election', async () => {
    await node!.stop(true);
    rmSync(dataDir, { recursive: true, force: true });
    const election = writeElection({ title: 'Referendum', parties: ['Yes', 'No'], difficulty: 1 });
    try {
      node = await startInProcessNode({ DATA_DIR: dataDir, ELECTION_FILE: election.file });
      await node.stop(true);
      node = undefined;
      await expect(startNode({ DATA_DIR: dataDir, ELECTION_FILE: election.file, DIFFICULTY: '3' })).rejects.toBeInstanceOf(
        DataDirMismatchError,
      );
      // The same definition as before starts again.
      node = await startInProcessNode({ DATA_DIR: dataDir, ELECTION_FILE: election.file });
      expect((await http().get('/api/election').expect(200)).body).toMatchObject({ title: 'Referendum', difficulty: 1 });
    } finally {
      election.remove();
    }
  });
});
