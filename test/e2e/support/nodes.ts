import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block, BlockHeader, ElectionDefinition, Transaction } from '../../../protocol';
import { mineBlockOn } from '../../support/mine-block';

export { ADMIN_TOKEN, adminAuth, type InProcessNode as TestNode, startInProcessNode as startNode } from '../../support/in-process-node';

/** Writes an election definition to a fresh temp dir; returns the file path and a cleanup. */
export function writeElection(election: Partial<ElectionDefinition> & Record<string, unknown>): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ballotchain-election-'));
  const file = join(dir, 'election.json');
  writeFileSync(file, JSON.stringify(election));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const nowSeconds = () => Date.now() / 1000;

/** A mined block on `parent` at the current time (see test/support/mine-block.ts). */
export function buildBlock(
  parent: Pick<Block, 'index' | 'hash' | 'timestamp'>,
  transactions: readonly Transaction[],
  difficulty: number,
  overrides: Partial<Omit<BlockHeader, 'nonce'>> = {},
): Block {
  return mineBlockOn(parent, transactions, { timestamp: Math.max(Math.floor(nowSeconds()), parent.timestamp), difficulty, ...overrides });
}
