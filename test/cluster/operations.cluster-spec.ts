/*
 * What an operator watches on a real node process: GET /metrics in Prometheus format (what was admitted
 * and refused, the chain, the pool, the peers, mining time), and one audit line in the log for every admin
 * request, accepted or refused, that never holds the token.
 */
import { waitFor } from '../support/wait';
import { ADMIN_TOKEN, Cluster, type ClusterNode, killStragglers } from './harness';

jest.setTimeout(60_000);

/** The value of one sample of a Prometheus text exposition, e.g. `ballotchain_pool_size` or `name{label="x"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operations: metrics and the audit log', () => {
  let cluster: Cluster;
  let A: ClusterNode;

  beforeAll(async () => {
    cluster = await Cluster.start({ names: ['A'] });
    [A] = cluster.nodes;
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
  });

  it('counts what was admitted and refused, and shows the chain, the pool and mining time', async () => {
    expect((await A.vote('OPS-1', 'Alpha')).status).toBe(201);
    expect((await A.vote('OPS-2', 'Beta')).status).toBe(201);
    expect((await A.vote('OPS-1', 'Gamma')).status).toBe(409);
    expect((await A.vote('OPS-3', 'Nobody')).status).toBe(422);
    expect((await A.mine()).status).toBe(200);
    expect((await A.vote('OPS-4', 'Alpha')).status).toBe(201);

    const res = await A.get('/metrics');
    expect(res.status).toBe(200);
    const text = res.text;
    expect(sample(text, 'ballotchain_transactions_admitted_total{kind="open-ballot"}')).toBe(3);
    expect(sample(text, 'ballotchain_transactions_refused_total{reason="duplicate-voter"}')).toBe(1);
    expect(sample(text, 'ballotchain_transactions_refused_total{reason="unknown-party"}')).toBe(1);
    expect(sample(text, 'ballotchain_chain_height')).toBe(1);
    expect(sample(text, 'ballotchain_ledger_total{what="ballots"}')).toBe(2);
    expect(sample(text, 'ballotchain_pool_size')).toBe(1);
    expect(sample(text, 'ballotchain_peers{state="reachable"}')).toBe(0);
    expect(sample(text, 'ballotchain_mining_seconds_count')).toBe(1);
    expect(sample(text, 'ballotchain_block_validation_seconds_count{outcome="extended-main"}')).toBe(1);
    expect(sample(text, 'ballotchain_process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('logs every admin request, accepted or refused, with what and from where, and never the token', async () => {
    const wrong = 'not-the-token-of-this-node';
    expect((await A.get('/api/admin/check', { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401);
    expect((await A.get('/api/admin/check', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(204);
    // The answer can come before the node's log line has come through its output pipe.
    await waitFor(() => A.logEntries('admin action').some((e) => e['action'] === 'GET /api/admin/check'), {
      timeoutMs: 5_000,
      what: 'A to log the admin check',
    });
    expect(A.logEntries('admin action')).toEqual(
      expect.arrayContaining([{ msg: 'admin action', action: 'GET /mine', from: expect.stringMatching(/^(::ffff:)?127\./) as unknown }]),
    );
    expect(A.logEntries('admin action')).toContainEqual({
      msg: 'admin action',
      action: 'GET /api/admin/check',
      from: expect.any(String) as unknown,
    });
    expect(A.logEntries('admin action refused')).toContainEqual({
      msg: 'admin action refused',
      action: 'GET /api/admin/check',
      from: expect.any(String) as unknown,
      reason: 'invalid-admin-token',
    });
    const log = A.logTail(10_000);
    expect(log).not.toContain(ADMIN_TOKEN);
    expect(log).not.toContain(wrong);
  });
});
