import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import request from 'supertest';
import { credentialMessage, credentialRecordMessage, lifecycleMessage, type SealedBallot } from '../../../protocol';
import { type CredentialResponse, type ElectionInfo, type HeaderResponse, type ResultsResponse } from '../../../api/http';
import { libsodiumGroup } from '../../../sealed-crypto/libsodium-group';
import {
  finishCredential,
  type PreparedCredentialRequest,
  prepareCredentialRequest,
  sealBallot,
  type SealingKey,
  sealingKeyOf,
} from '../../../voter';
import { GiveUp, waitFor } from '../../support/wait';
import { getJson, type Target } from './http';

export { parseCodes, readCodes } from '../../support/activation-codes';

/** What a voter's device needs from the manifest, and what it seals to once the election is opened. */
export interface ElectionKeys {
  electionId: string;
  credentialKey: string;
  parties: string[];
  /** Null until the election is opened: a device seals only to the key the opening named. */
  sealing: SealingKey | null;
}

export async function electionKeys(node: Target): Promise<ElectionKeys> {
  return keysSealingTo(node, (sealed) => sealed.opened_with);
}

/**
 * The keys of an election whose ceremony is complete, sealing to the key it fixed even before an OPEN names
 * it: what a device that does not wait for the opening would seal to (a voter's device waits).
 */
export async function ceremonyKeys(node: Target): Promise<ElectionKeys> {
  return keysSealingTo(node, (sealed) => sealed.election_key);
}

async function keysSealingTo(node: Target, keyOf: (sealed: NonNullable<ElectionInfo['sealed']>) => string | null): Promise<ElectionKeys> {
  const info = await getJson<ElectionInfo>(node, '/api/election');
  if (!info.authority) throw new Error('this election has no authority');
  const sealed = info.sealed;
  const key = sealed ? keyOf(sealed) : null;
  const sealing =
    sealed && key && sealed.commitments
      ? sealingKeyOf(await libsodiumGroup(), {
          electionId: info.election_id,
          threshold: sealed.threshold,
          commitments: sealed.commitments,
          electionKey: key,
          optionCount: info.parties.length + (sealed.blank ? 1 : 0),
        })
      : null;
  return { electionId: info.election_id, credentialKey: info.authority.credential_key, parties: info.parties, sealing };
}

/** Step 1 of the voter's flow: a fresh ballot key, blinded, sent with the voter's ID and code. */
export async function askCredential(node: Target, keys: ElectionKeys, voterId: string, code: string, prepared?: PreparedCredentialRequest) {
  const p = prepared ?? (await prepareCredentialRequest(keys.electionId, keys.credentialKey));
  const res = await request(node).post('/api/credentials').send({ voter_id: voterId, code, blinded_message: p.blindedMessage });
  return { prepared: p, res };
}

/** Steps 1 and 2: the credential (the unblinded signature) for a fresh ballot key. Fails unless the node answers 201. */
export async function credentialFor(node: Target, keys: ElectionKeys, voterId: string, code: string) {
  const { prepared, res } = await askCredential(node, keys, voterId, code);
  if (res.status !== 201) throw new Error(`credential request for ${voterId}: ${res.status} ${res.text}`);
  const answer = res.body as CredentialResponse;
  const credential = await finishCredential(prepared, answer.blind_signature, keys.credentialKey);
  return { prepared, credential, answer };
}

/** The whole voter's flow up to a ballot sealed to the key the opening named and signed, not yet sent. */
export async function signedBallot(node: Target, keys: ElectionKeys, voterId: string, code: string, party: string): Promise<SealedBallot> {
  const { prepared, credential } = await credentialFor(node, keys, voterId, code);
  return sealedBallotFor(keys, prepared, credential, party);
}

/** `party` sealed to the key the opening named, signed by the prepared ballot key and carrying `credential`. */
export async function sealedBallotFor(
  keys: ElectionKeys,
  prepared: PreparedCredentialRequest,
  credential: string,
  party: string,
): Promise<SealedBallot> {
  if (!keys.sealing) throw new Error('the election is not open: there is no key to seal to yet');
  const choice = keys.parties.indexOf(party);
  if (choice < 0) throw new Error(`"${party}" is not a party of this election`);
  return sealBallot(await libsodiumGroup(), keys.sealing, prepared, credential, choice).ballot;
}

/** POST /api/sealed-ballots. */
export function castSecret(node: Target, ballot: SealedBallot) {
  return request(node).post('/api/sealed-ballots').send(ballot);
}

/**
 * The results of an election whose node holds its trustees (demo_trustees): they decrypt on their own a little
 * after the close, each partial decryption mined like any transaction.
 */
export function decryptedResults(node: Target): Promise<ResultsResponse> {
  return waitFor(
    async () => {
      const results = await getJson<ResultsResponse>(node, '/api/results');
      if (results.sealed?.state === 'undecryptable') throw new GiveUp(`the results are undecryptable: ${results.sealed.detail}`);
      return results.sealed?.state === 'decrypted' ? results : null;
    },
    { what: 'the node’s trustees to decrypt the results', timeoutMs: 10_000 },
  );
}

export async function headerAt(node: Target, index: number): Promise<HeaderResponse> {
  return getJson<HeaderResponse>(node, `/api/headers/${index}`);
}

/**
 * Keys that are not the election authority's: what a forger has. Signatures made with them are well
 * formed (right algorithm, right message, canonical encoding) and wrong only in who made them.
 */
export class Forger {
  private readonly rsa: KeyObject;
  private readonly ed: KeyObject;

  constructor() {
    this.rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    this.ed = generateKeyPairSync('ed25519').privateKey;
  }

  /** An RSASSA-PSS (SHA-384, 48-byte salt) signature on the credential message, as the authority's would be. */
  credential(electionId: string, ballotKey: string): string {
    const message = Buffer.from(credentialMessage(electionId, ballotKey), 'utf8');
    return sign('sha384', message, { key: this.rsa, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }).toString('base64url');
  }

  lifecycle(
    electionId: string,
    type: 'open' | 'close',
    timestamp: number,
  ): { type: 'open' | 'close'; timestamp: number; signature: string } {
    return {
      type,
      timestamp,
      signature: sign(null, Buffer.from(lifecycleMessage(electionId, type, timestamp), 'utf8'), this.ed).toString('base64url'),
    };
  }

  credentialRecordSignature(electionId: string, voterTag: string): string {
    return sign(null, Buffer.from(credentialRecordMessage(electionId, voterTag), 'utf8'), this.ed).toString('base64url');
  }
}
