import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import type { SecretBallot } from '@protocol/types';
import { type PreparedCredentialRequest, isPreparedCredentialRequest } from '../../../voter/prepared-request';

/**
 * What this browser keeps for one voter in one election while the ballot is on its way. Each piece is
 * stored before the request that depends on it is sent, so a reload or a crash at any point can pick up
 * where it stopped: the blinded request (the authority answers it again, identically), the credential,
 * and the signed ballot (a node that already has it says so, and its tracking code is known).
 */
export interface VoterInProgress {
  request: PreparedCredentialRequest;
  credential: string | null;
  /** Signed and sent (or about to be); kept so the same ballot is sent again, never a second one. */
  ballot: SecretBallot | null;
}

/**
 * What is left once a node has confirmed it holds the ballot: the receipt only (the key names the
 * election and the voter ID). The ballot secret key, the request, the credential and the signed ballot
 * with its party are gone, so whoever uses this browser next cannot read them back.
 */
export interface VoterReceipt {
  trackingCode: string;
}

export type StoredVoter = VoterInProgress | VoterReceipt;

export const isReceipt = (stored: StoredVoter): stored is VoterReceipt => 'trackingCode' in stored;

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
    const v = JSON.parse(text) as Record<string, unknown> | null;
    if (!v || typeof v !== 'object') return null;
    // A tracking code wins over anything else stored beside it (as earlier versions of the portal did).
    if (isString(v['trackingCode'])) return { trackingCode: v['trackingCode'] };
    if (!isPreparedCredentialRequest(v['request'])) return null;
    const ballot = v['ballot'] as Partial<SecretBallot> | null | undefined;
    return {
      request: v['request'],
      credential: isString(v['credential']) ? v['credential'] : null,
      ballot: ballot && typeof ballot === 'object' && ballot.type === 'ballot' ? (ballot as SecretBallot) : null,
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
  save(electionId: string, voterId: string, voter: VoterInProgress): void {
    this.write(electionId, voterId, voter);
  }

  /**
   * Replaces everything kept for this voter by the receipt. Never throws: the ballot is cast whatever
   * happens here. When the receipt cannot be written, the entry is removed instead, so the secrets go
   * either way (a returning voter then starts over and is told the credential was already used).
   */
  keepReceiptOnly(electionId: string, voterId: string, trackingCode: string): void {
    const receipt: VoterReceipt = { trackingCode };
    try {
      this.write(electionId, voterId, receipt);
    } catch {
      try {
        this.storage().removeItem(this.key(electionId, voterId));
      } catch {
        // Nothing more this page can do: the browser refuses storage altogether.
      }
    }
  }

  private write(electionId: string, voterId: string, stored: StoredVoter): void {
    try {
      this.storage().setItem(this.key(electionId, voterId), JSON.stringify(stored));
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
