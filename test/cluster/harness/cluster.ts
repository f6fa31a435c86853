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
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimOf, type Election, type ElectionDefinition, genesisBlock } from '../../../protocol';
import { type NodeStatus } from '../../../api/http';
import { sha256 } from '../../../node-crypto/sha256';
import { readCodes } from '../../support/activation-codes';
import { freePort } from '../../support/ports';
import { waitFor } from '../../support/wait';
import { NODE_MAIN, NodeProcess } from './node-process';
import { PartitionProxy } from './partition-proxy';

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

/** A node of a cluster: reached by its peers only through its partition proxy. */
export class ClusterNode extends NodeProcess {
  proxy!: PartitionProxy;

  /** The address peers use: through this node's proxy. */
  override get publicUrl(): string {
    return `http://127.0.0.1:${this.proxy.port}`;
  }

  /** The activation codes an authority node wrote at creation (DATA_DIR/activation-codes.csv): voter ID → code. */
  activationCodes(): Map<string, string> {
    return readCodes(this.dataDir);
  }
}

/** Runs one step of a scenario; a failure names the step. */
export async function step<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
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
        mkdirSync(dataDir, { mode: 0o700 });
        const node = new ClusterNode({
          name,
          host,
          port: await freePort(host),
          dataDir,
          env: {
            ...(joining.has(name) ? { ELECTION: 'join' } : { ELECTION_FILE: electionFile }),
            // Blocks are mined when a test asks (GET /mine), or by the authority to open and close.
            MINE_INTERVAL_MS: '0',
            // Every node and the test itself are on loopback addresses: one machine, not a network of strangers.
            RATE_LIMIT_LOOPBACK: 'off',
            SYNC_INTERVAL_MS: String(options.syncIntervalMs ?? 300),
            ...(options.env?.(name) ?? {}),
          },
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
        {
          timeoutMs,
          intervalMs: 100,
          what: `${nodes.map((n) => n.name).join(', ')} to share one tip${expectedTip ? ` ${expectedTip.slice(0, 12)}` : ''}`,
        },
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
        { timeoutMs, intervalMs: 100, what: `${nodes.map((n) => n.name).join(', ')} to have empty pools` },
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
        { timeoutMs, intervalMs: 100, what: `every pool to hold exactly ${claims.length} transactions` },
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
        { timeoutMs, intervalMs: 100, what: 'every node to list every other node as its peer' },
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
