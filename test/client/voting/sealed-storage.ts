import { Buffer } from 'node:buffer';
import { webcrypto } from 'node:crypto';
import { TestBed } from '@angular/core/testing';
import { VoterVault } from '../../../client/app/voting/voter-vault';

/*
 * The browser's storage as these tests see it. The vault's own open() names the entry and derives its key;
 * what is sealed and read here is the raw JSON, so a test sees exactly what the vault wrote.
 */

/** jsdom has crypto.getRandomValues but no crypto.subtle (browsers have both): Node's is lent for the file's tests. */
export function lendNodeWebCrypto(): void {
  const original = Object.getOwnPropertyDescriptor(globalThis.crypto, 'subtle');
  beforeAll(() => Object.defineProperty(globalThis.crypto, 'subtle', { value: webcrypto.subtle, configurable: true }));
  afterAll(() => {
    if (original) Object.defineProperty(globalThis.crypto, 'subtle', original);
    else Reflect.deleteProperty(globalThis.crypto, 'subtle');
  });
}

/** Stores `value` for this voter and code as the vault seals an entry: AES-256-GCM, `{ v: 1, iv, ciphertext }`. */
export async function sealFor(electionId: string, voterId: string, code: string, value: unknown): Promise<void> {
  const slot = await TestBed.inject(VoterVault).open(electionId, voterId, code);
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const plain = Buffer.from(JSON.stringify(value), 'utf8');
  const ciphertext = Buffer.from(await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, slot.key, plain));
  localStorage.setItem(
    slot.name,
    JSON.stringify({ v: 1, iv: Buffer.from(iv).toString('base64url'), ciphertext: ciphertext.toString('base64url') }),
  );
}

/** The JSON the vault sealed for this voter and code, or null when nothing is stored under their name. */
export async function sealedFor(electionId: string, voterId: string, code: string): Promise<unknown> {
  const slot = await TestBed.inject(VoterVault).open(electionId, voterId, code);
  const text = localStorage.getItem(slot.name);
  if (text === null) return null;
  const entry = JSON.parse(text) as { v: number; iv: string; ciphertext: string };
  expect(entry.v).toBe(1);
  const iv = Buffer.from(entry.iv, 'base64url');
  const plain = await webcrypto.subtle.decrypt({ name: 'AES-GCM', iv }, slot.key, Buffer.from(entry.ciphertext, 'base64url'));
  return JSON.parse(Buffer.from(plain).toString('utf8'));
}

/** Every key and value in localStorage, each as `key=value`. */
export function storageEntries(): string[] {
  return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)!).map((key) => `${key}=${localStorage.getItem(key)}`);
}

/** Fails when any key or value in localStorage holds one of `texts`, in any case. */
export function expectNoneInStorage(...texts: string[]): void {
  for (const entry of storageEntries()) {
    for (const text of texts) expect(entry.toLowerCase()).not.toContain(text.toLowerCase());
  }
}
