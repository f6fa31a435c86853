/* A node that is the authority of a secret election, opened; and the transactions its voters would send. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectionInfo } from '../../api/http';
import { readAuthorityKeys } from './authority-db';
import type { BenchNode } from './bench-node';
import { DIFFICULTY, GEN_THREADS, PARTIES } from './config';
import { expectStatus, via } from './load';
import { log, round } from './report';
import type { RunContext } from './run-context';
import { SecretTxFactory } from './secret-ballots';

export interface SecretNode {
  node: BenchNode;
  electionId: string;
  /** The authority's private keys, read from its database. */
  keys: { signing: string; credential: string };
  /** From spawning the node to its first healthy answer (it creates the roll first). */
  startMs: number;
}

/** A node for a secret election of `voters` voters (it becomes the authority), started, healthy, opened. */
export async function startSecretNode(run: RunContext, name: string, voterPrefix: string, voters: number): Promise<SecretNode> {
  const file = join(run.tmp, `${name}-election.json`);
  const roll = Array.from({ length: voters }, (_, i) => `${voterPrefix}${String(i).padStart(7, '0')}`);
  writeFileSync(
    file,
    JSON.stringify({
      title: `Benchmark secret election (${name})`,
      parties: PARTIES,
      difficulty: DIFFICULTY,
      scheme: 'secret',
      voters: roll,
    }),
  );
  const t0 = performance.now();
  const node = await run.startNode(name, file, 300_000);
  const startMs = performance.now() - t0;
  log(`${name} pid ${node.pid} on ${node.url}: secret election of ${voters} voters, healthy in ${round(startMs)} ms`);
  await node.cutProfile('startup');
  const before = await node.get<ElectionInfo>('/api/election', via());
  expectStatus(before, 200, 'GET /api/election');
  if (!before.body.is_authority || before.body.phase !== 'draft' || before.body.roll_size !== voters) {
    throw new Error(`${name} should be the authority of a draft election of ${voters} voters: ${before.text.slice(0, 300)}`);
  }
  const open = await node.admin<Partial<ElectionInfo>>('POST', '/api/admin/open', undefined, via(120_000));
  expectStatus(open, 200, 'POST /api/admin/open');
  if (open.body?.phase !== 'open') throw new Error(`POST /api/admin/open left the election ${open.body?.phase}`);
  await node.cutProfile('open');
  return { node, electionId: before.body.election_id, keys: readAuthorityKeys(node.dataDir), startMs };
}

/** Runs `make(factory)` with a pool of ballot-making threads; logs progress on long runs. */
export async function makeTransactions<T>(
  run: RunContext,
  election: {
    electionId: string;
    credentialKey: string;
    signingKey?: string;
    sealing?: { key: Uint8Array; base: Uint8Array; optionCount: number };
  },
  what: string,
  make: (factory: SecretTxFactory) => Promise<T>,
): Promise<{ out: T; ms: number }> {
  const factory = new SecretTxFactory({ ...election, parties: PARTIES, threads: GEN_THREADS, messages: run.built.messages });
  const t0 = performance.now();
  const ticker = setInterval(() => log(`  … ${what}: ${round((performance.now() - t0) / 1000)} s`), 15_000);
  try {
    const out = await make(factory);
    return { out, ms: performance.now() - t0 };
  } finally {
    clearInterval(ticker);
    await factory.close();
  }
}
