import fc from 'fast-check';
import {
  applyBlock,
  applyTransaction,
  base64urlToBytes,
  type Block,
  bytesToBase64url,
  ceremonyBaseHash,
  claimsOf,
  decodeSealedLedger,
  encodeSealedLedger,
  initialLedgerState,
  type LedgerState,
  type OpenedElection,
  type SealedBallot,
  type SealedGroup,
  sealedResult,
  type Transaction,
  type TrusteeDecryption,
  validateTransaction,
} from '../../../protocol';
import { sha256 } from '../fixtures';
import { makeSecretElection, type SecretElection } from '../secret-election';
import { sumOfSealedBallots, TestTrustee } from '../../support/sealed-trustee';
import { bothGroups } from './groups';
import { stringMatching } from '../../support/matchers';

const N = 4;
const T = 2;
const NOW = 1_800_000_000;
/** Each voter's option: parties 0–2, and 3 the blank vote. */
const CHOICES = [0, 1, 1, 2, 3, 1];

/**
 * The rules of a sealed election as the chain applies them, transaction by transaction (applyTransaction):
 * the ceremony, the opening with its key, sealed ballots summed per option, and the decryption by any quorum.
 */
describe('a sealed election on chain', () => {
  let group: SealedGroup;
  let noble: SealedGroup;
  let trustees: TestTrustee[];
  let s: SecretElection;
  let base: Uint8Array;
  /** The state after the ceremony, before the opening. */
  let ceremonyDone: LedgerState;
  let openTx: Transaction;
  let opened: LedgerState;
  let ballots: SealedBallot[];
  let closed: LedgerState;
  let keyShares: Uint8Array[];

  const apply = (state: LedgerState, txs: readonly Transaction[], rules = s.rules): LedgerState =>
    txs.reduce((st, tx) => {
      const own = validateTransaction(tx, rules, NOW);
      if (!own.ok) throw new Error(`${own.reason}: ${own.detail}`);
      const next = applyTransaction(st, tx, rules);
      if (!next.ok) throw new Error(`${next.reason}: ${next.detail}`);
      return next.state;
    }, state);

  const openedOf = (state: LedgerState): OpenedElection => state.sealed!.opened!;

  /** A voter's sealed ballot for option `choice` of the four, sealed to `at` (or under another base hash). */
  const sealedBallot = (choice: number, at: OpenedElection, options: { base?: Uint8Array } = {}): SealedBallot =>
    s.sealedBallot(choice, { to: { key: at.key, base: options.base ?? at.base } });

  const decryption = (k: number, state: LedgerState = closed, share = keyShares[k - 1]): TrusteeDecryption =>
    trustees[k - 1].decryption(s.electionId, openedOf(state).base, share, state.sealed!.sum!);

  beforeAll(async () => {
    ({ sodium: group, noble } = await bothGroups());
    trustees = Array.from({ length: N }, (_, i) => new TestTrustee(group, i + 1));
    s = makeSecretElection({
      voterCount: CHOICES.length,
      sealed: { manifest: { threshold: T, trustees: trustees.map((t) => t.spec()), blank: true }, group },
    });
    base = ceremonyBaseHash(sha256, group, s.electionId, T, N);
    const credentials = s.voters.map((v) => s.credentialRecord(v));
    const commitments = trustees.map((t) => t.commitments(s.electionId, base, T));
    const shares = trustees.map((t) => t.shares(s.electionId, base, s.election.sealed!));
    ceremonyDone = apply(initialLedgerState(s.election), [...credentials, ...commitments, ...shares]);
    const chain = [{ transactions: [...commitments, ...shares] } as unknown as Block];
    keyShares = trustees.map((t) => t.keyShare(base, chain));

    // K = Σ C_i0, computed here from the transactions rather than by the code under test.
    const key = bytesToBase64url(commitments.map((c) => base64urlToBytes(c.commitments[0])!).reduce((a, b) => group.add(a, b)));
    openTx = s.lifecycle('open', NOW - 100, { electionKey: key });
    opened = apply(ceremonyDone, [openTx]);
    ballots = CHOICES.map((c) => sealedBallot(c, openedOf(opened)));
    closed = apply(opened, [...ballots, s.lifecycle('close', NOW - 50)]);
  });

  it('opens only with the key the complete ceremony fixed', () => {
    const early = applyTransaction(initialLedgerState(s.election), openTx, s.rules);
    expect(early).toMatchObject({ ok: false, reason: 'ceremony-incomplete' });
    const otherKey = bytesToBase64url(group.multiplyBase(group.randomScalar()));
    const wrong = s.lifecycle('open', NOW - 100, { electionKey: otherKey });
    expect(applyTransaction(ceremonyDone, wrong, s.rules)).toMatchObject({ ok: false, reason: 'wrong-election-key' });
    // An opening without a key is not one a sealed election takes.
    expect(validateTransaction(s.lifecycle('open', NOW - 100), s.rules, NOW)).toMatchObject({ ok: false, reason: 'wrong-scheme' });
    expect(openedOf(opened).key).toEqual(base64urlToBytes((openTx as { election_key: string }).election_key));
  });

  it('sums the ballots per option, and refuses proofs bound to another election or another ballot key', () => {
    expect(closed.ballots).toBe(CHOICES.length);
    expect(closed.sealed!.sum).toEqual(sumOfSealedBallots(group, [{ transactions: ballots } as unknown as Block]));
    const misbound = sealedBallot(0, openedOf(opened), { base: new Uint8Array(32).fill(1) });
    expect(applyTransaction(opened, misbound, s.rules)).toMatchObject({ ok: false, reason: 'sealed-entry-proof' });
    // Another ballot key: the proofs are bound to the key they were made for.
    const stolen = { ...ballots[0], ballot_key: sealedBallot(0, openedOf(opened)).ballot_key };
    expect(applyTransaction(opened, stolen, s.rules)).toMatchObject({ ok: false, reason: 'sealed-entry-proof' });
  });

  it('claims every ciphertext: a ballot that repeats one on chain is refused, whatever its ballot key', () => {
    const seals = claimsOf(ballots[0]).slice(1);
    expect(seals).toHaveLength(4);
    const copy = sealedBallot(1, openedOf(opened));
    const copied = { ...copy, sealed: { ...copy.sealed, entries: [ballots[0].sealed.entries[0], ...copy.sealed.entries.slice(1)] } };
    expect(claimsOf(copied)).toContain(seals[0]);
    const onChain = { isClaimed: (claim: string) => seals.includes(claim), state: opened };
    expect(applyBlock({ transactions: [copied] } as unknown as Block, onChain, s.rules)).toMatchObject({
      ok: false,
      reason: 'already-used',
      detail: `${seals[0]} is already used on this chain`,
    });
  });

  it('decrypts only after the close, and any quorum of t trustees gives the counts', () => {
    expect(applyTransaction(opened, decryption(1, closed), s.rules)).toMatchObject({ ok: false, reason: 'election-not-open' });
    expect(sealedResult(group, opened.sealed!, T, 4, opened.ballots, false)).toEqual({ state: 'sealed' });
    const expected = [1, 3, 1, 1];
    for (let a = 1; a <= N; a++) {
      for (let b = a + 1; b <= N; b++) {
        const state = apply(closed, [decryption(a), decryption(b)]);
        expect(sealedResult(group, state.sealed!, T, 4, state.ballots, true)).toEqual({
          state: 'decrypted',
          counts: expected,
          quorum: [a, b],
        });
        // The second implementation recovers the same counts from the same chain state.
        expect(sealedResult(noble, state.sealed!, T, 4, state.ballots, true)).toMatchObject({ counts: expected });
      }
    }
    const one = apply(closed, [decryption(3)]);
    expect(sealedResult(group, one.sealed!, T, 4, one.ballots, true)).toEqual({ state: 'decrypting', decrypted_by: [3], needed: T });
  });

  it('refuses a partial decryption with a bad proof, a forged signature or a second one, naming the trustee', () => {
    const wrongShare = applyTransaction(closed, decryption(2, closed, group.randomScalar()), s.rules);
    expect(wrongShare).toMatchObject({ ok: false, reason: 'bad-decryption-proof', detail: stringMatching(/trustee 2/) });
    const impostor = new TestTrustee(group, 2).decryption(s.electionId, openedOf(closed).base, keyShares[1], closed.sealed!.sum!);
    expect(applyTransaction(closed, impostor, s.rules)).toMatchObject({ ok: false, reason: 'bad-trustee-signature' });
    const after = apply(closed, [decryption(2)]);
    expect(applyTransaction(after, decryption(2), s.rules)).toMatchObject({ ok: false, reason: 'already-decrypted' });
  });

  it('refuses any change to any share or proof of a partial decryption', () => {
    const good = decryption(4);
    const fields = good.shares.length;
    fc.assert(
      fc.property(fc.nat(fields - 1), fc.constantFrom('share', 'challenge', 'response'), fc.nat(42), (j, part, at) => {
        const change = (text: string) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
        // Signed by the trustee itself, so that what is refused is the share or proof, not the signature.
        const tampered = trustees[3].signDecryption(s.electionId, {
          type: 'trustee-decryption',
          trustee: 4,
          shares: good.shares.map((sh, i) => (i === j && part === 'share' ? change(sh) : sh)),
          proofs: good.proofs.map((p, i) => (i === j && part !== 'share' ? { ...p, [part]: change(p[part]) } : p)),
        });
        const verdict = applyTransaction(closed, tampered, s.rules);
        expect(verdict).toMatchObject({ ok: false, reason: stringMatching(/^(bad-decryption-proof|decryption-encoding)$/) });
      }),
      { numRuns: 60 },
    );
  });

  it('stores and reads back the whole ledger, byte for byte', () => {
    const state = apply(closed, [decryption(1)]);
    const again = decodeSealedLedger(encodeSealedLedger(state.sealed!));
    expect(encodeSealedLedger(again)).toBe(encodeSealedLedger(state.sealed!));
    expect(again).toEqual(state.sealed);
  });
});
