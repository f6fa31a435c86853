import { normaliseActivationCode } from '../protocol/activation-code';
import { normaliseVoterId } from '../protocol/voter-id';
import { fromBase64url, toBase64url } from './base64url';
import { type PreparedCredentialRequest, isPreparedCredentialRequest } from './prepared-request';

/*
 * A recovery kit: a voter's prepared credential request, sealed so that it can be carried to another browser.
 * The authority answers the same blinded request with the same blind signature, so a voter who lost the
 * browser that asked still gets the credential, and still for the one ballot key it certified (ADR 0020).
 *
 * The kit is `bckit1.<iv>.<ciphertext>` (base64url): AES-256-GCM under a key HKDF-SHA-256 derives from the
 * election, the voter ID and the activation code, both normalised as the authority compares them. Without the
 * code it shows nothing, and it names no voter and no election. WebCrypto only, for browsers and Node 20.
 */

const KIT_PREFIX = 'bckit1.';
const KEY_INFO = 'ballotchain/recovery-kit/aes-256-gcm-key/v1';
/** Bound to the format as additional data: a vault entry sealed under the same inputs is never a kit. */
const KIT_TAG = 'ballotchain/recovery-kit/v1';
const IV_BYTES = 12;
const KIT_PATTERN = /bckit1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/;

const utf8 = (text: string) => new TextEncoder().encode(text);

export type RecoveryKitProblem = 'not-a-kit' | 'does-not-open';

/** Why a kit cannot be used: not a kit at all, or one that does not open with this election, voter ID and code. */
export class RecoveryKitError extends Error {
  constructor(readonly problem: RecoveryKitProblem) {
    super(
      problem === 'not-a-kit'
        ? 'this is not a recovery kit (it holds no text starting with bckit1.)'
        : 'this recovery kit does not open with this voter ID and activation code in this election',
    );
  }
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('this browser offers no WebCrypto here: open the portal over https or on localhost');
  return s;
}

async function kitKey(electionId: string, voterId: string, code: string): Promise<CryptoKey> {
  const inputs = JSON.stringify([electionId, normaliseVoterId(voterId), normaliseActivationCode(code)]);
  const secret = await subtle().importKey('raw', utf8(inputs), 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(KEY_INFO) },
    secret,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The kit of `request`, for this voter ID and code (the election is the request's). */
export async function sealRecoveryKit(request: PreparedCredentialRequest, voterId: string, code: string): Promise<string> {
  const key = await kitKey(request.electionId, voterId, code);
  // A fresh IV for every kit: GCM must never see one twice under the same key.
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = utf8(JSON.stringify({ request }));
  const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8(KIT_TAG) }, key, plain);
  return `${KIT_PREFIX}${toBase64url(iv)}.${toBase64url(new Uint8Array(ciphertext))}`;
}

/**
 * The request a kit holds. `text` may be the kit file or text copied from it, with anything around the kit
 * and line breaks inside it (mail programs wrap long lines). Throws RecoveryKitError.
 */
export async function openRecoveryKit(text: string, electionId: string, voterId: string, code: string): Promise<PreparedCredentialRequest> {
  const at = text.indexOf(KIT_PREFIX);
  const match = at === -1 ? null : KIT_PATTERN.exec(text.slice(at).replace(/\s+/g, ''));
  if (!match) throw new RecoveryKitError('not-a-kit');
  let request: unknown;
  try {
    const iv = fromBase64url(match[1]);
    const key = await kitKey(electionId, voterId, code);
    const plain = await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: utf8(KIT_TAG) }, key, fromBase64url(match[2]));
    request = (JSON.parse(new TextDecoder().decode(plain)) as { request?: unknown }).request;
  } catch {
    // Sealed under another election, voter ID or code, or damaged: GCM cannot tell which, and need not.
    throw new RecoveryKitError('does-not-open');
  }
  if (!isPreparedCredentialRequest(request) || request.electionId !== electionId) throw new RecoveryKitError('does-not-open');
  return request;
}
