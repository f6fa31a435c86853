import { InjectionToken } from '@angular/core';
import type * as voterKit from '../../../voter/voter-kit';

/** The parts of voter/ the vote page uses. */
export type VoterKit = Pick<typeof voterKit, 'prepareCredentialRequest' | 'finishCredential' | 'signSecretBallot' | 'ballotTrackingCode'>;

/**
 * Loads the voter's crypto kit (blind RSA, Ed25519) on first use: it is a chunk of its own, so nobody pays
 * for it before casting a secret ballot. A token, so component tests can hand in a fake.
 */
export const VOTER_KIT = new InjectionToken<() => Promise<VoterKit>>('VOTER_KIT', {
  factory: () => () => import('../../../voter/voter-kit'),
});
