import { Agent, request as httpRequest } from 'node:http';

/*
 * A small HTTP client for the tests that drive real node processes: JSON in, JSON (or nothing) out,
 * a deadline on every request, and no connection kept open unless the caller brings its own agent.
 */

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  text: string;
  /** Wall-clock duration of the request. */
  ms: number;
}

/** A reply as it came: its status and the bytes of its body. */
export interface RawResult {
  status: number;
  bytes: Buffer;
  /** Wall-clock duration of the request, up to the last byte of the body. */
  ms: number;
}

export interface RequestOptions {
  agent?: Agent;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** Short-lived connections by default, so nothing lingers after a node is killed. */
const plainAgent = new Agent({ keepAlive: false });

export async function http<T = unknown>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResult<T>> {
  const { status, bytes, ms } = await httpRaw(method, url, body, options);
  const text = bytes.toString('utf8');
  return { status, body: parseJson(text) as T, text, ms };
}

/**
 * One request, its body sent as JSON; a Buffer is sent as it is (a body serialised beforehand). The reply
 * is not decoded, which leaves that cost out of `ms` and off a load generator (which also passes its URL
 * parsed once).
 */
export function httpRaw(method: string, url: string | URL, body?: unknown, options: RequestOptions = {}): Promise<RawResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const target = typeof url === 'string' ? new URL(url) : url;
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(
      {
        // An IPv6 host is bracketed in a URL, not in a host name.
        hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port,
        path: target.pathname + target.search,
        method,
        agent: options.agent ?? plainAgent,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks), ms: performance.now() - started }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${String(url)} got no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** The JSON of a body, or undefined when it is empty or not JSON. */
function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
