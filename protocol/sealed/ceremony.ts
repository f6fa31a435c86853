import { isCanonicalBase64url } from '../base64url';
import { isRecord } from '../is-record';
import { PROTOCOL_VERSION } from '../limits';
import type {
  CeremonyTransaction,
  SignatureVerifier,
  TrusteeCommitments,
  TrusteeComplaint,
  TrusteeReveal,
  TrusteeShares,
  TrusteeSpec,
  Verdict,
} from '../types';
import { type ProofContext } from './challenge';
import { decodeBytes32 } from './encoding';
import { isCanonicalScalar, type SealedGroup } from './group';
import { checkKeyKnowledge } from './proofs';
import { type EncryptedShare, revealMatches } from './share-encryption';
import { jointKey, shareMatches } from './threshold';

/*
 * The key ceremony as transactions, checked by every node and the verifier. Trustee i (1 … n, in the order of
 * the manifest) posts, each once and signed with its Ed25519 key:
 *   1. its commitments C_i0 … C_i(t−1), each with a proof of knowledge;
 *   2. its encrypted shares, one for every other trustee (after its own commitments);
 *   3. complaints, as a recipient, against a dealer whose share does not match that dealer's commitments;
 *   4. reveals, as a dealer, of the share and nonce a complaint is about.
 * The ceremony is complete when every trustee's commitments and shares are on chain and every complaint is
 * answered by a reveal that matches the published encryption and the commitments; it has failed for good if a
 * reveal matches the encryption but not the commitments (the dealer sent a bad share). Only a complete
 * ceremony fixes the election key.
 */

export interface SealedSetup {
  threshold: number;
  trustees: TrusteeSpec[];
}

export type CeremonyRejection =
  | 'ceremony-malformed'
  | 'ceremony-encoding'
  | 'unknown-trustee'
  | 'bad-trustee-signature'
  | 'bad-commitment-proof'
  | 'ceremony-out-of-order'
  | 'ceremony-duplicate'
  | 'reveal-does-not-match';

/** What the chain holds of the ceremony so far. Immutable: apply returns a new one. */
export interface CeremonyProgress {
  commitments: ReadonlyMap<number, readonly Uint8Array[]>;
  /** dealer → recipient → encrypted share */
  shares: ReadonlyMap<number, ReadonlyMap<number, EncryptedShare>>;
  /** `${recipient}>${dealer}` */
  complaints: ReadonlySet<string>;
  /** `${dealer}>${recipient}` → whether the revealed share matches the dealer's commitments */
  reveals: ReadonlyMap<string, boolean>;
}

export const NO_CEREMONY: CeremonyProgress = { commitments: new Map(), shares: new Map(), complaints: new Set(), reveals: new Map() };

export interface CeremonyRules {
  group: SealedGroup;
  signatures: SignatureVerifier;
  electionId: string;
  setup: SealedSetup;
  /** ceremonyBaseHash(…) of this election. */
  base: Uint8Array;
}

/** The text a trustee signs: the transaction without its signature, as a fixed-order array. */
export function ceremonyMessage(electionId: string, tx: CeremonyTransaction): string {
  const body = (() => {
    switch (tx.type) {
      case 'trustee-commitments':
        return [tx.trustee, tx.commitments, tx.proofs.map((p) => [p.challenge, p.response])];
      case 'trustee-shares':
        return [tx.trustee, tx.shares.map((s) => [s.to, s.ephemeral, s.masked])];
      case 'trustee-complaint':
        return [tx.trustee, tx.against];
      case 'trustee-reveal':
        return [tx.trustee, tx.to, tx.share, tx.nonce];
    }
  })();
  return JSON.stringify([PROTOCOL_VERSION, tx.type, electionId, ...body]);
}

/** What the proof of knowledge of coefficient j of trustee i is bound to. */
export function commitmentContext(base: Uint8Array, trustee: number, j: number): ProofContext {
  return { base, bind: Uint8Array.of(trustee, j) };
}

/** What the share from dealer i to recipient k is bound to. */
export function shareContext(base: Uint8Array, dealer: number, recipient: number): ProofContext {
  return { base, bind: Uint8Array.of(dealer, recipient) };
}

const FIELDS: Record<CeremonyTransaction['type'], string[]> = {
  'trustee-commitments': ['type', 'trustee', 'commitments', 'proofs', 'signature'],
  'trustee-shares': ['type', 'trustee', 'shares', 'signature'],
  'trustee-complaint': ['type', 'trustee', 'against', 'signature'],
  'trustee-reveal': ['type', 'trustee', 'to', 'share', 'nonce', 'signature'],
};

function reject(reason: CeremonyRejection, detail: string): Verdict<CeremonyRejection> & { ok: false } {
  return { ok: false, reason, detail };
}

/**
 * Whether a ceremony transaction may follow what the chain holds, and the progress after it. Shape,
 * encodings and signature come first; then the order; then the arithmetic, which a library exception turns
 * into a refusal.
 */
export function applyCeremony(
  progress: CeremonyProgress,
  raw: unknown,
  rules: CeremonyRules,
): { ok: true; progress: CeremonyProgress } | (Verdict<CeremonyRejection> & { ok: false }) {
  const n = rules.setup.trustees.length;
  if (!isRecord(raw) || typeof raw['type'] !== 'string' || !(raw['type'] in FIELDS))
    return reject('ceremony-malformed', 'not a ceremony transaction');
  const type = raw['type'] as CeremonyTransaction['type'];
  const keys = Object.keys(raw);
  if (keys.length !== FIELDS[type].length || !FIELDS[type].every((f) => f in raw)) {
    return reject('ceremony-malformed', `a ${type} transaction is exactly { ${FIELDS[type].join(', ')} }`);
  }
  const tx = raw as unknown as CeremonyTransaction;
  const isIndex = (i: unknown): i is number => Number.isInteger(i) && (i as number) >= 1 && (i as number) <= n;
  if (!isIndex(tx.trustee)) return reject('unknown-trustee', `trustee must be 1 to ${n}`);
  if (typeof tx.signature !== 'string' || !isCanonicalBase64url(tx.signature))
    return reject('ceremony-encoding', 'signature must be canonical base64url');
  const trustee = rules.setup.trustees[tx.trustee - 1];
  try {
    switch (tx.type) {
      case 'trustee-commitments':
        return applyCommitments(progress, tx, rules, trustee);
      case 'trustee-shares':
        return applyShares(progress, tx, rules, trustee, isIndex);
      case 'trustee-complaint':
        return applyComplaint(progress, tx, rules, trustee, isIndex);
      case 'trustee-reveal':
        return applyReveal(progress, tx, rules, trustee, isIndex);
    }
  } catch (e) {
    return reject('ceremony-encoding', `the group arithmetic refused it: ${(e as Error).message}`);
  }
}

function checkSignature(tx: CeremonyTransaction, rules: CeremonyRules, trustee: TrusteeSpec): boolean {
  return rules.signatures.ed25519(trustee.signing_key, ceremonyMessage(rules.electionId, tx), tx.signature);
}

function applyCommitments(progress: CeremonyProgress, tx: TrusteeCommitments, rules: CeremonyRules, trustee: TrusteeSpec) {
  const t = rules.setup.threshold;
  if (!Array.isArray(tx.commitments) || !Array.isArray(tx.proofs) || tx.commitments.length !== t || tx.proofs.length !== t) {
    return reject('ceremony-malformed', `a trustee commits to exactly ${t} coefficients, each with a proof`);
  }
  const commitments = tx.commitments.map(decodeBytes32);
  if (!commitments.every((c): c is Uint8Array => c !== null && rules.group.isElement(c))) {
    return reject('ceremony-encoding', 'every commitment is a canonical group element other than the identity');
  }
  const proofs = tx.proofs.map((p) =>
    isRecord(p) && Object.keys(p).length === 2
      ? { challenge: decodeBytes32(p['challenge']), response: decodeBytes32(p['response']) }
      : null,
  );
  if (
    !proofs.every(
      (p) => p !== null && p.challenge !== null && p.response !== null && isCanonicalScalar(p.challenge) && isCanonicalScalar(p.response),
    )
  ) {
    return reject('ceremony-encoding', 'every proof is { challenge, response }, two canonical scalars');
  }
  if (progress.commitments.has(tx.trustee)) return reject('ceremony-duplicate', `trustee ${tx.trustee} has already committed`);
  if (!checkSignature(tx, rules, trustee)) return reject('bad-trustee-signature', `not signed by trustee ${tx.trustee}`);
  for (const [j, c] of commitments.entries()) {
    const proof = proofs[j] as { challenge: Uint8Array; response: Uint8Array };
    if (!checkKeyKnowledge(rules.group, commitmentContext(rules.base, tx.trustee, j), c, proof)) {
      return reject('bad-commitment-proof', `the proof for coefficient ${j} of trustee ${tx.trustee} does not hold`);
    }
  }
  const next = new Map(progress.commitments).set(tx.trustee, commitments);
  return { ok: true as const, progress: { ...progress, commitments: next } };
}

function applyShares(
  progress: CeremonyProgress,
  tx: TrusteeShares,
  rules: CeremonyRules,
  trustee: TrusteeSpec,
  isIndex: (i: unknown) => i is number,
) {
  const n = rules.setup.trustees.length;
  if (!Array.isArray(tx.shares) || tx.shares.length !== n - 1)
    return reject('ceremony-malformed', `a trustee sends exactly ${n - 1} shares, one to every other trustee`);
  const received = new Map<number, EncryptedShare>();
  for (const s of tx.shares as unknown[]) {
    if (!isRecord(s) || Object.keys(s).length !== 3 || !isIndex(s['to']) || s['to'] === tx.trustee || received.has(s['to'])) {
      return reject('ceremony-malformed', 'each share is { to, ephemeral, masked }, to every other trustee once');
    }
    const ephemeral = decodeBytes32(s['ephemeral']);
    const masked = decodeBytes32(s['masked']);
    if (ephemeral === null || masked === null || !rules.group.isElement(ephemeral) || !isCanonicalScalar(masked)) {
      return reject('ceremony-encoding', 'a share is a canonical element (ephemeral) and a canonical scalar (masked)');
    }
    received.set(s['to'], { ephemeral, masked });
  }
  if (!progress.commitments.has(tx.trustee))
    return reject('ceremony-out-of-order', `trustee ${tx.trustee} sends shares only after its commitments`);
  if (progress.shares.has(tx.trustee)) return reject('ceremony-duplicate', `trustee ${tx.trustee} has already sent its shares`);
  if (!checkSignature(tx, rules, trustee)) return reject('bad-trustee-signature', `not signed by trustee ${tx.trustee}`);
  return { ok: true as const, progress: { ...progress, shares: new Map(progress.shares).set(tx.trustee, received) } };
}

function applyComplaint(
  progress: CeremonyProgress,
  tx: TrusteeComplaint,
  rules: CeremonyRules,
  trustee: TrusteeSpec,
  isIndex: (i: unknown) => i is number,
) {
  if (!isIndex(tx.against) || tx.against === tx.trustee) return reject('unknown-trustee', 'a complaint is against another trustee');
  if (!progress.shares.has(tx.against))
    return reject('ceremony-out-of-order', `trustee ${tx.against} has sent no shares to complain about`);
  const key = `${tx.trustee}>${tx.against}`;
  if (progress.complaints.has(key))
    return reject('ceremony-duplicate', `trustee ${tx.trustee} has already complained about trustee ${tx.against}`);
  if (!checkSignature(tx, rules, trustee)) return reject('bad-trustee-signature', `not signed by trustee ${tx.trustee}`);
  return { ok: true as const, progress: { ...progress, complaints: new Set(progress.complaints).add(key) } };
}

function applyReveal(
  progress: CeremonyProgress,
  tx: TrusteeReveal,
  rules: CeremonyRules,
  trustee: TrusteeSpec,
  isIndex: (i: unknown) => i is number,
) {
  if (!isIndex(tx.to) || tx.to === tx.trustee) return reject('unknown-trustee', 'a reveal is of the share sent to another trustee');
  const share = decodeBytes32(tx.share);
  const nonce = decodeBytes32(tx.nonce);
  if (share === null || nonce === null || !isCanonicalScalar(share) || !isCanonicalScalar(nonce)) {
    return reject('ceremony-encoding', 'share and nonce are canonical scalars');
  }
  if (!progress.complaints.has(`${tx.to}>${tx.trustee}`))
    return reject('ceremony-out-of-order', `trustee ${tx.to} has not complained about trustee ${tx.trustee}`);
  const key = `${tx.trustee}>${tx.to}`;
  if (progress.reveals.has(key)) return reject('ceremony-duplicate', `trustee ${tx.trustee} has already answered trustee ${tx.to}`);
  if (!checkSignature(tx, rules, trustee)) return reject('bad-trustee-signature', `not signed by trustee ${tx.trustee}`);
  const recipientKey = decodeBytes32(rules.setup.trustees[tx.to - 1].share_key)!;
  const encrypted = progress.shares.get(tx.trustee)!.get(tx.to)!;
  if (!revealMatches(rules.group, shareContext(rules.base, tx.trustee, tx.to), recipientKey, encrypted, share, nonce)) {
    return reject('reveal-does-not-match', 'the revealed share and nonce do not give the encryption on chain');
  }
  const consistent = shareMatches(rules.group, progress.commitments.get(tx.trustee)!, tx.to, share);
  return { ok: true as const, progress: { ...progress, reveals: new Map(progress.reveals).set(key, consistent) } };
}

export type CeremonyStatus =
  | { state: 'in-progress'; waitingFor: string[] }
  | { state: 'failed'; faulty: number[] }
  | { state: 'complete'; key: Uint8Array; commitments: Uint8Array[][] };

/** Where the ceremony stands: what it waits for, who is proven faulty, or the election key it fixed. */
export function ceremonyStatus(progress: CeremonyProgress, setup: SealedSetup, group: SealedGroup): CeremonyStatus {
  const n = setup.trustees.length;
  const faulty = [...progress.reveals].filter(([, consistent]) => !consistent).map(([key]) => Number(key.split('>')[0]));
  if (faulty.length > 0) return { state: 'failed', faulty: [...new Set(faulty)].sort((a, b) => a - b) };
  const waitingFor: string[] = [];
  for (let i = 1; i <= n; i++) {
    if (!progress.commitments.has(i)) waitingFor.push(`commitments of trustee ${i}`);
    else if (!progress.shares.has(i)) waitingFor.push(`shares of trustee ${i}`);
  }
  for (const complaint of progress.complaints) {
    const [recipient, dealer] = complaint.split('>');
    if (!progress.reveals.has(`${dealer}>${recipient}`)) waitingFor.push(`trustee ${dealer}'s answer to trustee ${recipient}'s complaint`);
  }
  if (waitingFor.length > 0) return { state: 'in-progress', waitingFor };
  const commitments = Array.from({ length: n }, (_, i) => [...progress.commitments.get(i + 1)!]);
  return { state: 'complete', key: jointKey(group, commitments), commitments };
}

/** Why a ceremony that is not complete cannot fix the key yet, as a clause: what it waits for, or who failed it. */
export function incompleteCeremonyDetail(status: Exclude<CeremonyStatus, { state: 'complete' }>): string {
  return status.state === 'failed'
    ? `it failed: trustees ${status.faulty.join(', ')} dealt bad shares`
    : `it waits for ${status.waitingFor.join('; ')}`;
}
