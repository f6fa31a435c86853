import { Buffer } from 'node:buffer';
import { createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import { TestBed } from '@angular/core/testing';
import { type VoterInProgress, VoterVault } from '../../../client/app/voting/voter-vault';
import { lendNodeWebCrypto, storageEntries } from './sealed-storage';

/*
 * The vault's format, recomputed here with node:crypto: an entry written by one release must open in the
 * next, so the name, the key and the envelope are fixed. What the vote page does with it is in secret-vote.spec.ts.
 */

const electionId = 'e'.repeat(64);
const inProgress: VoterInProgress = {
  request: { electionId, ballotSecretKey: 'secret-key', ballotKey: 'ballot-key', blindedMessage: 'blinded', inv: 'inv' },
  credential: 'credential',
  ballot: null,
};

describe('VoterVault', () => {
  lendNodeWebCrypto();
  let vault: VoterVault;

  beforeEach(() => {
    localStorage.clear();
    vault = TestBed.inject(VoterVault);
  });

  afterEach(() => {
    localStorage.clear();
    jest.restoreAllMocks();
  });

  async function saved(voterId = 'v-001', code = 'AAAA-BBBB-CCCC-DDDD'): Promise<{ name: string; entry: Record<string, unknown> }> {
    await vault.save(await vault.open(electionId, voterId, code), inProgress);
    const [name] = Object.keys(localStorage);
    return { name, entry: JSON.parse(localStorage.getItem(name)!) as Record<string, unknown> };
  }

  it('names the entry by a hash of the election, voter ID and code, and seals it with AES-256-GCM under an HKDF key', async () => {
    const { name, entry } = await saved();
    const inputs = [electionId, 'v-001', 'AAAABBBBCCCCDDDD'];
    const digest = createHash('sha256')
      .update(JSON.stringify(['ballotchain/voter-vault/name/v1', ...inputs]))
      .digest('hex');
    expect(name).toBe(`ballotchain.vault:${digest}`);
    expect(Object.keys(entry).sort()).toEqual(['ciphertext', 'iv', 'v']);
    expect(entry['v']).toBe(1);

    const key = Buffer.from(hkdfSync('sha256', JSON.stringify(inputs), Buffer.alloc(0), 'ballotchain/voter-vault/aes-256-gcm-key/v1', 32));
    const iv = Buffer.from(entry['iv'] as string, 'base64url');
    const sealed = Buffer.from(entry['ciphertext'] as string, 'base64url');
    expect(iv).toHaveLength(12);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(sealed.subarray(-16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString('utf8');
    expect(JSON.parse(plain)).toEqual(inProgress);
  });

  it('writes with a fresh IV every time', async () => {
    const first = await saved();
    const second = await saved();
    expect(second.name).toBe(first.name);
    expect(second.entry['iv']).not.toBe(first.entry['iv']);
    expect(second.entry['ciphertext']).not.toBe(first.entry['ciphertext']);
  });

  it('opens the same entry with the code as the authority compares it, and no other', async () => {
    await saved();
    expect(await vault.load(await vault.open(electionId, ' v-001 ', 'aaaa bbbb-cccc dddd'))).toEqual(inProgress);
    for (const [election, voterId, code] of [
      [electionId, 'v-001', 'AAAA-BBBB-CCCC-DDDE'],
      [electionId, 'v-002', 'AAAA-BBBB-CCCC-DDDD'],
      ['f'.repeat(64), 'v-001', 'AAAA-BBBB-CCCC-DDDD'],
    ]) {
      expect(await vault.load(await vault.open(election, voterId, code))).toBeNull();
    }
  });

  it.each<[string, (entry: Record<string, unknown>) => unknown]>([
    ['a ciphertext changed by one bit', (e) => ({ ...e, ciphertext: flipFirstBit(e['ciphertext'] as string) })],
    ['another IV', (e) => ({ ...e, iv: flipFirstBit(e['iv'] as string) })],
    ['another version', (e) => ({ ...e, v: 2 })],
    ['no IV', ({ iv: _, ...rest }) => rest],
    ['a ciphertext that is not base64url', (e) => ({ ...e, ciphertext: '***' })],
    ['plain JSON', () => inProgress],
    ['not JSON', () => undefined],
  ])('treats %s as nothing stored', async (_, change) => {
    const { name, entry } = await saved();
    const changed = change(entry);
    localStorage.setItem(name, changed === undefined ? '{not json' : JSON.stringify(changed));
    expect(await vault.load(await vault.open(electionId, 'v-001', 'AAAA-BBBB-CCCC-DDDD'))).toBeNull();
  });

  it('keeps the receipt only, and removes the entry when the browser refuses the write, without rejecting', async () => {
    const slot = await vault.open(electionId, 'v-001', 'AAAA-BBBB-CCCC-DDDD');
    await vault.save(slot, inProgress);
    await vault.keepReceiptOnly(slot, 'c'.repeat(64));
    expect(await vault.load(slot)).toEqual({ trackingCode: 'c'.repeat(64) });

    await vault.save(slot, inProgress);
    jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await expect(vault.keepReceiptOnly(slot, 'c'.repeat(64))).resolves.toBeUndefined();
    expect(storageEntries()).toEqual([]);
  });
});

function flipFirstBit(base64url: string): string {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[0] ^= 1;
  return bytes.toString('base64url');
}
