import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
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

  it('names the entry by a hash of the election, normalised voter ID and code (v2), and seals it with AES-256-GCM under an HKDF key', async () => {
    const { name, entry } = await saved('v-001');
    const inputs = [electionId, 'V-001', 'AAAABBBBCCCCDDDD'];
    expect(name).toBe(nameOf('v2', inputs));
    expect(Object.keys(entry).sort()).toEqual(['ciphertext', 'iv', 'v']);
    expect(entry['v']).toBe(1);

    const key = keyOf('v2', inputs);
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

  it('opens the same entry with the voter ID and code as the authority compares them, and no other', async () => {
    await saved();
    expect(await vault.load(await vault.open(electionId, ' v-001 ', 'aaaa bbbb-cccc dddd'))).toEqual(inProgress);
    expect(await vault.load(await vault.open(electionId, 'V-001', 'AAAA-BBBB-CCCC-DDDD'))).toEqual(inProgress);
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

describe('VoterVault and the entries of v1 (the voter ID as typed)', () => {
  lendNodeWebCrypto();
  let vault: VoterVault;
  const code = 'AAAA-BBBB-CCCC-DDDD';

  beforeEach(() => {
    localStorage.clear();
    vault = TestBed.inject(VoterVault);
  });

  afterEach(() => localStorage.clear());

  /** What the portal before v2 wrote for this voter ID, spelled as then typed. */
  function sealV1(voterId: string, value: unknown): string {
    const inputs = [electionId, voterId, 'AAAABBBBCCCCDDDD'];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keyOf('v1', inputs), iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const name = nameOf('v1', inputs);
    localStorage.setItem(name, JSON.stringify({ v: 1, iv: iv.toString('base64url'), ciphertext: ciphertext.toString('base64url') }));
    return name;
  }

  it.each([
    ['typed the same again', 'VOID001', 'VOID001'],
    ['typed in another case, the roll spelling being in capitals', 'VOID001', 'void001'],
    ['typed with spaces', 'alice', ' alice '],
  ])('moves an entry into v2 when the ID is %s, and removes the v1 entry', async (_what, then, now) => {
    const old = sealV1(then, inProgress);
    const slot = await vault.open(electionId, now, code);
    expect(await vault.load(slot)).toEqual(inProgress);
    expect(localStorage.getItem(old)).toBeNull();
    expect(slot.name).toBe(nameOf('v2', [electionId, then.trim().toUpperCase(), 'AAAABBBBCCCCDDDD']));
    expect(localStorage.getItem(slot.name)).not.toBeNull();
  });

  it('keeps a v1 entry it cannot move (the browser refuses the write), and reads nothing in its place', async () => {
    const old = sealV1('VOID001', inProgress);
    jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const slot = await vault.open(electionId, 'VOID001', code);
    jest.restoreAllMocks();
    expect(localStorage.getItem(old)).not.toBeNull();
    expect(await vault.load(slot)).toBeNull();
  });

  it('leaves a v1 entry of another code alone', async () => {
    const old = sealV1('VOID001', inProgress);
    const slot = await vault.open(electionId, 'VOID001', 'AAAA-BBBB-CCCC-DDDE');
    expect(await vault.load(slot)).toBeNull();
    expect(localStorage.getItem(old)).not.toBeNull();
  });
});

const TAGS = {
  v1: ['ballotchain/voter-vault/name/v1', 'ballotchain/voter-vault/aes-256-gcm-key/v1'],
  v2: ['ballotchain/voter-vault/name/v2', 'ballotchain/voter-vault/aes-256-gcm-key/v2'],
} as const;

function nameOf(version: keyof typeof TAGS, inputs: string[]): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([TAGS[version][0], ...inputs]))
    .digest('hex');
  return `ballotchain.vault:${digest}`;
}

function keyOf(version: keyof typeof TAGS, inputs: string[]): Buffer {
  return Buffer.from(hkdfSync('sha256', JSON.stringify(inputs), Buffer.alloc(0), TAGS[version][1], 32));
}

function flipFirstBit(base64url: string): string {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[0] ^= 1;
  return bytes.toString('base64url');
}
