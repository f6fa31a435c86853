import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import { bytesToHex } from '@noble/hashes/utils';
import { normaliseActivationCode } from '@protocol/activation-code';
import { normaliseVoterId, trimVoterId } from '@protocol/voter-id';
import type { SealedBallot } from '@protocol/types';
import { fromBase64url, toBase64url } from '../../../voter/base64url';
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
  ballot: SealedBallot | null;
  /** A sealed ballot's choice, which the ballot itself does not show: kept with it until a node holds it. */
  choice?: string;
}

/**
 * What is left once a node has confirmed it holds the ballot: the receipt only. The ballot secret key, the
 * request, the credential and the signed ballot with its party are gone, so whoever uses this browser next
 * cannot read them back (and the receipt itself opens only with the voter's activation code).
 */
export interface VoterReceipt {
  trackingCode: string;
}

export type StoredVoter = VoterInProgress | VoterReceipt;

export const isReceipt = (stored: StoredVoter): stored is VoterReceipt => 'trackingCode' in stored;

/**
 * Where one voter's entry is kept and the key that seals it, both derived from the election, the voter ID
 * and the activation code. Whoever serves the voter holds this instead of the code: the key cannot be
 * exported, and the name cannot be computed from the voter ID alone (the code carries 80 random bits).
 */
export interface VoterSlot {
  readonly name: string;
  readonly key: CryptoKey;
}

export class StorageUnavailableError extends Error {
  constructor() {
    super(
      $localize`:@@vote.vault.storageBlocked:This browser does not let the page keep data (site data or local storage is blocked), so a credential could be lost on a reload. Allow site data for this page, or vote from another browser.`,
    );
  }
}

/** localStorage holds `<SEALED_PREFIX><hex>` → `{ v: 1, iv, ciphertext }`: the entry in AES-256-GCM, base64url. */
const SEALED_PREFIX = 'ballotchain.vault:';
interface SealedEntry {
  v: 1;
  iv: string;
  ciphertext: string;
}
/**
 * Domain tags: the name and the key are never another hash of the same inputs. v2 derives them from the voter
 * ID normalised (normaliseVoterId), so any case finds the entry; v1 from the voter ID as typed, trimmed. The
 * envelope is the same for both.
 */
const TAGS = {
  v2: { name: 'ballotchain/voter-vault/name/v2', key: 'ballotchain/voter-vault/aes-256-gcm-key/v2' },
  v1: { name: 'ballotchain/voter-vault/name/v1', key: 'ballotchain/voter-vault/aes-256-gcm-key/v1' },
} as const;
const IV_BYTES = 12;

/**
 * The earlier portal kept plain JSON under `ballotchain.voter:<electionId>:<voterId>`: the voter ID in
 * clear, readable without the code. Its receipts are deleted on sight; an entry in progress is picked up
 * only once the authority accepts the code with its request (SecretVoteFlow), then sealed and deleted.
 */
const LEGACY_PREFIX = 'ballotchain.voter:';
const legacyName = (electionId: string, voterId: string) => `${LEGACY_PREFIX}${electionId}:${voterId.trim()}`;

const isString = (v: unknown): v is string => typeof v === 'string';
const utf8 = (text: string) => new TextEncoder().encode(text);

function parse(text: string | null): StoredVoter | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Record<string, unknown> | null;
    if (!v || typeof v !== 'object') return null;
    // A tracking code wins over anything else stored beside it (as earlier versions of the portal did).
    if (isString(v['trackingCode'])) return { trackingCode: v['trackingCode'] };
    if (!isPreparedCredentialRequest(v['request'])) return null;
    const ballot = v['ballot'] as Partial<SealedBallot> | null | undefined;
    const known = ballot && typeof ballot === 'object' && ballot.type === 'sealed-ballot';
    return {
      request: v['request'],
      credential: isString(v['credential']) ? v['credential'] : null,
      ballot: known ? (ballot as SealedBallot) : null,
      ...(known && isString(v['choice']) ? { choice: v['choice'] } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * localStorage, one sealed entry per election, voter ID and activation code: the same browser, voter ID and
 * code resume, and a wrong code finds nothing. WebCrypto does the hashing, key derivation and encryption.
 */
@Injectable({ providedIn: 'root' })
export class VoterVault {
  private readonly window = inject(DOCUMENT).defaultView;

  /**
   * The slot of this voter with this code. An entry an earlier portal sealed under v1 (the voter ID as typed
   * then) is moved into it, read and sealed again, when it opens with the ID as typed now or normalised: the
   * authority accepted only the roll's own spelling then, which is one of these for most rolls. Also deletes
   * the earlier portal's plain receipts, wherever they are.
   */
  async open(electionId: string, voterId: string, code: string): Promise<VoterSlot> {
    this.dropLegacyReceipts();
    const normalisedCode = normaliseActivationCode(code);
    const slot = await this.slotOf('v2', [electionId, normaliseVoterId(voterId), normalisedCode]);
    if (!this.has(slot)) {
      const spellings = new Set([trimVoterId(voterId), normaliseVoterId(voterId)]);
      for (const spelling of spellings) {
        const old = await this.slotOf('v1', [electionId, spelling, normalisedCode]);
        const stored = await this.load(old);
        if (!stored) continue;
        await this.write(slot, stored).catch(() => undefined);
        if (this.has(slot)) this.remove(old);
        break;
      }
    }
    return slot;
  }

  /** v1 and v2 alike: the name hashes the tag with the inputs, the key is HKDF over the inputs with the key tag. */
  private async slotOf(version: keyof typeof TAGS, inputs: string[]): Promise<VoterSlot> {
    const subtle = this.crypto().subtle;
    const digest = await subtle.digest('SHA-256', utf8(JSON.stringify([TAGS[version].name, ...inputs])));
    const secret = await subtle.importKey('raw', utf8(JSON.stringify(inputs)), 'HKDF', false, ['deriveKey']);
    const key = await subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(TAGS[version].key) },
      secret,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
    return { name: SEALED_PREFIX + bytesToHex(new Uint8Array(digest)), key };
  }

  private has(slot: VoterSlot): boolean {
    try {
      return this.storage().getItem(slot.name) !== null;
    } catch {
      return false;
    }
  }

  /** Null when nothing is stored, or nothing that opens with this slot's key. */
  async load(slot: VoterSlot): Promise<StoredVoter | null> {
    try {
      const entry = JSON.parse(this.storage().getItem(slot.name) ?? 'null') as Partial<SealedEntry> | null;
      if (entry?.v !== 1 || !isString(entry.iv) || !isString(entry.ciphertext)) return null;
      const plain = await this.crypto().subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64url(entry.iv) },
        slot.key,
        fromBase64url(entry.ciphertext),
      );
      return parse(new TextDecoder().decode(plain));
    } catch {
      // Malformed, or sealed under another key: as good as nothing.
      return null;
    }
  }

  /** Throws StorageUnavailableError when the browser refuses: the caller must not go on without a copy. */
  async save(slot: VoterSlot, voter: VoterInProgress): Promise<void> {
    await this.write(slot, voter);
  }

  /**
   * Replaces everything kept for this voter by the receipt. Never rejects: the ballot is cast whatever
   * happens here. When the receipt cannot be written, the entry is removed instead, so the secrets go
   * either way (a returning voter then starts over and is told the credential was already used).
   */
  async keepReceiptOnly(slot: VoterSlot, trackingCode: string): Promise<void> {
    const receipt: VoterReceipt = { trackingCode };
    try {
      await this.write(slot, receipt);
    } catch {
      this.remove(slot);
    }
  }

  /** Never throws. */
  remove(slot: VoterSlot): void {
    this.removeItem(slot.name);
  }

  /** What the earlier portal kept in progress for this voter ID, in clear; receipts are never returned. */
  legacyInProgress(electionId: string, voterId: string): VoterInProgress | null {
    try {
      const stored = parse(this.storage().getItem(legacyName(electionId, voterId)));
      return stored && !isReceipt(stored) ? stored : null;
    } catch {
      return null;
    }
  }

  /** Never throws. */
  removeLegacy(electionId: string, voterId: string): void {
    this.removeItem(legacyName(electionId, voterId));
  }

  /** The earlier portal's receipts (and anything unreadable under its names) show a tracking code to anyone. */
  private dropLegacyReceipts(): void {
    try {
      const storage = this.storage();
      const names = Array.from({ length: storage.length }, (_, i) => storage.key(i) ?? '').filter((n) => n.startsWith(LEGACY_PREFIX));
      for (const name of names) {
        const stored = parse(storage.getItem(name));
        if (!stored || isReceipt(stored)) storage.removeItem(name);
      }
    } catch {
      // Storage is blocked: there is nothing to delete.
    }
  }

  private async write(slot: VoterSlot, stored: StoredVoter): Promise<void> {
    const crypto = this.crypto();
    // A fresh IV for every write: GCM must never see one twice under the same key.
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, slot.key, utf8(JSON.stringify(stored)));
    const entry: SealedEntry = { v: 1, iv: toBase64url(iv), ciphertext: toBase64url(new Uint8Array(ciphertext)) };
    try {
      this.storage().setItem(slot.name, JSON.stringify(entry));
    } catch {
      throw new StorageUnavailableError();
    }
  }

  private removeItem(name: string): void {
    try {
      this.storage().removeItem(name);
    } catch {
      // Nothing more this page can do: the browser refuses storage altogether.
    }
  }

  private storage(): Storage {
    const storage = this.window?.localStorage;
    if (!storage) throw new StorageUnavailableError();
    return storage;
  }

  private crypto(): Crypto {
    const crypto = this.window?.crypto;
    // The vote page offers no form without WebCrypto (WEB_CRYPTO_AVAILABLE), so this is only a safeguard.
    if (!crypto?.subtle) throw new Error('this browser offers no WebCrypto');
    return crypto;
  }
}
