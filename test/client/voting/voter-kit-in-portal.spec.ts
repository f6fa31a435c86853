import { Buffer } from 'node:buffer';
import { constants, createHash, generateKeyPairSync, privateDecrypt, verify } from 'node:crypto';
import { TestBed } from '@angular/core/testing';
import { SEALED_GROUP, VOTER_KIT } from '../../../client/app/voting/voter-kit-loader';
import { bytesToBase64url } from '@protocol/base64url';
import { credentialMessage, sealedBallotMessage } from '@protocol/messages';
import { trackingCode } from '@protocol/receipt';
import { sealedChoiceProblem } from '@protocol/sealed/sealed-choice';
import { lendNodeWebCrypto } from './sealed-storage';

/*
 * The portal's own loaders, with the real kit and group, in the portal's test environment: proves the
 * ES-module-only blind RSA package and libsodium's WebAssembly load for these tests too, and that the lazily
 * loaded kit does the whole job. jsdom has crypto.getRandomValues but no crypto.subtle (browsers have both):
 * Node's is lent for this file.
 */

const electionId = 'e'.repeat(64);
const PARTIES = 3;

describe('the voter kit as the portal loads it', () => {
  lendNodeWebCrypto();

  it('prepares, finishes, seals and signs a ballot the authority key, the ballot key and the proofs check', async () => {
    const kit = await TestBed.inject(VOTER_KIT)();
    const group = await TestBed.inject(SEALED_GROUP)();
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const credentialKey = publicKey.export({ format: 'der', type: 'spki' }).toString('base64url');

    const prepared = await kit.prepareCredentialRequest(electionId, credentialKey);
    const blindSignature = privateDecrypt(
      { key: privateKey, padding: constants.RSA_NO_PADDING },
      Buffer.from(prepared.blindedMessage, 'base64url'),
    ).toString('base64url');
    const credential = await kit.finishCredential(prepared, blindSignature, credentialKey);

    // One trustee: its first commitment is the election key.
    const electionKey = bytesToBase64url(group.multiplyBase(group.randomScalar()));
    const sealing = kit.sealingKeyOf(group, { electionId, threshold: 1, commitments: [[electionKey]], electionKey, optionCount: PARTIES });
    const { sealed, randomness } = kit.sealChoiceFor(group, sealing, prepared, 1);
    expect(kit.openChallenge(group, sealing, sealed, randomness)).toBe(1);
    const ballot = kit.signSealedBallot(prepared, credential, sealed);

    const pss = { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 };
    const credentialText = Buffer.from(credentialMessage(electionId, ballot.ballot_key));
    expect(verify('sha384', credentialText, pss, Buffer.from(credential, 'base64url'))).toBe(true);
    const ed25519Spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(ballot.ballot_key, 'base64url')]);
    const ballotKey = { key: ed25519Spki, format: 'der' as const, type: 'spki' as const };
    const signed = Buffer.from(sealedBallotMessage(electionId, ballot.sealed));
    expect(verify(null, signed, ballotKey, Buffer.from(ballot.signature, 'base64url'))).toBe(true);
    const context = { base: sealing.base, bind: Buffer.from(ballot.ballot_key, 'base64url') };
    expect(sealedChoiceProblem(group, sealing.key, PARTIES, ballot.sealed, context)).toBeNull();
    const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
    expect(kit.ballotTrackingCode(ballot)).toBe(trackingCode(ballot, sha256));
    // On a cold cache the lazy imports compile the crypto libraries first, which takes seconds.
  }, 30_000);
});
