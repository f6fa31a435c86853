'use strict';
/*
 * Secret-election transactions for the benchmark, made the way a voter's browser and the authority make
 * them, in worker threads (one RSA-2048 signature per ballot is ~1 ms of CPU):
 *   - a ballot: a fresh Ed25519 ballot key; its credential, an RSASSA-PSS SHA-384 (salt 48) signature by
 *     the authority's credential key over credentialMessage(electionId, ballotKey) — what a finalised
 *     RFC 9474 blind signature is; the ballot key's Ed25519 signature over ballotMessage(electionId, party);
 *   - a credential record: the authority's Ed25519 signature over credentialRecordMessage(electionId, tag),
 *     with the tag's roll proof as the node stored it.
 * The signed texts come from the built protocol (dist/server/protocol/messages.js), so they always match
 * the node's. Each transaction is returned as its JSON text, ready to send.
 */
const crypto = require('node:crypto');
const os = require('node:os');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

/** Default place of the built protocol's messages.js; the benchmark passes its snapshot's. */
const MESSAGES = path.resolve(__dirname, '..', '..', 'dist', 'server', 'protocol', 'messages.js');
/** Transactions per job handed to a worker. */
const CHUNK = 250;

// ------------------------------------------------------------------------------------------ worker side

function privateKey(pkcs8) {
  return crypto.createPrivateKey({ key: Buffer.from(pkcs8, 'base64url'), format: 'der', type: 'pkcs8' });
}

function workerMain() {
  const { ballotMessage, credentialMessage, credentialRecordMessage } = require(workerData.messages);
  const { electionId, parties } = workerData;
  const credentialKey = workerData.credentialKey ? privateKey(workerData.credentialKey) : null;
  const signingKey = workerData.signingKey ? privateKey(workerData.signingKey) : null;
  const pss = { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 };

  const ballot = (i, tampered) => {
    const party = parties[i % parties.length];
    const keys = crypto.generateKeyPairSync('ed25519');
    const ballotKey = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64url');
    const credential = crypto.sign('sha384', Buffer.from(credentialMessage(electionId, ballotKey), 'utf8'), { key: credentialKey, ...pss });
    const signature = crypto.sign(null, Buffer.from(ballotMessage(electionId, party), 'utf8'), keys.privateKey);
    return JSON.stringify({
      type: 'ballot',
      // tampered: signed for one party, sent for another — every check runs, and it is refused.
      party: tampered ? parties[(i + 1) % parties.length] : party,
      ballot_key: ballotKey,
      credential: credential.toString('base64url'),
      signature: signature.toString('base64url'),
    });
  };

  const record = (tag, rollProofJson) => {
    const signature = crypto.sign(null, Buffer.from(credentialRecordMessage(electionId, tag), 'utf8'), signingKey).toString('base64url');
    // The roll proof is spliced in as the node stored it (JSON of MerkleStep[]).
    return `{"type":"credential","voter_tag":${JSON.stringify(tag)},"roll_proof":${rollProofJson},"signature":"${signature}"}`;
  };

  parentPort.on('message', (job) => {
    try {
      const out =
        job.kind === 'ballots'
          ? Array.from({ length: job.count }, (_, k) => ballot(job.offset + k, job.tampered))
          : job.rows.map((r) => record(r.tag, r.roll_proof));
      parentPort.postMessage({ id: job.id, out });
    } catch (e) {
      parentPort.postMessage({ id: job.id, error: String(e && e.stack ? e.stack : e) });
    }
  });
}

// -------------------------------------------------------------------------------------------- main side

/** A pool of worker threads that make ballots and credential records for one election. */
class SecretTxFactory {
  /**
   * @param {{ electionId: string, parties: string[], credentialKey?: string, signingKey?: string, threads?: number, messages?: string }} options
   *   keys: the authority's PKCS#8 DER, base64url, as in its authority_keys table; messages: path of the
   *   built protocol/messages.js
   */
  constructor({ electionId, parties, credentialKey, signingKey, threads, messages = MESSAGES }) {
    const count = Math.max(1, threads || os.availableParallelism());
    this.nextId = 0;
    this.pending = new Map();
    this.queue = [];
    this.idle = [];
    this.failure = null;
    this.workers = Array.from({ length: count }, () => {
      const w = new Worker(__filename, { workerData: { electionId, parties, credentialKey, signingKey, messages } });
      w.on('message', (m) => this.onMessage(w, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closed) this.fail(new Error(`a ballot worker exited with ${code}`));
      });
      this.idle.push(w);
      return w;
    });
  }

  /** `count` valid ballots (parties in turn from `offset`); `tampered`: refused for a bad signature. */
  ballots(count, { offset = 0, tampered = false } = {}) {
    const jobs = [];
    for (let from = 0; from < count; from += CHUNK)
      jobs.push({ kind: 'ballots', offset: offset + from, count: Math.min(CHUNK, count - from), tampered });
    return this.run(jobs);
  }

  /** One credential record per `{ tag, roll_proof }` row (roll_proof: the JSON text the node stored). */
  records(rows) {
    const jobs = [];
    for (let from = 0; from < rows.length; from += CHUNK) jobs.push({ kind: 'records', rows: rows.slice(from, from + CHUNK) });
    return this.run(jobs);
  }

  async run(jobs) {
    const parts = await Promise.all(jobs.map((job) => this.submit(job)));
    return parts.flat();
  }

  submit(job) {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.queue.push({ ...job, id });
      this.dispatch();
    });
  }

  dispatch() {
    while (this.idle.length > 0 && this.queue.length > 0) this.idle.pop().postMessage(this.queue.shift());
  }

  onMessage(worker, m) {
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    this.idle.push(worker);
    this.dispatch();
    if (!p) return;
    if (m.error) p.reject(new Error(m.error));
    else p.resolve(m.out);
  }

  fail(error) {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  async close() {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

if (!isMainThread && workerData && workerData.electionId) workerMain();

module.exports = { SecretTxFactory };
