/*
 * Every answer of a node carries the browser-hardening headers: a strict Content-Security-Policy (no
 * inline script or style, code from the node only), no framing anywhere (the vote page cannot be
 * clickjacked), no Referer (tracking codes appear in URLs), nosniff. The public reads stay usable from
 * other origins, for the voters' receipt checks.
 */
import request from 'supertest';
import { startNode, type TestNode } from './support/nodes';

const PORTAL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' http: https:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join(';');

describe('security headers', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startNode();
  });

  afterAll(() => node.stop());

  it.each([
    ['the portal', '/', 'text/html'],
    ['a deep link of the portal', '/verify/0000', 'text/html'],
    ['the API', '/api/status', 'application/json'],
    ['a seed route', '/chain', 'application/json'],
    ['an error', '/api/no-such-route', 'application/json'],
  ])('are on %s (%s)', async (_what, path, accept) => {
    const res = await request(node.url).get(path).set('Accept', accept);
    expect(res.headers).toMatchObject({
      'content-security-policy': PORTAL_CSP,
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'cross-origin',
    });
    // Plain http is allowed (localhost, or TLS ended by a proxy): nothing is pinned to https here.
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('give the API documentation page the inline styles Swagger UI needs, and nothing more', async () => {
    const res = await request(node.url).get('/api/docs').expect(200);
    expect(res.headers['content-security-policy']).toBe(PORTAL_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});
