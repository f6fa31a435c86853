/* The benchmark's options (environment variables, see README.md) and its targets. */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

const words = (raw: string | undefined): string[] => (raw ?? '').split(/\s+/).filter(Boolean);

export const BALLOTS = intEnv('BENCH_BALLOTS', 10_000);
export const CLIENTS = intEnv('BENCH_CLIENTS', 16);
export const CHAIN_RUNS = intEnv('BENCH_CHAIN_RUNS', 5);
export const DIFFICULTY = intEnv('BENCH_DIFFICULTY', 2);
export const WARMUP = intEnv('BENCH_WARMUP', 300);
export const GOSSIP_BATCH = Math.max(1, intEnv('BENCH_GOSSIP_BATCH', 500));
export const GOSSIP_SENDERS = Math.max(1, intEnv('BENCH_GOSSIP_SENDERS', 2));
export const VERIFY_BALLOTS = intEnv('BENCH_VERIFY_BALLOTS', 100_000);
/** Sealed ballots on each of the two routes; the chain then holds twice as many. */
export const SEALED_BALLOTS = intEnv('BENCH_SEALED_BALLOTS', 2_000);
/** The heap cap (MB) of the node that streams the verifier's chain again, and how many times it streams it. */
export const STREAM_HEAP_MB = Math.max(16, intEnv('BENCH_STREAM_HEAP_MB', 96));
export const STREAM_PASSES = Math.max(1, intEnv('BENCH_STREAM_PASSES', 3));
export const VERIFY_BATCH = Math.max(1, intEnv('BENCH_VERIFY_BATCH', 5000));
export const GEN_THREADS = intEnv('BENCH_GEN_THREADS', availableParallelism());
export const SKIP_OPEN = process.env['BENCH_SKIP_OPEN'] === '1';
export const VERIFIER_ARGS = words(process.env['BENCH_VERIFIER_ARGS']);
export const CPU_PROF_DIR = process.env['BENCH_CPU_PROF'] ? resolve(process.env['BENCH_CPU_PROF']) : null;
export const NODE_ARGS = words(process.env['BENCH_NODE_ARGS']);
export const KEEP_LOGS = Boolean(process.env['BENCH_KEEP_LOGS']);
export const STRICT = process.argv.includes('--strict');
/**
 * Options of a step that is gone: the ingest of secret ballots with the party in clear. A secret election's
 * ballots are sealed, measured by the sealed step (BENCH_SEALED_BALLOTS). Named on stderr when set.
 */
export const RETIRED_OPTIONS = ['BENCH_SECRET_BALLOTS', 'BENCH_SECRET_GOSSIP'].filter((name) => process.env[name] !== undefined);

export const PARTIES = ['Party A', 'Party B', 'Party C'];
/** The nodes' admin token (GET /mine, POST /register_with, POST /api/admin/open). */
export const ADMIN_TOKEN = `bench-${randomBytes(16).toString('hex')}`;

/** A figure of the result and the bound it must keep on a 2-core machine. */
export const TARGETS: Record<string, { min?: number; max?: number }> = {
  ingest_ballots_per_s: { min: 5000 },
  mine_10k_ms: { max: 200 },
  sync_10k_ms: { max: 1000 },
  peak_rss_mb: { max: 250 },
  verify_100k_ms: { max: 240_000 },
  chain_stream_capped_passes_whole: { min: STREAM_PASSES },
  sealed_ingest_ballots_per_s: { min: 300 },
  sealed_gossip_ballots_per_s: { min: 450 },
  sealed_catch_up_health_p99_ms: { max: 100 },
  sealed_tally_decrypt_ms: { max: 2000 },
};
