import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  applyCeremony,
  base64urlToBytes,
  bytesToBase64url,
  type CeremonyProgress,
  type CeremonyRules,
  type CeremonyTransaction,
  ceremonyBaseHash,
  ceremonyMessage,
  ceremonyStatus,
  dealCommitments,
  dealShares,
  decryptShare,
  evaluatePolynomial,
  NO_CEREMONY,
  scalarOf,
  type SealedGroup,
  type SealedSetup,
  shareContext,
  shareMatches,
  verificationKey,
} from '../../../protocol';
import { nodeSignatures } from '../../../node-crypto/signatures';
import { bothGroups } from './groups';

const N = 4;
const T = 2;
const ELECTION = 'e'.repeat(64);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A ceremony transaction before its signature, of any of the four kinds. */
type Unsigned = {
  [K in CeremonyTransaction['type']]: Omit<Extract<CeremonyTransaction, { type: K }>, 'signature'>;
}[CeremonyTransaction['type']];

interface Trustee {
  index: number;
  signingKey: KeyObject;
  shareSecret: Uint8Array;
}

describe('the key ceremony on chain', () => {
  let group: SealedGroup;
  let noble: SealedGroup;
  let trustees: Trustee[];
  let rules: CeremonyRules;

  const signed = <U extends Unsigned>(by: Trustee, unsigned: U): U & { signature: string } => {
    const tx = { ...unsigned, signature: '' };
    return { ...unsigned, signature: bytesToBase64url(sign(null, Buffer.from(ceremonyMessage(ELECTION, tx)), by.signingKey)) };
  };

  /** Applies transactions in order; fails the test on the first refusal. */
  const apply = (txs: CeremonyTransaction[], from: CeremonyProgress = NO_CEREMONY, r: CeremonyRules = rules): CeremonyProgress =>
    txs.reduce((progress, tx) => {
      const result = applyCeremony(progress, tx, r);
      if (!result.ok) throw new Error(`${tx.type} of trustee ${tx.trustee} refused: ${result.reason}: ${result.detail}`);
      return result.progress;
    }, from);

  /** Every trustee deals its commitments and shares. */
  const deal = () =>
    trustees.map((t) => {
      const c = dealCommitments(group, rules.base, t.index, T);
      const s = dealShares(group, rules.base, t.index, c.coefficients, rules.setup);
      return { trustee: t, ...c, ...s, commitmentsTx: signed(t, c.unsigned), sharesTx: signed(t, s.unsigned) };
    });

  beforeAll(async () => {
    ({ sodium: group, noble } = await bothGroups());
    trustees = Array.from({ length: N }, (_, i) => ({
      index: i + 1,
      signingKey: generateKeyPairSync('ed25519').privateKey,
      shareSecret: group.randomScalar(),
    }));
    const setup: SealedSetup = {
      threshold: T,
      trustees: trustees.map((t) => ({
        name: `Trustee ${t.index}`,
        signing_key: Buffer.from(t.signingKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64url'),
        share_key: bytesToBase64url(group.multiplyBase(t.shareSecret)),
      })),
    };
    const hash = (s: string) => createHash('sha256').update(s).digest('hex');
    rules = { group, signatures: nodeSignatures, electionId: ELECTION, setup, base: ceremonyBaseHash(hash, group, ELECTION, T, N) };
  });

  it('completes with every commitment and share, and fixes a key whose shares each trustee can check', () => {
    const dealt = deal();
    const progress = apply([...dealt.map((d) => d.commitmentsTx), ...dealt.map((d) => d.sharesTx)]);
    const status = ceremonyStatus(progress, rules.setup, group);
    if (status.state !== 'complete') throw new Error(`not complete: ${JSON.stringify(status)}`);
    const secret = dealt.map((d) => d.coefficients[0]).reduce((a, b) => group.scalarAdd(a, b));
    expect(hex(status.key)).toBe(hex(group.multiplyBase(secret)));

    // Each trustee decrypts what it was sent, checks it, and its key share matches its public verification key.
    for (const me of trustees) {
      // Its own share of its own polynomial, f_i(i), plus what every other trustee sent it.
      let keyShare = evaluatePolynomial(group, dealt[me.index - 1].coefficients, me.index);
      for (const d of dealt) {
        if (d.trustee.index === me.index) continue;
        const sent = progress.shares.get(d.trustee.index)!.get(me.index)!;
        const ctx = shareContext(rules.base, d.trustee.index, me.index);
        const share = decryptShare(noble, ctx, me.shareSecret, base64urlToBytes(rules.setup.trustees[me.index - 1].share_key)!, sent);
        expect(shareMatches(group, progress.commitments.get(d.trustee.index)!, me.index, share)).toBe(true);
        keyShare = group.scalarAdd(keyShare, share);
      }
      expect(hex(group.multiplyBase(keyShare))).toBe(hex(verificationKey(group, status.commitments, me.index)));
    }
  });

  it('waits for what is missing, in order, and refuses anything twice', () => {
    const dealt = deal();
    const early = applyCeremony(NO_CEREMONY, dealt[0].sharesTx, rules);
    expect(early).toMatchObject({ ok: false, reason: 'ceremony-out-of-order' });
    const partial = apply([dealt[0].commitmentsTx, dealt[1].commitmentsTx, dealt[0].sharesTx]);
    expect(ceremonyStatus(partial, rules.setup, group)).toEqual({
      state: 'in-progress',
      waitingFor: ['shares of trustee 2', 'commitments of trustee 3', 'commitments of trustee 4'],
    });
    expect(applyCeremony(partial, dealt[0].commitmentsTx, rules)).toMatchObject({ ok: false, reason: 'ceremony-duplicate' });
    expect(applyCeremony(partial, dealt[0].sharesTx, rules)).toMatchObject({ ok: false, reason: 'ceremony-duplicate' });
  });

  it('refuses a forged signature, a proof moved to another trustee, and malformed transactions', () => {
    const [first, second] = deal();
    const forged = { ...first.commitmentsTx, signature: second.commitmentsTx.signature };
    expect(applyCeremony(NO_CEREMONY, forged, rules)).toMatchObject({ ok: false, reason: 'bad-trustee-signature' });
    // Trustee 2 posting trustee 1's commitments and proofs as its own, signed by itself.
    const { signature: _theirs, ...unsigned } = { ...first.commitmentsTx, trustee: 2 };
    const reposted = signed(second.trustee, unsigned);
    expect(applyCeremony(NO_CEREMONY, reposted, rules)).toMatchObject({ ok: false, reason: 'bad-commitment-proof' });
    for (const bad of [
      null,
      {},
      { ...first.commitmentsTx, extra: 1 },
      { ...first.commitmentsTx, trustee: 9 },
      { ...first.commitmentsTx, commitments: [] },
    ]) {
      expect(applyCeremony(NO_CEREMONY, bad, rules).ok).toBe(false);
    }
    const identity = { ...first.commitmentsTx, commitments: [bytesToBase64url(new Uint8Array(32)), first.commitmentsTx.commitments[1]] };
    expect(applyCeremony(NO_CEREMONY, identity, rules)).toMatchObject({ ok: false, reason: 'ceremony-encoding' });
  });

  it('settles a complaint: an honest dealer’s reveal dismisses it, a bad share fails the ceremony and names its dealer', () => {
    const dealt = deal();
    const base = apply([...dealt.map((d) => d.commitmentsTx), ...dealt.map((d) => d.sharesTx)]);
    const [d1, d2] = dealt;
    const complaint = signed(d2.trustee, { type: 'trustee-complaint', trustee: 2, against: 1 });
    const complained = apply([complaint], base);
    expect(ceremonyStatus(complained, rules.setup, group)).toEqual({
      state: 'in-progress',
      waitingFor: ["trustee 1's answer to trustee 2's complaint"],
    });
    const answer = (share: Uint8Array, nonce: Uint8Array) =>
      signed(d1.trustee, { type: 'trustee-reveal', trustee: 1, to: 2, share: bytesToBase64url(share), nonce: bytesToBase64url(nonce) });
    // A reveal must give back the encryption on chain.
    expect(applyCeremony(complained, answer(group.randomScalar(), d1.nonces.get(2)!), rules)).toMatchObject({
      ok: false,
      reason: 'reveal-does-not-match',
    });
    const dismissed = apply([answer(d1.shares.get(2)!, d1.nonces.get(2)!)], complained);
    expect(ceremonyStatus(dismissed, rules.setup, group).state).toBe('complete');

    // A dealer that sent a bad share: its only matching reveal shows the share breaks its commitments.
    const cheat = dealCommitments(group, rules.base, 3, T);
    const cheatShares = dealShares(
      group,
      rules.base,
      3,
      cheat.coefficients.map((a, j) => (j === 0 ? group.scalarAdd(a, scalarOf(1)) : a)),
      rules.setup,
    );
    const progress = apply([
      ...dealt.filter((d) => d.trustee.index !== 3).map((d) => d.commitmentsTx),
      signed(trustees[2], cheat.unsigned),
      ...dealt.filter((d) => d.trustee.index !== 3).map((d) => d.sharesTx),
      signed(trustees[2], cheatShares.unsigned),
      signed(trustees[3], { type: 'trustee-complaint', trustee: 4, against: 3 }),
      signed(trustees[2], {
        type: 'trustee-reveal',
        trustee: 3,
        to: 4,
        share: bytesToBase64url(cheatShares.shares.get(4)!),
        nonce: bytesToBase64url(cheatShares.nonces.get(4)!),
      }),
    ]);
    expect(ceremonyStatus(progress, rules.setup, group)).toEqual({ state: 'failed', faulty: [3] });
  });

  it('refuses a reveal no one asked for, and a complaint before the shares it is about', () => {
    const dealt = deal();
    const committed = apply(dealt.map((d) => d.commitmentsTx));
    expect(applyCeremony(committed, signed(trustees[1], { type: 'trustee-complaint', trustee: 2, against: 1 }), rules)).toMatchObject({
      ok: false,
      reason: 'ceremony-out-of-order',
    });
    const all = apply(
      dealt.map((d) => d.sharesTx),
      committed,
    );
    const unasked = signed(trustees[0], {
      type: 'trustee-reveal',
      trustee: 1,
      to: 2,
      share: bytesToBase64url(dealt[0].shares.get(2)!),
      nonce: bytesToBase64url(dealt[0].nonces.get(2)!),
    });
    expect(applyCeremony(all, unasked, rules)).toMatchObject({ ok: false, reason: 'ceremony-out-of-order' });
  });
});
