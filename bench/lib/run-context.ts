import type { Built } from './snapshot';
import type { BenchNode } from './bench-node';

/** What every phase of a run shares. */
export interface RunContext {
  /** The run's temporary folder: data folders, election files, the snapshot of the build. */
  readonly tmp: string;
  /** The snapshot of dist/server the nodes, the verifier and the ballot makers run. */
  readonly built: Built;
  /** Aborted on SIGINT or SIGTERM: the load stops, and the run ends. */
  readonly signal: AbortSignal;
  /**
   * A node of this run on a free port with its own data folder, started and healthy. Whatever happens, the
   * run stops it at the end.
   */
  /** `env` overrides the node's settings, e.g. ELECTION_FILE '' and PEERS for a node that joins. */
  startNode(name: string, electionFile: string, healthTimeoutMs?: number, env?: Record<string, string>): Promise<BenchNode>;
}
