/** Consensus limits shared by every node. Changing one is a fork. */
export const PROTOCOL_VERSION = 'ballotchain/1';
export const MAX_BALLOTS_PER_BLOCK = 10_000;
/** How far ahead of a node's clock a block or transaction timestamp may be. */
export const MAX_FUTURE_DRIFT_SECONDS = 120;
export const MAX_DIFFICULTY = 8;
export const MAX_VOTER_ID_LENGTH = 64;
export const MAX_PARTY_LENGTH = 100;
export const MAX_PARTIES = 100;
/** A sealed choice has one entry per party and one for a blank vote. */
export const MAX_OPTIONS = MAX_PARTIES + 1;
export const MAX_TRUSTEES = 10;
export const MAX_ROLL_SIZE = 10_000_000;
/** A roll proof of a roll of MAX_ROLL_SIZE voters has 24 steps. */
export const MAX_ROLL_PROOF_STEPS = 32;
export const VOTER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const HASH_PATTERN = /^[0-9a-f]{64}$/;
/** Base64url without padding, bounded: an RSA-4096 SPKI key is the longest value (about 740 characters). */
export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]{1,1024}$/;
