import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import type { SecretBallot } from '../../../protocol/types';
import { type PreparedCredentialRequest, isPreparedCredentialRequest } from '../../../voter/prepared-request';

/**
 * What this browser keeps for one voter in one election. Each piece is stored before the request that
 * depends on it is sent, so a reload or a crash at any point can pick up where it stopped:
 * the blinded request (the authority answers it again, identically), the credential, and the signed
 * ballot (a node that already has it says so, and its tracking code is known).
 */
export interface StoredVoter {
  request: PreparedCredentialRequest;
  credential: string | null;
  /** Signed and sent (or about to be); kept so the same ballot is sent again, never a second one. */
  ballot: SecretBallot | null;
  /** Set once a node has confirmed it holds the ballot. */
  trackingCode: string | null;
}

export class StorageUnavailableError extends Error {
  constructor() {
    super(
      'This browser does not let the page keep data (site data or local storage is blocked), so a credential ' +
        'could be lost on a reload. Allow site data for this page, or vote from another browser.',
    );
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';

function parse(text: string | null): StoredVoter | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<StoredVoter> | null;
    if (!v || !isPreparedCredentialRequest(v.request)) return null;
    const ballot = v.ballot && typeof v.ballot === 'object' && v.ballot.type === 'ballot' ? v.ballot : null;
    return {
      request: v.request,
      credential: isString(v.credential) ? v.credential : null,
      ballot,
      trackingCode: isString(v.trackingCode) ? v.trackingCode : null,
    };
  } catch {
    return null;
  }
}

/** localStorage, keyed by election and voter ID: the same browser and the same voter ID resume. */
@Injectable({ providedIn: 'root' })
export class VoterVault {
  private readonly window = inject(DOCUMENT).defaultView;

  load(electionId: string, voterId: string): StoredVoter | null {
    try {
      return parse(this.storage().getItem(this.key(electionId, voterId)));
    } catch {
      return null;
    }
  }

  /** Throws StorageUnavailableError when the browser refuses: the caller must not go on without a copy. */
  save(electionId: string, voterId: string, voter: StoredVoter): void {
    try {
      this.storage().setItem(this.key(electionId, voterId), JSON.stringify(voter));
    } catch {
      throw new StorageUnavailableError();
    }
  }

  private storage(): Storage {
    const storage = this.window?.localStorage;
    if (!storage) throw new StorageUnavailableError();
    return storage;
  }

  private key(electionId: string, voterId: string): string {
    return `ballotchain.voter:${electionId}:${voterId}`;
  }
}
