import {
  base64urlToBytes,
  type Block,
  bytesToBase64url,
  ceremonyBaseHash,
  ceremonyMessage,
  type CeremonyTransaction,
  dealCommitments,
  dealShares,
  decryptShare,
  equalBytes,
  type SealedGroup,
  type SealedManifest,
  shareContext,
  shareMatches,
  type Transaction,
  type TrusteeCommitments,
  type TrusteeComplaint,
  type TrusteeReveal,
  type TrusteeShares,
} from '../protocol';
import { sha256 } from '../node-crypto/sha256';
import type { TrusteeKeyFile } from './key-file';

/** What the trustee posts next, or why it waits; `done` once its part is over. */
export type CeremonyStep = { post: CeremonyTransaction; what: string } | { wait: string } | { done: string };

export interface CeremonyView {
  electionId: string;
  setup: SealedManifest;
  /** This trustee's index (1 … n). */
  index: number;
  /** The main chain's transactions, oldest first. */
  transactions: readonly Transaction[];
}

const trusteeTxs = <T extends CeremonyTransaction['type']>(txs: readonly Transaction[], type: T) =>
  txs.filter((t): t is Extract<CeremonyTransaction, { type: T }> => 'type' in t && t.type === type);

/** The trustee's index in the election, by its signing key; null if it is not one of its trustees. */
export function trusteeIndex(setup: SealedManifest, keyFile: TrusteeKeyFile): number | null {
  const own = keyFile.spec();
  const at = setup.trustees.findIndex((t) => t.signing_key === own.signing_key && t.share_key === own.share_key);
  return at === -1 ? null : at + 1;
}

/**
 * The next step of the ceremony for this trustee, from what the chain holds: its commitments, then its shares
 * once those are confirmed, then a complaint about each dealer whose share does not match that dealer's
 * commitments, and a reveal for each complaint about its own. What it deals is written to the key file before
 * it is posted, and posted again unchanged if the chain does not hold it yet.
 */
export function nextCeremonyStep(group: SealedGroup, view: CeremonyView, keyFile: TrusteeKeyFile): CeremonyStep {
  const { electionId, setup, index, transactions } = view;
  const base = ceremonyBaseHash(sha256, group, electionId, setup.threshold, setup.trustees.length);
  const sign = <T extends CeremonyTransaction>(unsigned: Omit<T, 'signature'>): T =>
    ({ ...unsigned, signature: keyFile.sign(ceremonyMessage(electionId, { ...unsigned, signature: '' } as unknown as T)) }) as T;

  const committed = trusteeTxs(transactions, 'trustee-commitments');
  const shared = trusteeTxs(transactions, 'trustee-shares');
  let secrets = keyFile.election(electionId);
  const mine = committed.find((c) => c.trustee === index);
  if (!mine) {
    if (!secrets) {
      const dealt = dealCommitments(group, base, index, setup.threshold);
      secrets = { coefficients: dealt.coefficients.map(bytesToBase64url), nonces: {}, shares: {} };
      keyFile.remember(electionId, secrets);
    }
    return { post: commitmentsOf(group, base, index, secrets.coefficients, sign), what: 'commitments' };
  }
  if (!secrets) throw new Error(`the chain holds commitments of trustee ${index}, but this key file did not deal them`);
  const coefficients = secrets.coefficients.map((c) => base64urlToBytes(c)!);
  if (!mine.commitments.every((c, j) => equalBytes(base64urlToBytes(c)!, group.multiplyBase(coefficients[j])))) {
    throw new Error(`the commitments of trustee ${index} on chain are not those of this key file`);
  }
  if (!shared.some((s) => s.trustee === index)) {
    if (!secrets.sent) {
      const dealt = dealShares(group, base, index, coefficients, setup);
      secrets = {
        ...secrets,
        nonces: Object.fromEntries([...dealt.nonces].map(([k, v]) => [String(k), bytesToBase64url(v)])),
        shares: Object.fromEntries([...dealt.shares].map(([k, v]) => [String(k), bytesToBase64url(v)])),
        sent: dealt.unsigned,
      };
      keyFile.remember(electionId, secrets);
    }
    return { post: sign<TrusteeShares>(secrets.sent!), what: 'encrypted shares' };
  }
  // Complaints about the shares sent to this trustee that do not match their dealer's commitments.
  const complained = new Set(
    trusteeTxs(transactions, 'trustee-complaint')
      .filter((c) => c.trustee === index)
      .map((c) => c.against),
  );
  for (const dealer of shared.filter((s) => s.trustee !== index)) {
    if (complained.has(dealer.trustee)) continue;
    const commitments = committed.find((c) => c.trustee === dealer.trustee)!.commitments.map((c) => base64urlToBytes(c)!);
    const toMe = dealer.shares.find((s) => s.to === index)!;
    const encrypted = { ephemeral: base64urlToBytes(toMe.ephemeral)!, masked: base64urlToBytes(toMe.masked)! };
    const share = decryptShare(
      group,
      shareContext(base, dealer.trustee, index),
      keyFile.shareSecret(),
      group.multiplyBase(keyFile.shareSecret()),
      encrypted,
    );
    if (!shareMatches(group, commitments, index, share)) {
      return {
        post: sign<TrusteeComplaint>({ type: 'trustee-complaint', trustee: index, against: dealer.trustee }),
        what: `a complaint about trustee ${dealer.trustee}`,
      };
    }
  }
  // Answers to complaints about this trustee's own shares.
  const answered = new Set(
    trusteeTxs(transactions, 'trustee-reveal')
      .filter((r) => r.trustee === index)
      .map((r) => r.to),
  );
  for (const complaint of trusteeTxs(transactions, 'trustee-complaint').filter((c) => c.against === index)) {
    if (answered.has(complaint.trustee)) continue;
    const to = complaint.trustee;
    return {
      post: sign<TrusteeReveal>({
        type: 'trustee-reveal',
        trustee: index,
        to,
        share: secrets.shares[String(to)],
        nonce: secrets.nonces[String(to)],
      }),
      what: `the answer to trustee ${to}'s complaint`,
    };
  }
  const missing = setup.trustees.map((_, i) => i + 1).filter((k) => !shared.some((s) => s.trustee === k));
  if (missing.length > 0) return { wait: `the shares of trustees ${missing.join(', ')}` };
  return { done: 'this trustee has done its part of the ceremony' };
}

function commitmentsOf(
  group: SealedGroup,
  base: Uint8Array,
  index: number,
  stored: readonly string[],
  sign: (unsigned: Omit<TrusteeCommitments, 'signature'>) => TrusteeCommitments,
): TrusteeCommitments {
  // The proofs are made afresh from the stored coefficients: the commitments are the same whatever the proofs.
  const coefficients = stored.map((c) => base64urlToBytes(c)!);
  const dealt = dealCommitments(group, base, index, coefficients.length, coefficients);
  return sign(dealt.unsigned);
}

/** Every block's transactions, in order. */
export function transactionsOf(chain: readonly Block[]): Transaction[] {
  return chain.flatMap((b) => b.transactions);
}
