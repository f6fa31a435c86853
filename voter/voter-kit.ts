import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { credentialMessage, sealedBallotMessage } from '../protocol/messages';
import { trackingCode } from '../protocol/receipt';
import { electionBaseHash } from '../protocol/sealed/base-hash';
import type { SealedGroup } from '../protocol/sealed/group';
import { openChallenged, sealChoice } from '../protocol/sealed/sealed-choice';
import type { SealedBallot, SealedChoice } from '../protocol/types';
import { fromBase64url, toBase64url } from './base64url';
import type { PreparedCredentialRequest } from './prepared-request';

/*
 * The voter's side of a secret election, for the browser and for Node 20 alike: no DOM, no Buffer; the RSA
 * steps use WebCrypto (crypto.subtle), Ed25519 and SHA-256 are plain JavaScript (@noble).
 *
 * 1. prepareCredentialRequest: a fresh ballot key, and the credential message for it, blinded (RFC 9474).
 *    The result is stored before anything is sent, so a browser that fails after the authority answered
 *    can send the same blinded message again and get the same blind signature back.
 * 2. finishCredential: unblinds the authority's blind signature into the credential, a plain RSASSA-PSS
 *    signature on the credential message. The authority never saw the ballot key it certified.
 * 3. sealBallot: the choice is sealed to the election key, and the ballot key signs the whole sealed choice;
 *    the ballot carries the key and its credential.
 */

/** RSABSSA-SHA384-PSS-Deterministic: `prepare` adds no random prefix, so the signed message is the credential message itself. */
const suite = () => RSABSSA.SHA384.PSS.Deterministic();

const utf8 = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(utf8ToBytes(text));

/** The protocol's hash (hex SHA-256 of UTF-8 text), for tracking codes. */
const sha256Hex = (data: string): string => bytesToHex(sha256(utf8ToBytes(data)));

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  // Browsers hide crypto.subtle outside secure contexts (a page served over plain http from another host).
  if (!s) throw new Error('this browser offers no WebCrypto here: open the portal over https or on localhost');
  return s;
}

/** The authority's credential key from the manifest (RSA SPKI DER, base64url), as blindrsa-ts needs it. */
async function importCredentialKey(credentialKey: string): Promise<CryptoKey> {
  try {
    // blindrsa-ts reads the modulus through a JWK export, so the key must be extractable.
    return await subtle().importKey('spki', fromBase64url(credentialKey), { name: 'RSA-PSS', hash: 'SHA-384' }, true, ['verify']);
  } catch (err) {
    throw new Error(`the election's credential key cannot be used: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export async function prepareCredentialRequest(electionId: string, credentialKey: string): Promise<PreparedCredentialRequest> {
  const key = await importCredentialKey(credentialKey);
  const secretKey = ed25519.utils.randomSecretKey();
  const ballotKey = toBase64url(ed25519.getPublicKey(secretKey));
  const message = suite().prepare(utf8(credentialMessage(electionId, ballotKey)));
  const { blindedMsg, inv } = await suite().blind(key, message);
  return {
    electionId,
    ballotSecretKey: toBase64url(secretKey),
    ballotKey,
    blindedMessage: toBase64url(blindedMsg),
    inv: toBase64url(inv),
  };
}

/** Unblinds the authority's answer into the credential (base64url); throws when it is not a valid signature. */
export async function finishCredential(
  prepared: PreparedCredentialRequest,
  blindSignature: string,
  credentialKey: string,
): Promise<string> {
  const key = await importCredentialKey(credentialKey);
  const message = utf8(credentialMessage(prepared.electionId, prepared.ballotKey));
  try {
    const signature = await suite().finalize(key, message, fromBase64url(blindSignature), fromBase64url(prepared.inv));
    return toBase64url(signature);
  } catch {
    throw new Error(
      'the blind signature does not unblind into a valid credential for this ballot key: ' +
        'it was not made by the election’s credential key, or not for this request',
    );
  }
}

/** What a voter's device seals to: the election key the opening named and the base hash of every ballot proof. */
export interface SealingKey {
  key: Uint8Array;
  base: Uint8Array;
  /** The parties, and the blank vote where the election offers one. */
  optionCount: number;
}

/** What GET /api/election says of a sealed, opened election: enough to seal a ballot to it. */
export interface OpenedElectionView {
  electionId: string;
  threshold: number;
  /** Every trustee's commitments, in trustee order (base64url). */
  commitments: string[][];
  /** The key the opening named (base64url). */
  electionKey: string;
  optionCount: number;
}

/**
 * The sealing key of an opened election, recomputed here: the base hash fixes the election, its trustees'
 * commitments and the key, so a node that served another key or other commitments gets ballots whose proofs
 * every honest node refuses.
 */
export function sealingKeyOf(group: SealedGroup, view: OpenedElectionView): SealingKey {
  const decode = (text: string) => {
    const bytes = fromBase64url(text);
    if (bytes.length !== 32) throw new Error('the election key and commitments are 32-byte values');
    return bytes;
  };
  const key = decode(view.electionKey);
  if (!group.isElement(key)) throw new Error('the election key is not a group element');
  const commitments = view.commitments.map((cs) => cs.map(decode));
  return {
    key,
    base: electionBaseHash(sha256Hex, group, view.electionId, view.threshold, commitments, key),
    optionCount: view.optionCount,
  };
}

/** Which option a challenged sealing opens to with its randomness, or null if it does not open (a lying device). */
export function openChallenge(group: SealedGroup, sealing: SealingKey, sealed: SealedChoice, randomness: Uint8Array[]): number | null {
  return openChallenged(group, sealing.key, sealed, randomness);
}

/**
 * Option `choice` sealed to the election key with its proofs, bound to the ballot key; not signed yet. The
 * randomness opens the choice: it is what a challenge (Benaloh) reveals, and a challenged sealing is thrown
 * away, never signed, so it can never be cast. Forget it once the ballot is cast.
 */
export function sealChoiceFor(
  group: SealedGroup,
  sealing: SealingKey,
  prepared: PreparedCredentialRequest,
  choice: number,
): { sealed: SealedChoice; randomness: Uint8Array[] } {
  const bind = fromBase64url(prepared.ballotKey);
  return sealChoice(group, sealing.key, sealing.optionCount, choice, { base: sealing.base, bind });
}

/** The ballot to cast: the sealed choice, the ballot key and its credential, and the ballot key's signature over the whole. */
export function signSealedBallot(prepared: PreparedCredentialRequest, credential: string, sealed: SealedChoice): SealedBallot {
  const message = utf8ToBytes(sealedBallotMessage(prepared.electionId, sealed));
  const signature = toBase64url(ed25519.sign(message, fromBase64url(prepared.ballotSecretKey)));
  return { type: 'sealed-ballot', sealed, ballot_key: prepared.ballotKey, credential, signature };
}

/** Both steps at once, for a voter who casts without a challenge (command-line voters, tests). */
export function sealBallot(
  group: SealedGroup,
  sealing: SealingKey,
  prepared: PreparedCredentialRequest,
  credential: string,
  choice: number,
): { ballot: SealedBallot; randomness: Uint8Array[] } {
  const { sealed, randomness } = sealChoiceFor(group, sealing, prepared, choice);
  return { ballot: signSealedBallot(prepared, credential, sealed), randomness };
}

/** The tracking code a node will give this ballot: computed before sending, so the node's answer can be checked. */
export function ballotTrackingCode(ballot: SealedBallot): string {
  return trackingCode(ballot, sha256Hex);
}
