import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { type ChainSource, openNode, openRecordFile, SourceError } from './chain-source';
import { readFile } from 'node:fs/promises';
import type { Election, LedgerState } from '../protocol';
import { libsodiumGroup } from '../sealed-crypto/libsodium-group';
import { nobleGroup } from '../sealed-crypto/noble-group';
import { openChallenge } from './challenge';
import { formatReport } from './report-text';
import { type VerificationReport, verifyChain } from './verify-chain';

export const USAGE = `Ballotchain verifier: re-checks a whole election chain with the consensus rules, trusting no node.

Usage:
  npm run verify -- --node URL      download the chain from a node (GET URL/chain, page by page)
  npm run verify -- --record FILE   read an election record saved from GET /api/record

Options:
  --election ID       the election ID (genesis hash) you expect, e.g. as published by the authority
  --workers N         threads checking signatures (default: one per core, here ${availableParallelism()}; 0: none)
  --page-size N       at most N blocks per request to the node (default 500; fewer when blocks are large)
  --timeout SECONDS   how long to wait for each answer of the node (default 60)
  --challenge FILE    a sealed election: the data the vote page shows when its encryption is tested;
                      says which choice that sealing encrypts, under the key of the chain verified
  --cross-check       a sealed election: repeat every group operation with a second, independent
                      implementation of ristretto255 (@noble/curves; libsodium does the checking) and
                      report any disagreement, so that no single library is trusted (about 6 times slower)
  --json              print the report as JSON instead of text
  -h, --help          this help

It checks the genesis block against its manifest; every block's proof of work, hash, link, time and
merkle root; every transaction's signatures, credentials and roll proof; that no voter ID, ballot key,
voter tag or sealed ciphertext is used twice; the order open, ballots, close; ballots <= credentials <=
voters on the roll. In a sealed election also the trustees' key ceremony, the election key the opening
names, every ballot's proofs, the sums of the ballots, every partial decryption's proof and the counts they
decrypt to. Then it prints the election, its counts, the tally per party and the tally digest.

Exit status: 0 every rule holds; 1 problems found (each listed with its block and reason);
2 usage error, or the node or file could not be read.
`;

/** About this much JSON per request to a node: a few blocks of 10 000 secret ballots, or hundreds of small ones. */
const PAGE_BYTES = 16_000_000;

export type CommandLine =
  | { help: true }
  | {
      help: false;
      source: { node: string } | { record: string };
      election?: string;
      workers: number;
      pageSize: number;
      timeoutMs: number;
      json: boolean;
      crossCheck: boolean;
      challenge?: string;
    };

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function count(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer of at least ${min}, not "${value}"`);
  return n;
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        node: { type: 'string' },
        record: { type: 'string' },
        election: { type: 'string' },
        workers: { type: 'string' },
        'page-size': { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
        'cross-check': { type: 'boolean', default: false },
        challenge: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return { help: true };
  if ((values.node === undefined) === (values.record === undefined))
    throw new UsageError('give exactly one of --node URL or --record FILE');
  if (values.node !== undefined) {
    let url: URL;
    try {
      url = new URL(values.node);
    } catch {
      throw new UsageError(`--node must be a URL such as http://localhost:5000, not "${values.node}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--node must be an http:// or https:// URL');
  }
  if (values.election !== undefined && !/^[0-9a-f]{64}$/.test(values.election)) {
    throw new UsageError('--election must be the 64 hex digits of the genesis hash');
  }
  return {
    help: false,
    source: values.node !== undefined ? { node: values.node } : { record: values.record as string },
    ...(values.election !== undefined ? { election: values.election } : {}),
    workers: count('workers', values.workers, availableParallelism(), 0),
    pageSize: count('page-size', values['page-size'], 500, 1),
    timeoutMs: count('timeout', values.timeout, 60, 1) * 1000,
    json: values.json ?? false,
    crossCheck: values['cross-check'] ?? false,
    ...(values.challenge !== undefined ? { challenge: values.challenge } : {}),
  };
}

/** A bar on a terminal; elsewhere (CI logs, pipes) a line every few seconds. */
function progressDisplay(total: number, stderr: CliIo['stderr']): { update(n: number): void; stop(): void } {
  if (stderr.isTTY) {
    const bar = new SingleBar(
      {
        stream: stderr,
        format: 'Verifying [{bar}] {value}/{total} blocks | {duration_formatted} | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: true,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (n) => bar.update(n), stop: () => bar.stop() };
  }
  const started = Date.now();
  let lastLine = started;
  return {
    update(n) {
      const now = Date.now();
      if (now - lastLine < 5000 || n >= total) return;
      lastLine = now;
      stderr.write(`verified ${n}/${total} blocks (${Math.floor((100 * n) / total)}%) in ${Math.round((now - started) / 1000)} s\n`);
    },
    stop: () => undefined,
  };
}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** The verifier's clock, in seconds. */
  now(): number;
}

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr, now: () => Math.floor(Date.now() / 1000) };

/** Runs the verifier; resolves to the exit status. */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let cli: CommandLine;
  try {
    cli = parseCommandLine(argv);
  } catch (e) {
    io.stderr.write(`verify: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (cli.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const started = performance.now();
  let source: ChainSource;
  let report: VerificationReport;
  try {
    source =
      'node' in cli.source
        ? await openNode(cli.source.node, { pageSize: cli.pageSize, pageBytes: PAGE_BYTES, timeoutMs: cli.timeoutMs })
        : await openRecordFile(cli.source.record);
    const progress = progressDisplay(source.length, io.stderr);
    try {
      report = await verifyChain(source.blocks, {
        now: io.now(),
        workers: cli.workers,
        ...(cli.election !== undefined ? { expectedElectionId: cli.election } : {}),
        ...(cli.crossCheck ? { crossCheck: nobleGroup() } : {}),
        onProgress: (n) => progress.update(n),
      });
    } finally {
      progress.stop();
    }
  } catch (e) {
    const message = e instanceof SourceError ? e.message : `the verification could not complete: ${(e as Error).message}`;
    io.stderr.write(`verify: ${message}\n`);
    return 2;
  }
  const claimed = source.claimedElectionId;
  if (claimed !== undefined && report.summary && claimed !== report.summary.election_id) {
    report = {
      ok: false,
      summary: report.summary,
      state: report.state,
      manifest: report.manifest,
      problems: [
        {
          block: 0,
          reason: 'wrong-election',
          detail: `the record says election ${claimed}, its genesis block is election ${report.summary.election_id}`,
        },
        ...report.problems,
      ],
    };
  }
  const elapsedMs = performance.now() - started;
  // The final ledger state and the manifest are for callers in code (the trustee tool), not for the report.
  const { state, manifest, ...shown } = report;
  io.stdout.write(
    cli.json
      ? JSON.stringify({ source: source.description, elapsed_ms: Math.round(elapsedMs), ...shown }, null, 2) + '\n'
      : formatReport(report, source.description, elapsedMs),
  );
  if (!report.ok) return 1;
  if (cli.challenge === undefined) return 0;
  return challengeStatus(cli.challenge, report.summary!.election_id, manifest!, state!, io);
}

/** `--challenge FILE` once the chain verified: which choice the challenged sealing encrypts. */
async function challengeStatus(file: string, electionId: string, manifest: Election, state: LedgerState, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.stderr.write(`verify: cannot read the challenge file: ${(e as Error).message}\n`);
    return 2;
  }
  const opened = openChallenge(text, electionId, manifest, state, await libsodiumGroup());
  io.stdout.write(`Challenge: ${opened.message}\n`);
  return opened.ok ? 0 : 1;
}
