/*
 * Cluster harness: real node processes (the built server, dist/server/server/main.js) on loopback,
 * each behind a small TCP proxy that can cut the network between groups of nodes.
 *
 * Addressing. Node i listens on its own loopback address (HOST=127.0.<worker>.<11+i>), so its outgoing peer
 * connections also leave from that address (AppConfig.outgoingAddress). Peers reach it only through its
 * proxy (PUBLIC_URL=http://127.0.0.1:<proxy port>). The proxy sees the caller's source address, knows
 * which node that is, and refuses (and cuts) connections across a partition. The test itself talks to
 * the nodes directly, so it is never partitioned.
 *
 * Elections. Every node takes ELECTION_FILE (TEST_ELECTION, an open election, by default) unless it is
 * listed as joining: it then starts in ELECTION=join mode and takes the genesis block from its PEERS. A
 * secret definition makes the nodes that read it the authority. Every node shares ADMIN_TOKEN, and mines
 * only when asked (MINE_INTERVAL_MS=0), so a test decides which node mines which block.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { type AddressInfo, createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  type Ballot,
  type Block,
  claimOf,
  type Election,
  type ElectionDefinition,
  electionRules,
  genesisBlock,
  genesisProblem,
  initialLedgerState,
  isBallot,
  merkleRoot,
  searchNonce,
  type SecretBallot,
  type Transaction,
  validateBlock,
} from '../../protocol';
import {
  type AuditResponse,
  type ChainResponse,
  type ElectionInfo,
  type MineResult,
  type NodeStatus,
  type PeerInfo,
  type RegisterResult,
  type ResultsResponse,
  type SecretBallotAccepted,
} from '../../api/http';
import { sha256 } from '../../node-crypto/sha256';
import { nodeSignatures } from '../../node-crypto/signatures';
import { readCodes } from '../support/activation-codes';

export { sha256 };

const ROOT = resolve(__dirname, '../..');
/** The built node; CLUSTER_NODE_MAIN points the suite at another build (e.g. a deliberately broken one). */
export const NODE_MAIN = resolve(process.env['CLUSTER_NODE_MAIN'] ?? join(ROOT, 'dist/server/server/main.js'));
/** The independent verifier of the same build (dist/server/verifier/main.js beside dist/server/server/main.js). */
export const VERIFIER_MAIN = resolve(dirname(NODE_MAIN), '../verifier/main.js');
const WATCHDOG = join(__dirname, 'die-with-parent.js');

/**
 * The environment every spawned child starts from, and nothing of the test runner's own. A build outside the
 * repository finds the repository's node_modules through NODE_PATH; the watchdog reads CLUSTER_PARENT_PID.
 */
function childEnv(): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? tmpdir(),
    NODE_PATH: join(ROOT, 'node_modules'),
    CLUSTER_PARENT_PID: String(process.pid),
  };
}
const MAX_LOG_LINES = 4_000;

/** Every node of every cluster takes this admin token (GET /mine, POST /register_with, open and close). */
export const ADMIN_TOKEN = 'cluster-admin-token-0123456789';
const ADMIN_HEADERS = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * An open election without an authority, as the seed ran (open from genesis): any well-formed voter ID
 * may vote (no roll); difficulty 2 keeps mining in the milliseconds.
 */
export const TEST_ELECTION: Election = {
  title: 'Cluster test election',
  parties: ['Alpha', 'Beta', 'Gamma'],
  difficulty: 2,
  scheme: 'open',
};

// ---------------------------------------------------------------------------------------------------
// HTTP

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  text: string;
  /** Wall-clock duration of the request. */
  ms: number;
}

export interface RequestOptions {
  agent?: Agent;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

/** Short-lived connections by default, so nothing lingers after a node is killed. */
const plainAgent = new Agent({ keepAlive: false });

export function http<T = unknown>(method: string, url: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResult<T>> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(
      url,
      {
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
        ...childEnv(),
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

  get<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResult<T>> {
    return http<T>('GET', this.url + path, undefined, options);
  }

  post<T = unknown>(path: string, body: unknown, options?: RequestOptions): Promise<HttpResult<T>> {
    return http<T>('POST', this.url + path, body, options);
  }

  /** A request with the admin token. */
  admin<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResult<T>> {
    return http<T>(method, this.url + path, body, { ...options, headers: { ...ADMIN_HEADERS, ...options.headers } });
  }

  /** An open-scheme ballot (seed API). */
  vote(voterId: string, party: string, options?: RequestOptions): Promise<HttpResult<{ ballot?: Ballot; error?: string }>> {
    return this.post('/new_transaction', { voter_id: voterId, party }, options);
  }

  /** A secret ballot (POST /api/ballots). */
  castSecret(ballot: SecretBallot, options?: RequestOptions): Promise<HttpResult<SecretBallotAccepted & { error?: string }>> {
    return this.post('/api/ballots', ballot, options);
  }

  mine(): Promise<HttpResult<MineResult>> {
    return this.admin<MineResult>('GET', '/mine', undefined, { timeoutMs: 30_000 });
  }

  /** POST /register_with `other` (seed API), through the other node's proxy. */
  registerWith(other: ClusterNode): Promise<HttpResult<RegisterResult>> {
    return this.admin<RegisterResult>('POST', '/register_with', { node_address: other.publicUrl }, { timeoutMs: 30_000 });
  }

  async status(): Promise<NodeStatus> {
    return ok(await this.get<NodeStatus>('/api/status'), `${this.name} GET /api/status`);
  }

  async chain(): Promise<ChainResponse> {
    return ok(await this.get<ChainResponse>('/chain', { timeoutMs: 30_000 }), `${this.name} GET /chain`);
  }

  async pending(): Promise<Transaction[]> {
    return ok(await this.get<Transaction[]>('/pending_tx', { timeoutMs: 30_000 }), `${this.name} GET /pending_tx`);
  }

  /** Voter IDs of the open-scheme ballots in the pool. */
  async pendingVoters(): Promise<Set<string>> {
    return new Set(openBallots(await this.pending()).map((b) => b.voter_id));
  }

  /** Claims (see claimOf) of every transaction in the pool. */
  async pendingClaims(): Promise<Set<string>> {
    return new Set((await this.pending()).map(claimOf));
  }

  async peers(): Promise<PeerInfo[]> {
    return ok(await this.get<PeerInfo[]>('/api/peers'), `${this.name} GET /api/peers`);
  }

  async results(): Promise<ResultsResponse> {
    return ok(await this.get<ResultsResponse>('/api/results'), `${this.name} GET /api/results`);
  }

  async election(): Promise<ElectionInfo> {
    return ok(await this.get<ElectionInfo>('/api/election'), `${this.name} GET /api/election`);
  }

  async audit(): Promise<AuditResponse> {
    return ok(await this.get<AuditResponse>('/api/audit'), `${this.name} GET /api/audit`);
  }

  /** The activation codes an authority node wrote at creation (DATA_DIR/activation-codes.csv): voter ID → code. */
  activationCodes(): Map<string, string> {
    return readCodes(this.dataDir);
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

  /** The last `n` log lines, without Nest's route listing at start. */
  logTail(n = 30): string {
    return this.lines
      .filter((l) => !l.includes('"context":"RouterExplorer"') && !l.includes('"context":"RoutesResolver"'))
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
  /** Written to ELECTION_FILE (default TEST_ELECTION). A secret one makes its nodes the authority. */
  election?: ElectionDefinition;
  /**
   * Nodes started without ELECTION_FILE, in ELECTION=join mode: they take the election from their PEERS,
   * so they start after every other node answers. Default: none.
   */
  joining?: string[];
}

export class Cluster {
  readonly nodes: ClusterNode[] = [];
  private readonly byHost = new Map<string, ClusterNode>();
  private groups: Map<string, number> | null = null;
  private stopped = false;
  /** The genesis hash every node serves, read from the first node once the cluster is up. */
  electionId = '';

  private constructor(
    readonly dir: string,
    readonly definition: ElectionDefinition,
  ) {}

  /**
   * Starts every node and waits until each answers /health: the nodes with ELECTION_FILE in parallel, then
   * the joining ones. Checks that they all serve one election. Cleans up if anything fails.
   */
  static async start(options: ClusterOptions): Promise<Cluster> {
    if (!existsSync(NODE_MAIN)) {
      throw new Error(`${NODE_MAIN} is missing: build the node first (npx nest build; npm test does it in pretest)`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'ballotchain-cluster-'));
    const definition = options.election ?? TEST_ELECTION;
    const joining = new Set(options.joining ?? []);
    const cluster = new Cluster(dir, definition);
    try {
      const electionFile = join(dir, 'election.json');
      writeFileSync(electionFile, JSON.stringify(definition));
      for (const [i, name] of options.names.entries()) {
        // Parallel Jest workers use different blocks of 127/8, so their nodes never share an address.
        const host = `127.0.${Number(process.env['JEST_WORKER_ID'] ?? 1) % 250}.${11 + i}`;
        const dataDir = join(dir, `node-${name}`);
        mkdirSync(dataDir);
        const node = new ClusterNode(name, host, await freePort(host), dataDir, {
          ...(joining.has(name) ? { ELECTION: 'join' } : { ELECTION_FILE: electionFile }),
          ADMIN_TOKEN,
          // Blocks are mined when a test asks (GET /mine), or by the authority to open and close.
          MINE_INTERVAL_MS: '0',
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
      await Promise.all(cluster.nodes.filter((n) => !joining.has(n.name)).map((n) => n.start()));
      await Promise.all(cluster.nodes.filter((n) => joining.has(n.name)).map((n) => n.start()));
      if (process.env['CLUSTER_TIMING'])
        process.stderr.write(`  ${(performance.now() - started).toFixed(0).padStart(6)} ms  start ${options.names.join(', ')}\n`);
      const ids = await Promise.all(cluster.nodes.map(async (n) => (await n.status()).election_id));
      if (new Set(ids).size !== 1) throw new Error(`the nodes serve different elections: ${ids.join(', ')}`);
      cluster.electionId = ids[0];
      // An open definition has no keys: its genesis is fixed by the file, and every node must have built it.
      if (definition.scheme !== 'secret') {
        const expected = genesisBlock({ ...definition, scheme: 'open' }, sha256).hash;
        if (cluster.electionId !== expected)
          throw new Error(`the nodes serve election ${cluster.electionId}, not the genesis of ELECTION_FILE (${expected})`);
      }
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
          last = pools.map((p, i) => `${nodes[i].name}: [${p.map((t) => claimOf(t).slice(0, 20)).join(', ')}]`).join('; ');
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

  /** Waits until every node's pool holds exactly these claims (see claimOf). */
  async poolsHold(claims: string[], timeoutMs = 15_000): Promise<void> {
    const expected = JSON.stringify([...claims].sort());
    let last = '';
    try {
      await waitFor(
        async () => {
          const pools = await Promise.all(this.nodes.map((n) => n.pendingClaims()));
          last = pools.map((p, i) => `${this.nodes[i].name}: ${p.size}`).join(', ');
          return pools.every((p) => JSON.stringify([...p].sort()) === expected);
        },
        timeoutMs,
        `every pool to hold exactly ${claims.length} transactions`,
      );
    } catch (e) {
      (e as Error).message += ` (pool sizes: ${last})`;
      throw e;
    }
  }

  /** GET /mine on `node`, which must mine `transactions` transactions; waits until every node has its block. */
  async mineOn(node: ClusterNode, transactions: number): Promise<string> {
    const res = await node.mine();
    if (res.status !== 200 || !res.body.mined || res.body.ballots !== transactions) {
      throw new Error(`${node.name} was to mine ${transactions} transactions, and answered ${res.status} ${JSON.stringify(res.body)}`);
    }
    await this.converged(15_000, this.nodes, res.body.hash);
    return res.body.hash;
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
            const expected = nodes
              .filter((_, j) => j !== i)
              .map((n) => n.publicUrl)
              .sort();
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

/**
 * Every consensus rule over a whole served chain, with the protocol's own rules: the genesis block against
 * the manifest it carries (and the expected election ID), then each block's proof of work, hash, link,
 * merkle root, transactions (signatures, credentials, roll proofs), one use per claim and the lifecycle
 * order. Stops at the first invalid block: the ledger state after it is undefined.
 */
export function chainProblems(chain: Block[], electionId?: string): string[] {
  if (chain.length === 0) return ['the chain is empty'];
  const genesisIssue = genesisProblem(chain[0], sha256);
  if (genesisIssue) return [`block 0: ${genesisIssue}`];
  const problems: string[] = [];
  if (electionId !== undefined && chain[0].hash !== electionId) problems.push(`block 0 is not the genesis of election ${electionId}`);
  const election = chain[0].election!;
  const ctx = { rules: electionRules(election, sha256, nodeSignatures), hash: sha256, now: Date.now() / 1000 };
  const claimed = new Set<string>();
  let state = initialLedgerState(election);
  for (let i = 1; i < chain.length; i++) {
    const verdict = validateBlock(chain[i], chain[i - 1], { isClaimed: (claim) => claimed.has(claim), state }, ctx);
    if (!verdict.ok) return [...problems, `block ${i}: ${verdict.reason}: ${verdict.detail}`];
    state = verdict.state;
    for (const tx of chain[i].transactions) claimed.add(claimOf(tx));
  }
  return problems;
}

/** Every transaction of a chain, oldest first. */
export function transactionsOf(chain: Block[]): Transaction[] {
  return chain.flatMap((b) => b.transactions);
}

/** The open-scheme ballots among `txs`. */
export function openBallots(txs: Transaction[]): Ballot[] {
  return txs.filter((t): t is Ballot => !('type' in t));
}

/** The secret ballots among `txs`. */
export function secretBallots(txs: Transaction[]): SecretBallot[] {
  return txs.filter((t): t is SecretBallot => isBallot(t) && 'type' in t);
}

/** The open-scheme ballots of a chain. */
export function ballotsOf(chain: Block[]): Ballot[] {
  return openBallots(transactionsOf(chain));
}

/** How many times each voter ID appears among the open-scheme ballots of the given lists. */
export function voterCounts(...lists: Transaction[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) for (const b of openBallots(list)) counts.set(b.voter_id, (counts.get(b.voter_id) ?? 0) + 1);
  return counts;
}

/**
 * A block on `parent` carrying `transactions`, with a real proof of work: what a rogue node would serve.
 * No rule but the proof of work is checked here.
 */
export function forgeBlock(
  parent: Pick<Block, 'index' | 'hash' | 'timestamp'>,
  transactions: Transaction[],
  difficulty: number,
  timestamp = Math.max(parent.timestamp, Math.floor(Date.now() / 1000)),
): Block {
  const header = {
    index: parent.index + 1,
    timestamp,
    previous_hash: parent.hash,
    difficulty,
    merkle_root: merkleRoot(transactions, sha256),
  };
  for (let from = 0; ; from += 100_000) {
    const found = searchNonce(header, from, 100_000, sha256);
    if (found) return { ...header, nonce: found.nonce, transactions, hash: found.hash };
  }
}

/** Runs the built verifier (`node dist/server/verifier/main.js ARGS`) and resolves with its exit status and output. */
export function runVerifier(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(VERIFIER_MAIN)) return Promise.reject(new Error(`${VERIFIER_MAIN} is missing: build it first (npx nest build)`));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-r', WATCHDOG, VERIFIER_MAIN, ...args], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    liveChildren.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    // 'close', not 'exit': the output is complete only once both pipes are closed.
    child.once('close', (code) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      resolvePromise({ code, stdout, stderr });
    });
  });
}
