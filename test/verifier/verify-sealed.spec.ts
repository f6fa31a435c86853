import {
  base64urlToBytes,
  type Block,
  bytesToBase64url,
  ceremonyBaseHash,
  electionBaseHash,
  initialLedgerState,
  type LedgerState,
  applyTransaction,
  sealChoice,
  type SealedBallot,
  type SealedGroup,
  type Transaction,
  type TrusteeDecryption,
} from '../../protocol';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { nobleGroup } from '../../sealed-crypto/noble-group';
import { openChallenge } from '../../verifier/challenge';
import { verifyChain } from '../../verifier/verify-chain';
import { genesis, mineBlock, NOW, sha256 } from '../protocol/fixtures';
import { ed25519Pair, makeSecretElection, type SecretElection } from '../protocol/secret-election';
import { TestTrustee } from '../support/sealed-trustee';

jest.setTimeout(60_000);

/** Parties 0–2; each voter's choice. */
const CHOICES = [2, 0, 2, 1];

/**
 * The verifier on a whole sealed election: ceremony, opening, sealed ballots, close, two of three partial
 * decryptions. It recomputes the counts itself, agrees with the second implementation, and names the rule each
 * tampering breaks.
 */
describe('verifyChain: a sealed election', () => {
  let group: SealedGroup;
  let s: SecretElection;
  let trustees: TestTrustee[];
  /** The transactions of each block, in order; rebuilt into a chain for each case. */
  let blocks: Transaction[][];
  let base: Uint8Array;
  let ballots: SealedBallot[];
  let decryptions: TrusteeDecryption[];

  const chainOf = (txs: Transaction[][]): Block[] => {
    const chain = [genesis(s.election)];
    txs.forEach((t, i) => chain.push(mineBlock(chain[i], t, { timestamp: NOW - 100 + i }, s.election)));
    return chain;
  };
  const verify = (txs: Transaction[][], crossCheck = false) =>
    verifyChain(chainOf(txs), { now: NOW, workers: 0, ...(crossCheck ? { crossCheck: nobleGroup() } : {}) });

  let key: Uint8Array;
  /** A voter's sealed ballot for option `choice`, sealed to this election (or under another base hash). */
  const sealedBallot = (choice: number, to = base): SealedBallot => s.sealedBallot(choice, { to: { key, base: to } });

  beforeAll(async () => {
    group = await libsodiumGroup();
    trustees = [1, 2, 3].map((i) => new TestTrustee(group, i));
    s = makeSecretElection({
      voterCount: CHOICES.length,
      sealed: { manifest: { threshold: 2, trustees: trustees.map((t) => t.spec()), blank: false }, group },
    });
    const ceremonyBase = ceremonyBaseHash(sha256, group, s.electionId, 2, 3);
    const commitments = trustees.map((t) => t.commitments(s.electionId, ceremonyBase, 2));
    const shares = trustees.map((t) => t.shares(s.electionId, ceremonyBase, s.election.sealed!));
    const bytes = commitments.map((c) => c.commitments.map((x) => base64urlToBytes(x)!));
    key = bytes.map((c) => c[0]).reduce((a, b) => group.add(a, b));
    base = electionBaseHash(sha256, group, s.electionId, 2, bytes, key);
    ballots = CHOICES.map((c) => sealedBallot(c));
    const records = s.voters.map((v) => s.credentialRecord(v));
    const open = s.lifecycle('open', NOW - 90, { electionKey: bytesToBase64url(key) });
    const close = s.lifecycle('close', NOW - 80);
    const before = [records, commitments, shares, [open], ballots, [close]];
    // The sums the trustees decrypt: the state after those blocks, as the rules compute it.
    let state: LedgerState = initialLedgerState(s.election);
    for (const tx of before.flat()) {
      const next = applyTransaction(state, tx, s.rules);
      if (!next.ok) throw new Error(`${next.reason}: ${next.detail}`);
      state = next.state;
    }
    const ceremonyChain = chainOf(before);
    decryptions = [1, 3].map((k) =>
      trustees[k - 1].decryption(s.electionId, base, trustees[k - 1].keyShare(ceremonyBase, ceremonyChain), state.sealed!.sum!),
    );
    blocks = [...before, decryptions];
  });

  it('accepts the whole election and recomputes the counts, the same with the second implementation', async () => {
    const report = await verify(blocks, true);
    expect(report.problems).toEqual([]);
    expect(report.summary?.tally).toEqual([
      { party: 'Red', votes: 1 },
      { party: 'Green', votes: 1 },
      { party: 'Blue', votes: 2 },
    ]);
    expect(report.summary?.sealed).toEqual({
      state: 'decrypted',
      decrypted_by: [1, 3],
      threshold: 2,
      blank: null,
      cross_checked_with: 'noble-curves',
    });
  });

  it('before any decryption, reports the choices sealed and no count', async () => {
    const report = await verify(blocks.slice(0, -1));
    expect(report.ok).toBe(true);
    expect(report.summary?.tally).toEqual([]);
    expect(report.summary?.sealed).toMatchObject({ state: 'decrypting', decrypted_by: [] });
  });

  it('opens a challenged sealing against the verified chain, and catches a device that lies', async () => {
    const report = await verify(blocks.slice(0, 4));
    const voterKey = ed25519Pair();
    const { sealed, randomness } = sealChoice(group, key, 3, 1, { base, bind: base64urlToBytes(voterKey.publicKey)! });
    const evidence = (r: Uint8Array[]) =>
      JSON.stringify({ election_id: s.electionId, ballot_key: voterKey.publicKey, sealed, randomness: r.map(bytesToBase64url) });
    expect(openChallenge(evidence(randomness), s.electionId, s.election, report.state!, group)).toEqual({
      ok: true,
      message: "The challenged sealing encrypts Green, to this election's key; it was never cast.",
    });
    const lie = [randomness[1], randomness[0], randomness[2]];
    expect(openChallenge(evidence(lie), s.electionId, s.election, report.state!, group)).toMatchObject({
      ok: false,
      message: 'the randomness does not open this sealing: the device that showed it lied',
    });
    // A sealing made for another election's key is said to be one.
    const other = sealChoice(group, group.multiplyBase(group.randomScalar()), 3, 1, { base, bind: base64urlToBytes(voterKey.publicKey)! });
    const foreign = JSON.stringify({ election_id: s.electionId, ballot_key: voterKey.publicKey, sealed: other.sealed, randomness: [] });
    expect(openChallenge(foreign, s.electionId, s.election, report.state!, group).message).toMatch(/not made for this election's key/);
  });

  const tampered = async (replace: (txs: Transaction[][]) => Transaction[][]) => (await verify(replace(structuredClone(blocks)))).problems;

  it('names the rule each tampering breaks', async () => {
    // A commitment changed: the trustee's signature no longer covers it.
    expect(
      await tampered((b) => {
        const c = b[1][0] as { commitments: string[] };
        c.commitments[1] = c.commitments[0];
        return b;
      }),
    ).toContainEqual(expect.objectContaining({ block: 2, transaction: 0, reason: 'bad-trustee-signature' }));

    // An opening naming another key, signed by the authority all the same.
    const otherKey = bytesToBase64url(group.multiplyBase(group.randomScalar()));
    expect(
      await tampered((b) => {
        b[3] = [s.lifecycle('open', NOW - 90, { electionKey: otherKey })];
        return b;
      }),
    ).toContainEqual(expect.objectContaining({ block: 4, transaction: 0, reason: 'wrong-election-key' }));

    // A ballot sealed for another election, well signed by its own key: its proofs do not hold here.
    const foreign = sealedBallot(0, new Uint8Array(32).fill(3));
    expect(
      await tampered((b) => {
        b[4][1] = foreign;
        return b;
      }),
    ).toContainEqual(expect.objectContaining({ block: 5, transaction: 1, reason: 'sealed-entry-proof' }));

    // A copy of another ballot's ciphertexts under a ballot key of its own.
    const copy = sealedBallot(0);
    const copied = { ...copy, sealed: ballots[0].sealed };
    expect(
      await tampered((b) => {
        b[4][3] = copied;
        return b;
      }),
    ).toContainEqual(expect.objectContaining({ block: 5, reason: expect.stringMatching(/already-used|duplicate-in-block/) as unknown }));

    // A partial decryption whose share was changed and signed again by its trustee: its proof fails.
    const bad = trustees[0].signDecryption(s.electionId, {
      ...decryptions[0],
      shares: [decryptions[1].shares[0], ...decryptions[0].shares.slice(1)],
    });
    expect(
      await tampered((b) => {
        b[6][0] = bad;
        return b;
      }),
    ).toContainEqual(expect.objectContaining({ block: 7, transaction: 0, reason: 'bad-decryption-proof' }));
  });
});
