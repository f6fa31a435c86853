import { encodeHeader } from './canonical';
import type { BlockHeader, HashFn } from './types';

export function hashHeader(header: BlockHeader, hash: HashFn): string {
  return hash(encodeHeader(header));
}

/** Difficulty d means the hex hash starts with d zeros. */
export function meetsDifficulty(blockHash: string, difficulty: number): boolean {
  for (let i = 0; i < difficulty; i++) if (blockHash.charCodeAt(i) !== 48 /* '0' */) return false;
  return true;
}

/** Expected number of hashes to meet a difficulty: the work a block proves. */
export function blockWork(difficulty: number): number {
  return 16 ** difficulty;
}

/**
 * Searches nonces [from, from + tries). Returns the first that meets the header's difficulty, or null.
 * Bounded so a caller can yield between slices and keep its event loop responsive.
 */
export function searchNonce(
  header: Omit<BlockHeader, 'nonce'>,
  from: number,
  tries: number,
  hash: HashFn,
): { nonce: number; hash: string } | null {
  for (let nonce = from; nonce < from + tries; nonce++) {
    const h = hashHeader({ ...header, nonce }, hash);
    if (meetsDifficulty(h, header.difficulty)) return { nonce, hash: h };
  }
  return null;
}
