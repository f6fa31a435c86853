/*
 * Shapes of the node's JSON responses, shared by the server and the portal.
 * Seed-compatible endpoints keep the seed's shapes; the rest live under /api.
 */
import type { ElectionPhase } from '../protocol/ledger-state';
import type { ServedHeader } from '../protocol/receipt';
import type { PartyCount } from '../protocol/tally';
import type { ContentCount } from '../protocol/transaction-kinds';
import type { AuthorityKeys, Ballot, BallotScheme, Block, Election, MerkleStep, Transaction } from '../protocol/types';

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
  /** The genesis hash. */
  election_id: string;
  phase: ElectionPhase;
  height: number;
  tip: string;
  cumulative_work: number;
  difficulty: number;
  pending: number;
  peers: number;
  mining: boolean;
}

/** GET /election and /api/election, on a node that runs an election. */
export interface ElectionInfo {
  phase: ElectionPhase;
  /** The genesis block hash: every signature in the election names it. */
  election_id: string;
  title: string;
  parties: string[];
  difficulty: number;
  scheme: BallotScheme;
  /** Number of voters on the roll, or null when any well-formed voter ID may vote (open scheme). */
  roll_size: number | null;
  /** Credentials issued, as recorded on the main chain. */
  credentials_issued: number;
  /** Ballots on the main chain. */
  ballots_cast: number;
  /** Transactions waiting for a block. */
  pending: number;
  height: number;
  authority: AuthorityKeys | null;
  /** Whether this node holds the authority's keys (issues credentials, opens and closes). */
  is_authority: boolean;
  /** The manifest as carried by the genesis block. */
  manifest: Election;
  /** A sealed election's trustees, key ceremony and decryption, as this node's main chain holds them; null otherwise. */
  sealed: SealedStatus | null;
}

/** One trustee's part in a sealed election, as the main chain shows it. */
export interface TrusteeStatus {
  /** 1 … n, the order of the manifest. */
  index: number;
  name: string;
  committed: boolean;
  shared: boolean;
  /** Complaints this trustee made, by the dealers' indices. */
  complained_about: number[];
  /** Whether its partial decryption of the result is on chain. */
  decrypted: boolean;
}

export interface SealedStatus {
  threshold: number;
  /** 'in-progress' (see waiting_for), 'failed' (see faulty), or 'complete': the election key is fixed. */
  ceremony: 'in-progress' | 'failed' | 'complete';
  waiting_for: string[];
  faulty: number[];
  /** The joint key the complete ceremony fixed (base64url); null before. */
  election_key: string | null;
  /** The key the opening named, once the election is open: every ballot is sealed to it. */
  opened_with: string | null;
  /** Every trustee's commitments (base64url, in trustee order) once all have committed: they fix the key and the base hash. */
  commitments: string[][] | null;
  /** Whether a blank vote is offered (one more option after the parties). */
  blank: boolean;
  trustees: TrusteeStatus[];
  /** Demo trustees held by this node (the demo election): they take part on their own. */
  demo_trustees: boolean;
}

/** GET /api/election on a node waiting for an election to be created in the portal. */
export interface SetupInfo {
  phase: 'setup';
}

/** GET /results and /api/results */
export interface ResultsResponse {
  height: number;
  tip: string;
  tally: PartyCount[];
  total: number;
  pending: number;
  phase: ElectionPhase;
  /** True once the election is closed on this node's main chain: the tally can no longer change. */
  final: boolean;
  /** tallyDigest(height, tally): equal digests at equal heights mean equal counts. */
  tally_digest: string;
  /**
   * A sealed election: 'sealed' while no count exists (the tally is then empty), 'decrypting' after the close
   * until `threshold` trustees have decrypted, 'decrypted' with the counts in `tally`. Absent otherwise.
   */
  sealed?: SealedResultInfo;
}

export interface SealedResultInfo {
  state: 'sealed' | 'decrypting' | 'decrypted' | 'undecryptable';
  /** Credentials issued and ballots cast: the turnout, which is public while the choices are sealed. */
  ballots: number;
  credentials: number;
  /** Trustees whose partial decryption is on chain, and how many are needed. */
  decrypted_by: number[];
  threshold: number;
  /** After decryption: the trustees whose shares gave the counts. */
  quorum: number[];
  /** After decryption, if the election offers it: the blank votes. */
  blank: number | null;
  detail: string | null;
}

/** One peer's tally as the dashboard compares it (GET /api/audit). */
export interface PeerTally {
  url: string;
  height: number | null;
  tip: string | null;
  tally_digest: string | null;
  /** 'agrees': same tip and digest as this node; 'behind'/'ahead': other height; 'disagrees': same height, other tip or digest. */
  verdict: 'self' | 'agrees' | 'behind' | 'ahead' | 'disagrees' | 'unreachable';
}

export interface AuditResponse {
  tallies: PeerTally[];
  disagreement: boolean;
}

/** POST /api/credentials — a voter asks the authority to blind-sign a ballot key. */
export interface CredentialRequest {
  voter_id: string;
  code: string;
  /** RFC 9474 blinded message, base64url. */
  blinded_message: string;
}

export interface CredentialResponse {
  /** RFC 9474 blind signature, base64url. */
  blind_signature: string;
  /** True when this voter asked before with the same blinded message: the same signature again. */
  resumed: boolean;
}

/** POST /api/sealed-ballots 201 — a sealed ballot was stored. */
export interface SealedBallotAccepted {
  message: string;
  tracking_code: string;
}

/** GET /api/receipts/:code */
export type ReceiptStatus =
  | { tracking_code: string; status: 'unknown' }
  | { tracking_code: string; status: 'pending'; transaction: Transaction }
  | {
      tracking_code: string;
      status: 'confirmed';
      transaction: Transaction;
      block_index: number;
      block_hash: string;
      position: number;
      /** From the transaction's merkle leaf (the tracking code) up to the block's merkle_root. */
      proof: MerkleStep[];
      confirmations: number;
    };

/** GET /api/headers/:index — the main-chain header at a height (served with CORS, for receipt checks). */
export type HeaderResponse = ServedHeader;

/** POST /api/admin/election 201 — the election was created; the codes are shown this once. */
export interface ElectionCreated {
  election_id: string;
  voters: number;
  /**
   * CSV "voter_id,activation_code", for distribution. Created on the Admin page, it is kept owner-only in
   * DATA_DIR until the admin confirms the download (GET/DELETE /api/admin/activation-codes).
   */
  codes_csv: string;
}

/** GET /api/record — everything an independent verifier needs, as one JSON file. */
export interface ElectionRecord {
  format: 'ballotchain-record/1';
  election_id: string;
  exported_at: number;
  chain: Block[];
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
  /** What the block holds, by kind, in the order an election goes through them (the genesis block: none). */
  contents: ContentCount[];
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
export type MineResult = { mined: true; message: string; index: number; hash: string; ballots: number } | { mined: false; message: string };

/** GET /api/peers */
export interface PeerInfo {
  url: string;
  node_id: string | null;
  last_seen: number | null;
  failures: number;
  /** `banned`: it misbehaved (see `ban`), and is neither synced with nor gossiped to until the ban ends. */
  state: 'reachable' | 'unreachable' | 'unknown' | 'banned';
  /** Misbehaviour points, 0 to 100 (a ban at 100); they fade with time. */
  score: number;
  ban: { until: number; reason: string } | null;
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

/** A block of the main chain, and where in it the transaction is: enough to find it in `/chain` or the record. */
export interface ChainLocation {
  height: number;
  hash: string;
  /** The transaction's index in the block's `transactions`. */
  position: number;
}

/**
 * GET /api/results.json — the final result with the location of its proofs on the chain, so anyone can find
 * them and re-check them with the verifier. `close`: the authority's CLOSE transaction, after which no ballot
 * counts; `decryptions`: a sealed election's partial decryptions (each with its proofs), in trustee order.
 */
export interface ResultsExport {
  format: 'ballotchain-results/1';
  election_id: string;
  title: string;
  scheme: BallotScheme;
  tally: PartyCount[];
  /** A sealed election offering a blank vote: the blank votes; null otherwise. */
  blank: number | null;
  total: number;
  /** The main chain the count was computed from: its tip when the export was made. */
  counted_at: { height: number; hash: string };
  tally_digest: string;
  close: ChainLocation;
  decryptions: (ChainLocation & { trustee: number })[];
  /** A sealed election: the trustees whose partial decryptions gave the counts. */
  quorum: number[];
  verify: {
    /** Re-checks every rule of the chain, the partial decryptions' proofs and the counts, trusting no node. */
    node: string;
    /** The same, from the election record (GET /api/record) saved as election-record.json. */
    record: string;
    record_url: string;
  };
}

/** GET /health of a node that waits for an admin to create its election: alive, with no chain yet. */
export interface SetupHealth {
  status: 'ok';
  phase: 'setup';
  uptime_s: number;
}
