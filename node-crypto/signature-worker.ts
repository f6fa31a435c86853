import { parentPort } from 'node:worker_threads';
import type { SignatureCheck } from '../protocol';
import { nodeSignatures } from './signatures';

/*
 * A worker thread of SignaturePrechecks (server/chain/signature-prechecks.ts): it makes batches of signature
 * checks with node:crypto and answers, for each, whether it passed.
 */
parentPort?.on('message', ({ id, checks }: { id: number; checks: SignatureCheck[] }) => {
  const passed = checks.map((c) =>
    c.scheme === 'ed25519'
      ? nodeSignatures.ed25519(c.publicKey, c.message, c.signature)
      : nodeSignatures.rsaPss(c.publicKey, c.message, c.signature),
  );
  parentPort?.postMessage({ id, passed });
});
