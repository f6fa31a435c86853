#!/usr/bin/env node
'use strict';
/*
 * Ballotchain benchmark: `npm run bench` (builds the server first) or `node bench/run.js` on a built tree.
 *
 * Starts a node on a free port with a fresh data folder and an open-roll election (3 parties,
 * difficulty 2), then measures:
 *   1. concurrent ballot ingest: BENCH_BALLOTS ballots, distinct voter IDs, BENCH_CLIENTS concurrent
 *      keep-alive clients on POST /new_transaction (only 201s count);
 *   2. GET /mine of that pool as one block (wall time of the request);
 *   3. GET /chain (median of BENCH_CHAIN_RUNS) and its size in bytes;
 *   4. a second, fresh node: POST /register_with the first node (returns once the chain is validated
 *      and adopted), then its tip is compared with the first node's;
 *   5. peak RSS (VmHWM) of both node processes;
 *   6. secret ballots: a node that is the authority of a secret election (BENCH_SECRET_BALLOTS voters), opened;
 *      ballots made beforehand (fresh Ed25519 ballot key, RSA-PSS credential by the authority's key read
 *      from the node's database, ballot signature) go to POST /api/ballots from BENCH_CLIENTS clients, then
 *      another set to POST /api/gossip/ballots in batches from BENCH_GOSSIP_SENDERS senders;
 *   7. the verifier on a chain of BENCH_VERIFY_BALLOTS secret ballots (and as many credential records):
 *      the chain is built through the gossip route and GET /mine, then dist/server/verifier/main.js --node
 *      is timed;
 * and first, as a yardstick, a bare Express 5 server answering the same requests (bare_express_per_s).
 * Nodes and verifier run from a copy of dist/server made at start, so a rebuild meanwhile cannot disturb a run.
 * Prints ONE JSON line on stdout; progress goes to stderr. Exit 0 when every step worked (targets missed
 * are listed in "targets_missed"; add --strict to exit 3 on a miss), 1 on failure.
 *
 * Options (environment):
 *   BENCH_BALLOTS=10000  BENCH_CLIENTS=16  BENCH_CHAIN_RUNS=5  BENCH_DIFFICULTY=2
 *   BENCH_WARMUP=300         requests sent before the ingest measurements (rejected ballots: no pool change)
 *   BENCH_SECRET_BALLOTS=10000  secret ingest (0 skips step 6); BENCH_SECRET_GOSSIP (default the same) ballots
 *                            gossiped in batches of BENCH_GOSSIP_BATCH=500 by BENCH_GOSSIP_SENDERS=2 senders
 *   BENCH_VERIFY_BALLOTS=100000 ballots on the verifier's chain (0 skips step 7); BENCH_VERIFY_BATCH=5000
 *                            transactions per gossip request while building it
 *   BENCH_VERIFIER_ARGS="..." extra arguments for the verifier (e.g. --workers 1)
 *   BENCH_GEN_THREADS        worker threads making ballots before the clock starts (default one per core)
 *   BENCH_SKIP_OPEN=1        skip steps 1-5 (e.g. to profile only the secret steps)
 *   BENCH_CPU_PROF=<dir>     profile every node (V8 CPU profiles, one file per phase) into <dir>;
 *                            summarise with `node bench/profile-summary.js <file>`
 *   BENCH_NODE_ARGS="..."    extra node options for every node (e.g. --require ./my-tracer.js)
 *   BENCH_KEEP_LOGS=1        print the nodes' log tails on stderr at the end, even on success
 *   TMPDIR=<dir>             where the temporary data folders go (default the OS temp folder)
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** The built server, protocol and verifier; copied to the temporary folder at start (see snapshotDist). */
const DIST = path.join(ROOT, 'dist', 'server');
const built = (dist) => ({
  main: path.join(dist, 'server', 'main.js'),
  verifier: path.join(dist, 'verifier', 'main.js'),
  messages: path.join(dist, 'protocol', 'messages.js'),
});
/** What the nodes, the verifier and the ballot makers run: the snapshot once main() has made it. */
let BUILT = built(DIST);
const PRELOAD = path.join(__dirname, 'lib', 'cpu-profile-preload.js');
const { readAuthorityKeys, readRoll } = require('./lib/authority-db');
const { SecretTxFactory } = require('./lib/secret-ballots');

const BALLOTS = intEnv('BENCH_BALLOTS', 10_000);
const CLIENTS = intEnv('BENCH_CLIENTS', 16);
const CHAIN_RUNS = intEnv('BENCH_CHAIN_RUNS', 5);
const DIFFICULTY = intEnv('BENCH_DIFFICULTY', 2);
const WARMUP = intEnv('BENCH_WARMUP', 300);
const SECRET_BALLOTS = intEnv('BENCH_SECRET_BALLOTS', 10_000);
const SECRET_GOSSIP = intEnv('BENCH_SECRET_GOSSIP', SECRET_BALLOTS);
const GOSSIP_BATCH = Math.max(1, intEnv('BENCH_GOSSIP_BATCH', 500));
const GOSSIP_SENDERS = Math.max(1, intEnv('BENCH_GOSSIP_SENDERS', 2));
const VERIFY_BALLOTS = intEnv('BENCH_VERIFY_BALLOTS', 100_000);
const VERIFY_BATCH = Math.max(1, intEnv('BENCH_VERIFY_BATCH', 5000));
const GEN_THREADS = intEnv('BENCH_GEN_THREADS', os.availableParallelism());
const SKIP_OPEN = process.env.BENCH_SKIP_OPEN === '1';
const VERIFIER_ARGS = (process.env.BENCH_VERIFIER_ARGS ?? '').split(/\s+/).filter(Boolean);
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const STRICT = process.argv.includes('--strict');
const PARTIES = ['Party A', 'Party B', 'Party C'];
/** The nodes' admin token (GET /mine, POST /register_with, POST /api/admin/open). */
const ADMIN_TOKEN = `bench-${crypto.randomBytes(16).toString('hex')}`;
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };

const TARGETS = {
  ingest_ballots_per_s: { min: 5000 },
  mine_10k_ms: { max: 200 },
  sync_10k_ms: { max: 1000 },
  peak_rss_mb: { max: 250 },
  secret_ingest_ballots_per_s: { min: 3000 },
  verify_100k_ms: { max: 20000 },
};

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------- HTTP

let aborted = false;

// Idle sockets are dropped after 4 s, before the node's 5 s keep-alive timeout closes them under a request
// just being sent (which would fail that request with a reset).
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS, maxFreeSockets: CLIENTS, timeout: 4_000 });

/** One HTTP request; resolves { status, body: Buffer, ms }. `body` may be a prepared Buffer. */
function request(port, method, urlPath, body, timeoutMs = 120_000, extraHeaders = undefined) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const headers = {
      accept: 'application/json',
      ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
      ...extraHeaders,
    };
    const started = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: Number(process.hrtime.bigint() - started) / 1e6 }),
      );
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function requestJson(port, method, urlPath, body, timeoutMs, extraHeaders) {
  const res = await request(port, method, urlPath, body, timeoutMs, extraHeaders);
  let json;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    json = undefined;
  }
  return { ...res, json };
}

function expectStatus(res, status, what) {
  if (res.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${res.body.toString('utf8').slice(0, 500)}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// --------------------------------------------------------------------------------------- processes

/** Keeps the last `limit` bytes a child wrote, for diagnostics; everything else is dropped. */
class Tail {
  constructor(limit = 64 * 1024) {
    this.limit = limit;
    this.chunks = [];
    this.size = 0;
  }
  push(chunk) {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) this.size -= this.chunks.shift().length;
  }
  text() {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

class NodeProcess {
  constructor(name, port, dataDir, electionFile) {
    this.name = name;
    this.port = port;
    this.dataDir = dataDir;
    this.electionFile = electionFile;
    this.url = `http://127.0.0.1:${port}`;
    this.logs = new Tail();
    this.exited = null;
    this.profileSeq = 0;
    this.rssLog = [];
  }

  start() {
    if (aborted) throw new Error('the benchmark is stopping');
    const args = [...NODE_ARGS];
    if (CPU_PROF_DIR) args.push('--require', PRELOAD);
    args.push(BUILT.main);
    const env = {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      DATA_DIR: this.dataDir,
      ELECTION_FILE: this.electionFile,
      LOG_FORMAT: 'json',
      PEERS: '',
      PUBLIC_URL: this.url,
      ADMIN_TOKEN,
      MINE_INTERVAL_MS: '0', // mine only on GET /mine: the pools stay exactly what was sent
      BENCH_CPU_PROF_DIR: CPU_PROF_DIR ?? '',
    };
    // The election file decides; nothing from the caller's shell may change what is measured.
    for (const name of ['DIFFICULTY', 'ELECTION', 'ELECTION_ID', 'AUTHORITY_URL', 'SYNC_INTERVAL_MS']) delete env[name];
    delete env.NODE_OPTIONS;
    const stdio = CPU_PROF_DIR ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
    this.child = spawn(process.execPath, args, { cwd: ROOT, env, stdio });
    this.pid = this.child.pid;
    this.child.stdout.on('data', (c) => this.logs.push(c));
    this.child.stderr.on('data', (c) => this.logs.push(c));
    this.exitPromise = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exited = { code, signal };
        resolve(this.exited);
      });
      this.child.on('error', (e) => {
        this.exited = { code: null, signal: null, error: e };
        resolve(this.exited);
      });
    });
  }

  async waitHealthy(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error(`${this.name} exited during start-up (${JSON.stringify(this.exited)})`);
      try {
        const res = await request(this.port, 'GET', '/health', undefined, 2_000);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.name} did not answer /health within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /** Peak resident set (VmHWM) in MB, read from /proc while the process runs. */
  peakRssMb() {
    return procMemoryMb(this.pid).peak;
  }

  /** utime + stime of the process so far, in ms. */
  cpuMs() {
    return (procCpuTicks(this.pid) * 1000) / CLK_TCK;
  }

  logRss() {
    log(`${this.name} RSS (MB) after each phase, now/peak so far: ${this.rssLog.join(', ')}; peak ${round(this.peakRssMb())}`);
  }

  /** With BENCH_CPU_PROF: ask the preload to write the profile of the phase just finished. */
  async cutProfile(phase) {
    if (!this.exited) {
      const { now, peak } = procMemoryMb(this.pid);
      this.rssLog.push(`${phase} ${Math.round(now)}/${Math.round(peak)}`);
    }
    if (!CPU_PROF_DIR || this.exited) return;
    const file = path.join(CPU_PROF_DIR, `${this.name}-${String(++this.profileSeq).padStart(2, '0')}-${phase}.cpuprofile`);
    const written = new Promise((resolve) => {
      const onMessage = (m) => {
        if (m && m.profileWritten === file) {
          this.child.off('message', onMessage);
          resolve(true);
        }
      };
      this.child.on('message', onMessage);
    });
    this.child.send({ cutProfile: file });
    if (!(await Promise.race([written, sleep(15_000).then(() => false)]))) log(`warning: ${this.name} wrote no profile for ${phase}`);
  }

  async stop() {
    if (!this.child || this.exited) return;
    this.child.kill('SIGTERM');
    const done = await Promise.race([this.exitPromise, sleep(5_000).then(() => null)]);
    if (!done && !this.exited) {
      log(`${this.name} (pid ${this.pid}) ignored SIGTERM; killing it`);
      this.child.kill('SIGKILL');
      await Promise.race([this.exitPromise, sleep(2_000)]);
    }
  }
}

/** Current (VmRSS) and peak (VmHWM) resident set of a running process, in MB. */
function procMemoryMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(m[1]);
  };
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** utime + stime of a process so far, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
function procCpuTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Jiffies of the whole machine from /proc/stat: busy (not idle, not iowait), iowait, total. */
function systemTicks() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
  return { busy: total - f[3] - f[4], iowait: f[4], total };
}

/**
 * CPU time from now on, of `node`, of this process (the load generator) and of the whole machine; the
 * returned function ends the window and gives the figures in ms.
 */
function cpuWindow(node) {
  const nodeCpu0 = node.cpuMs();
  const sys0 = systemTicks();
  const self0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return () => {
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const self = process.cpuUsage(self0);
    const nodeCpuMs = node.cpuMs() - nodeCpu0;
    const sys1 = systemTicks();
    return {
      wallMs,
      nodeCpuMs,
      selfMs: (self.user + self.system) / 1000,
      busyMs: ((sys1.busy - sys0.busy) * 1000) / CLK_TCK,
      iowaitMs: ((sys1.iowait - sys0.iowait) * 1000) / CLK_TCK,
    };
  };
}

const CLK_TCK = (() => {
  try {
    const out = require('node:child_process').execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim();
    return Number(out) || 100;
  } catch {
    return 100;
  }
})();

// ------------------------------------------------------------------------------------------ phases

/** Bodies are serialised before the clock starts, so the load generator only sends bytes. */
function ballotBodies(count) {
  const bodies = new Array(count);
  for (let i = 0; i < count; i++) {
    bodies[i] = Buffer.from(JSON.stringify({ voter_id: `BENCH-${String(i).padStart(6, '0')}`, party: PARTIES[i % PARTIES.length] }));
  }
  return bodies;
}

/** `clients` loops, each sending its next request as soon as the previous answer arrived. */
async function closedLoop(port, bodies, clients, onResult, urlPath = '/new_transaction', timeoutMs = 30_000) {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length && !aborted) {
      const i = next++;
      try {
        onResult(i, await request(port, 'POST', urlPath, bodies[i], timeoutMs));
      } catch (e) {
        onResult(i, { status: 0, body: Buffer.from(String(e.message)), ms: 0 });
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
}

/** Requests per second of a bare Express 5 server on the same machine with the same client: the ceiling. */
async function expressBaseline() {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(__dirname, 'lib', 'bare-express.js'), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`bare Express server exited with ${code}`)));
    });
    const bodies = ballotBodies(BALLOTS);
    let ok = 0;
    const t0 = process.hrtime.bigint();
    await closedLoop(port, bodies, CLIENTS, (_, r) => (ok += r.status === 201 ? 1 : 0));
    return (ok / (Number(process.hrtime.bigint() - t0) / 1e6)) * 1000;
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Requests that run the whole HTTP/validation path and are refused (422) before reaching the pool, so the
 * measured pool stays exact. Open election: well-formed ballots for an unknown party. Secret election:
 * ballots signed for one party and sent for another (credential and signature are both checked).
 */
async function warmUp(node, bodies = undefined, urlPath = '/new_transaction') {
  if (WARMUP === 0) return;
  bodies ??= Array.from({ length: WARMUP }, (_, i) => Buffer.from(JSON.stringify({ voter_id: `WARM-${i}`, party: 'No such party' })));
  const statuses = new Map();
  await closedLoop(node.port, bodies, CLIENTS, (_, r) => statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1), urlPath);
  if (statuses.has(201)) throw new Error('warm-up ballots were admitted: the election accepts an unknown party?');
  if ([...statuses.keys()].some((s) => s === 0 || s >= 500)) {
    throw new Error(
      `warm-up requests failed (${[...statuses].map(([s, n]) => `${n}×${s}`).join(', ')}); node exited: ${JSON.stringify(node.exited)}`,
    );
  }
  log(`warm-up: ${bodies.length} rejected ballots (${[...statuses].map(([s, n]) => `${n}×${s}`).join(', ')})`);
}

/** Closed-loop ingest of prepared `bodies` on `urlPath`: throughput, latency, CPU of the node and the rest. */
async function ingest(node, bodies = ballotBodies(BALLOTS), urlPath = '/new_transaction') {
  const latencies = [];
  const errors = new Map();
  let accepted = 0;
  const cpu = cpuWindow(node);
  await closedLoop(
    node.port,
    bodies,
    CLIENTS,
    (_, r) => {
      if (r.status === 201) {
        accepted++;
        latencies.push(r.ms);
      } else {
        const key = `${r.status} ${r.body.toString('utf8').slice(0, 160)}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    },
    urlPath,
  );
  const { wallMs, nodeCpuMs, selfMs, busyMs, iowaitMs } = cpu();
  const errorCount = bodies.length - accepted;
  if (errorCount > 0) {
    log(`ingest errors: ${errorCount}`);
    for (const [k, n] of [...errors].slice(0, 5)) log(`  ${n}× ${k}`);
  }
  latencies.sort((a, b) => a - b);
  return {
    accepted,
    errors: errorCount,
    errorSamples: [...errors.keys()].slice(0, 3),
    wallMs,
    perSecond: (accepted / wallMs) * 1000,
    p50: latencies.length ? percentile(latencies, 50) : null,
    p99: latencies.length ? percentile(latencies, 99) : null,
    loadgenCpuPct: (selfMs / wallMs) * 100,
    nodeCpuPct: (nodeCpuMs / wallMs) * 100,
    nodeCpuUsPerBallot: accepted > 0 ? (nodeCpuMs * 1000) / accepted : null,
    // Everything else the machine ran meanwhile (other processes, kernel), in % of one core.
    otherCpuPct: (Math.max(0, busyMs - nodeCpuMs - selfMs) / wallMs) * 100,
    iowaitPct: (iowaitMs / wallMs) * 100,
  };
}

// --------------------------------------------------------------------------------- secret elections

/** Other processes the benchmark started (the verifier): stopped by the cleanup. */
const children = new Set();

/** A node for a secret election of `voters` voters (it becomes the authority), started, healthy, opened. */
async function startSecretNode(name, tmp, nodes, voterPrefix, voters) {
  const file = path.join(tmp, `${name}-election.json`);
  const roll = Array.from({ length: voters }, (_, i) => `${voterPrefix}${String(i).padStart(7, '0')}`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      title: `Benchmark secret election (${name})`,
      parties: PARTIES,
      difficulty: DIFFICULTY,
      scheme: 'secret',
      voters: roll,
    }),
  );
  const node = new NodeProcess(name, await freePort(), path.join(tmp, name), file);
  nodes.push(node);
  const t0 = performance.now();
  node.start();
  await node.waitHealthy(300_000);
  const startMs = performance.now() - t0;
  log(`${name} pid ${node.pid} on ${node.url}: secret election of ${voters} voters, healthy in ${round(startMs)} ms`);
  await node.cutProfile('startup');
  const before = await requestJson(node.port, 'GET', '/api/election');
  expectStatus(before, 200, 'GET /api/election');
  if (!before.json?.is_authority || before.json.phase !== 'draft' || before.json.roll_size !== voters) {
    throw new Error(
      `${name} should be the authority of a draft election of ${voters} voters: ${before.body.toString('utf8').slice(0, 300)}`,
    );
  }
  const open = await requestJson(node.port, 'POST', '/api/admin/open', undefined, 120_000, ADMIN);
  expectStatus(open, 200, 'POST /api/admin/open');
  if (open.json?.phase !== 'open') throw new Error(`POST /api/admin/open left the election ${open.json?.phase}`);
  await node.cutProfile('open');
  return { node, electionId: before.json.election_id, keys: readAuthorityKeys(node.dataDir), startMs };
}

/** Runs `make(factory)` with a pool of ballot-making threads; logs progress on long runs. */
async function withFactory(options, what, make) {
  const factory = new SecretTxFactory({ ...options, parties: PARTIES, threads: GEN_THREADS, messages: BUILT.messages });
  const t0 = performance.now();
  const ticker = setInterval(() => log(`  … ${what}: ${round((performance.now() - t0) / 1000)} s`), 15_000);
  try {
    const out = await make(factory);
    return { out, ms: performance.now() - t0 };
  } finally {
    clearInterval(ticker);
    await factory.close();
  }
}

/**
 * POST /api/gossip/ballots of `txs` (JSON texts) in batches from `senders` concurrent loops. Every batch
 * must answer 200; the outcomes are summed. Bodies are assembled before the clock starts.
 */
async function gossip(node, txs, batchSize, senders) {
  const batches = [];
  for (let i = 0; i < txs.length; i += batchSize) batches.push(Buffer.from(`{"ballots":[${txs.slice(i, i + batchSize).join(',')}]}`));
  const outcome = { accepted: 0, known: 0, rejected: 0 };
  const latencies = [];
  const cpu = cpuWindow(node);
  let next = 0;
  let failure = null;
  const sender = async () => {
    while (next < batches.length && !failure && !aborted) {
      const i = next++;
      const res = await requestJson(node.port, 'POST', '/api/gossip/ballots', batches[i], 300_000).catch((e) => ({
        status: 0,
        body: Buffer.from(e.message),
      }));
      if (res.status !== 200) {
        failure = new Error(
          `POST /api/gossip/ballots (batch ${i + 1}/${batches.length}): HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`,
        );
        return;
      }
      for (const k of Object.keys(outcome)) outcome[k] += res.json[k] ?? 0;
      latencies.push(res.ms);
    }
  };
  await Promise.all(Array.from({ length: Math.min(senders, batches.length) }, sender));
  if (failure) throw failure;
  const { wallMs, nodeCpuMs, selfMs, busyMs } = cpu();
  latencies.sort((a, b) => a - b);
  return {
    ...outcome,
    otherCpuPct: (Math.max(0, busyMs - nodeCpuMs - selfMs) / wallMs) * 100,
    batches: batches.length,
    bytes: batches.reduce((n, b) => n + b.length, 0),
    wallMs,
    perSecond: (outcome.accepted / wallMs) * 1000,
    batchP50: latencies.length ? median(latencies) : null,
    batchMax: latencies.length ? latencies[latencies.length - 1] : null,
    nodeCpuPct: (nodeCpuMs / wallMs) * 100,
    nodeCpuUsPerTx: outcome.accepted > 0 ? (nodeCpuMs * 1000) / outcome.accepted : null,
  };
}

async function pendingOf(node) {
  const status = await requestJson(node.port, 'GET', '/api/status');
  expectStatus(status, 200, 'GET /api/status');
  return status.json.pending;
}

/** Step 6: secret ballots on POST /api/ballots (closed loop), then another set gossiped in batches. */
async function secretIngestPhase(tmp, nodes) {
  const { node, electionId, keys } = await startSecretNode('secret', tmp, nodes, 'S', SECRET_BALLOTS);
  log(`secret: making ${SECRET_BALLOTS} + ${SECRET_GOSSIP} ballots and ${WARMUP} refused ones on ${GEN_THREADS} threads…`);
  const prep = await withFactory({ electionId, credentialKey: keys.credential }, 'making secret ballots', async (factory) => {
    const [own, gossiped, refused] = [
      await factory.ballots(SECRET_BALLOTS, { offset: 0 }),
      await factory.ballots(SECRET_GOSSIP, { offset: SECRET_BALLOTS }),
      await factory.ballots(WARMUP, { tampered: true }),
    ];
    return { own, gossiped, refused };
  });
  log(`secret: ${SECRET_BALLOTS + SECRET_GOSSIP + WARMUP} ballots made in ${round(prep.ms)} ms`);
  const toBuffers = (txs) => txs.map((t) => Buffer.from(t));

  await warmUp(node, toBuffers(prep.out.refused), '/api/ballots');
  await node.cutProfile('secret-warmup');
  log(`secret ingest: ${SECRET_BALLOTS} ballots on POST /api/ballots from ${CLIENTS} clients…`);
  const ing = await ingest(node, toBuffers(prep.out.own), '/api/ballots');
  await node.cutProfile('secret-ingest');
  log(
    `secret ingest: ${ing.accepted} × 201 in ${round(ing.wallMs)} ms = ${round(ing.perSecond)} ballots/s ` +
      `(p50 ${round(ing.p50, 2)} ms, p99 ${round(ing.p99, 2)} ms; node ${round(ing.nodeCpuPct)}% of a core, ${round(ing.nodeCpuUsPerBallot, 0)} µs/ballot; ` +
      `load generator ${round(ing.loadgenCpuPct)}%, rest of the machine ${round(ing.otherCpuPct)}%)`,
  );
  const afterIngest = await pendingOf(node);
  if (afterIngest !== ing.accepted)
    throw new Error(`secret pool holds ${afterIngest} transactions, ${ing.accepted} ballots were acknowledged`);

  let gos = null;
  if (SECRET_GOSSIP > 0) {
    log(`secret gossip: ${SECRET_GOSSIP} ballots in batches of ${GOSSIP_BATCH} from ${GOSSIP_SENDERS} senders…`);
    gos = await gossip(node, prep.out.gossiped, GOSSIP_BATCH, GOSSIP_SENDERS);
    await node.cutProfile('secret-gossip');
    log(
      `secret gossip: ${gos.accepted} accepted (${gos.known} known, ${gos.rejected} rejected) in ${round(gos.wallMs)} ms = ${round(gos.perSecond)} ballots/s ` +
        `(batch p50 ${round(gos.batchP50, 1)} ms, max ${round(gos.batchMax, 1)} ms; node ${round(gos.nodeCpuPct)}% of a core, ${round(gos.nodeCpuUsPerTx, 0)} µs/ballot; ` +
        `rest of the machine ${round(gos.otherCpuPct)}%)`,
    );
    const afterGossip = await pendingOf(node);
    if (afterGossip !== ing.accepted + gos.accepted)
      throw new Error(`secret pool holds ${afterGossip} transactions, expected ${ing.accepted + gos.accepted}`);
  }
  const peak = node.peakRssMb();
  node.logRss();
  await node.stop();

  const result = {
    secret_ingest_ballots_per_s: round(ing.perSecond),
    secret_ingest_errors: ing.errors,
    secret_ingest_ms: round(ing.wallMs),
    secret_ingest_p50_ms: round(ing.p50, 2),
    secret_ingest_p99_ms: round(ing.p99, 2),
    secret_loadgen_cpu_pct: round(ing.loadgenCpuPct),
    secret_node_cpu_pct_ingest: round(ing.nodeCpuPct),
    secret_node_cpu_us_per_ballot: round(ing.nodeCpuUsPerBallot, 0),
    secret_other_cpu_pct_ingest: round(ing.otherCpuPct),
    secret_gossip_ballots_per_s: gos ? round(gos.perSecond) : null,
    secret_gossip_ms: gos ? round(gos.wallMs) : null,
    secret_gossip_errors: gos ? SECRET_GOSSIP - gos.accepted : null,
    secret_gossip_batch_p50_ms: gos ? round(gos.batchP50) : null,
    secret_gossip_batch_max_ms: gos ? round(gos.batchMax) : null,
    secret_gossip_node_cpu_pct: gos ? round(gos.nodeCpuPct) : null,
    secret_gossip_node_cpu_us_per_ballot: gos ? round(gos.nodeCpuUsPerTx, 0) : null,
    secret_other_cpu_pct_gossip: gos ? round(gos.otherCpuPct) : null,
    secret_prep_ms: round(prep.ms),
    secret_node_peak_rss_mb: round(peak),
    secret_ballots: SECRET_BALLOTS,
    secret_gossip_ballots: SECRET_GOSSIP,
    secret_gossip_batch: GOSSIP_BATCH,
    secret_gossip_senders: GOSSIP_SENDERS,
  };
  if (ing.errors > 0) result.secret_ingest_error_samples = ing.errorSamples;
  return result;
}

/**
 * Runs the verifier against `url`; resolves its exit status, wall time, output, and (sampled every 100 ms
 * from /proc, so slightly low) its peak RSS and CPU time.
 */
function runVerifier(url, electionId) {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    // With BENCH_CPU_PROF, V8 writes one profile per thread (main, signature workers) at exit into <dir>/verifier/.
    const prof = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.join(CPU_PROF_DIR, 'verifier')}`] : [];
    const args = [...prof, BUILT.verifier, '--node', url, '--election', electionId, '--json', ...VERIFIER_ARGS];
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const stdout = [];
    const stderr = new Tail(16 * 1024);
    child.stdout.on('data', (c) => stdout.push(c));
    child.stderr.on('data', (c) => stderr.push(c));
    let peakMb = 0;
    let cpuTicks = 0;
    const sample = () => {
      try {
        cpuTicks = procCpuTicks(child.pid);
        peakMb = Math.max(peakMb, procMemoryMb(child.pid).peak);
      } catch {
        // exited between two samples
      }
    };
    const timer = setInterval(sample, 100);
    child.on('error', (e) => {
      clearInterval(timer);
      children.delete(child);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      const ms = performance.now() - t0;
      clearInterval(timer);
      children.delete(child);
      if (aborted) return reject(new Error('the benchmark is stopping'));
      const out = Buffer.concat(stdout).toString('utf8');
      let report = null;
      try {
        report = JSON.parse(out);
      } catch {
        // not JSON: kept as text below
      }
      resolve({ code, signal, ms, report, stdout: out, stderr: stderr.text(), peakRssMb: peakMb, cpuMs: (cpuTicks * 1000) / CLK_TCK });
    });
  });
}

/**
 * Step 7: a chain of VERIFY_BALLOTS credential records and as many secret ballots, built through the
 * gossip route and GET /mine (setup, timed but without a target), then the verifier on it (timed).
 */
async function verifyPhase(tmp, nodes) {
  if (!fs.existsSync(BUILT.verifier)) {
    const why = `${path.relative(ROOT, built(DIST).verifier)} does not exist (the verifier is not built): the verifier step is skipped`;
    log(`verify: SKIPPED — ${why}`);
    return { verify_100k_ms: null, verify_exit_code: null, verify_ballots: VERIFY_BALLOTS, verify_skipped: why };
  }
  const t0 = performance.now();
  const { node, electionId, keys, startMs } = await startSecretNode('verify', tmp, nodes, 'V', VERIFY_BALLOTS);
  const roll = readRoll(node.dataDir);
  if (roll.length !== VERIFY_BALLOTS) throw new Error(`the authority's roll has ${roll.length} voters, expected ${VERIFY_BALLOTS}`);
  log(`verify: making ${VERIFY_BALLOTS} credential records and ${VERIFY_BALLOTS} ballots on ${GEN_THREADS} threads…`);
  const prep = await withFactory(
    { electionId, credentialKey: keys.credential, signingKey: keys.signing },
    'making the verifier’s chain',
    async (factory) => ({
      records: await factory.records(roll),
      ballots: await factory.ballots(VERIFY_BALLOTS),
    }),
  );
  roll.length = 0;
  log(`verify: made in ${round(prep.ms)} ms`);

  const feed = async (what, txs) => {
    const g = await gossip(node, txs, VERIFY_BATCH, GOSSIP_SENDERS);
    if (g.accepted !== txs.length)
      throw new Error(`gossip of ${txs.length} ${what}: ${g.accepted} accepted, ${g.known} known, ${g.rejected} rejected`);
    log(
      `verify: ${txs.length} ${what} gossiped in ${round(g.wallMs)} ms (${round(g.perSecond)}/s, ${round(g.bytes / 1e6)} MB; ` +
        `node ${round(g.nodeCpuUsPerTx, 0)} µs CPU each; rest of the machine ${round(g.otherCpuPct)}%)`,
    );
    return g;
  };
  const tFeed = performance.now();
  // Records first: a block may hold no more ballots than credentials recorded before them.
  const fedRecords = await feed('credential records', prep.out.records);
  const fedBallots = await feed('ballots', prep.out.ballots);
  const feedMs = performance.now() - tFeed;
  prep.out = null;
  await node.cutProfile('verify-feed');

  const tMine = performance.now();
  let blocks = 0;
  for (;;) {
    const mine = await requestJson(node.port, 'GET', '/mine', undefined, 600_000, ADMIN);
    expectStatus(mine, 200, 'GET /mine');
    if (!mine.json?.mined) break;
    blocks++;
    log(`verify: block #${mine.json.index} with ${mine.json.ballots} transactions (${round(performance.now() - tMine)} ms so far)`);
    if (blocks > (2 * VERIFY_BALLOTS) / 10_000 + 10)
      throw new Error(`GET /mine keeps mining: ${blocks} blocks for ${2 * VERIFY_BALLOTS} transactions`);
  }
  const mineMs = performance.now() - tMine;
  await node.cutProfile('verify-mine');
  const info = await requestJson(node.port, 'GET', '/api/election');
  expectStatus(info, 200, 'GET /api/election');
  if (info.json.pending !== 0 || info.json.ballots_cast !== VERIFY_BALLOTS || info.json.credentials_issued !== VERIFY_BALLOTS) {
    throw new Error(
      `the chain should hold ${VERIFY_BALLOTS} ballots and credentials, nothing pending: ballots_cast ${info.json.ballots_cast}, ` +
        `credentials_issued ${info.json.credentials_issued}, pending ${info.json.pending}`,
    );
  }
  const buildMs = performance.now() - t0;
  log(`verify: chain of ${blocks} blocks (height ${info.json.height}) mined in ${round(mineMs)} ms; whole setup ${round(buildMs)} ms`);

  const base = {
    verify_ballots: VERIFY_BALLOTS,
    verify_chain_build_ms: round(buildMs),
    verify_node_start_ms: round(startMs),
    verify_prep_ms: round(prep.ms),
    verify_feed_ms: round(feedMs),
    verify_feed_tx_per_s: round(((fedRecords.accepted + fedBallots.accepted) / feedMs) * 1000),
    verify_mine_ms: round(mineMs),
    verify_blocks: blocks,
    verify_tx_mb: round((fedRecords.bytes + fedBallots.bytes) / 1e6),
  };
  log(`verify: node ${path.relative(ROOT, built(DIST).verifier)} --node ${node.url} ${VERIFIER_ARGS.join(' ')}…`);
  const cpu = cpuWindow(node);
  const run = await runVerifier(node.url, electionId);
  const { nodeCpuMs, busyMs } = cpu();
  // What neither the verifier nor the node used (other processes); the verifier's CPU is sampled, so this is an upper bound.
  const otherCpuPct = (Math.max(0, busyMs - nodeCpuMs - run.cpuMs) / run.ms) * 100;
  await node.cutProfile('verify-verifier');
  const summary = run.report?.summary;
  const problems = run.report?.problems ?? [];
  log(
    `verify: exit ${run.code ?? run.signal} in ${round(run.ms)} ms (verifier CPU ≈ ${round(run.cpuMs)} ms, peak RSS ≈ ${round(run.peakRssMb)} MB; ` +
      `node serving the chain: ${round(nodeCpuMs)} ms CPU; rest of the machine ≤ ${round(otherCpuPct)}%); ${summary ? `${summary.ballots} ballots, ${summary.credentials_issued} credentials` : 'no summary'}` +
      `${problems.length ? `; ${problems.length} problems` : ''}`,
  );
  if (run.code !== 0) {
    log(`verifier stderr tail:\n${run.stderr.split('\n').slice(-20).join('\n')}`);
    log(`verifier stdout (start):\n${run.stdout.slice(0, 2000)}`);
  }
  const peak = node.peakRssMb();
  node.logRss();
  await node.stop();
  const result = {
    verify_100k_ms: round(run.ms),
    verify_exit_code: run.code,
    ...base,
    verify_counts_ok: summary ? summary.ballots === VERIFY_BALLOTS && summary.credentials_issued === VERIFY_BALLOTS : false,
    verifier_cpu_ms: round(run.cpuMs),
    verifier_peak_rss_mb: round(run.peakRssMb),
    verify_node_cpu_ms: round(nodeCpuMs),
    verify_other_cpu_pct: round(otherCpuPct),
    verify_node_peak_rss_mb: round(peak),
  };
  if (problems.length) result.verify_problem_samples = problems.slice(0, 3);
  return result;
}

/** Steps 1-5: the open election (ingest, mine, GET /chain, sync to a second node, memory). */
async function openElectionPhase(tmp, nodes) {
  const electionFile = path.join(tmp, 'election.json');
  // No "voters": an open roll, any well-formed voter ID may vote.
  fs.writeFileSync(electionFile, JSON.stringify({ title: 'Benchmark election', parties: PARTIES, difficulty: DIFFICULTY }));

  log('bare Express baseline…');
  const baseline = await expressBaseline();
  log(`bare Express 5 with the same client: ${round(baseline)} requests/s`);

  const [port1, port2] = [await freePort(), await freePort()];
  const first = new NodeProcess('node1', port1, path.join(tmp, 'node1'), electionFile);
  nodes.push(first);
  first.start();
  await first.waitHealthy();
  log(`node1 pid ${first.pid} on ${first.url}`);
  await first.cutProfile('startup');

  // 1. ingest
  await warmUp(first);
  await first.cutProfile('warmup');
  log(`ingest: ${BALLOTS} ballots from ${CLIENTS} clients…`);
  const ing = await ingest(first);
  await first.cutProfile('ingest');
  log(
    `ingest: ${ing.accepted} × 201 in ${round(ing.wallMs)} ms = ${round(ing.perSecond)} ballots/s ` +
      `(p50 ${round(ing.p50, 2)} ms, p99 ${round(ing.p99, 2)} ms; load generator ${round(ing.loadgenCpuPct)}% of a core, node ${round(ing.nodeCpuPct)}%, ` +
      `rest of the machine ${round(ing.otherCpuPct)}%, iowait ${round(ing.iowaitPct)}%)`,
  );
  const pending = await pendingOf(first);
  if (pending !== ing.accepted) throw new Error(`pool holds ${pending} ballots, ${ing.accepted} were acknowledged`);

  // 2. mine
  log('mine…');
  const mine = await requestJson(port1, 'GET', '/mine', undefined, 300_000, ADMIN);
  await first.cutProfile('mine');
  expectStatus(mine, 200, 'GET /mine');
  if (!mine.json?.mined) throw new Error(`GET /mine mined nothing: ${mine.body.toString('utf8').slice(0, 300)}`);
  const expectedInBlock = Math.min(ing.accepted, 10_000);
  if (mine.json.ballots !== expectedInBlock) throw new Error(`the block holds ${mine.json.ballots} ballots, expected ${expectedInBlock}`);
  log(`mine: block #${mine.json.index} with ${mine.json.ballots} ballots in ${round(mine.ms)} ms`);

  // 3. GET /chain
  const chainTimes = [];
  let chainBytes = 0;
  for (let i = 0; i < CHAIN_RUNS; i++) {
    const res = await request(port1, 'GET', '/chain');
    expectStatus(res, 200, 'GET /chain');
    if (i === 0) {
      const chain = JSON.parse(res.body.toString('utf8'));
      const txs = chain.chain.reduce((n, b) => n + b.transactions.length, 0);
      if (txs !== mine.json.ballots) throw new Error(`GET /chain carries ${txs} ballots, expected ${mine.json.ballots}`);
    }
    chainBytes = res.body.length;
    chainTimes.push(res.ms);
  }
  await first.cutProfile('chain');
  log(`GET /chain: ${chainBytes} bytes, median ${round(median(chainTimes), 2)} ms of [${chainTimes.map((t) => round(t, 1)).join(', ')}]`);

  // 4. a fresh node joins and validates the chain
  const second = new NodeProcess('node2', port2, path.join(tmp, 'node2'), electionFile);
  nodes.push(second);
  second.start();
  await second.waitHealthy();
  log(`node2 pid ${second.pid} on ${second.url}`);
  await second.cutProfile('startup');
  await first.cutProfile('idle');
  const reg = await requestJson(port2, 'POST', '/register_with', { node_address: first.url }, 120_000, ADMIN);
  await second.cutProfile('sync');
  await first.cutProfile('sync');
  expectStatus(reg, 200, 'POST /register_with');
  const [s1, s2] = await Promise.all([requestJson(port1, 'GET', '/api/status'), requestJson(port2, 'GET', '/api/status')]);
  if (s2.json.tip !== s1.json.tip || s2.json.height !== s1.json.height) {
    throw new Error(`node2 tip ${s2.json.height}/${s2.json.tip} differs from node1 tip ${s1.json.height}/${s1.json.tip}`);
  }
  log(`sync: node2 adopted height ${reg.json.height} (adopted=${reg.json.adopted}) in ${round(reg.ms)} ms; tips match`);

  // 5. memory
  const peak1 = first.peakRssMb();
  const peak2 = second.peakRssMb();
  for (const n of nodes) n.logRss();

  // Both open-election nodes are done: stopped, so the secret steps have the machine to themselves.
  await second.stop();
  await first.stop();

  const result = {
    ingest_ballots_per_s: round(ing.perSecond),
    ingest_errors: ing.errors,
    bare_express_per_s: round(baseline),
    ingest_ms: round(ing.wallMs),
    ingest_p50_ms: round(ing.p50, 2),
    ingest_p99_ms: round(ing.p99, 2),
    loadgen_cpu_pct: round(ing.loadgenCpuPct),
    node_cpu_pct_ingest: round(ing.nodeCpuPct),
    node_cpu_us_per_ballot: round(ing.nodeCpuUsPerBallot, 0),
    other_cpu_pct_ingest: round(ing.otherCpuPct),
    iowait_pct_ingest: round(ing.iowaitPct),
    mine_10k_ms: round(mine.ms),
    mine_ballots: mine.json.ballots,
    chain_get_ms: round(median(chainTimes), 2),
    chain_bytes: chainBytes,
    sync_10k_ms: round(reg.ms),
    peak_rss_mb: round(peak1),
    sync_node_peak_rss_mb: round(peak2),
  };
  if (ing.errors > 0) result.ingest_error_samples = ing.errorSamples;
  return result;
}

// -------------------------------------------------------------------------------------------- main

/**
 * Copies dist/server (about 1 MB) into the temporary folder and runs everything from there, so a rebuild
 * of the tree while the benchmark runs (nest build empties dist/ first) cannot break or mix up a run of
 * several minutes. node_modules is reached through a symbolic link; the nodes run with the repository
 * as working directory, where they find the portal (dist/client).
 */
function snapshotDist(tmp) {
  const copy = path.join(tmp, 'dist', 'server');
  fs.cpSync(DIST, copy, { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  const paths = built(copy);
  if (!fs.existsSync(paths.main) || !fs.existsSync(paths.messages)) {
    throw new Error(`dist/server was incomplete when copied (a build running meanwhile?): run the benchmark again`);
  }
  return paths;
}

async function main() {
  if (!fs.existsSync(BUILT.main))
    throw new Error(`${path.relative(ROOT, BUILT.main)} is missing: build the server first (npm run build:server)`);
  if (CPU_PROF_DIR) fs.mkdirSync(CPU_PROF_DIR, { recursive: true });

  const benchStart = performance.now();
  const loadAtStart = round(os.loadavg()[0], 2);
  if (loadAtStart > 1) log(`note: load average ${loadAtStart} on ${os.cpus().length} CPUs before starting: figures will be noisy`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ballotchain-bench-'));
  const nodes = [];
  try {
    BUILT = snapshotDist(tmp);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  let exitCode = 1;
  let cleaning = null;
  // Our keep-alive sockets go first (a node waits for open connections when it closes), then the
  // nodes, newest first (the second node holds connections to the first), then the temp folder.
  const cleanup = () =>
    (cleaning ??= (async () => {
      agent.destroy();
      for (const child of children) child.kill('SIGKILL');
      for (const n of [...nodes].reverse()) await n.stop().catch(() => undefined);
      if (process.env.BENCH_KEEP_LOGS) for (const n of nodes) log(`--- ${n.name} (pid ${n.pid}) log tail ---\n${n.logs.text()}`);
      fs.rmSync(tmp, { recursive: true, force: true });
    })());
  const onSignal = (sig) => {
    log(`${sig}: stopping`);
    aborted = true;
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // 1-5. the open election
    const result = SKIP_OPEN ? {} : await openElectionPhase(tmp, nodes);
    if (SKIP_OPEN) log('open election: skipped (BENCH_SKIP_OPEN=1)');

    // 6. secret ballots: POST /api/ballots, then POST /api/gossip/ballots
    if (SECRET_BALLOTS > 0) Object.assign(result, await secretIngestPhase(tmp, nodes));
    else log('secret ingest: skipped (BENCH_SECRET_BALLOTS=0)');

    // 7. the verifier on a chain of VERIFY_BALLOTS secret ballots
    if (VERIFY_BALLOTS > 0) Object.assign(result, await verifyPhase(tmp, nodes));
    else log('verify: skipped (BENCH_VERIFY_BALLOTS=0)');

    Object.assign(result, {
      ballots: BALLOTS,
      clients: CLIENTS,
      difficulty: DIFFICULTY,
      node: process.version,
      cpus: os.cpus().length,
      loadavg_1m_at_start: loadAtStart,
      bench_ms: round(performance.now() - benchStart),
    });
    // A target whose figure was not measured (a skipped step) is neither met nor missed.
    result.targets_missed = Object.entries(TARGETS)
      .filter(([k]) => typeof result[k] === 'number')
      .filter(([k, t]) => (t.min !== undefined && result[k] < t.min) || (t.max !== undefined && result[k] > t.max))
      .map(([k]) => k);
    if (result.ingest_errors > 0) result.targets_missed.push('ingest_errors');
    if (result.secret_ingest_errors > 0) result.targets_missed.push('secret_ingest_errors');
    if (result.secret_gossip_errors > 0) result.targets_missed.push('secret_gossip_errors');
    if (typeof result.verify_100k_ms === 'number' && result.verify_exit_code !== 0) result.targets_missed.push('verify_exit_code');
    if (result.verify_counts_ok === false) result.targets_missed.push('verify_counts_ok');
    const unmeasured = Object.keys(TARGETS).filter((k) => result[k] === null);
    if (unmeasured.length > 0) result.targets_unmeasured = unmeasured;
    if (aborted) throw new Error('interrupted');
    process.stdout.write(`${JSON.stringify(result)}\n`);
    exitCode = STRICT && result.targets_missed.length > 0 ? 3 : 0;
  } catch (e) {
    if (aborted) return 130; // onSignal cleans up and exits
    log(`FAILED: ${e.stack ?? e}`);
    for (const n of nodes) {
      const tail = n.logs.text().split('\n').slice(-30).join('\n');
      log(`--- ${n.name} (pid ${n.pid}) last log lines ---\n${tail}`);
    }
    exitCode = 1;
  } finally {
    await cleanup();
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(`FAILED: ${e.stack ?? e}`);
    process.exit(1);
  },
);
