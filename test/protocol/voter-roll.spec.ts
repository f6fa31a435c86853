import fc from 'fast-check';
import { isOnCommittedRoll, type MerkleStep, PROTOCOL_VERSION, rollCommitment, rollProofs, voterTag } from '../../protocol';
import { hex64 } from './arbitraries';
import { sha256 } from './fixtures';

const VOTERS = ['V001', 'V002', 'V003', 'V004', 'V005'];
const tagsOf = (ids: readonly string[]) => ids.map((id, i) => voterTag(`salt-${i}`, id, sha256));
const TAGS = tagsOf(VOTERS);

describe('voterTag', () => {
  it('is the hash of the protocol, a purpose, the salt and the voter ID', () => {
    expect(voterTag('s', 'V001', sha256)).toBe(sha256(JSON.stringify([PROTOCOL_VERSION, 'voter-tag', 's', 'V001'])));
    expect(voterTag('s', 'V001', sha256)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, [string, string], [string, string]]>([
    ['the salt', ['salt-a', 'V001'], ['salt-b', 'V001']],
    ['the voter ID', ['salt-a', 'V001'], ['salt-a', 'V002']],
    ['text moved between salt and ID', ['ab', 'c'], ['a', 'bc']],
    ['salt and ID swapped', ['V001', 'salt'], ['salt', 'V001']],
  ])('depends on %s', (_what, [s1, id1], [s2, id2]) => {
    expect(voterTag(s1, id1, sha256)).not.toBe(voterTag(s2, id2, sha256));
  });

  it('is deterministic', () => {
    expect(voterTag('salt', 'V001', sha256)).toBe(voterTag('salt', 'V001', sha256));
  });

  it('property: distinct (salt, ID) pairs give distinct tags', () => {
    const pair = fc.tuple(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(pair, pair, ([s1, i1], [s2, i2]) => {
        expect(voterTag(s1, i1, sha256) === voterTag(s2, i2, sha256)).toBe(s1 === s2 && i1 === i2);
      }),
      { numRuns: 500 },
    );
  });
});

describe('rollCommitment', () => {
  it('counts the tags and commits to them', () => {
    const c = rollCommitment(TAGS, sha256);
    expect(c.size).toBe(5);
    expect(c.root).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is order-independent and does not sort the caller’s array', () => {
    const reversed = [...TAGS].reverse();
    const copy = [...reversed];
    expect(rollCommitment(reversed, sha256)).toEqual(rollCommitment(TAGS, sha256));
    expect(reversed).toEqual(copy);
  });

  it.each<[string, string[]]>([
    ['a tag is added', [...TAGS, voterTag('salt-9', 'V009', sha256)]],
    ['a tag is removed', TAGS.slice(1)],
    ['a tag is replaced', [voterTag('other', 'V001', sha256), ...TAGS.slice(1)]],
    ['a salt changes', tagsOf(VOTERS).map((t, i) => (i === 2 ? voterTag('new', VOTERS[2], sha256) : t))],
  ])('changes when %s', (_what, tags) => {
    expect(rollCommitment(tags, sha256).root).not.toBe(rollCommitment(TAGS, sha256).root);
  });

  it('of one tag is that tag’s roll leaf, with an empty proof', () => {
    const [tag] = TAGS;
    const c = rollCommitment([tag], sha256);
    expect(c).toEqual({ size: 1, root: sha256('R:' + tag) });
    expect(rollProofs([tag], sha256).get(tag)).toEqual([]);
    expect(isOnCommittedRoll(tag, [], c.root, sha256)).toBe(true);
  });

  it('property: any permutation has the same commitment', () => {
    const tagsAndPermutation = fc
      .uniqueArray(hex64, { minLength: 1, maxLength: 30 })
      .chain((tags) => fc.tuple(fc.constant(tags), fc.shuffledSubarray(tags, { minLength: tags.length, maxLength: tags.length })));
    fc.assert(
      fc.property(tagsAndPermutation, ([tags, permuted]) => {
        expect(rollCommitment(permuted, sha256)).toEqual(rollCommitment(tags, sha256));
      }),
      { numRuns: 200 },
    );
  });
});

describe('rollProofs / isOnCommittedRoll', () => {
  it('gives one proof per tag, each verifying against the committed root', () => {
    const { root } = rollCommitment(TAGS, sha256);
    const proofs = rollProofs(TAGS, sha256);
    expect([...proofs.keys()].sort()).toEqual([...TAGS].sort());
    for (const tag of TAGS) expect(isOnCommittedRoll(tag, proofs.get(tag)!, root, sha256)).toBe(true);
  });

  it('gives no proofs for an empty roll', () => {
    expect(rollProofs([], sha256).size).toBe(0);
  });

  const { root } = rollCommitment(TAGS, sha256);
  const proofs = rollProofs(TAGS, sha256);
  const proof0 = proofs.get(TAGS[0])!;
  const outsider = voterTag('salt-0', 'V999', sha256);
  const flip = (s: MerkleStep): MerkleStep => ({ ...s, side: s.side === 'left' ? 'right' : 'left' });

  it.each<[string, string, MerkleStep[], string]>([
    ['a tag not on the roll, with a member’s proof', outsider, proof0, root],
    ['a tag not on the roll, with no proof', outsider, [], root],
    ['a member with another member’s proof', TAGS[0], proofs.get(TAGS[1])!, root],
    ['a member with an empty proof', TAGS[0], [], root],
    ['a member with a flipped step', TAGS[0], [flip(proof0[0]), ...proof0.slice(1)], root],
    ['a member with an altered step', TAGS[0], [{ ...proof0[0], hash: 'f'.repeat(64) }, ...proof0.slice(1)], root],
    ['a member with an extra step', TAGS[0], [...proof0, { side: 'right', hash: 'f'.repeat(64) }], root],
    ['a member against another root', TAGS[0], proof0, rollCommitment(TAGS.slice(1), sha256).root],
    ['the roll root itself as a tag', root, [], root],
    ['an inner node as a tag (roll leaves are domain-separated)', proof0[proof0.length - 1].hash, [], root],
    ['a member’s roll leaf as a tag', sha256('R:' + TAGS[0]), proof0, root],
  ])('rejects %s', (_name, tag, proof, against) => {
    expect(isOnCommittedRoll(tag, proof, against, sha256)).toBe(false);
  });

  it('property: every tag of a roll verifies with its proof; a tag not on the roll does not', () => {
    const rollAndOutsider = fc
      .uniqueArray(hex64, { minLength: 2, maxLength: 60 })
      .map((tags) => ({ tags: tags.slice(1), outsider: tags[0] }));
    fc.assert(
      fc.property(rollAndOutsider, ({ tags, outsider: out }) => {
        const c = rollCommitment(tags, sha256);
        const ps = rollProofs(tags, sha256);
        expect(ps.size).toBe(tags.length);
        for (const tag of tags) expect(isOnCommittedRoll(tag, ps.get(tag)!, c.root, sha256)).toBe(true);
        for (const tag of tags) expect(isOnCommittedRoll(out, ps.get(tag)!, c.root, sha256)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
