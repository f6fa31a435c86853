import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import type { HashFn } from '@protocol/types';

/** The protocol's hash in the browser: a synchronous JavaScript SHA-256, so the shared rules run unchanged. */
export const browserSha256: HashFn = (data) => bytesToHex(sha256(utf8ToBytes(data)));
