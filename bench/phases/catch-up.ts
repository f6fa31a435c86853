/*
 * Steps 6b and 7b: a fresh node joins a chain (ELECTION=join, PEERS=the node) and catches up every block of
 * it, each ballot's signatures and proofs checked again. Timed from spawn to the same tip, while /health is
 * asked every 20 ms: a node that validates on its event loop would stop answering for seconds.
 */
import type { NodeStatus } from '../../api/http';
import type { BenchNode } from '../lib/bench-node';
import { expectStatus, via } from '../lib/load';
import { type Fields, log, round } from '../lib/report';
import type { RunContext } from '../lib/run-context';

const HEALTH_EVERY_MS = 20;
const CATCH_UP_TIMEOUT_MS = 20 * 60_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function catchUpPhase(run: RunContext, source: BenchNode, ballots: number, name = 'verify-join'): Promise<Fields> {
  const target = await source.get<NodeStatus>('/api/status', via());
  expectStatus(target, 200, 'GET /api/status');
  const t0 = performance.now();
  const fresh = await run.startNode(name, '', 120_000, { ELECTION_FILE: '', PEERS: source.url, SYNC_INTERVAL_MS: '200' });
  const startedMs = performance.now() - t0;
  const health: number[] = [];
  let resets = 0;
  let caughtUp = false;
  const deadline = t0 + CATCH_UP_TIMEOUT_MS;
  while (!caughtUp) {
    if (performance.now() > deadline)
      throw new Error(`the joining node did not reach height ${target.body.height} in ${CATCH_UP_TIMEOUT_MS} ms`);
    if (run.signal.aborted) throw new Error('the benchmark is stopping');
    const asked = performance.now();
    let h = await fresh.get('/health', via(30_000)).catch((e: Error) => e);
    // A node that stalls past its keep-alive timeout closes the idle connection under the next request: that
    // request is sent again, and the wait counts in full.
    if (h instanceof Error && /ECONNRESET|socket hang up/.test(h.message)) {
      resets++;
      h = await fresh.get('/health', via(30_000));
    }
    if (h instanceof Error) throw h;
    health.push(performance.now() - asked);
    expectStatus(h, 200, 'GET /health');
    if (health.length % 10 === 0) caughtUp = (await fresh.get<NodeStatus>('/api/status', via(30_000))).body.tip === target.body.tip;
    await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
  }
  const ms = performance.now() - t0;
  const sorted = [...health].sort((a, b) => a - b);
  const cpuMs = fresh.cpuMs();
  log(
    `catch-up: a joining node took the ${target.body.height} blocks (${ballots} ballots and as many records) in ${round(ms)} ms ` +
      `(healthy after ${round(startedMs)} ms, ${round(cpuMs)} ms CPU); /health over ${health.length} requests: ` +
      `p50 ${round(percentile(sorted, 50), 1)} ms, p99 ${round(percentile(sorted, 99), 1)} ms, max ${round(sorted[sorted.length - 1], 1)} ms` +
      `${resets ? `; ${resets} connections reset by the stalled node and asked again` : ''}`,
  );
  await fresh.cutProfile('catch-up');
  await fresh.stop();
  return {
    catch_up_ms: round(ms),
    catch_up_node_cpu_ms: round(cpuMs),
    catch_up_health_requests: health.length,
    catch_up_health_p50_ms: round(percentile(sorted, 50), 1),
    catch_up_health_p99_ms: round(percentile(sorted, 99), 1),
    catch_up_health_max_ms: round(sorted[sorted.length - 1], 1),
    catch_up_health_resets: resets,
  };
}
