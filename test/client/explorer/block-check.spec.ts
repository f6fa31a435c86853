import { genesisBlock } from '@protocol/election';
import { DEMO_ELECTION } from '../../../server/common/demo-election';
import { merkleRoot } from '@protocol/merkle';
import { searchNonce } from '@protocol/proof-of-work';
import type { Ballot, Block } from '@protocol/types';
import { blockCheckPassed, checkBlock } from '../../../client/app/explorer/block-check';
import { browserSha256 } from '../../../client/app/shared/browser-sha256';

function mined(parent: Block, ballots: Ballot[]): Block {
  const header = {
    index: parent.index + 1,
    timestamp: 1_700_000_000,
    previous_hash: parent.hash,
    difficulty: 2,
    merkle_root: merkleRoot(ballots, browserSha256),
  };
  const found = searchNonce(header, 0, 1_000_000, browserSha256)!;
  return { ...header, nonce: found.nonce, hash: found.hash, transactions: ballots };
}

describe('checking a block in the browser', () => {
  const genesis = genesisBlock(DEMO_ELECTION, browserSha256);
  const block = mined(genesis, [
    { voter_id: 'VOID001', party: 'Democratic Party', timestamp: 1_699_999_990 },
    { voter_id: 'VOID002', party: 'Socialist party', timestamp: 1_699_999_995 },
  ]);

  it('hashes like node:crypto (SHA-256 of "abc")', () => {
    expect(browserSha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('accepts an untouched block and the genesis block', () => {
    expect(checkBlock(block)).toEqual({ hash: true, merkleRoot: true, proofOfWork: true });
    expect(blockCheckPassed(checkBlock(genesis))).toBe(true);
  });

  it('detects a changed ballot through the merkle root', () => {
    const tampered = { ...block, transactions: [{ ...block.transactions[0], party: 'Republican Party' }, block.transactions[1]] };
    expect(checkBlock(tampered)).toEqual({ hash: true, merkleRoot: false, proofOfWork: true });
  });

  it('detects a changed header through the hash', () => {
    expect(checkBlock({ ...block, nonce: block.nonce + 1 }).hash).toBe(false);
    expect(checkBlock({ ...block, timestamp: block.timestamp + 1 }).hash).toBe(false);
  });

  it('detects a hash without the proof of work', () => {
    expect(checkBlock({ ...block, difficulty: 64 }).proofOfWork).toBe(false);
  });
});
