/**
 * An open-scheme ballot, in the seed's shape: a voter ID in clear, the chosen party, and when the node
 * admitted it (seconds). One per voter ID.
 */
export interface Ballot {
  voter_id: string;
  party: string;
  timestamp: number;
}

/**
 * A secret-scheme ballot. `ballot_key` is a fresh Ed25519 public key made by the voter's browser;
 * `credential` is the authority's RSA blind signature certifying that key (RFC 9474), so the authority
 * never saw which key it certified; `signature` is the ballot key's signature over the election and party.
 * Binary fields are base64url without padding. One per ballot key.
 */
export interface SecretBallot {
  type: 'ballot';
  party: string;
  ballot_key: string;
  credential: string;
  signature: string;
}

/**
 * The authority's public record that it issued a credential to the voter behind `voter_tag`, a salted hash
 * of the voter ID. `roll_proof` shows the tag is in the roll committed by the genesis block.
 */
export interface CredentialRecord {
  type: 'credential';
  voter_tag: string;
  roll_proof: MerkleStep[];
  signature: string;
}

/** Opening or closing the election, signed by the authority. `timestamp` is seconds. */
export interface LifecycleTransaction {
  type: 'open' | 'close';
  timestamp: number;
  signature: string;
}

export type Transaction = Ballot | SecretBallot | CredentialRecord | LifecycleTransaction;

/** One step of a merkle inclusion proof: the sibling hash and which side it sits on. */
export interface MerkleStep {
  side: 'left' | 'right';
  hash: string;
}

/** Everything the block hash covers. `merkle_root` commits to the transactions. */
export interface BlockHeader {
  index: number;
  timestamp: number;
  previous_hash: string;
  nonce: number;
  difficulty: number;
  merkle_root: string;
}

/**
 * A block keeps the seed's field names so seed clients can read `/chain`. Only the genesis block carries
 * `election`: the manifest, whose digest is the genesis block's `previous_hash`.
 */
export interface Block extends BlockHeader {
  transactions: Transaction[];
  hash: string;
  election?: Election;
}

/** Hex SHA-256 of a UTF-8 string. Injected: node:crypto on the server, a JS implementation in the browser. */
export type HashFn = (data: string) => string;

/**
 * Signature checks, injected like hashing so the rules stay pure: node:crypto on nodes and in the verifier.
 * Every argument is base64url except `message`, which is UTF-8 text. They return false, never throw.
 */
export interface SignatureVerifier {
  /** Ed25519: `publicKey` is the raw 32-byte key. */
  ed25519(publicKey: string, message: string, signature: string): boolean;
  /** RSASSA-PSS with SHA-384 and a 48-byte salt (RFC 9474's RSABSSA-SHA384-PSS); `publicKey` is SPKI DER. */
  rsaPss(publicKey: string, message: string, signature: string): boolean;
}

export type BallotScheme = 'open' | 'secret';

/** The authority's public keys, fixed in the manifest. */
export interface AuthorityKeys {
  /** Ed25519, raw, base64url: signs lifecycle transactions and credential records. */
  signing_key: string;
  /** RSA SPKI DER, base64url: blind-signs ballot keys. */
  credential_key: string;
}

/**
 * The election manifest, carried by the genesis block. An election with an `authority` has a lifecycle
 * (draft → open → closed); one without (a plain definition file, as the seed ran) is open from genesis.
 */
export interface Election {
  title: string;
  parties: string[];
  /** Leading zero hex digits every block hash must have. */
  difficulty: number;
  scheme: BallotScheme;
  /** Open scheme: the roll in clear. Absent: any well-formed voter ID may vote once. */
  voters?: string[];
  /** Secret scheme: merkle root of the sorted voter tags and their number. The roll itself stays private. */
  roll?: { size: number; root: string };
  authority?: AuthorityKeys;
}

export type Verdict<Reason extends string> = { ok: true } | { ok: false; reason: Reason; detail: string };
