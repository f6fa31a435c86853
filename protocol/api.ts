/*
 * Shapes of the node's JSON responses, shared by the server and the portal.
 * Seed-compatible endpoints keep the seed's shapes; the rest live under /api.
 */
import type { Ballot, Block } from './types';
import type { PartyCount } from './tally';

/** GET /chain (optionally ?from=INDEX&limit=N for a page of the main chain). */
export interface ChainResponse {
  length: number;
  chain: Block[];
  peers: string[];
}

/** Every error: status code plus `{ error, message }`; `error` is a short machine-readable reason. */
export interface ErrorResponse {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** GET /api/status */
export interface NodeStatus {
  node_id: string;
  public_url: string;
  election: string;
  height: number;
  tip: string;
  cumulative_work: number;
  difficulty: number;
  pending: number;
  peers: number;
  mining: boolean;
}

/** GET /api/election */
export interface ElectionInfo {
  title: string;
  parties: string[];
  difficulty: number;
  /** Number of voters on the roll, or null when any well-formed voter ID may vote. */
  roll_size: number | null;
  digest: string;
}

/** GET /api/results */
export interface ResultsResponse {
  height: number;
  tip: string;
  tally: PartyCount[];
  total: number;
  pending: number;
}

/** GET /api/blocks?before=INDEX&limit=N — newest first. */
export interface BlockSummary {
  index: number;
  hash: string;
  previous_hash: string;
  timestamp: number;
  nonce: number;
  difficulty: number;
  merkle_root: string;
  ballots: number;
}

export interface BlockPage {
  height: number;
  blocks: BlockSummary[];
}

/** GET /api/ballots/:voterId */
export type BallotStatus =
  | { voter_id: string; status: 'unknown' }
  | { voter_id: string; status: 'pending'; ballot: Ballot }
  | {
      voter_id: string;
      status: 'confirmed';
      ballot: Ballot;
      block_index: number;
      block_hash: string;
      /** 1 when the block is the tip; grows with every block on top. */
      confirmations: number;
    };

/** POST /new_transaction 201 */
export interface BallotAccepted {
  message: string;
  ballot: Ballot;
}

/** GET /mine */
export type MineResult =
  | { mined: true; message: string; index: number; hash: string; ballots: number }
  | { mined: false; message: string };

/** GET /api/peers */
export interface PeerInfo {
  url: string;
  node_id: string | null;
  last_seen: number | null;
  failures: number;
  state: 'reachable' | 'unreachable' | 'unknown';
}

/** POST /register_with 200 */
export interface RegisterResult {
  message: string;
  peer: string;
  adopted: boolean;
  height: number;
}

/** POST /api/sync 200 */
export interface SyncResult {
  height: number;
  tip: string;
  peers_contacted: number;
  blocks_added: number;
}

/** GET /health */
export interface Health {
  status: 'ok';
  height: number;
  uptime_s: number;
}
