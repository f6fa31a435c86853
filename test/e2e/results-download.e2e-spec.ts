import { parse } from 'csv-parse/sync';
import request from 'supertest';
import type { Block, TrusteeDecryption } from '../../protocol';
import type { ElectionCreated } from '../../api/http';
import type { ResultsExport } from '../../api/http';
import { readCodes } from '../support/activation-codes';
import { chainOf, expectError, getJson } from './support/http';
import { adminAuth, startNode, type TestNode } from './support/nodes';
import { castSecret, decryptedResults, electionKeys, signedBallot } from './support/secret-voter';

// A sealed election's node makes an RSA-2048 credential key and three trustees: seconds, on a slow machine.
jest.setTimeout(60_000);

type CsvRow = Record<'kind' | 'name' | 'votes' | 'block_height' | 'block_hash' | 'detail', string>;

function csvRows(text: string): CsvRow[] {
  return parse<CsvRow>(text, { columns: true });
}

/** The block `at` names, and the transaction in it: what a reader of the download finds on the chain. */
function transactionAt(chain: Block[], at: { height: number; hash: string; position: number }) {
  const block = chain[at.height];
  expect(block.hash).toBe(at.hash);
  return block.transactions[at.position];
}

/**
 * GET /api/results.csv and /api/results.json: the final result as files, with where its proofs are on the
 * chain, and JSON errors for every state before it (404 while there is no election, 409 while the count can
 * still change).
 */
describe('results downloads', () => {
  let node: TestNode;
  const api = () => request(node.url);

  afterEach(async () => {
    await node?.stop();
  });

  it('an open election: 404 before it exists, 409 until the close, then the counts with the CLOSE block', async () => {
    node = await startNode({ ELECTION: 'setup' });
    for (const path of ['/api/results.csv', '/api/results.json']) expectError(await api().get(path), 404, 'not-found');

    // A party whose name a spreadsheet would run as a formula.
    const parties = ['Oak', 'Elm', '=1+1'];
    const created = await api()
      .post('/api/admin/election')
      .set(adminAuth())
      .send({ title: 'Club board', parties, difficulty: 1, scheme: 'open', roll_csv: '' })
      .expect(201);
    const electionId = (created.body as ElectionCreated).election_id;
    await node.whenElectionReady();
    expectError(
      await api().get('/api/results.json'),
      409,
      'results-not-final',
      /^There is no final result yet: the election has not opened yet\./,
    );

    await api().post('/api/admin/open').set(adminAuth()).expect(200);
    for (const [voter_id, party] of [
      ['V001', 'Oak'],
      ['V002', 'Oak'],
      ['V003', '=1+1'],
    ]) {
      await api().post('/new_transaction').send({ voter_id, party }).expect(201);
    }
    await api().get('/mine').set(adminAuth()).expect(200);
    for (const path of ['/api/results.csv', '/api/results.json']) {
      expectError(await api().get(path), 409, 'results-not-final', /the election is still open/);
    }

    await api().post('/api/admin/close').set(adminAuth()).expect(200);
    const chain = await chainOf(node.url);
    const tip = chain[chain.length - 1];

    const json = await api().get('/api/results.json').expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.headers['content-disposition']).toBe('attachment; filename="election-results.json"');
    const exported = json.body as ResultsExport;
    expect(exported).toMatchObject({
      format: 'ballotchain-results/1',
      election_id: electionId,
      title: 'Club board',
      scheme: 'open',
      tally: [
        { party: 'Oak', votes: 2 },
        { party: 'Elm', votes: 0 },
        { party: '=1+1', votes: 1 },
      ],
      blank: null,
      total: 3,
      counted_at: { height: tip.index, hash: tip.hash },
      decryptions: [],
      quorum: [],
      verify: {
        node: `npm run verify -- --node ${node.url} --election ${electionId}`,
        record: `npm run verify -- --record election-record.json --election ${electionId}`,
        record_url: `${node.url}/api/record`,
      },
    });
    expect(exported.tally_digest).toBe((await getJson<{ tally_digest: string }>(node.url, '/api/results')).tally_digest);
    expect(transactionAt(chain, exported.close)).toMatchObject({ type: 'close' });

    const csv = await api().get('/api/results.csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="election-results.csv"');
    const rows = csvRows(csv.text);
    expect(rows.map((r) => [r.kind, r.name, r.votes])).toEqual([
      ['election', 'Club board', ''],
      ['party', 'Oak', '2'],
      ['party', 'Elm', '0'],
      // Kept as text by a spreadsheet, never run.
      ['party', "'=1+1", '1'],
      ['total', '', '3'],
      ['counted-at', '', ''],
      ['close', '', ''],
      ['verify', 'node', ''],
      ['verify', 'record', ''],
    ]);
    expect(rows[0]).toMatchObject({ block_height: '0', block_hash: electionId, detail: 'open scheme' });
    expect(rows.find((r) => r.kind === 'close')).toMatchObject({
      block_height: String(exported.close.height),
      block_hash: exported.close.hash,
      detail: `transaction ${exported.close.position}`,
    });
    expect(rows.find((r) => r.kind === 'counted-at')).toMatchObject({
      block_height: String(tip.index),
      block_hash: tip.hash,
      detail: `tally digest ${exported.tally_digest}`,
    });
    expect(rows.find((r) => r.name === 'node')!.detail).toBe(exported.verify.node);
  });

  it('a sealed election: the partial decryptions, each in the block the file names', async () => {
    // The demo: three trustees the node holds, any two decrypt; open from the start.
    node = await startNode({ ELECTION: 'demo' });
    const keys = await electionKeys(node.url);
    const codes = readCodes(node.dataDir);
    for (const [voterId, party] of [
      ['VOID001', 'Democratic Party'],
      ['VOID002', 'Socialist party'],
    ]) {
      await castSecret(node.url, await signedBallot(node.url, keys, voterId, codes.get(voterId)!, party)).expect(201);
    }
    await api().get('/mine').set(adminAuth()).expect(200);
    expectError(await api().get('/api/results.csv'), 409, 'results-not-final', /the election is still open/);

    await api().post('/api/admin/close').set(adminAuth()).expect(200);
    const results = await decryptedResults(node.url);
    const chain = await chainOf(node.url);

    const exported = (await api().get('/api/results.json').expect(200)).body as ResultsExport;
    expect(exported).toMatchObject({ scheme: 'secret', tally: results.tally, total: 2, quorum: results.sealed!.quorum });
    expect(exported.tally.filter((t) => t.votes > 0)).toEqual([
      { party: 'Democratic Party', votes: 1 },
      { party: 'Socialist party', votes: 1 },
    ]);
    expect(exported.decryptions.map((d) => d.trustee)).toEqual(results.sealed!.decrypted_by);
    expect(exported.decryptions.length).toBeGreaterThanOrEqual(2);
    for (const d of exported.decryptions) {
      const tx = transactionAt(chain, d) as TrusteeDecryption;
      expect({ type: tx.type, trustee: tx.trustee }).toEqual({ type: 'trustee-decryption', trustee: d.trustee });
      expect(d.height).toBeGreaterThan(exported.close.height);
    }
    expect(transactionAt(chain, exported.close)).toMatchObject({ type: 'close' });

    const rows = csvRows((await api().get('/api/results.csv').expect(200)).text);
    expect(rows.filter((r) => r.kind === 'decryption')).toEqual(
      exported.decryptions.map((d) => ({
        kind: 'decryption',
        name: `trustee ${d.trustee}`,
        votes: '',
        block_height: String(d.height),
        block_hash: d.hash,
        detail: `transaction ${d.position}${exported.quorum.includes(d.trustee) ? ', used for the counts' : ''}`,
      })),
    );
  });
});
