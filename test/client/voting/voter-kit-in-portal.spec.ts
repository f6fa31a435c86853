import { Buffer } from 'node:buffer';
import { constants, createHash, generateKeyPairSync, privateDecrypt, verify } from 'node:crypto';
import { TestBed } from '@angular/core/testing';
import { VOTER_KIT } from '../../../client/app/voting/voter-kit-loader';
import { ballotMessage, credentialMessage } from '@protocol/messages';
import { trackingCode } from '@protocol/receipt';
import { lendNodeWebCrypto } from './sealed-storage';

/*
 * The portal's own loader, with the real kit, in the portal's test environment: proves the ES-module-only
 * blind RSA package is compiled for these tests too, and that the lazily loaded kit does the whole job.
 * jsdom has crypto.getRandomValues but no crypto.subtle (browsers have both): Node's is lent for this file.
 */

const electionId = 'e'.repeat(64);

describe('the voter kit as the portal loads it', () => {
  lendNodeWebCrypto();

  it('prepares, finishes and signs a ballot the authority key and the ballot key verify', async () => {
    const kit = await TestBed.inject(VOTER_KIT)();
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const credentialKey = publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');

    const prepared = await kit.prepareCredentialRequest(electionId, credentialKey);
    const blindSignature = privateDecrypt(
      { key: privateKey, padding: constants.RSA_NO_PADDING },
      Buffer.from(prepared.blindedMessage, 'base64url'),
    ).toString('base64url');
    const credential = await kit.finishCredential(prepared, blindSignature, credentialKey);
    const ballot = kit.signSecretBallot(prepared, credential, 'Green');

    const pss = { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 };
    const credentialText = Buffer.from(credentialMessage(electionId, ballot.ballot_key));
    expect(verify('sha384', credentialText, pss, Buffer.from(credential, 'base64url'))).toBe(true);
    const ed25519Spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(ballot.ballot_key, 'base64url')]);
    const ballotKey = { key: ed25519Spki, format: 'der' as const, type: 'spki' as const };
    expect(verify(null, Buffer.from(ballotMessage(electionId, 'Green')), ballotKey, Buffer.from(ballot.signature, 'base64url'))).toBe(true);
    const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
    expect(kit.ballotTrackingCode(ballot)).toBe(trackingCode(ballot, sha256));
    // On a cold cache the lazy import compiles the crypto libraries first, which takes seconds.
  }, 30_000);
});
