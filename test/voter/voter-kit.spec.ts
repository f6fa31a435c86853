import { constants, createPrivateKey, type KeyObject, privateDecrypt } from 'node:crypto';
import { RSABSSA } from '@cloudflare/blindrsa-ts';
import { ballotChoiceProblem, bytesToBase64url } from '../../protocol';
import { isCanonicalBase64url } from '../../protocol/base64url';
import { credentialMessage, sealedBallotMessage } from '../../protocol/messages';
import { trackingCode } from '../../protocol/receipt';
import { sha256 } from '../../node-crypto/sha256';
import { nodeSignatures } from '../../node-crypto/signatures';
import { nobleGroup } from '../../sealed-crypto/noble-group';
import {
  type PreparedCredentialRequest,
  ballotTrackingCode,
  finishCredential,
  fromBase64url,
  isPreparedCredentialRequest,
  prepareCredentialRequest,
  sealBallot,
  sealingKeyOf,
  toBase64url,
} from '../../voter';
import { anyArray, anyString } from '../support/matchers';

const electionId = 'e'.repeat(64);
const group = nobleGroup();
/** An opened election of one trustee, whose one commitment is the election key; three parties. */
const commitment = group.multiplyBase(group.randomScalar());
const sealing = sealingKeyOf(group, {
  electionId,
  threshold: 1,
  commitments: [[bytesToBase64url(commitment)]],
  electionKey: bytesToBase64url(commitment),
  optionCount: 3,
});
const opened = { key: sealing.key, base: sealing.base, commitments: [[commitment]] };

interface Authority {
  /** SPKI DER, base64url: the manifest's credential_key. */
  credentialKey: string;
  privateKey: KeyObject;
}

/** An RSA-2048 key made with WebCrypto, as the blind RSA suite expects, and exported for node:crypto. */
async function authority(): Promise<Authority> {
  const pair = await RSABSSA.SHA384.generateKey({ modulusLength: 2048, publicExponent: Uint8Array.from([1, 0, 1]) });
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { credentialKey: toBase64url(spki), privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) };
}

/** The authority's side of RFC 9474: raw RSA on the blinded message (s = m^d mod n). */
function blindSign(signer: Authority, blindedMessage: string): string {
  const signature = privateDecrypt({ key: signer.privateKey, padding: constants.RSA_NO_PADDING }, fromBase64url(blindedMessage));
  return toBase64url(signature);
}

describe('voter kit', () => {
  let issuer: Authority;
  let other: Authority;

  beforeAll(async () => {
    [issuer, other] = await Promise.all([authority(), authority()]);
  });

  async function credentialFor(prepared: PreparedCredentialRequest): Promise<string> {
    return finishCredential(prepared, blindSign(issuer, prepared.blindedMessage), issuer.credentialKey);
  }

  it('makes a credential and a sealed ballot that the nodes accept', async () => {
    const prepared = await prepareCredentialRequest(electionId, issuer.credentialKey);
    const credential = await credentialFor(prepared);
    const { ballot } = sealBallot(group, sealing, prepared, credential, 1);

    expect(ballot).toEqual({
      type: 'sealed-ballot',
      sealed: { entries: anyArray, sum_proof: { challenge: anyString, response: anyString } },
      ballot_key: prepared.ballotKey,
      credential,
      signature: anyString,
    });
    expect(ballot.sealed.entries).toHaveLength(3);
    expect(fromBase64url(ballot.ballot_key)).toHaveLength(32);
    expect(fromBase64url(ballot.signature)).toHaveLength(64);
    expect(fromBase64url(credential)).toHaveLength(256);
    expect(nodeSignatures.rsaPss(issuer.credentialKey, credentialMessage(electionId, ballot.ballot_key), credential)).toBe(true);
    expect(nodeSignatures.ed25519(ballot.ballot_key, sealedBallotMessage(electionId, ballot.sealed), ballot.signature)).toBe(true);
    expect(ballotChoiceProblem(group, 3, opened, ballot)).toBeNull();
    expect(ballotTrackingCode(ballot)).toBe(trackingCode(ballot, sha256));
    // Nodes refuse other spellings of the same bytes: a relay must not be able to change a tracking code.
    expect([ballot.ballot_key, ballot.credential, ballot.signature].every(isCanonicalBase64url)).toBe(true);
  });

  it('keeps the request as plain strings, so a stored copy finishes the credential after a reload', async () => {
    const prepared = await prepareCredentialRequest(electionId, issuer.credentialKey);
    const stored: unknown = JSON.parse(JSON.stringify(prepared));
    expect(isPreparedCredentialRequest(stored)).toBe(true);
    if (!isPreparedCredentialRequest(stored)) return;
    // The authority answers a resent blinded message with the same blind signature.
    const credential = await finishCredential(stored, blindSign(issuer, stored.blindedMessage), issuer.credentialKey);
    expect(credential).toBe(await credentialFor(prepared));
  });

  it('never shows the authority the ballot key or the credential message', async () => {
    const prepared = await prepareCredentialRequest(electionId, issuer.credentialKey);
    const blinded = Buffer.from(fromBase64url(prepared.blindedMessage));
    expect(blinded.includes(Buffer.from(fromBase64url(prepared.ballotKey)))).toBe(false);
    expect(blinded.includes(Buffer.from(credentialMessage(electionId, prepared.ballotKey)))).toBe(false);
    const again = await prepareCredentialRequest(electionId, issuer.credentialKey);
    expect(again.ballotKey).not.toBe(prepared.ballotKey);
    expect(again.blindedMessage).not.toBe(prepared.blindedMessage);
  });

  it('refuses a blind signature made with another key or for another request', async () => {
    const prepared = await prepareCredentialRequest(electionId, issuer.credentialKey);
    const otherRequest = await prepareCredentialRequest(electionId, issuer.credentialKey);
    const forgedRequest = await prepareCredentialRequest(electionId, other.credentialKey);
    const refused = /does not unblind into a valid credential/;
    // Blinded messages are reduced modulo their own key, so each is signed with the key it was blinded for.
    await expect(finishCredential(prepared, blindSign(other, forgedRequest.blindedMessage), issuer.credentialKey)).rejects.toThrow(refused);
    await expect(finishCredential(prepared, blindSign(issuer, otherRequest.blindedMessage), issuer.credentialKey)).rejects.toThrow(refused);
    await expect(finishCredential(prepared, blindSign(issuer, prepared.blindedMessage), other.credentialKey)).rejects.toThrow(refused);
  });

  it('binds the ballot signature to the sealed choice and the election', async () => {
    const prepared = await prepareCredentialRequest(electionId, issuer.credentialKey);
    const credential = await credentialFor(prepared);
    const { ballot } = sealBallot(group, sealing, prepared, credential, 1);
    // The same choice sealed again: other ciphertexts, which the signature does not cover.
    const again = sealBallot(group, sealing, prepared, credential, 1).ballot;
    expect(nodeSignatures.ed25519(ballot.ballot_key, sealedBallotMessage(electionId, again.sealed), ballot.signature)).toBe(false);
    expect(nodeSignatures.ed25519(ballot.ballot_key, sealedBallotMessage('f'.repeat(64), ballot.sealed), ballot.signature)).toBe(false);
  });

  it('gives each sealing of one choice its own tracking code, as the node will compute it', async () => {
    const prepared = await prepareCredentialRequest(electionId, issuer.credentialKey);
    const credential = await credentialFor(prepared);
    const [first, second] = [1, 1].map((choice) => sealBallot(group, sealing, prepared, credential, choice).ballot);
    expect(ballotTrackingCode(first)).toBe(trackingCode(first, sha256));
    expect(ballotTrackingCode(second)).not.toBe(ballotTrackingCode(first));
  });

  it('says plainly when the credential key is unusable', async () => {
    await expect(prepareCredentialRequest(electionId, 'AAAA')).rejects.toThrow(/credential key cannot be used/);
    await expect(prepareCredentialRequest(electionId, 'not base64url!')).rejects.toThrow(/credential key cannot be used/);
  });
});

describe('base64url', () => {
  it('round-trips bytes without padding, as node:crypto writes them', () => {
    for (const length of [0, 1, 2, 3, 31, 32, 64]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 251) % 256);
      const text = toBase64url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      if (length > 0) expect(isCanonicalBase64url(text)).toBe(true);
      expect(fromBase64url(text)).toEqual(bytes);
    }
  });

  it('rejects what is not base64url', () => {
    expect(() => fromBase64url('ab+/')).toThrow('not a base64url value');
    expect(() => fromBase64url('abcde')).toThrow('not a base64url value');
  });
});
