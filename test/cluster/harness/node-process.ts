/*
 * One node process: the built node (NODE_MAIN, or another build) spawned with the watchdog preloaded,
 * its log kept in memory for failure messages, and its API called directly. Also the built verifier,
 * run the same way. The cluster specs and the benchmark both start their nodes here.
 */
import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type Ballot, claimOf, type SealedBallot, type Transaction } from '../../../protocol';
import {
  type AuditResponse,
  type ChainResponse,
  type ElectionInfo,
  type MineResult,
  type NodeStatus,
  type PeerInfo,
  type RegisterResult,
  type ResultsResponse,
  type SealedBallotAccepted,
} from '../../../api/http';
import { openBallots } from './chain-checks';
import { http, type HttpResult, type RequestOptions } from './http';
import { PROJECT_ROOT as ROOT } from '../../../server/common/paths';
import { GiveUp, waitFor } from '../../support/wait';

/** The built node; CLUSTER_NODE_MAIN points the suite at another build (e.g. a deliberately broken one). */
export const NODE_MAIN = resolve(process.env['CLUSTER_NODE_MAIN'] ?? join(ROOT, 'dist/server/server/main.js'));
/** The independent verifier of the same build (dist/server/verifier/main.js beside dist/server/server/main.js). */
export const VERIFIER_MAIN = resolve(dirname(NODE_MAIN), '../verifier/main.js');
/** npm run backup's tool of the same build. */
export const BACKUP_MAIN = resolve(dirname(NODE_MAIN), 'backup/main.js');
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

/** Every child this module started and not yet seen exit, for killStragglers(). */
const liveChildren = new Set<ChildProcess>();

export interface NodeProcessOptions {
  name: string;
  /** The loopback address the node listens on and connects from. */
  host: string;
  port: number;
  dataDir: string;
  /** The node's own settings (ELECTION_FILE, PEERS, …), besides PORT, HOST, DATA_DIR, PUBLIC_URL and ADMIN_TOKEN. */
  env: Record<string, string>;
  /** Default ADMIN_TOKEN. */
  adminToken?: string;
  /** The built node to run; default NODE_MAIN. */
  main?: string;
  /** Node options before the script (e.g. `--require` of a profiler). */
  nodeArgs?: string[];
  /** An IPC channel to the node (its process.send). */
  ipc?: boolean;
}

export class NodeProcess {
  protected child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private lastExit: string | null = null;
  private lastPid: number | undefined;
  private readonly lines: string[] = [];
  private starts = 0;
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly adminToken: string;
  private readonly env: Record<string, string>;
  private readonly main: string;
  private readonly nodeArgs: string[];
  private readonly stdio: StdioOptions;

  constructor(options: NodeProcessOptions) {
    this.name = options.name;
    this.host = options.host;
    this.port = options.port;
    this.dataDir = options.dataDir;
    this.env = options.env;
    this.adminToken = options.adminToken ?? ADMIN_TOKEN;
    this.main = options.main ?? NODE_MAIN;
    this.nodeArgs = options.nodeArgs ?? [];
    this.stdio = options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
  }

  /** Changes the environment of the next start (e.g. PEERS, once every proxy port is known). */
  setEnv(key: string, value: string): void {
    this.env[key] = value;
  }

  /** Direct address, used by the test. */
  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The address peers use (PUBLIC_URL). */
  get publicUrl(): string {
    return this.url;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How the last run ended (exit code or signal), or null if it is running or never ran. */
  get exitStatus(): string | null {
    return this.lastExit;
  }

  /** The process ID of the last run, also once it has exited (for logs). */
  get lastProcessId(): number | undefined {
    return this.lastPid;
  }

  /** Spawns the node and resolves once `GET /health` answers 200. */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    this.starts++;
    this.log(`--- start #${this.starts} (${this.url}, public ${this.publicUrl})`);
    const child = spawn(process.execPath, ['-r', WATCHDOG, ...this.nodeArgs, this.main], {
      cwd: ROOT,
      env: {
        ...childEnv(),
        PORT: String(this.port),
        HOST: this.host,
        DATA_DIR: this.dataDir,
        PUBLIC_URL: this.publicUrl,
        LOG_FORMAT: 'json',
        ADMIN_TOKEN: this.adminToken,
        ...this.env,
      },
      stdio: this.stdio,
    });
    this.child = child;
    this.lastPid = child.pid;
    liveChildren.add(child);
    let exitCode: string | null = null;
    this.lastExit = null;
    this.exited = new Promise((r) =>
      child.once('exit', (code, signal) => {
        exitCode = signal ?? String(code);
        this.lastExit = exitCode;
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
        { timeoutMs, intervalMs: 50, what: `${this.name} to answer GET /health` },
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
    const headers = { authorization: `Bearer ${this.adminToken}`, ...options.headers };
    return http<T>(method, this.url + path, body, { ...options, headers });
  }

  /** An open-scheme ballot (seed API). */
  vote(voterId: string, party: string, options?: RequestOptions): Promise<HttpResult<{ ballot?: Ballot; error?: string }>> {
    return this.post('/new_transaction', { voter_id: voterId, party }, options);
  }

  /** A secret election's ballot, sealed (POST /api/sealed-ballots). */
  castSealed(ballot: SealedBallot, options?: RequestOptions): Promise<HttpResult<SealedBallotAccepted & { error?: string }>> {
    return this.post('/api/sealed-ballots', ballot, options);
  }

  mine(): Promise<HttpResult<MineResult>> {
    return this.admin<MineResult>('GET', '/mine', undefined, { timeoutMs: 30_000 });
  }

  /** POST /register_with `other` (seed API), at its public address (through its proxy, in a cluster). */
  registerWith(other: NodeProcess): Promise<HttpResult<RegisterResult>> {
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
        if (typeof entry.message === 'object' && entry.message?.msg === msg) found.push(entry.message);
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

/** Kills anything still alive from this test file (used in afterAll after the clusters' own stop()). */
export function killStragglers(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

export interface VerifierRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface VerifierOptions {
  /** SIGKILL after this long; default 60 s. */
  timeoutMs?: number;
  /** The built verifier to run; default VERIFIER_MAIN. */
  main?: string;
  /** Node options before the script (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Called with the process ID as soon as it runs, to watch it. */
  onSpawn?: (pid: number) => void;
}

/** Runs the built verifier (`node dist/server/verifier/main.js ARGS`) and resolves with its exit status and output. */
export function runVerifier(args: string[], options: VerifierOptions = {}): Promise<VerifierRun> {
  return runBuiltTool(options.main ?? VERIFIER_MAIN, args, options);
}

/** Runs a built command-line tool (`node MAIN ARGS`) as the verifier is run, and resolves with its exit status and output. */
export function runBuiltTool(main: string, args: string[], options: Omit<VerifierOptions, 'main'> = {}): Promise<VerifierRun> {
  const { timeoutMs = 60_000, nodeArgs = [], onSpawn } = options;
  if (!existsSync(main)) return Promise.reject(new Error(`${main} is missing: build it first (npx nest build)`));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-r', WATCHDOG, ...nodeArgs, main, ...args], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    liveChildren.add(child);
    if (child.pid !== undefined) onSpawn?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      reject(e);
    });
    // 'close', not 'exit': the output is complete only once both pipes are closed.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      liveChildren.delete(child);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}
