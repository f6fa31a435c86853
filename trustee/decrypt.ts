import { availableParallelism } from 'node:os';
import {
  base64urlToBytes,
  ceremonyBaseHash,
  decryptionMessage,
  decryptSums,
  equalBytes,
  keyShareOf,
  type LedgerState,
  type SealedGroup,
  type SealedManifest,
  type TrusteeDecryption,
  verificationKey,
} from '../protocol';
import { sha256 } from '../node-crypto/sha256';
import { verifyChain } from '../verifier/verify-chain';
import { problemPlace } from '../verifier/report-text';
import type { TrusteeKeyFile } from './key-file';
import type { NodeClient } from './node-client';
import { trusteeIndex } from './ceremony';

/**
 * The trustee's partial decryption of the result. The sums it decrypts are the ones it computes itself, by
 * verifying the whole chain with the verifier's rules: a node that served other sums (one ballot's ciphertexts,
 * say) would be asking it to decrypt a single ballot, so nothing the node claims is used.
 */
export async function partialDecryption(group: SealedGroup, node: NodeClient, keyFile: TrusteeKeyFile): Promise<TrusteeDecryption> {
  const source = await node.source();
  const report = await verifyChain(source.blocks, { now: Date.now() / 1000, workers: availableParallelism() });
  if (!report.ok || !report.state || !report.summary || !report.manifest) {
    const first = report.problems.slice(0, 5).map((p) => `${problemPlace(p)}: ${p.reason}: ${p.detail}`);
    throw new Error(`the chain of ${node.url} does not verify, so it is not decrypted:\n  ${first.join('\n  ')}`);
  }
  return decryptionFromState(group, report.summary.election_id, report.manifest.sealed, report.state, keyFile);
}

/**
 * The partial decryption of the sums in a ledger state the caller computed itself from a chain it verified
 * (the tool above, or a node holding the demo election's trustees, from its own main chain).
 */
export function decryptionFromState(
  group: SealedGroup,
  electionId: string,
  setup: SealedManifest | undefined,
  state: LedgerState,
  keyFile: TrusteeKeyFile,
): TrusteeDecryption {
  if (!setup || !state.sealed) throw new Error('this election is not sealed: there is nothing to decrypt');
  if (state.phase !== 'closed') throw new Error(`the election is ${state.phase}: it is decrypted only once closed`);
  const { opened, sum } = state.sealed;
  if (!opened) throw new Error('the election was never opened');
  if (!sum) throw new Error('no ballot was cast: the result needs no decryption');
  const index = trusteeIndex(setup, keyFile);
  if (index === null) throw new Error('this key file is not one of the election’s trustees');
  const secrets = keyFile.election(electionId);
  if (!secrets) throw new Error('this key file did not take part in the ceremony of this election');

  const base = ceremonyBaseHash(sha256, group, electionId, setup.threshold, setup.trustees.length);
  const received = new Map(
    [...state.sealed.ceremony.shares]
      .filter(([dealer]) => dealer !== index)
      .map(([dealer, to]) => [dealer, { encrypted: to.get(index)!, commitments: opened.commitments[dealer - 1] }]),
  );
  const coefficients = secrets.coefficients.map((c) => base64urlToBytes(c)!);
  const { keyShare, bad } = keyShareOf(group, base, index, { coefficients, shareSecret: keyFile.shareSecret() }, received);
  if (bad.length > 0) throw new Error(`the shares of trustees ${bad.join(', ')} do not match their commitments`);
  if (!equalBytes(group.multiplyBase(keyShare), verificationKey(group, opened.commitments, index))) {
    throw new Error('the key share does not match this trustee’s verification key on chain');
  }
  const unsigned = decryptSums(group, opened.base, index, keyShare, sum);
  return { ...unsigned, signature: keyFile.sign(decryptionMessage(electionId, { ...unsigned, signature: '' })) };
}
