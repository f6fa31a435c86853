import { parentPort } from 'node:worker_threads';
import { runSignatureCheck, type SignatureCheck } from '../protocol';
import { nodeSignatures } from './signatures';

/*
 * A worker thread of SignaturePrechecks (server/chain/signature-prechecks.ts): it makes batches of signature
 * checks with node:crypto and answers, for each, whether it passed.
 */
parentPort?.on('message', ({ id, checks }: { id: number; checks: SignatureCheck[] }) => {
  const passed = checks.map((c) => runSignatureCheck(nodeSignatures, c));
  parentPort?.postMessage({ id, passed });
});
