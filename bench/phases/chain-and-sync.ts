/*
 * Steps 3 and 4: GET /chain (median of BENCH_CHAIN_RUNS, and its size), then a second, fresh node that
 * POSTs /register_with the first: it answers once the chain is validated and adopted, and the tips must match.
 */
import type { ChainResponse, NodeStatus, RegisterResult } from '../../api/http';
import { httpRaw } from '../../test/cluster/harness/http';
import type { BenchNode } from '../lib/bench-node';
import { CHAIN_RUNS } from '../lib/config';
import { expectStatus, via } from '../lib/load';
import { log, median, round } from '../lib/report';
import type { RunContext } from '../lib/run-context';

export interface ChainReads {
  /** Median of the runs. */
  ms: number;
  bytes: number;
}

/** GET /chain CHAIN_RUNS times; the first answer must carry `ballots` ballots. */
export async function readChain(node: BenchNode, ballots: number): Promise<ChainReads> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < CHAIN_RUNS; i++) {
    const res = await httpRaw('GET', `${node.url}/chain`, undefined, via());
    expectStatus(res, 200, 'GET /chain');
    if (i === 0) {
      const { chain } = JSON.parse(res.bytes.toString('utf8')) as ChainResponse;
      const txs = chain.reduce((n, b) => n + b.transactions.length, 0);
      if (txs !== ballots) throw new Error(`GET /chain carries ${txs} ballots, expected ${ballots}`);
    }
    bytes = res.bytes.length;
    times.push(res.ms);
  }
  await node.cutProfile('chain');
  log(`GET /chain: ${bytes} bytes, median ${round(median(times), 2)} ms of [${times.map((t) => round(t, 1)).join(', ')}]`);
  return { ms: median(times), bytes };
}

/** A fresh node on the same election file registers with `first` and takes its chain. */
export async function syncSecondNode(run: RunContext, first: BenchNode, electionFile: string): Promise<{ second: BenchNode; ms: number }> {
  const second = await run.startNode('node2', electionFile);
  log(`node2 pid ${second.pid} on ${second.url}`);
  await second.cutProfile('startup');
  await first.cutProfile('idle');
  const reg = await second.admin<RegisterResult>('POST', '/register_with', { node_address: first.url }, via(120_000));
  await second.cutProfile('sync');
  await first.cutProfile('sync');
  expectStatus(reg, 200, 'POST /register_with');
  const [s1, s2] = await Promise.all([first.get<NodeStatus>('/api/status', via()), second.get<NodeStatus>('/api/status', via())]);
  if (s2.body.tip !== s1.body.tip || s2.body.height !== s1.body.height) {
    throw new Error(`node2 tip ${s2.body.height}/${s2.body.tip} differs from node1 tip ${s1.body.height}/${s1.body.tip}`);
  }
  log(`sync: node2 adopted height ${reg.body.height} (adopted=${reg.body.adopted}) in ${round(reg.ms)} ms; tips match`);
  return { second, ms: reg.ms };
}
