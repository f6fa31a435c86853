import { Buffer } from 'node:buffer';
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { type PreparedCredentialRequest, RecoveryKitError, openRecoveryKit, sealRecoveryKit } from '../../voter';

/*
 * The kit's format is what another browser, or a later portal, must read: the key and the envelope are
 * recomputed here with node:crypto, not with the WebCrypto calls under test.
 */

const electionId = 'e'.repeat(64);
const request: PreparedCredentialRequest = {
  electionId,
  ballotSecretKey: 'c2VjcmV0LWtleS1vZi10aGUtYmFsbG90',
  ballotKey: 'YmFsbG90LWtleQ',
  blindedMessage: 'YmxpbmRlZC1tZXNzYWdl',
  inv: 'aW52ZXJzZQ',
};
const VOTER = 'VOID001';
const CODE = 'ABCD-EFGH-JKMN-PQRS';

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof RecoveryKitError) return e.problem;
    throw e;
  }
  throw new Error('the kit opened');
}

describe('recovery kit', () => {
  it('opens with the same election, voter ID and code, to the very request sealed', async () => {
    const kit = await sealRecoveryKit(request, VOTER, CODE);
    await expect(openRecoveryKit(kit, electionId, VOTER, CODE)).resolves.toEqual(request);
  });

  it('is AES-256-GCM under HKDF-SHA-256 of the election, the normalised voter ID and the normalised code', async () => {
    const kit = await sealRecoveryKit(request, ' void001 ', 'abcd efgh-jkmn pqrs');
    const [prefix, iv, ciphertext] = kit.split('.');
    expect(prefix).toBe('bckit1');
    const ikm = Buffer.from(JSON.stringify([electionId, 'VOID001', 'ABCDEFGHJKMNPQRS']), 'utf8');
    const key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), 'ballotchain/recovery-kit/aes-256-gcm-key/v1', 32));
    const sealed = Buffer.from(ciphertext, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from('ballotchain/recovery-kit/v1', 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8');
    expect(JSON.parse(plain)).toEqual({ request });
  });

  it('names neither the voter nor the election, and shows none of the request', async () => {
    const kit = await sealRecoveryKit(request, VOTER, CODE);
    for (const text of [VOTER, electionId, request.ballotSecretKey, request.ballotKey, request.blindedMessage, request.inv])
      expect(kit.toLowerCase()).not.toContain(text.toLowerCase());
    expect(kit).toMatch(/^bckit1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('is sealed afresh each time: two kits of one request differ', async () => {
    expect(await sealRecoveryKit(request, VOTER, CODE)).not.toBe(await sealRecoveryKit(request, VOTER, CODE));
  });

  it('opens with the voter ID and code typed in any case, with spaces and dashes', async () => {
    const kit = await sealRecoveryKit(request, VOTER, CODE);
    await expect(openRecoveryKit(kit, electionId, '  void001', 'abcdefghjkmnpqrs ')).resolves.toEqual(request);
  });

  it('opens from the file text or a copy wrapped over lines, with text before it', async () => {
    const kit = await sealRecoveryKit(request, VOTER, CODE);
    const wrapped = `Ballotchain recovery kit.\r\nKeep it private.\n\n${kit.slice(0, 40)}\n${kit.slice(40, 90)}\r\n${kit.slice(90)}\n`;
    await expect(openRecoveryKit(wrapped, electionId, VOTER, CODE)).resolves.toEqual(request);
  });

  it.each([
    ['another voter ID', electionId, 'VOID002', CODE],
    ['another code', electionId, VOTER, 'ABCD-EFGH-JKMN-PQRT'],
    ['another election', 'f'.repeat(64), VOTER, CODE],
  ])('does not open with %s', async (_what, election, voter, code) => {
    const kit = await sealRecoveryKit(request, VOTER, CODE);
    expect(await problemOf(openRecoveryKit(kit, election, voter, code))).toBe('does-not-open');
  });

  it('does not open when altered', async () => {
    const kit = await sealRecoveryKit(request, VOTER, CODE);
    // A character inside the ciphertext: all its bits count (the last one's may be padding).
    const at = kit.length - 10;
    const altered = kit.slice(0, at) + (kit[at] === 'A' ? 'B' : 'A') + kit.slice(at + 1);
    expect(await problemOf(openRecoveryKit(altered, electionId, VOTER, CODE))).toBe('does-not-open');
  });

  it.each(['', 'hello', 'bckit1.', 'bckit1..', '{"request":{}}'])('says %j is not a kit', async (text) => {
    expect(await problemOf(openRecoveryKit(text, electionId, VOTER, CODE))).toBe('not-a-kit');
  });
});
