import { readFile } from 'node:fs/promises';
import { isRecord } from '../protocol';
import { type ChainResponse, type ElectionRecord } from '../api/http';

/** The chain could not be read at all: unreachable node, bad answer, missing or malformed file. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
}

/** Where the blocks come from. Blocks are untrusted: the verifier checks their shape before anything else. */
export interface ChainSource {
  /** For messages: "node http://…" or "record file.json". */
  description: string;
  /** Number of blocks, for the progress bar. */
  length: number;
  /** The election ID a record file claims to hold; the verifier compares it with the genesis block. */
  claimedElectionId?: string;
  blocks: Iterable<unknown> | AsyncIterable<unknown>;
}

export interface NodeSourceOptions {
  /** At most this many blocks per request. */
  pageSize: number;
  /** Fewer blocks per request when they are large: about this many characters of JSON per page. */
  pageBytes: number;
  /** Per request, including reading the answer. */
  timeoutMs: number;
}

const RECORD_FORMAT: ElectionRecord['format'] = 'ballotchain-record/1';

/** An election record as exported by GET /api/record. */
export async function openRecordFile(file: string): Promise<ChainSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SourceError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SourceError(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(value) || value['format'] !== RECORD_FORMAT) {
    throw new SourceError(`${file} is not a Ballotchain election record (expected "format": "${RECORD_FORMAT}")`);
  }
  const chainValue = value['chain'];
  if (!Array.isArray(chainValue)) throw new SourceError(`${file} has no "chain" array`);
  const chain: unknown[] = chainValue;
  const claimed = value['election_id'];
  return {
    description: `record ${file}`,
    length: chain.length,
    ...(typeof claimed === 'string' ? { claimedElectionId: claimed } : {}),
    blocks: (function* () {
      for (let i = 0; i < chain.length; i++) {
        const block = chain[i];
        // Let go of each block once handed over: a large record's memory shrinks as it is checked.
        chain[i] = null;
        yield block;
      }
    })(),
  };
}

/**
 * A node's main chain, downloaded page by page (GET /chain?from=N&limit=M) up to the length announced by the
 * first page; blocks added meanwhile are left for the next run. The next page is fetched while the
 * current one is checked. Pages start at one block and grow up to `pageSize` blocks or about `pageBytes`,
 * whichever is less: a block of 10 000 secret ballots is some 20 MB of JSON.
 */
export async function openNode(nodeUrl: string, options: NodeSourceOptions): Promise<ChainSource> {
  const base = nodeUrl.replace(/\/+$/, '');
  const first = await fetchPage(base, 0, 1, options);
  const total = first.page.length;
  return { description: `node ${base}`, length: total, blocks: pages(base, first, total, options) };
}

interface FetchedPage {
  page: ChainResponse;
  bytes: number;
}

async function* pages(base: string, first: FetchedPage, total: number, options: NodeSourceOptions): AsyncGenerator<unknown> {
  // Cancels the prefetch when the caller stops early, so no request outlives the verification.
  const stop = new AbortController();
  try {
    yield* pagesUntil(base, first, total, options, stop.signal);
  } finally {
    stop.abort();
  }
}

async function* pagesUntil(
  base: string,
  first: FetchedPage,
  total: number,
  options: NodeSourceOptions,
  stop: AbortSignal,
): AsyncGenerator<unknown> {
  let from = 0;
  let fetched = first;
  let limit = 1;
  let lastHash: unknown = null;
  while (from < total) {
    const page = fetched.page.chain.slice(0, total - from);
    if (page.length === 0) throw new SourceError(`${base} announced ${total} blocks but served only ${from}`);
    if (from > 0 && !continues(page[0], from, lastHash)) {
      throw new SourceError(
        `block ${from} from ${base} does not follow block ${from - 1} of the previous request: ` +
          'the node switched to another branch during the download (run the verifier again), or it serves a broken chain',
      );
    }
    const perBlock = fetched.bytes / fetched.page.chain.length;
    limit = Math.max(1, Math.min(options.pageSize, 2 * limit, Math.floor(options.pageBytes / perBlock)));
    const nextFrom = from + page.length;
    const next = nextFrom < total ? fetchPage(base, nextFrom, limit, options, stop) : null;
    // If the caller stops early, nobody awaits the prefetch: its failure must not surface as unhandled.
    next?.catch(() => undefined);
    yield* page;
    lastHash = (page[page.length - 1] as { hash?: unknown } | null)?.hash;
    from = nextFrom;
    if (next) fetched = await next;
  }
}

function continues(block: unknown, index: number, previousHash: unknown): boolean {
  return isRecord(block) && block['index'] === index && block['previous_hash'] === previousHash;
}

/** A connection failure worth one more try; a timeout or an HTTP error is not. */
class ConnectionError extends SourceError {}

async function fetchPage(base: string, from: number, limit: number, options: NodeSourceOptions, stop?: AbortSignal): Promise<FetchedPage> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetchPageOnce(base, from, limit, options, stop);
    } catch (e) {
      // A node closes a kept-alive connection after a few idle seconds; while we were busy checking blocks
      // we may not have seen it close and sent the next request into it. A fresh connection fixes that.
      if (!(e instanceof ConnectionError) || attempt === 3 || stop?.aborted) throw e;
    }
  }
}

async function fetchPageOnce(
  base: string,
  from: number,
  limit: number,
  { timeoutMs }: NodeSourceOptions,
  stop?: AbortSignal,
): Promise<FetchedPage> {
  const url = `${base}/chain?from=${from}&limit=${limit}`;
  const seconds = `${timeoutMs / 1000} s`;
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') throw new SourceError(`${base} did not answer within ${seconds}`);
    const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
    throw new ConnectionError(`cannot reach ${base}: ${cause}`);
  }
  if (!response.ok) throw new SourceError(`${url} answered HTTP ${response.status}`);
  let text: string;
  try {
    text = await response.text();
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') throw new SourceError(`${base} did not send blocks ${from}… within ${seconds}`);
    throw new ConnectionError(`${base} broke off sending blocks ${from}…: ${(e as Error).message}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SourceError(`${url} did not answer with JSON: is it a Ballotchain node?`);
  }
  if (!isRecord(body) || !Number.isSafeInteger(body['length']) || (body['length'] as number) < 1 || !Array.isArray(body['chain'])) {
    throw new SourceError(`${url} did not answer {length, chain}: is it a Ballotchain node?`);
  }
  return { page: body as unknown as ChainResponse, bytes: text.length };
}
