import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { ElectionRecord, ResultsResponse } from '../../api/http';
import { CLIENT_ROOT } from '../../server/common/paths';
import { chainOf, getJson } from './support/http';
import { adminAuth, startNode, type TestNode } from './support/nodes';
import { anyNumber, stringMatching } from '../support/matchers';

const INDEX = join(CLIENT_ROOT, 'index.html');
const portalBuilt = existsSync(INDEX);
if (!portalBuilt)
  process.stderr.write(`\n*** PORTAL PAGE TESTS SKIPPED: the portal is not built (${INDEX}); run npm run build:client ***\n`);
const itWithPortal = portalBuilt ? it : it.skip;

/** /election and /results are portal pages for a browser and JSON for API clients; /api/record is the whole chain as a file. */
describe('portal pages and the election record', () => {
  let node: TestNode;
  const api = () => request(node.url);

  beforeAll(async () => {
    node = await startNode();
    await api().post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' }).expect(201);
    await api().get('/mine').set(adminAuth()).expect(200);
  });

  afterAll(() => node.stop());

  itWithPortal('GET /results and /election with Accept: text/html serve the portal page', async () => {
    const page = readFileSync(INDEX, 'utf8');
    for (const path of ['/results', '/election']) {
      const res = await api().get(path).set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toBe(page);
    }
  });

  it('GET /results answers JSON to an API client, whatever it accepts besides HTML', async () => {
    const results = await getJson<ResultsResponse>(node.url, '/api/results');
    for (const accept of [undefined, 'application/json', '*/*', 'application/json, text/html;q=0.5']) {
      const req = api().get('/results');
      const res = await (accept ? req.set('Accept', accept) : req).expect(200);
      expect({ accept, type: res.headers['content-type'] }).toEqual({ accept, type: stringMatching(/^application\/json/) });
      expect(res.body).toEqual(results);
    }
  });

  it('GET /api/record serves the election record as a download whose chain is /chain', async () => {
    const res = await api().get('/api/record').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="election-record.json"');
    const record = JSON.parse(res.text) as ElectionRecord;
    const chain = await chainOf(node.url);
    expect(record).toEqual({ format: 'ballotchain-record/1', election_id: chain[0].hash, exported_at: anyNumber, chain });
    expect(Object.keys(record)).toEqual(['format', 'election_id', 'exported_at', 'chain']);
    expect(record.chain).toHaveLength(2);
    expect(Math.abs(record.exported_at - Date.now() / 1000)).toBeLessThan(60);
  });
});
