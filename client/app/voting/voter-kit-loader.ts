import { InjectionToken } from '@angular/core';
import type { SealedGroup } from '@protocol/sealed/group';
import type * as voterKit from '../../../voter/voter-kit';

/** The parts of voter/ the vote page uses. */
export type VoterKit = Pick<
  typeof voterKit,
  | 'prepareCredentialRequest'
  | 'finishCredential'
  | 'ballotTrackingCode'
  | 'sealingKeyOf'
  | 'sealChoiceFor'
  | 'signSealedBallot'
  | 'openChallenge'
>;

/**
 * Loads the voter's crypto kit (blind RSA, Ed25519, sealing) on first use: it is a chunk of its own, so nobody pays
 * for it before casting a secret ballot. A token, so component tests can hand in a fake.
 */
export const VOTER_KIT = new InjectionToken<() => Promise<VoterKit>>('VOTER_KIT', {
  factory: () => () => import('../../../voter/voter-kit'),
});

/**
 * The group of sealed ballots (ristretto255, libsodium compiled to WebAssembly), loaded on first use by a
 * voter of a sealed election: another chunk of its own.
 */
export const SEALED_GROUP = new InjectionToken<() => Promise<SealedGroup>>('SEALED_GROUP', {
  factory: () => () => import('../../../sealed-crypto/libsodium-group').then((m) => m.libsodiumGroup()),
});
