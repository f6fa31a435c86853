import { parentPort } from 'node:worker_threads';
import { ballotChoiceProblem, type SealedBallot } from '../../protocol';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';

/*
 * A worker thread of SealedPrechecks (sealed-prechecks.ts): it checks the proofs of batches of sealed ballots
 * with libsodium and answers, for each, whether they hold.
 */
const group = libsodiumGroup();

interface Batch {
  id: number;
  optionCount: number;
  key: Uint8Array;
  base: Uint8Array;
  ballots: SealedBallot[];
}

parentPort?.on('message', ({ id, optionCount, key, base, ballots }: Batch) => {
  void group.then((g) => {
    const opened = { key, base, commitments: [] };
    const passed = ballots.map((b) => {
      try {
        return ballotChoiceProblem(g, optionCount, opened, b) === null;
      } catch {
        return false;
      }
    });
    parentPort?.postMessage({ id, passed });
  });
});
