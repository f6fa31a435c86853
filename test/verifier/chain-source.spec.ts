import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block } from '../../protocol';
import { type ChainSource, openNode, openRecordFile, SourceError } from '../../verifier/chain-source';
import { chainOf, openBallot, openElection, recordOf } from './support/elections';

const { election, genesis } = openElection(5);
const CHAIN: Block[] = chainOf(
  genesis,
  [[openBallot('V001', 'Red')], [openBallot('V002', 'Blue')], [openBallot('V003', 'Red')], [openBallot('V004', 'Green')]],
  election.difficulty,
);

async function collect(source: ChainSource): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const block of source.blocks) out.push(block);
  return out;
}

describe('openRecordFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verifier-record-'));
  const write = (name: string, content: string): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('yields the blocks of a record and the election ID it claims', async () => {
    const source = await openRecordFile(write('record.json', JSON.stringify(recordOf(CHAIN))));
    expect(source.length).toBe(CHAIN.length);
    expect(source.claimedElectionId).toBe(genesis.hash);
    expect(await collect(source)).toEqual(CHAIN);
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), /cannot read .*missing\.json/],
    ['a file that is not JSON', () => write('text.json', 'not json'), /is not JSON/],
    [
      'JSON of another format',
      () => write('other.json', JSON.stringify({ format: 'other', chain: [] })),
      /not a Ballotchain election record/,
    ],
    ['a record without a chain', () => write('nochain.json', JSON.stringify({ format: 'ballotchain-record/1' })), /has no "chain" array/],
  ])('fails with a SourceError on %s', async (_, file, message) => {
    const error = await openRecordFile(file()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('openNode', () => {
  let server: Server | null = null;
  let requests: string[] = [];

  async function serve(handler: RequestListener): Promise<string> {
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      handler(req, res);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** A node serving `chain` as GET /chain?from&limit does; `edit` may change a page before it is sent. */
  const chainHandler =
    (chain: Block[], edit: (page: Block[], from: number) => Block[] = (p) => p): RequestListener =>
    (req, res) => {
      const url = new URL(req.url ?? '', 'http://node');
      const from = Number(url.searchParams.get('from'));
      const limit = Number(url.searchParams.get('limit'));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ length: chain.length, chain: edit(chain.slice(from, from + limit), from), peers: [] }));
    };

  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = null;
  });

  const options = { pageSize: 2, pageBytes: 1_000_000, timeoutMs: 5000 };

  it('downloads the whole chain page by page, pages growing up to the page size', async () => {
    const url = await serve(chainHandler(CHAIN));
    const source = await openNode(`${url}/`, options);
    expect(source.length).toBe(5);
    expect(await collect(source)).toEqual(CHAIN);
    expect(requests).toEqual(['/chain?from=0&limit=1', '/chain?from=1&limit=2', '/chain?from=3&limit=2']);
  });

  it('asks for one block at a time when blocks are larger than a page should be', async () => {
    const url = await serve(chainHandler(CHAIN));
    expect(await collect(await openNode(url, { ...options, pageSize: 500, pageBytes: 1 }))).toEqual(CHAIN);
    expect(requests).toEqual([0, 1, 2, 3, 4].map((from) => `/chain?from=${from}&limit=1`));
  });

  it('stops at the length the first page announced', async () => {
    let length = 3;
    const url = await serve((req, res) => {
      const from = Number(new URL(req.url ?? '', 'http://node').searchParams.get('from'));
      res.end(JSON.stringify({ length: length++, chain: CHAIN.slice(from, from + 2), peers: [] }));
    });
    expect(await collect(await openNode(url, options))).toEqual(CHAIN.slice(0, 3));
  });

  it('fails when the chain changes between two pages', async () => {
    const other = chainOf(
      genesis,
      [[openBallot('V005', 'Blue')], [openBallot('V001', 'Green')], [openBallot('V002', 'Green')]],
      election.difficulty,
    );
    const url = await serve(chainHandler(CHAIN, (page, from) => (from >= 3 ? other.slice(from, from + 2) : page)));
    const source = await openNode(url, options);
    await expect(collect(source)).rejects.toThrow(/block 3 .* does not follow block 2/);
  });

  it('fails when the node serves fewer blocks than it announced', async () => {
    const url = await serve(chainHandler(CHAIN, (page, from) => (from >= 3 ? [] : page)));
    await expect(collect(await openNode(url, options))).rejects.toThrow(/announced 5 blocks but served only 3/);
  });

  it.each<[string, RequestListener, RegExp]>([
    ['an HTTP error', (_, res) => res.writeHead(500).end(), /answered HTTP 500/],
    ['an answer that is not JSON', (_, res) => res.end('<html>'), /did not answer with JSON/],
    ['JSON that is not a chain', (_, res) => res.end('{"status":"ok"}'), /did not answer \{length, chain\}/],
    ['no answer in time', () => undefined, /did not answer within 0.2 s/],
  ])('fails with a SourceError on %s', async (_, handler, message) => {
    const url = await serve(handler);
    const error = await openNode(url, { ...options, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(message);
  });

  it('asks again on a fresh connection when the node drops one', async () => {
    let dropped = 0;
    const serveChain = chainHandler(CHAIN);
    const url = await serve((req, res) => {
      if (dropped++ < 2) req.socket.destroy();
      else serveChain(req, res);
    });
    expect(await collect(await openNode(url, options))).toEqual(CHAIN);
  });

  it('gives up after three dropped connections', async () => {
    const url = await serve((req) => req.socket.destroy());
    await expect(openNode(url, options)).rejects.toThrow(/cannot reach .*: other side closed/);
    expect(requests).toHaveLength(3);
  });

  it('fails with a SourceError when nothing listens at the URL', async () => {
    const url = await serve(() => undefined);
    server?.close();
    await once(server as Server, 'close');
    const error = await openNode(url, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(new RegExp(`cannot reach ${url}: .*ECONNREFUSED`));
  });
});
