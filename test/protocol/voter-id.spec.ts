import fc from 'fast-check';
import { isWellFormedVoterId } from '../../protocol';
import { normaliseVoterId, trimVoterId, voterIdIndex, voterIdsAlike } from '../../protocol/voter-id';

describe('normaliseVoterId', () => {
  it.each([
    ['VOID008', 'VOID008'],
    ['void008', 'VOID008'],
    [' VOID008 ', 'VOID008'],
    ['\tvoid-008.a:b_c\u00a0', 'VOID-008.A:B_C'],
    ['Void008', 'VOID008'],
  ])('%j → %j', (typed, normalised) => {
    expect(normaliseVoterId(typed)).toBe(normalised);
  });

  it('folds ASCII letters only: a refused ID never becomes a well-formed one', () => {
    expect(normaliseVoterId('ﬀ')).toBe('ﬀ');
    expect(normaliseVoterId('straße')).toBe('STRAßE');
    expect(isWellFormedVoterId(normaliseVoterId('ﬀ'))).toBe(false);
  });

  it('property: idempotent, and keeps a well-formed ID well formed and as long', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,20}$/), fc.stringMatching(/^[ \t]{0,3}$/), (id, pad) => {
        const normalised = normaliseVoterId(pad + id + pad);
        expect(normaliseVoterId(normalised)).toBe(normalised);
        expect(isWellFormedVoterId(normalised)).toBe(true);
        expect(normalised).toHaveLength(id.length);
      }),
      { numRuns: 300 },
    );
  });

  it('property: two IDs normalise alike exactly when they differ only in the case of letters and surrounding spaces', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,6}$/);
    fc.assert(
      fc.property(id, id, (a, b) => {
        expect(normaliseVoterId(a) === normaliseVoterId(b)).toBe(a.toLowerCase() === b.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });
});

describe('trimVoterId', () => {
  it('drops the spaces and tabs around an ID and keeps its case', () => {
    expect(trimVoterId(' \t\u00a0void008\u2009 ')).toBe('void008');
    expect(trimVoterId('void 008')).toBe('void 008');
  });

  it('keeps a line break, which nobody types into a voter ID: the ID stays malformed', () => {
    expect(trimVoterId('VOID001\n')).toBe('VOID001\n');
    expect(isWellFormedVoterId(trimVoterId('VOID001\n'))).toBe(false);
  });
});

describe('voterIdsAlike', () => {
  it('groups the IDs that normalise alike, in roll order', () => {
    expect(voterIdsAlike(['A1', 'b2', 'a1', 'B2', 'C3', 'A1 '])).toEqual([
      ['A1', 'a1', 'A1 '],
      ['b2', 'B2'],
    ]);
  });

  it('is empty for a roll whose IDs all differ after normalising', () => {
    expect(voterIdsAlike(['VOID001', 'VOID002', 'alice'])).toEqual([]);
  });
});

describe('voterIdIndex', () => {
  const index = voterIdIndex(['VOID001', 'alice', 'Bob.Smith']);

  it.each([
    ['VOID001', 'VOID001'],
    ['void001', 'VOID001'],
    [' VOID001 ', 'VOID001'],
    ['ALICE', 'alice'],
    ['bob.smith', 'Bob.Smith'],
    ['VOID002', null],
    ['', null],
  ])('finds %j as %j, the roll’s own spelling', (typed, spelling) => {
    expect(index.of(typed)).toBe(spelling);
  });

  it('on a roll with IDs alike (made before they were refused), finds only the exact spellings', () => {
    const old = voterIdIndex(['X1', 'x1', 'Y1']);
    expect(old.of('X1')).toBe('X1');
    expect(old.of('x1')).toBe('x1');
    expect(old.of(' x1 ')).toBe('x1');
    expect(old.of('y1')).toBe('Y1');
  });

  it('on such a roll, an ID alike to both but spelled as neither finds nobody', () => {
    expect(voterIdIndex(['ab', 'AB']).of('Ab')).toBeNull();
  });
});
