import { generateKeyPairSync, sign } from 'node:crypto';
import { type Election, electionRules, type SealedBallot, type SignatureVerifier, signatureChecksOf } from '../../../protocol';
import { CachedSignatures } from '../../../node-crypto/cached-signatures';
import { nodeSignatures } from '../../../node-crypto/signatures';
import { sha256 } from '../../../node-crypto/sha256';
import { SignaturePrechecks } from '../../../server/chain/signature-prechecks';
import type { ElectionContext } from '../../../server/common/election-context';

/** A verifier that says yes to everything and counts what it was asked. */
function countingVerifier(): SignatureVerifier & { calls: number } {
  const v = {
    calls: 0,
    ed25519: () => (v.calls++, true),
    rsaPss: () => (v.calls++, true),
  };
  return v;
}

const election: Election = {
  title: 'Prechecks',
  parties: ['Red', 'Blue'],
  difficulty: 1,
  scheme: 'secret',
  roll: { size: 2, root: '0'.repeat(64) },
  authority: { signing_key: 'A'.repeat(43), credential_key: 'B'.repeat(40) },
  sealed: { threshold: 1, trustees: [{ name: 'T', signing_key: 'Q'.repeat(43), share_key: 'g'.repeat(43) }], blank: false },
};

/** Placeholders: its proofs are SealedPrechecks' (not given here); its credential and signature are what is checked. */
const SEALED: SealedBallot['sealed'] = {
  entries: [{ alpha: 'a', beta: 'b', c0: 'c', c1: 'd', v0: 'e', v1: 'f' }],
  sum_proof: { challenge: 'g', response: 'h' },
};

const ballot = (n: number): SealedBallot => ({
  type: 'sealed-ballot',
  sealed: SEALED,
  ballot_key: `${n}`.padStart(43, 'K'),
  credential: `c${n}`,
  signature: `s${n}`,
});

describe('CachedSignatures', () => {
  it('checks each exact key, message and signature once, and nothing it has not seen', () => {
    const inner = countingVerifier();
    const cached = new CachedSignatures(inner);
    expect(cached.ed25519('k', 'm', 's')).toBe(true);
    expect(cached.ed25519('k', 'm', 's')).toBe(true);
    expect(inner.calls).toBe(1);
    expect(cached.ed25519('k', 'm2', 's')).toBe(true);
    expect(cached.rsaPss('k', 'm', 's')).toBe(true);
    expect(inner.calls).toBe(3);
  });

  it('never keeps a failure, and forgets the oldest pass beyond its capacity', () => {
    const cached = new CachedSignatures(nodeSignatures, 2);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x!;
    const sig = (m: string) => sign(null, Buffer.from(m), privateKey).toString('base64url');
    expect(cached.ed25519(raw, 'one', sig('two'))).toBe(false);
    expect(cached.knows({ scheme: 'ed25519', publicKey: raw, message: 'one', signature: sig('two') })).toBe(false);
    for (const m of ['a', 'b', 'c']) expect(cached.ed25519(raw, m, sig(m))).toBe(true);
    expect(cached.knows({ scheme: 'ed25519', publicKey: raw, message: 'a', signature: sig('a') })).toBe(false);
    expect(cached.knows({ scheme: 'ed25519', publicKey: raw, message: 'c', signature: sig('c') })).toBe(true);
  });
});

describe('SignaturePrechecks (from sources: no worker, checks on the event loop a slice at a time)', () => {
  it('makes every check a block needs ahead, so that validation finds them all', async () => {
    const inner = countingVerifier();
    const signatures = new CachedSignatures(inner);
    const rules = electionRules(election, sha256, signatures);
    const prechecks = new SignaturePrechecks({ signatures, rules } as unknown as ElectionContext);
    const ballots = Array.from({ length: 300 }, (_, i) => ballot(i));
    await prechecks.preverify([...ballots, { not: 'a transaction' }, null]);
    expect(inner.calls).toBe(600);
    expect(ballots.flatMap((b) => signatureChecksOf(b, rules)).every((c) => signatures.knows(c))).toBe(true);
    // Made once: a second pass, or the block's validation, asks nothing more.
    await prechecks.preverify(ballots);
    expect(inner.calls).toBe(600);
    await prechecks.onModuleDestroy();
  });
});
