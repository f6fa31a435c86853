import { isSealed, openKey, SealedKeyError, sealKey } from '../../../node-crypto/key-sealing';

const KEY = 'MC4CAQAwBQYDK2VwBCIEIPrivateKeyBytesInBase64url_';
const PASSPHRASE = 'correct horse battery staple';

describe('sealKey and openKey', () => {
  it('seal a key so that only the passphrase opens it, and never show it in clear', () => {
    const sealed = sealKey(KEY, PASSPHRASE, 'signing');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(KEY);
    expect(openKey(sealed, PASSPHRASE, 'signing')).toBe(KEY);
  });

  it('use a fresh salt and IV each time: the same key sealed twice gives two texts', () => {
    expect(sealKey(KEY, PASSPHRASE, 'signing')).not.toBe(sealKey(KEY, PASSPHRASE, 'signing'));
  });

  it.each([
    ['a wrong passphrase', (s: string) => s, 'correct horse battery stapler', 'signing'],
    ['the other key’s name (a swapped row)', (s: string) => s, PASSPHRASE, 'credential'],
    ['one altered ciphertext character', (s: string) => s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1), PASSPHRASE, 'signing'],
  ])('refuse %s', (_case, alter, passphrase, name) => {
    const sealed = alter(sealKey(KEY, PASSPHRASE, 'signing'));
    expect(() => openKey(sealed, passphrase, name)).toThrow(SealedKeyError);
    expect(() => openKey(sealed, passphrase, name)).toThrow(`the authority's ${name} key does not open with this passphrase`);
  });

  it('refuse a value that is not a sealed key', () => {
    expect(isSealed(KEY)).toBe(false);
    expect(() => openKey(KEY, PASSPHRASE, 'signing')).toThrow(SealedKeyError);
    expect(() => openKey('sealed:v1:only:three', PASSPHRASE, 'signing')).toThrow(SealedKeyError);
  });
});
