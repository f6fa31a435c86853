/*
 * A node that is the authority of a sealed election with three trustees, its ceremony run and opened; and
 * the transactions its voters and its authority would send.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainResponse, ElectionInfo, MineResult } from '../../api/http';
import { base64urlToBytes, type Block, electionBaseHash, type SealedGroup } from '../../protocol';
import { sha256 } from '../../node-crypto/sha256';
import { nextCeremonyStep, transactionsOf } from '../../trustee/ceremony';
import { TrusteeKeyFile } from '../../trustee/key-file';
import { readAuthorityKeys } from './authority-db';
import type { BenchNode } from './bench-node';
import { DIFFICULTY, GEN_THREADS, PARTIES } from './config';
import { expectStatus, via } from './load';
import { log, round } from './report';
import type { RunContext } from './run-context';
import { SealedTxFactory, type SealingTarget } from './sealed-ballots';

export const SEALED_TRUSTEES = 3;
export const SEALED_THRESHOLD = 2;

export interface SealedNode {
  node: BenchNode;
  electionId: string;
  keys: { signing: string; credential: string };
  trustees: TrusteeKeyFile[];
  /** Their key files, for the trustee tool. */
  trusteeFiles: string[];
  /** What ballots are sealed to (as the voter kit computes it). */
  sealing: SealingTarget;
  /** From spawning the node to its first healthy answer (it creates the roll first). */
  startMs: number;
  /** The ceremony through the API, and the opening. */
  ceremonyMs: number;
}

async function chainOf(node: BenchNode): Promise<Block[]> {
  const res = await node.get<ChainResponse>('/chain', via(120_000));
  expectStatus(res, 200, 'GET /chain');
  return res.body.chain;
}

/** A sealed election of `voters` voters and three trustees held by the benchmark; ceremony done, opened. */
export async function startSealedNode(
  run: RunContext,
  group: SealedGroup,
  name: string,
  voterPrefix: string,
  voters: number,
): Promise<SealedNode> {
  const trusteeFiles = Array.from({ length: SEALED_TRUSTEES }, (_, i) => join(run.tmp, `${name}-trustee-${i + 1}.json`));
  const trustees = trusteeFiles.map((file, i) => TrusteeKeyFile.create(file, `Trustee ${i + 1}`, group, null));
  const file = join(run.tmp, `${name}-election.json`);
  writeFileSync(
    file,
    JSON.stringify({
      title: `Benchmark sealed election (${name})`,
      parties: PARTIES,
      difficulty: DIFFICULTY,
      scheme: 'secret',
      voters: Array.from({ length: voters }, (_, i) => `${voterPrefix}${String(i).padStart(7, '0')}`),
      trustees: trustees.map((t) => t.spec()),
      threshold: SEALED_THRESHOLD,
    }),
  );
  const spawned = performance.now();
  const node = await run.startNode(name, file, 300_000);
  const startMs = performance.now() - spawned;
  log(
    `${name} pid ${node.pid} on ${node.url}: sealed election of ${voters} voters, ${SEALED_THRESHOLD} of ${SEALED_TRUSTEES} trustees, ` +
      `healthy in ${round(startMs)} ms`,
  );
  await node.cutProfile('startup');
  const t0 = performance.now();
  let info: ElectionInfo;
  for (let round = 0; ; round++) {
    info = (await node.get<ElectionInfo>('/api/election', via())).body;
    if (info.sealed?.ceremony === 'complete') break;
    if (round > 6) throw new Error(`the ceremony did not complete: ${JSON.stringify(info.sealed)}`);
    const transactions = transactionsOf(await chainOf(node));
    for (const [i, keyFile] of trustees.entries()) {
      const step = nextCeremonyStep(
        group,
        { electionId: info.election_id, setup: info.manifest.sealed!, index: i + 1, transactions },
        keyFile,
      );
      if (!('post' in step)) continue;
      const res = await node.post('/api/trustees/transactions', step.post, via());
      if (res.status !== 201 && res.status !== 409)
        throw new Error(`the ceremony step was refused: ${res.status} ${res.text.slice(0, 300)}`);
    }
    const mined = await node.admin<MineResult>('GET', '/mine', undefined, via(60_000));
    expectStatus(mined, 200, 'GET /mine');
  }
  const open = await node.admin<Partial<ElectionInfo>>('POST', '/api/admin/open', undefined, via(120_000));
  expectStatus(open, 200, 'POST /api/admin/open');
  info = (await node.get<ElectionInfo>('/api/election', via())).body;
  const ceremonyMs = performance.now() - t0;
  log(`${name}: ceremony and opening in ${round(ceremonyMs)} ms`);
  await node.cutProfile('open');
  const sealed = info.sealed!;
  const key = base64urlToBytes(sealed.opened_with!)!;
  const commitments = sealed.commitments!.map((cs) => cs.map((c) => base64urlToBytes(c)!));
  const sealing: SealingTarget = {
    key,
    base: electionBaseHash(sha256, group, info.election_id, sealed.threshold, commitments, key),
    optionCount: PARTIES.length,
  };
  return {
    node,
    electionId: info.election_id,
    keys: readAuthorityKeys(node.dataDir),
    trustees,
    trusteeFiles,
    sealing,
    startMs,
    ceremonyMs,
  };
}

/** Runs `make(factory)` with a pool of threads making `election`'s transactions; logs progress on long runs. */
export async function makeTransactions<T>(
  run: RunContext,
  election: Pick<SealedNode, 'electionId' | 'keys' | 'sealing'>,
  what: string,
  make: (factory: SealedTxFactory) => Promise<T>,
): Promise<{ out: T; ms: number }> {
  const factory = new SealedTxFactory({
    electionId: election.electionId,
    credentialKey: election.keys.credential,
    signingKey: election.keys.signing,
    sealing: election.sealing,
    parties: PARTIES,
    threads: GEN_THREADS,
    messages: run.built.messages,
  });
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
