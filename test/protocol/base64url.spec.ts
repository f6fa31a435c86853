import fc from 'fast-check';
import { base64urlToBytes, bytesToBase64url, isCanonicalBase64url } from '../../protocol';

describe('isCanonicalBase64url', () => {
  it('accepts what Node itself encodes, for every length', () => {
    for (let n = 1; n <= 70; n++) {
      const text = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) % 256)).toString('base64url');
      expect(isCanonicalBase64url(text)).toBe(true);
    }
  });

  it.each([
    ['a last character with unused bits set (2 leftover characters)', 'AB'],
    ['a last character with unused bits set (3 leftover characters)', 'AAB'],
    ['a length no encoding produces', 'AAAAA'],
    ['padding', 'AA=='],
    ['the standard alphabet', 'ab+/'],
    ['an empty string', ''],
  ])('refuses %s', (_name, text) => {
    expect(isCanonicalBase64url(text)).toBe(false);
  });

  it('refuses every other spelling of the same bytes', () => {
    const canonical = Buffer.from('any 32 bytes of a ballot key....').toString('base64url');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const variants = [...alphabet]
      .map((c) => canonical.slice(0, -1) + c)
      .filter((v) => v !== canonical && Buffer.from(v, 'base64url').equals(Buffer.from(canonical, 'base64url')));
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(isCanonicalBase64url(v)).toBe(false);
  });
});

describe('base64url codec', () => {
  it('spells any bytes as Node does, and reads them back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = bytesToBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        if (bytes.length > 0) expect(Array.from(base64urlToBytes(text)!)).toEqual(Array.from(bytes));
      }),
    );
  });

  it('reads only the canonical spelling', () => {
    expect(base64urlToBytes('AQ')).toEqual(Uint8Array.of(1));
    expect(base64urlToBytes('AR')).toBeNull(); // unused low bits set: another spelling of [1]
    expect(base64urlToBytes('AQ==')).toBeNull();
    expect(base64urlToBytes('A+8')).toBeNull();
    expect(base64urlToBytes('')).toBeNull();
  });
});
