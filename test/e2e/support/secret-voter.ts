import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import request from 'supertest';
import { credentialMessage, credentialRecordMessage, lifecycleMessage, type SealedBallot, type SecretBallot } from '../../../protocol';
import { type CredentialResponse, type ElectionInfo, type HeaderResponse } from '../../../api/http';
import { libsodiumGroup } from '../../../sealed-crypto/libsodium-group';
import {
  finishCredential,
  type PreparedCredentialRequest,
  prepareCredentialRequest,
  sealBallot,
  type SealingKey,
  sealingKeyOf,
  signSecretBallot,
} from '../../../voter';
import { getJson, type Target } from './http';

export { parseCodes, readCodes } from '../../support/activation-codes';

/** What a voter's device needs from the manifest; for a sealed election, what it seals to once opened. */
export interface ElectionKeys {
  electionId: string;
  credentialKey: string;
  parties: string[];
  /** Null for an election that is not sealed, or not opened yet. */
  sealing: SealingKey | null;
}

export async function electionKeys(node: Target): Promise<ElectionKeys> {
  const info = await getJson<ElectionInfo>(node, '/api/election');
  if (!info.authority) throw new Error('this election has no authority');
  const sealed = info.sealed;
  const sealing =
    sealed?.opened_with && sealed.commitments
      ? sealingKeyOf(await libsodiumGroup(), {
          electionId: info.election_id,
          threshold: sealed.threshold,
          commitments: sealed.commitments,
          electionKey: sealed.opened_with,
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

/** The whole voter's flow up to a signed ballot, not yet sent: sealed when the election is. */
export async function signedBallot(
  node: Target,
  keys: ElectionKeys,
  voterId: string,
  code: string,
  party: string,
): Promise<SecretBallot | SealedBallot> {
  const { prepared, credential } = await credentialFor(node, keys, voterId, code);
  if (!keys.sealing) return signSecretBallot(prepared, credential, party);
  return sealBallot(await libsodiumGroup(), keys.sealing, prepared, credential, keys.parties.indexOf(party)).ballot;
}

/** POST /api/ballots, or /api/sealed-ballots for a sealed ballot. */
export function castSecret(node: Target, ballot: SecretBallot | SealedBallot) {
  return request(node)
    .post(ballot.type === 'sealed-ballot' ? '/api/sealed-ballots' : '/api/ballots')
    .send(ballot);
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
