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
 * A secret election's ballot. `ballot_key` is a fresh Ed25519 public key made by the voter's browser;
 * `credential` is the authority's RSA blind signature certifying that key (RFC 9474), so the authority never
 * saw which key it certified. The choice is sealed (see protocol/sealed/sealed-choice.ts) under the election
 * key the trustees' ceremony fixed. `signature` is the ballot key's signature over the election and the whole
 * sealed choice, and the tracking code hashes the whole ballot: neither shows the choice. Binary fields are
 * base64url without padding. One per ballot key.
 */
export interface SealedBallot {
  type: 'sealed-ballot';
  sealed: SealedChoice;
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

/**
 * Opening or closing the election, signed by the authority. `timestamp` is seconds. The opening of a sealed
 * election names the election key its ceremony fixed (`election_key`, ristretto255 in base64url).
 */
export interface LifecycleTransaction {
  type: 'open' | 'close';
  timestamp: number;
  signature: string;
  election_key?: string;
}

export type Transaction = Ballot | SealedBallot | CredentialRecord | LifecycleTransaction | CeremonyTransaction | TrusteeDecryption;

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
  /** A sealed election: its trustees, how many of them decrypt the result, and whether a blank vote is offered. */
  sealed?: SealedManifest;
}

/** Trustees are numbered 1 … n in this order; any `threshold` of them decrypt the result. */
export interface SealedManifest {
  threshold: number;
  trustees: TrusteeSpec[];
  /** One more option after the parties: a vote for none of them, counted as such. */
  blank: boolean;
}

export type Verdict<Reason extends string> = { ok: true } | { ok: false; reason: Reason; detail: string };

/* The wire form of a sealed election's choices and of its trustees' transactions (rules in protocol/sealed/). */

/*
 * A sealed choice: one ciphertext per option (the parties, and a blank entry where the election allows one),
 * encrypting 1 for the chosen option and 0 for every other, each with a proof that it encrypts 0 or 1, and
 * one proof that together they encrypt exactly 1. On the wire every element and scalar is its 32 bytes in
 * canonical base64url.
 */
export interface SealedEntry {
  alpha: string;
  beta: string;
  c0: string;
  c1: string;
  v0: string;
  v1: string;
}

export interface SealedChoice {
  entries: SealedEntry[];
  sum_proof: { challenge: string; response: string };
}

export interface TrusteeSpec {
  name: string;
  /** Ed25519, raw, base64url: signs the trustee's ceremony transactions and partial decryptions. */
  signing_key: string;
  /** ristretto255, base64url: the key its shares are encrypted to. */
  share_key: string;
}

export interface TrusteeCommitments {
  type: 'trustee-commitments';
  trustee: number;
  commitments: string[];
  proofs: { challenge: string; response: string }[];
  signature: string;
}

export interface TrusteeShares {
  type: 'trustee-shares';
  trustee: number;
  shares: { to: number; ephemeral: string; masked: string }[];
  signature: string;
}

export interface TrusteeComplaint {
  type: 'trustee-complaint';
  trustee: number;
  against: number;
  signature: string;
}

export interface TrusteeReveal {
  type: 'trustee-reveal';
  trustee: number;
  to: number;
  share: string;
  nonce: string;
  signature: string;
}

export type CeremonyTransaction = TrusteeCommitments | TrusteeShares | TrusteeComplaint | TrusteeReveal;

/*
 * After the close, each trustee k posts its share of the decryption of every option's total: M_kj = s_k·A_j,
 * where (A_j, B_j) is the sum of option j's ciphertexts on chain and s_k the trustee's key share, each with a
 * proof that log_G K̂_k = log_(A_j) M_kj (K̂_k its verification key, from the ceremony's commitments). Any
 * `threshold` of them fix the counts (see sealed-result.ts).
 */
export interface TrusteeDecryption {
  type: 'trustee-decryption';
  trustee: number;
  shares: string[];
  proofs: { challenge: string; response: string }[];
  signature: string;
}
