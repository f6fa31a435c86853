import { type Block, type BlockHeader, merkleRoot, searchNonce, type Transaction } from '../../protocol';
import { sha256 } from '../../node-crypto/sha256';

/**
 * A block on `parent` carrying `transactions`, with a nonce that meets its difficulty. Any header field can
 * be given before the proof of work, so a test can build a block broken in exactly one way while its hash
 * and proof stay valid. Fields in wire order, as `/chain` serves blocks.
 */
export function mineBlockOn(
  parent: Pick<Block, 'index' | 'hash'>,
  transactions: readonly Transaction[],
  header: Pick<BlockHeader, 'timestamp' | 'difficulty'> & Partial<Omit<BlockHeader, 'nonce'>>,
): Block {
  const h: Omit<BlockHeader, 'nonce'> = {
    index: parent.index + 1,
    previous_hash: parent.hash,
    merkle_root: merkleRoot(transactions, sha256),
    ...header,
  };
  const found = searchNonce(h, 0, 50_000_000, sha256);
  if (found === null) throw new Error('no nonce found: difficulty too high for a test');
  return {
    index: h.index,
    // A deep copy, so that a test mutating the block never reaches the transactions it was given.
    transactions: transactions.map((t) => structuredClone(t)),
    timestamp: h.timestamp,
    previous_hash: h.previous_hash,
    nonce: found.nonce,
    hash: found.hash,
    difficulty: h.difficulty,
    merkle_root: h.merkle_root,
  };
}
