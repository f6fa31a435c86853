import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { CLIENT_ROOT } from '../../server/common/paths';
import { expectError } from './support/http';
import { adminAuth, startNode, type TestNode } from './support/nodes';
import { anyNumber, stringMatching } from '../support/matchers';

const INDEX = join(CLIENT_ROOT, 'index.html');
const portalBuilt = existsSync(INDEX);
if (!portalBuilt) process.stderr.write(`\n*** PORTAL FALLBACK CHECKS SKIPPED: the portal is not built (${INDEX}) ***\n`);

/** What a browser sends: a request that would get the portal if the path fell back to it. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Paths no node has: under /api they are the API's, whatever the client accepts. */
const UNKNOWN_API_PATHS = ['/api', '/api/', '/api/no-such-thing', '/api/blocks/0/no-such-part', '/api/admin/no-such-thing'];

function expectJson(res: Response, what: string): void {
  expect({ what, type: res.headers['content-type'] }).toEqual({ what, type: stringMatching(/^application\/json/) });
}

async function expectApiNotFound(node: TestNode): Promise<void> {
  for (const path of UNKNOWN_API_PATHS) {
    expectError(await request(node.url).get(path).set('Accept', BROWSER_ACCEPT), 404, 'not-found');
    expectError(await request(node.url).post(path).send({}), 404, 'not-found');
  }
}

// A joining node and a setup node each start an app; seconds on a slow machine.
jest.setTimeout(30_000);

/**
 * The API's paths answer JSON in every mode of a node; only the portal's own paths fall back to its
 * index.html. A monitor polling /health must never take the portal's page for a healthy answer.
 */
describe('API paths answer JSON in every mode', () => {
  describe('setup: no election yet', () => {
    let node: TestNode;

    beforeAll(async () => {
      node = await startNode({ ELECTION: 'setup' });
    });

    afterAll(() => node.stop());

    it('GET /health says the node is alive and waits for its election, even to a browser', async () => {
      for (const accept of [BROWSER_ACCEPT, 'application/json', '*/*']) {
        const res = await request(node.url).get('/health').set('Accept', accept).expect(200);
        expectJson(res, `/health, Accept ${accept}`);
        expect(res.body).toEqual({ status: 'ok', phase: 'setup', uptime_s: anyNumber });
      }
      expectJson(await request(node.url).get('/health/').expect(200), '/health/');
    });

    it('unknown /api paths are a 404 JSON error, never the portal', async () => {
      await expectApiNotFound(node);
    });

    it('the seed-compatible paths say there is no election yet, as a JSON error', async () => {
      const message = 'This node has no election yet: an admin creates it on the portal’s Admin page (/admin).';
      for (const path of ['/chain', '/pending_tx', '/metrics', '/mine']) {
        expectError(await request(node.url).get(path).set('Accept', BROWSER_ACCEPT).set(adminAuth()), 503, 'no-election', message);
      }
      for (const path of ['/new_transaction', '/register_node', '/register_with', '/add_block']) {
        expectError(await request(node.url).post(path).set(adminAuth()).send({}), 503, 'no-election', message);
      }
      expectError(await request(node.url).get('/results'), 503, 'no-election', message);
    });

    it('GET /election answers an API client as /api/election does', async () => {
      const res = await request(node.url).get('/election').set('Accept', 'application/json').expect(200);
      expectJson(res, '/election');
      expect(res.body).toEqual({ phase: 'setup' });
    });

    (portalBuilt ? it : it.skip)('the portal still answers its own pages, /election and /results included, to a browser', async () => {
      const page = readFileSync(INDEX, 'utf8');
      for (const path of ['/', '/explorer', '/admin', '/election', '/results']) {
        const res = await request(node.url).get(path).set('Accept', BROWSER_ACCEPT).expect(200);
        expect({ path, type: res.headers['content-type'] }).toEqual({ path, type: stringMatching(/^text\/html/) });
        expect(res.text).toBe(page);
      }
    });
  });

  describe('running, and joined from a peer', () => {
    let a: TestNode;
    let b: TestNode;

    beforeAll(async () => {
      a = await startNode({ ELECTION: 'open-demo' });
      b = await startNode({ PEERS: a.url });
    });

    afterAll(async () => {
      await b?.stop();
      await a?.stop();
    });

    it('GET /health answers JSON to a browser on both nodes', async () => {
      for (const node of [a, b]) {
        const res = await request(node.url).get('/health').set('Accept', BROWSER_ACCEPT).expect(200);
        expectJson(res, node.url);
        expect(res.body).toEqual({ status: 'ok', height: 0, uptime_s: anyNumber });
      }
    });

    it('unknown /api paths are a 404 JSON error on both nodes', async () => {
      await expectApiNotFound(a);
      await expectApiNotFound(b);
    });

    it('the seed-compatible reads answer JSON to a browser, and /metrics its text format', async () => {
      for (const node of [a, b]) {
        for (const path of ['/chain', '/pending_tx'])
          expectJson(await request(node.url).get(path).set('Accept', BROWSER_ACCEPT).expect(200), path);
        const metrics = await request(node.url).get('/metrics').set('Accept', BROWSER_ACCEPT).expect(200);
        expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      }
    });
  });
});
