/*
 * Cluster harness: real node processes (the built server, dist/server/server/main.js) on loopback,
 * each behind a small TCP proxy that can cut the network between groups of nodes.
 *
 * Addressing. Node i listens on its own loopback address (HOST=127.0.<worker>.<11+i>), so its outgoing peer
 * connections also leave from that address (AppConfig.outgoingAddress). Peers reach it only through its
 * proxy (PUBLIC_URL=http://127.0.0.1:<proxy port>). The proxy sees the caller's source address, knows
 * which node that is, and refuses (and cuts) connections across a partition. The test itself talks to
 * the nodes directly, so it is never partitioned.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { type AddressInfo, createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type Ballot,
  type Block,
  type ChainResponse,
  type Election,
  electionRules,
  genesisBlock,
  type MineResult,
  type NodeStatus,
  type PeerInfo,
  type ResultsResponse,
  validateBlock,
} from '../../protocol';

const ROOT = resolve(__dirname, '../..');
/** The built node; CLUSTER_NODE_MAIN points the suite at another build (e.g. a deliberately broken one). */
export const NODE_MAIN = resolve(process.env['CLUSTER_NODE_MAIN'] ?? join(ROOT, 'dist/server/server/main.js'));
const WATCHDOG = join(__dirname, 'die-with-parent.js');
const MAX_LOG_LINES = 4_000;

/** Any well-formed voter ID may vote (no roll); difficulty 2 keeps mining in the milliseconds. */
export const TEST_ELECTION: Election = { title: 'Cluster test election', parties: ['Alpha', 'Beta', 'Gamma'], difficulty: 2 };

export const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------------------------------------------
// HTTP

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  text: string;
  /** Wall-clock duration of the request. */
  ms: number;
}

/** Short-lived connections by default, so nothing lingers after a node is killed. */
const plainAgent = new Agent({ keepAlive: false });

export function http<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  options: { agent?: Agent; timeoutMs?: number } = {},
): Promise<HttpResult<T>> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: options.agent ?? plainAgent,
        headers: data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = undefined;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolvePromise({ status: res.statusCode ?? 0, body: parsed as T, text, ms: performance.now() - started });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url} got no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

// ---------------------------------------------------------------------------------------------------
// Waiting

/** Thrown by a waitFor condition to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

/**
 * Polls `condition` until it returns a truthy value (returned) or `timeoutMs` passes. A condition that
 * throws (a node restarting, say) counts as "not yet", and its last error is quoted in the timeout
 * message; a condition that throws GiveUp ends the wait with that error.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  timeoutMs: number,
  describe: string,
  intervalMs = 100,
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown = undefined;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      lastError = e;
    }
    if (performance.now() >= deadline) {
      const why = lastError === undefined ? '' : ` (last attempt failed: ${(lastError as Error).message ?? String(lastError)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${describe}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Runs one step of a scenario; a failure names the step. */
export async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const value = await fn();
    if (process.env['CLUSTER_TIMING']) process.stderr.write(`  ${(performance.now() - started).toFixed(0).padStart(6)} ms  ${name}\n`);
    return value;
  } catch (e) {
    if (e instanceof Error) e.message = `step "${name}" failed:\n${e.message}`;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------
// Ports and the partition proxy

/** A port that was free a moment ago on `host` (bind to 0, read it, close). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePromise(port));
    });
  });
}

interface ProxiedConnection {
  from: string;
  client: Socket;
  upstream: Socket;
}

/** TCP proxy in front of one node; `allow(sourceAddress)` decides whether a caller may reach it. */
class PartitionProxy {
  private readonly server: Server;
  private readonly open = new Set<ProxiedConnection>();
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly allow: (from: string) => boolean,
  ) {
    this.server = createServer((client) => this.onConnection(client));
  }

  listen(): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolvePromise();
      });
    });
  }

  private onConnection(client: Socket): void {
    const from = (client.remoteAddress ?? '').replace(/^::ffff:/, '');
    client.on('error', () => undefined);
    if (!this.allow(from)) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: this.target.host, port: this.target.port });
    const conn: ProxiedConnection = { from, client, upstream };
    this.open.add(conn);
    const close = () => {
      this.open.delete(conn);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', close);
    client.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Cuts open connections the current rule no longer allows. */
  enforce(): void {
    for (const conn of [...this.open]) {
      if (!this.allow(conn.from)) {
        this.open.delete(conn);
        conn.client.destroy();
        conn.upstream.destroy();
      }
    }
  }

  close(): Promise<void> {
    for (const conn of this.open) {
      conn.client.destroy();
      conn.upstream.destroy();
    }
    this.open.clear();
    return new Promise((r) => this.server.close(() => r()));
  }
}

// ---------------------------------------------------------------------------------------------------
// One node process

/** Every child this module started and not yet seen exit, for killStragglers(). */
const liveChildren = new Set<ChildProcess>();

export class ClusterNode {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly lines: string[] = [];
  private starts = 0;
  proxy!: PartitionProxy;

  constructor(
    readonly name: string,
    /** The loopback address the node listens on and connects from. */
    readonly host: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  /** Changes the environment of the next start (e.g. PEERS, once every proxy port is known). */
  setEnv(key: string, value: string): void {
    this.env[key] = value;
  }

  /** Direct address, used by the test. */
  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The address peers use: through this node's proxy. */
  get publicUrl(): string {
    return `http://127.0.0.1:${this.proxy.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the node and resolves once `GET /health` answers 200. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    this.starts++;
    this.log(`--- start #${this.starts} (${this.url}, public ${this.publicUrl})`);
    const child = spawn(process.execPath, ['-r', WATCHDOG, NODE_MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? tmpdir(),
        // A build outside the repository finds the repository's node_modules through NODE_PATH.
        NODE_PATH: join(ROOT, 'node_modules'),
        CLUSTER_PARENT_PID: String(process.pid),
        PORT: String(this.port),
        HOST: this.host,
        DATA_DIR: this.dataDir,
        PUBLIC_URL: this.publicUrl,
        LOG_FORMAT: 'json',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    liveChildren.add(child);
    let exitCode: string | null = null;
    this.exited = new Promise((r) =>
      child.once('exit', (code, signal) => {
        exitCode = signal ?? String(code);
        this.log(`--- exited (${exitCode})`);
        liveChildren.delete(child);
        if (this.child === child) this.child = null;
        r();
      }),
    );
    this.capture(child.stdout!, '');
    this.capture(child.stderr!, '[stderr] ');
    try {
      await waitFor(
        async () => {
          if (exitCode !== null) throw new GiveUp(`${this.name} exited with ${exitCode} before answering /health`);
          return (await http('GET', `${this.url}/health`, undefined, { timeoutMs: 2_000 })).status === 200;
        },
        timeoutMs,
        `${this.name} to answer GET /health`,
        50,
      );
    } catch (e) {
      (e as Error).message += `\n${this.logTail(40)}`;
      throw e;
    }
  }

  /** SIGTERM, and wait for the process to exit (SIGKILL if it does not within 10 s). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL: no shutdown hooks, no flush; wait until the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGSTOP: the process hangs; the kernel still accepts connections to it, but nothing answers. */
  pause(): void {
    if (!this.child) throw new Error(`${this.name} is not running`);
    this.child.kill('SIGSTOP');
    this.log('--- paused (SIGSTOP)');
  }

  /** SIGCONT after pause(). */
  resume(): void {
    if (!this.child) throw new Error(`${this.name} is not running`);
    this.child.kill('SIGCONT');
    this.log('--- resumed (SIGCONT)');
  }

  /** Starts again on the same port and data directory. */
  async restart(): Promise<void> {
    if (this.child) throw new Error(`${this.name} must be stopped before restart()`);
    await this.start();
  }

  // --- API calls (direct, never partitioned) ---

  get<T = unknown>(path: string, options?: { agent?: Agent; timeoutMs?: number }): Promise<HttpResult<T>> {
    return http<T>('GET', this.url + path, undefined, options);
  }

  post<T = unknown>(path: string, body: unknown, options?: { agent?: Agent; timeoutMs?: number }): Promise<HttpResult<T>> {
    return http<T>('POST', this.url + path, body, options);
  }

  vote(voterId: string, party: string, options?: { agent?: Agent; timeoutMs?: number }): Promise<HttpResult<{ ballot?: Ballot; error?: string }>> {
    return this.post('/new_transaction', { voter_id: voterId, party }, options);
  }

  mine(): Promise<HttpResult<MineResult>> {
    return this.get<MineResult>('/mine');
  }

  async status(): Promise<NodeStatus> {
    return ok(await this.get<NodeStatus>('/api/status'), `${this.name} GET /api/status`);
  }

  async chain(): Promise<ChainResponse> {
    return ok(await this.get<ChainResponse>('/chain', { timeoutMs: 30_000 }), `${this.name} GET /chain`);
  }

  async pending(): Promise<Ballot[]> {
    return ok(await this.get<Ballot[]>('/pending_tx', { timeoutMs: 30_000 }), `${this.name} GET /pending_tx`);
  }

  async pendingVoters(): Promise<Set<string>> {
    return new Set((await this.pending()).map((b) => b.voter_id));
  }

  async peers(): Promise<PeerInfo[]> {
    return ok(await this.get<PeerInfo[]>('/api/peers'), `${this.name} GET /api/peers`);
  }

  async results(): Promise<ResultsResponse> {
    return ok(await this.get<ResultsResponse>('/api/results'), `${this.name} GET /api/results`);
  }

  // --- logs ---

  /** Log lines that record an unhandled error turned into a 500 (or a failed start). */
  internalErrors(): string[] {
    return this.lines.filter((line) => {
      if (line.includes('The node could not start')) return true;
      const json = line.startsWith('[stderr] ') ? line.slice(9) : line;
      try {
        const entry = JSON.parse(json) as { level?: string; context?: string; message?: unknown };
        return entry.context === 'AllExceptionsFilter' || (entry.level === 'error' && String(entry.message).startsWith('unhandled'));
      } catch {
        return false;
      }
    });
  }

  /** Structured log entries whose message object has `msg === msg`. */
  logEntries(msg: string): Record<string, unknown>[] {
    const found: Record<string, unknown>[] = [];
    for (const line of this.lines) {
      try {
        const entry = JSON.parse(line.startsWith('[stderr] ') ? line.slice(9) : line) as { message?: { msg?: string } };
        if (typeof entry.message === 'object' && entry.message?.msg === msg) found.push(entry.message as Record<string, unknown>);
      } catch {
        /* not JSON */
      }
    }
    return found;
  }

  logTail(n = 30): string {
    return this.lines
      .slice(-n)
      .map((l) => `  [${this.name}] ${l}`)
      .join('\n');
  }

  private log(line: string): void {
    this.lines.push(line);
    if (this.lines.length > MAX_LOG_LINES) this.lines.splice(0, this.lines.length - MAX_LOG_LINES);
  }

  private capture(stream: NodeJS.ReadableStream, prefix: string): void {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line !== '') this.log(prefix + line);
    });
    stream.on('end', () => {
      if (partial !== '') this.log(prefix + partial);
      partial = '';
    });
  }
}

function ok<T>(res: HttpResult<T>, what: string): T {
  if (res.status !== 200) throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return res.body;
}

// ---------------------------------------------------------------------------------------------------
// The cluster

export interface ClusterOptions {
  /** Node names, e.g. ['A', 'B', 'C']. */
  names: string[];
  /** Extra environment per node (PEERS is usually built with `peersOf`). */
  env?: (name: string) => Record<string, string>;
  /** Names of the nodes each node lists in PEERS at start. */
  peersOf?: (name: string) => string[];
  syncIntervalMs?: number;
  election?: Election;
}

export class Cluster {
  readonly nodes: ClusterNode[] = [];
  private readonly byHost = new Map<string, ClusterNode>();
  private groups: Map<string, number> | null = null;
  private stopped = false;

  private constructor(
    readonly dir: string,
    readonly election: Election,
  ) {}

  /** Starts every node (in parallel) and waits until each answers /health. Cleans up if any fails. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    if (!existsSync(NODE_MAIN)) {
      throw new Error(`${NODE_MAIN} is missing: build the node first (npx nest build; npm test does it in pretest)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'ballotchain-cluster-'));
    const election = options.election ?? TEST_ELECTION;
    const cluster = new Cluster(dir, election);
    try {
      const electionFile = join(dir, 'election.json');
      writeFileSync(electionFile, JSON.stringify(election));
      for (const [i, name] of options.names.entries()) {
        // Parallel Jest workers use different blocks of 127/8, so their nodes never share an address.
        const host = `127.0.${Number(process.env['JEST_WORKER_ID'] ?? 1) % 250}.${11 + i}`;
        const dataDir = join(dir, `node-${name}`);
        mkdirSync(dataDir);
        const node = new ClusterNode(name, host, await freePort(host), dataDir, {
          ELECTION_FILE: electionFile,
          SYNC_INTERVAL_MS: String(options.syncIntervalMs ?? 300),
          ...(options.env?.(name) ?? {}),
        });
        node.proxy = new PartitionProxy({ host, port: node.port }, (from) => cluster.allows(from, node));
        await node.proxy.listen();
        cluster.nodes.push(node);
        cluster.byHost.set(host, node);
      }
      // PEERS needs every proxy port, so it is filled in once all proxies listen.
      if (options.peersOf) {
        for (const node of cluster.nodes) {
          const peers = options.peersOf(node.name).map((n) => cluster.node(n).publicUrl);
          if (peers.length > 0) node.setEnv('PEERS', peers.join(','));
        }
      }
      const started = performance.now();
      await Promise.all(cluster.nodes.map((n) => n.start()));
      if (process.env['CLUSTER_TIMING']) process.stderr.write(`  ${(performance.now() - started).toFixed(0).padStart(6)} ms  start ${options.names.join(', ')}\n`);
      return cluster;
    } catch (e) {
      await cluster.stop();
      throw e;
    }
  }

  node(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node named ${name}`);
    return node;
  }

  get running(): ClusterNode[] {
    return this.nodes.filter((n) => n.running);
  }

  /** Nodes in different groups can no longer reach each other; open connections between them are cut. */
  partition(...groups: string[][]): void {
    this.groups = new Map();
    groups.forEach((names, i) => names.forEach((name) => this.groups!.set(this.node(name).name, i)));
    for (const node of this.nodes) node.proxy.enforce();
  }

  heal(): void {
    this.groups = null;
  }

  private allows(fromAddress: string, to: ClusterNode): boolean {
    if (!this.groups) return true;
    const from = this.byHost.get(fromAddress);
    if (!from) return true; // the test itself, from 127.0.0.1
    const a = this.groups.get(from.name);
    const b = this.groups.get(to.name);
    return a === undefined || b === undefined || a === b;
  }

  /** Waits until every given node (default: all running) reports the same tip; returns it. */
  async converged(timeoutMs: number, nodes: ClusterNode[] = this.running, expectedTip?: string): Promise<NodeStatus> {
    let last = '';
    try {
      return await waitFor(
        async () => {
          const statuses = await Promise.all(nodes.map((n) => n.status()));
          last = statuses.map((s, i) => `${nodes[i].name}: height ${s.height} tip ${s.tip.slice(0, 12)} pending ${s.pending}`).join('; ');
          const tip = statuses[0].tip;
          const same = statuses.every((s) => s.tip === tip) && (expectedTip === undefined || tip === expectedTip);
          return same ? statuses[0] : undefined;
        },
        timeoutMs,
        `${nodes.map((n) => n.name).join(', ')} to share one tip${expectedTip ? ` ${expectedTip.slice(0, 12)}` : ''}`,
      );
    } catch (e) {
      (e as Error).message += `\n  last seen: ${last}`;
      throw e;
    }
  }

  /** Waits until every given node (default: all running) has an empty pool. */
  async poolsEmpty(timeoutMs: number, nodes: ClusterNode[] = this.running): Promise<void> {
    let last = '';
    try {
      await waitFor(
        async () => {
          const pools = await Promise.all(nodes.map((n) => n.pending()));
          last = pools.map((p, i) => `${nodes[i].name}: [${p.map((b) => b.voter_id).join(', ')}]`).join('; ');
          return pools.every((p) => p.length === 0);
        },
        timeoutMs,
        `${nodes.map((n) => n.name).join(', ')} to have empty pools`,
      );
    } catch (e) {
      (e as Error).message += `\n  last seen: ${last}`;
      throw e;
    }
  }

  /** Waits until every node's peer list names exactly the other nodes (optionally all reachable). */
  async fullMesh(timeoutMs: number, nodes: ClusterNode[] = this.nodes, reachable = true): Promise<void> {
    let last = '';
    try {
      await waitFor(
        async () => {
          const lists = await Promise.all(nodes.map((n) => n.peers()));
          last = lists.map((l, i) => `${nodes[i].name}: [${l.map((p) => `${p.url} ${p.state}`).join(', ')}]`).join('; ');
          return lists.every((list, i) => {
            const expected = nodes.filter((_, j) => j !== i).map((n) => n.publicUrl).sort();
            const urls = list.map((p) => p.url).sort();
            return JSON.stringify(urls) === JSON.stringify(expected) && (!reachable || list.every((p) => p.state === 'reachable'));
          });
        },
        timeoutMs,
        'every node to list every other node as its peer',
      );
    } catch (e) {
      (e as Error).message += `\n  last seen: ${last}`;
      throw e;
    }
  }

  /** Unhandled errors (500s) logged by any node, prefixed with its name. */
  internalErrors(): string[] {
    return this.nodes.flatMap((n) => n.internalErrors().map((l) => `${n.name}: ${l}`));
  }

  logTail(n = 30): string {
    return this.nodes.map((node) => node.logTail(n)).join('\n');
  }

  /** Runs a scenario; on failure, the last log lines of every node are added to the error. */
  async run(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (e instanceof Error) e.message += `\n\nLast log lines of each node:\n${this.logTail()}`;
      throw e;
    }
  }

  /** Kills every node (SIGKILL: nothing to keep), closes the proxies and removes the temp directory. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.groups = null;
    await Promise.all(this.nodes.map((n) => n.kill9().catch(() => undefined)));
    await Promise.all(this.nodes.map((n) => n.proxy?.close().catch(() => undefined)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Kills anything still alive from this test file (used in afterAll after the clusters' own stop()). */
export function killStragglers(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

// ---------------------------------------------------------------------------------------------------
// Chain checks (with the protocol's own rules, independently of the node)

/** Every consensus rule over a whole served chain: genesis, links, proof of work, merkle roots, one vote per voter. */
export function chainProblems(chain: Block[], election: Election): string[] {
  const problems: string[] = [];
  const genesis = genesisBlock(election, sha256);
  if (chain.length === 0) return ['the chain is empty'];
  if (chain[0].hash !== genesis.hash) problems.push(`block 0 is not this election's genesis`);
  const rules = electionRules(election);
  const voted = new Set<string>();
  const ctx = { rules, hash: sha256, now: Date.now() / 1000 };
  for (let i = 1; i < chain.length; i++) {
    const verdict = validateBlock(chain[i], chain[i - 1], { hasVoted: (id) => voted.has(id) }, ctx);
    if (!verdict.ok) problems.push(`block ${i}: ${verdict.reason}: ${verdict.detail}`);
    for (const t of chain[i].transactions) voted.add(t.voter_id);
  }
  return problems;
}

/** How many times each voter ID appears in the given ballots. */
export function voterCounts(...ballotLists: Ballot[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of ballotLists) for (const b of list) counts.set(b.voter_id, (counts.get(b.voter_id) ?? 0) + 1);
  return counts;
}

export function ballotsOf(chain: Block[]): Ballot[] {
  return chain.flatMap((b) => b.transactions);
}
