/** A ballot as the seed defined it: a voter ID, the chosen party, and when the node admitted it (seconds). */
export interface Ballot {
  voter_id: string;
  party: string;
  timestamp: number;
}

/** Everything the block hash covers. `merkle_root` commits to the ballots. */
export interface BlockHeader {
  index: number;
  timestamp: number;
  previous_hash: string;
  nonce: number;
  difficulty: number;
  merkle_root: string;
}

/** A block keeps the seed's field names so seed clients can read `/chain`. */
export interface Block extends BlockHeader {
  transactions: Ballot[];
  hash: string;
}

/** Hex SHA-256 of a UTF-8 string. Injected: node:crypto on the server, a JS implementation in the browser. */
export type HashFn = (data: string) => string;

/** The election a chain is for. Its digest is committed in the genesis block. */
export interface Election {
  title: string;
  parties: string[];
  /** The voter roll. Absent: any well-formed voter ID may vote once. */
  voters?: string[];
  /** Leading zero hex digits every block hash must have. */
  difficulty: number;
}

export type Verdict<Reason extends string> = { ok: true } | { ok: false; reason: Reason; detail: string };
