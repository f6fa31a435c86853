/*
 * Sealed-election transactions for the benchmark, made the way a voter's browser and the authority make
 * them, in worker threads (sealing a choice with its proofs and one RSA-2048 signature per ballot are a few
 * ms of CPU):
 *   - a sealed ballot: a fresh Ed25519 ballot key; its choice sealed with libsodium to the election key,
 *     the proofs bound to the ballot key, as the browser's voter kit seals it; its credential, an RSASSA-PSS
 *     SHA-384 (salt 48) signature by the authority's credential key over credentialMessage(electionId,
 *     ballotKey) — what a finalised RFC 9474 blind signature is; the ballot key's Ed25519 signature over
 *     sealedBallotMessage(electionId, sealed);
 *   - a credential record: the authority's Ed25519 signature over credentialRecordMessage(electionId, tag),
 *     with the tag's roll proof as the node stored it.
 * The signed texts come from the built protocol (dist/server/protocol/messages.js), so they always match
 * the node's. Each transaction is returned as its JSON text, ready to send. This file is also the
 * workers' code: it runs compiled (dist/bench/), so the workers load the compiled file.
 */
import { constants, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type * as Messages from '../../protocol/messages';
import { sealChoice } from '../../protocol/sealed/sealed-choice';
import type { SealedGroup } from '../../protocol/sealed/group';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import type { RollRow } from './authority-db';

/** Transactions per job handed to a worker. */
const CHUNK = 250;

/** What ballots are sealed to (as the voter kit computes it from the opening). */
export interface SealingTarget {
  key: Uint8Array;
  base: Uint8Array;
  optionCount: number;
}

interface WorkerSetup {
  electionId: string;
  parties: string[];
  /** The authority's keys, PKCS#8 DER, base64url, as in its authority_keys table. */
  credentialKey: string;
  signingKey: string;
  /** Path of the built protocol/messages.js. */
  messages: string;
  sealing: SealingTarget;
}

type Job = { id: number } & ({ kind: 'sealed-ballots'; offset: number; count: number } | { kind: 'records'; rows: RollRow[] });

type Answer = { id: number; out: string[]; error?: undefined } | { id: number; error: string };

// ------------------------------------------------------------------------------------------ worker side

function privateKey(pkcs8: string): KeyObject {
  return createPrivateKey({ key: Buffer.from(pkcs8, 'base64url'), format: 'der', type: 'pkcs8' });
}

function workerMain(setup: WorkerSetup, port: NonNullable<typeof parentPort>): void {
  const messages = createRequire(__filename)(setup.messages) as typeof Messages;
  const { electionId, parties } = setup;
  const credentialKey = privateKey(setup.credentialKey);
  const signingKey = privateKey(setup.signingKey);
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 };

  // A sealed ballot: option i mod parties sealed with libsodium, as the browser's voter kit seals it.
  const group: Promise<SealedGroup> = libsodiumGroup();
  const sealedBallot = (g: SealedGroup, i: number): string => {
    const keys = generateKeyPairSync('ed25519');
    const raw = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const ballotKey = raw.toString('base64url');
    const { key, base, optionCount } = setup.sealing;
    const { sealed } = sealChoice(g, key, optionCount, i % parties.length, { base, bind: new Uint8Array(raw) });
    const credential = sign('sha384', Buffer.from(messages.credentialMessage(electionId, ballotKey), 'utf8'), {
      key: credentialKey,
      ...pss,
    });
    const signature = sign(null, Buffer.from(messages.sealedBallotMessage(electionId, sealed), 'utf8'), keys.privateKey);
    return JSON.stringify({
      type: 'sealed-ballot',
      sealed,
      ballot_key: ballotKey,
      credential: credential.toString('base64url'),
      signature: signature.toString('base64url'),
    });
  };

  const record = (tag: string, rollProofJson: string): string => {
    const signature = sign(null, Buffer.from(messages.credentialRecordMessage(electionId, tag), 'utf8'), signingKey).toString('base64url');
    // The roll proof is spliced in as the node stored it (JSON of MerkleStep[]).
    return `{"type":"credential","voter_tag":${JSON.stringify(tag)},"roll_proof":${rollProofJson},"signature":"${signature}"}`;
  };

  port.on('message', (job: Job) => {
    const answer = async (): Promise<string[]> => {
      if (job.kind === 'sealed-ballots') {
        const g = await group;
        return Array.from({ length: job.count }, (_, k) => sealedBallot(g, job.offset + k));
      }
      return job.rows.map((r) => record(r.tag, r.roll_proof));
    };
    answer().then(
      (out) => port.postMessage({ id: job.id, out } satisfies Answer),
      (e: unknown) => port.postMessage({ id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Answer),
    );
  });
}

// -------------------------------------------------------------------------------------------- main side

interface Pending {
  resolve: (out: string[]) => void;
  reject: (e: Error) => void;
}

/** A pool of worker threads that make sealed ballots and credential records for one election. */
export class SealedTxFactory {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Job[] = [];
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[];
  private failure: Error | null = null;
  private closed = false;

  constructor(setup: WorkerSetup & { threads?: number }) {
    const { threads, ...workerSetup } = setup;
    const count = Math.max(1, threads || availableParallelism());
    this.workers = Array.from({ length: count }, () => {
      const w = new Worker(__filename, { workerData: workerSetup });
      w.on('message', (m: Answer) => this.onMessage(w, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closed) this.fail(new Error(`a ballot worker exited with ${code}`));
      });
      this.idle.push(w);
      return w;
    });
  }

  /** `count` sealed ballots (options in turn from `offset`). */
  sealedBallots(count: number, { offset = 0 } = {}): Promise<string[]> {
    const jobs: Job[] = [];
    for (let from = 0; from < count; from += CHUNK)
      jobs.push({ id: this.nextId++, kind: 'sealed-ballots', offset: offset + from, count: Math.min(CHUNK, count - from) });
    return this.run(jobs);
  }

  /** One credential record per `{ tag, roll_proof }` row (roll_proof: the JSON text the node stored). */
  records(rows: readonly RollRow[]): Promise<string[]> {
    const jobs: Job[] = [];
    for (let from = 0; from < rows.length; from += CHUNK)
      jobs.push({ id: this.nextId++, kind: 'records', rows: rows.slice(from, from + CHUNK) });
    return this.run(jobs);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async run(jobs: Job[]): Promise<string[]> {
    const parts = await Promise.all(jobs.map((job) => this.submit(job)));
    return parts.flat();
  }

  private submit(job: Job): Promise<string[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      this.queue.push(job);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) this.idle.pop()!.postMessage(this.queue.shift());
  }

  private onMessage(worker: Worker, m: Answer): void {
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    this.idle.push(worker);
    this.dispatch();
    if (!p) return;
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.out);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

if (!isMainThread && parentPort) {
  const setup = workerData as WorkerSetup | null;
  if (setup?.electionId) workerMain(setup, parentPort);
}
