import { base64urlToBytes, bytesToBase64url } from '../base64url';
import type { CeremonyTransaction, HashFn, SealedBallot, SealedManifest, SignatureVerifier, TrusteeDecryption, Verdict } from '../types';
import { electionBaseHash, ceremonyBaseHash } from './base-hash';
import {
  applyCeremony,
  type CeremonyProgress,
  type CeremonyRejection,
  type CeremonyRules,
  ceremonyStatus,
  incompleteCeremonyDetail,
  NO_CEREMONY,
} from './ceremony';
import { checkDecryption, type DecryptionRejection } from './decryption';
import { addCiphertexts, type Ciphertext } from './elgamal';
import { type SealedGroup } from './group';
import { type SealedChoiceProblem, type SealedChoiceRejection, sealedChoiceProblem } from './sealed-choice';

/*
 * What a chain says about a sealed election, after each of its blocks: the ceremony so far, the election key
 * once the opening fixed it, the sum of every ballot's ciphertexts per option, and the trustees' partial
 * decryptions. Kept per block, so a reorganisation brings back the sum of the chain it lands on.
 */

/** Fixed by the opening: the election key and the base hash every ballot and decryption proof starts with. */
export interface OpenedElection {
  key: Uint8Array;
  base: Uint8Array;
  commitments: Uint8Array[][];
}

export interface SealedLedger {
  ceremony: CeremonyProgress;
  opened: OpenedElection | null;
  /** One ciphertext per option; null before the first ballot. */
  sum: Ciphertext[] | null;
  /** trustee → its share of the decryption of each option's sum */
  decryptions: ReadonlyMap<number, readonly Uint8Array[]>;
}

export const NO_SEALED_LEDGER: SealedLedger = { ceremony: NO_CEREMONY, opened: null, sum: null, decryptions: new Map() };

/** Everything a node, the browser or the verifier needs to check a sealed election's transactions. */
export interface SealedRules {
  group: SealedGroup;
  setup: SealedManifest;
  /** The parties, and the blank vote where the manifest offers it. */
  optionCount: number;
  ceremony: CeremonyRules;
  electionId: string;
  hash: HashFn;
  /** The proofs of a ballot's sealed choice (see ballotChoiceProblem). A node answers from its cache of verdicts. */
  choiceProblem(opened: OpenedElection, ballot: SealedBallot): SealedChoiceProblem | null;
}

/** The proofs of a sealed ballot's choice, bound to its ballot key and the opened election. */
export function ballotChoiceProblem(
  group: SealedGroup,
  optionCount: number,
  opened: OpenedElection,
  ballot: SealedBallot,
): SealedChoiceProblem | null {
  const bind = base64urlToBytes(ballot.ballot_key);
  if (bind === null) return { reason: 'sealed-encoding', detail: 'ballot_key is not canonical base64url' };
  return sealedChoiceProblem(group, opened.key, optionCount, ballot.sealed, { base: opened.base, bind });
}

export function sealedRules(
  setup: SealedManifest,
  partyCount: number,
  electionId: string,
  hash: HashFn,
  signatures: SignatureVerifier,
  group: SealedGroup,
  choiceProblem?: SealedRules['choiceProblem'],
): SealedRules {
  const optionCount = partyCount + (setup.blank ? 1 : 0);
  const base = ceremonyBaseHash(hash, group, electionId, setup.threshold, setup.trustees.length);
  return {
    group,
    setup,
    optionCount,
    electionId,
    hash,
    ceremony: { group, signatures, electionId, setup, base },
    choiceProblem: choiceProblem ?? ((opened, ballot) => ballotChoiceProblem(group, optionCount, opened, ballot)),
  };
}

export type SealedRejection =
  | CeremonyRejection
  | SealedChoiceRejection
  | DecryptionRejection
  | 'ceremony-incomplete'
  | 'wrong-election-key'
  | 'nothing-to-decrypt'
  | 'already-decrypted';

type Applied = { ok: true; ledger: SealedLedger } | (Verdict<SealedRejection> & { ok: false });

const fail = (reason: SealedRejection, detail: string) => ({ ok: false as const, reason, detail });

export function applyCeremonyStep(ledger: SealedLedger, tx: CeremonyTransaction, rules: SealedRules): Applied {
  const next = applyCeremony(ledger.ceremony, tx, rules.ceremony);
  return next.ok ? { ok: true, ledger: { ...ledger, ceremony: next.progress } } : next;
}

/** The opening: only once the ceremony is complete, and naming the key it fixed. */
export function applySealedOpening(ledger: SealedLedger, electionKey: string | undefined, rules: SealedRules): Applied {
  const status = ceremonyStatus(ledger.ceremony, rules.setup, rules.group);
  if (status.state !== 'complete') {
    return fail(
      'ceremony-incomplete',
      `a sealed election opens only once its key ceremony is complete; ${incompleteCeremonyDetail(status)}`,
    );
  }
  if (electionKey !== bytesToBase64url(status.key)) {
    return fail('wrong-election-key', 'the opening does not name the election key the ceremony fixed');
  }
  return { ok: true, ledger: { ...ledger, opened: openedElection(rules, status.commitments, status.key) } };
}

/** The opened election that these commitments fix, with `key` their joint key. */
export function openedElection(rules: SealedRules, commitments: Uint8Array[][], key: Uint8Array): OpenedElection {
  const { group, hash, electionId, setup } = rules;
  return { key, base: electionBaseHash(hash, group, electionId, setup.threshold, commitments, key), commitments };
}

/** A ballot: its proofs against the opened election, then its ciphertexts join the sum. */
export function applySealedBallot(ledger: SealedLedger, ballot: SealedBallot, rules: SealedRules): Applied {
  if (!ledger.opened) return fail('ceremony-incomplete', 'the election key is not fixed yet');
  const problem = rules.choiceProblem(ledger.opened, ballot);
  if (problem) return fail(problem.reason, problem.detail);
  const cts = ballot.sealed.entries.map((e) => ({ alpha: base64urlToBytes(e.alpha)!, beta: base64urlToBytes(e.beta)! }));
  const sum = ledger.sum ? ledger.sum.map((s, i) => addCiphertexts(rules.group, s, cts[i])) : cts;
  return { ok: true, ledger: { ...ledger, sum } };
}

/** A trustee's partial decryption of the sums (after the close: the phase rule is the caller's). */
export function applyDecryption(ledger: SealedLedger, tx: TrusteeDecryption, rules: SealedRules): Applied {
  if (!ledger.opened) return fail('ceremony-incomplete', 'the election was never opened');
  if (!ledger.sum) return fail('nothing-to-decrypt', 'no ballot was cast: the result needs no decryption');
  if (ledger.decryptions.has(tx.trustee)) return fail('already-decrypted', `trustee ${tx.trustee} has already decrypted`);
  const trustees = rules.setup.trustees;
  const checked = checkDecryption(tx, {
    group: rules.group,
    trustees: trustees.length,
    base: ledger.opened.base,
    commitments: ledger.opened.commitments,
    sum: ledger.sum,
    electionId: rules.electionId,
    signedBy: (k, message, signature) => rules.ceremony.signatures.ed25519(trustees[k - 1].signing_key, message, signature),
  });
  if (!checked.ok) return checked;
  return { ok: true, ledger: { ...ledger, decryptions: new Map(ledger.decryptions).set(checked.trustee, checked.shares) } };
}

/* The ledger as stored with each block: JSON, elements and scalars in base64url. */

interface StoredSealedLedger {
  commitments: [number, string[]][];
  shares: [number, [number, string, string][]][];
  complaints: string[];
  reveals: [string, boolean][];
  opened: { key: string; base: string } | null;
  sum: [string, string][] | null;
  decryptions: [number, string[]][];
}

const b64 = bytesToBase64url;
const bytes = (text: string): Uint8Array => {
  const decoded = base64urlToBytes(text);
  if (decoded === null) throw new Error('stored sealed ledger holds a value that is not base64url');
  return decoded;
};

export function encodeSealedLedger(ledger: SealedLedger): string {
  const c = ledger.ceremony;
  const stored: StoredSealedLedger = {
    commitments: [...c.commitments].map(([i, cs]) => [i, cs.map(b64)]),
    shares: [...c.shares].map(([i, to]) => [i, [...to].map(([k, s]) => [k, b64(s.ephemeral), b64(s.masked)] as [number, string, string])]),
    complaints: [...c.complaints],
    reveals: [...c.reveals],
    opened: ledger.opened && { key: b64(ledger.opened.key), base: b64(ledger.opened.base) },
    sum: ledger.sum && ledger.sum.map((ct) => [b64(ct.alpha), b64(ct.beta)]),
    decryptions: [...ledger.decryptions].map(([i, shares]) => [i, shares.map(b64)]),
  };
  return JSON.stringify(stored);
}

export function decodeSealedLedger(json: string): SealedLedger {
  const s = JSON.parse(json) as StoredSealedLedger;
  const commitments = new Map(s.commitments.map(([i, cs]) => [i, cs.map(bytes)]));
  const ceremony: CeremonyProgress = {
    commitments,
    shares: new Map(s.shares.map(([i, to]) => [i, new Map(to.map(([k, e, m]) => [k, { ephemeral: bytes(e), masked: bytes(m) }]))])),
    complaints: new Set(s.complaints),
    reveals: new Map(s.reveals),
  };
  const ordered = [...commitments.keys()].sort((a, b) => a - b).map((i) => commitments.get(i)!);
  return {
    ceremony,
    opened: s.opened && { key: bytes(s.opened.key), base: bytes(s.opened.base), commitments: ordered },
    sum: s.sum && s.sum.map(([alpha, beta]) => ({ alpha: bytes(alpha), beta: bytes(beta) })),
    decryptions: new Map(s.decryptions.map(([i, shares]) => [i, shares.map(bytes)])),
  };
}
