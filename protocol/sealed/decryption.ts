import { isCanonicalBase64url } from '../base64url';
import { isRecord } from '../is-record';
import { PROTOCOL_VERSION } from '../limits';
import type { TrusteeDecryption, Verdict } from '../types';
import type { ProofContext } from './challenge';
import type { Ciphertext } from './elgamal';
import { decodeElement, decodeScalar } from './encoding';
import { type SealedGroup } from './group';
import { checkPartialDecryption, verificationKey } from './threshold';

export type DecryptionRejection = 'decryption-malformed' | 'decryption-encoding' | 'bad-trustee-signature' | 'bad-decryption-proof';

const FIELDS = ['type', 'trustee', 'shares', 'proofs', 'signature'];

/** The text a trustee signs: the decryption without its signature. */
export function decryptionMessage(electionId: string, tx: TrusteeDecryption): string {
  return JSON.stringify([PROTOCOL_VERSION, tx.type, electionId, tx.trustee, tx.shares, tx.proofs.map((p) => [p.challenge, p.response])]);
}

/** What trustee k's proof for option j is bound to. */
export function decryptionContext(base: Uint8Array, trustee: number, option: number): ProofContext {
  return { base, bind: Uint8Array.of(trustee, option) };
}

export interface DecryptionRules {
  group: SealedGroup;
  trustees: number;
  /** The election base hash fixed at the opening. */
  base: Uint8Array;
  /** Every trustee's commitments, in order: they give each trustee's verification key. */
  commitments: readonly (readonly Uint8Array[])[];
  /** The sums being decrypted, one per option. */
  sum: readonly Ciphertext[];
  /** Whether the signature is trustee `trustee`'s over `message`. */
  signedBy(trustee: number, message: string, signature: string): boolean;
  electionId: string;
}

function reject(reason: DecryptionRejection, detail: string): Verdict<DecryptionRejection> & { ok: false } {
  return { ok: false, reason, detail };
}

/**
 * Whether `raw` is a valid partial decryption of the sums, and its shares. Shape and encodings first, then the
 * signature, then each proof; a library exception is a refusal.
 */
export function checkDecryption(
  raw: unknown,
  rules: DecryptionRules,
): { ok: true; trustee: number; shares: Uint8Array[] } | (Verdict<DecryptionRejection> & { ok: false }) {
  const options = rules.sum.length;
  if (
    !isRecord(raw) ||
    raw['type'] !== 'trustee-decryption' ||
    Object.keys(raw).length !== FIELDS.length ||
    !FIELDS.every((f) => f in raw)
  ) {
    return reject('decryption-malformed', `a trustee-decryption is exactly { ${FIELDS.join(', ')} }`);
  }
  const tx = raw as unknown as TrusteeDecryption;
  if (!Number.isInteger(tx.trustee) || tx.trustee < 1 || tx.trustee > rules.trustees) {
    return reject('decryption-malformed', `trustee must be 1 to ${rules.trustees}`);
  }
  if (!Array.isArray(tx.shares) || !Array.isArray(tx.proofs) || tx.shares.length !== options || tx.proofs.length !== options) {
    return reject('decryption-malformed', `a partial decryption has one share and one proof per option: ${options}`);
  }
  const shares = tx.shares.map((s) => decodeElement(rules.group, s));
  if (!shares.every((s): s is Uint8Array => s !== null)) {
    return reject('decryption-encoding', 'every share is a canonical group element other than the identity');
  }
  const proofs = tx.proofs.map((p) =>
    isRecord(p) && Object.keys(p).length === 2 ? { challenge: decodeScalar(p['challenge']), response: decodeScalar(p['response']) } : null,
  );
  if (!proofs.every((p) => p !== null && p.challenge !== null && p.response !== null)) {
    return reject('decryption-encoding', 'every proof is { challenge, response }, two canonical scalars');
  }
  if (typeof tx.signature !== 'string' || !isCanonicalBase64url(tx.signature)) {
    return reject('decryption-encoding', 'signature must be canonical base64url');
  }
  if (!rules.signedBy(tx.trustee, decryptionMessage(rules.electionId, tx), tx.signature)) {
    return reject('bad-trustee-signature', `not signed by trustee ${tx.trustee}`);
  }
  try {
    const key = verificationKey(rules.group, rules.commitments, tx.trustee);
    for (let j = 0; j < options; j++) {
      const proof = proofs[j] as { challenge: Uint8Array; response: Uint8Array };
      const partial = { share: shares[j], proof };
      if (!checkPartialDecryption(rules.group, decryptionContext(rules.base, tx.trustee, j), key, rules.sum[j].alpha, partial)) {
        return reject('bad-decryption-proof', `trustee ${tx.trustee}'s proof for option ${j} does not hold`);
      }
    }
  } catch (e) {
    return reject('decryption-encoding', `the group arithmetic refused it: ${(e as Error).message}`);
  }
  return { ok: true, trustee: tx.trustee, shares };
}
