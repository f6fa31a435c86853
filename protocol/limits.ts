/** Consensus limits shared by every node. Changing one is a fork. */
export const PROTOCOL_VERSION = 'ballotchain/1';
export const MAX_BALLOTS_PER_BLOCK = 10_000;
/** How far ahead of a node's clock a block or ballot timestamp may be. */
export const MAX_FUTURE_DRIFT_SECONDS = 120;
export const MAX_DIFFICULTY = 8;
export const MAX_VOTER_ID_LENGTH = 64;
export const MAX_PARTY_LENGTH = 100;
export const VOTER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const HASH_PATTERN = /^[0-9a-f]{64}$/;
