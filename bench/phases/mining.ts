/* Step 2: GET /mine turns the pool of the open ingest into one block (wall time of the request). */
import type { MineResult } from '../../api/http';
import type { HttpResult } from '../../test/cluster/harness/http';
import type { BenchNode } from '../lib/bench-node';
import { expectStatus, via } from '../lib/load';
import { log, round } from '../lib/report';

export type Mined = HttpResult<Extract<MineResult, { mined: true }>>;

/** GET /mine, which must mine min(accepted, 10 000) ballots (a block's most). */
export async function mineOpenPool(node: BenchNode, accepted: number): Promise<Mined> {
  log('mine…');
  const mine = await node.admin<MineResult>('GET', '/mine', undefined, via(300_000));
  await node.cutProfile('mine');
  expectStatus(mine, 200, 'GET /mine');
  if (!mine.body?.mined) throw new Error(`GET /mine mined nothing: ${mine.text.slice(0, 300)}`);
  const expectedInBlock = Math.min(accepted, 10_000);
  if (mine.body.ballots !== expectedInBlock) throw new Error(`the block holds ${mine.body.ballots} ballots, expected ${expectedInBlock}`);
  log(`mine: block #${mine.body.index} with ${mine.body.ballots} ballots in ${round(mine.ms)} ms`);
  return { ...mine, body: mine.body };
}
