/*
 * The load generator's HTTP: every request goes through one pool of keep-alive connections, with the
 * test harness's client (test/cluster/harness/http.ts).
 */
import { Agent } from 'node:http';
import { httpRaw, type RawResult, type RequestOptions } from '../../test/cluster/harness/http';
import { CLIENTS } from './config';

// Idle sockets are dropped after 4 s, before the node's 5 s keep-alive timeout closes them under a request
// just being sent (which would fail that request with a reset).
export const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS, maxFreeSockets: CLIENTS, timeout: 4_000 });

/** Options of every request the benchmark sends: the shared connections and a deadline. */
export function via(timeoutMs = 120_000): RequestOptions {
  return { agent, timeoutMs, headers: { accept: 'application/json' } };
}

/** A reply must have `status`; otherwise the error quotes its body. */
export function expectStatus(res: { status: number } & ({ text: string } | { bytes: Buffer }), status: number, what: string): void {
  if (res.status === status) return;
  const text = 'text' in res ? res.text : res.bytes.toString('utf8');
  throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${text.slice(0, 500)}`);
}

/**
 * `clients` loops, each sending its next request as soon as the previous answer arrived, until every body
 * is sent or `signal` aborts. A request that fails outright counts as status 0, its error as the body.
 */
export async function closedLoop(
  url: string,
  bodies: readonly Buffer[],
  clients: number,
  onResult: (i: number, res: RawResult) => void,
  signal: AbortSignal,
  timeoutMs = 30_000,
): Promise<void> {
  const target = new URL(url);
  const options = via(timeoutMs);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length && !signal.aborted) {
      const i = next++;
      try {
        onResult(i, await httpRaw('POST', target, bodies[i], options));
      } catch (e) {
        onResult(i, { status: 0, bytes: Buffer.from(e instanceof Error ? e.message : String(e)), ms: 0 });
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
}
