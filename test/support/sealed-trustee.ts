import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import {
  type Block,
  bytesToBase64url,
  base64urlToBytes,
  type Ciphertext,
  addCiphertexts,
  ceremonyMessage,
  type CeremonyTransaction,
  dealCommitments,
  dealShares,
  decryptionMessage,
  decryptSums,
  keyShareOf,
  type SealedGroup,
  type SealedSetup,
  type TrusteeCommitments,
  type TrusteeDecryption,
  type TrusteeShares,
  type TrusteeSpec,
} from '../../protocol';

type Unsigned<T> = Omit<T, 'signature'>;

/**
 * A trustee as tests drive one: its Ed25519 signing key and share secret, its secret coefficients once dealt,
 * and the transactions it posts, signed. What it needs from the chain it reads from blocks given to it.
 */
export class TestTrustee {
  readonly signingKey: KeyObject;
  readonly shareSecret: Uint8Array;
  private coefficients: Uint8Array[] | null = null;

  constructor(
    private readonly group: SealedGroup,
    readonly index: number,
    readonly name = `Trustee ${index}`,
  ) {
    this.signingKey = generateKeyPairSync('ed25519').privateKey;
    this.shareSecret = group.randomScalar();
  }

  spec(): TrusteeSpec {
    const raw = this.signingKey.export({ format: 'jwk' }) as { x: string };
    return { name: this.name, signing_key: raw.x, share_key: bytesToBase64url(this.group.multiplyBase(this.shareSecret)) };
  }

  signCeremony<T extends CeremonyTransaction>(electionId: string, unsigned: Unsigned<T>): T {
    const message = ceremonyMessage(electionId, { ...unsigned, signature: '' } as unknown as CeremonyTransaction);
    return { ...unsigned, signature: sign(null, Buffer.from(message), this.signingKey).toString('base64url') } as T;
  }

  commitments(electionId: string, ceremonyBase: Uint8Array, threshold: number): TrusteeCommitments {
    const dealt = dealCommitments(this.group, ceremonyBase, this.index, threshold);
    this.coefficients = dealt.coefficients;
    return this.signCeremony(electionId, dealt.unsigned);
  }

  shares(electionId: string, ceremonyBase: Uint8Array, setup: SealedSetup): TrusteeShares {
    const dealt = dealShares(this.group, ceremonyBase, this.index, this.dealt(), setup);
    return this.signCeremony(electionId, dealt.unsigned);
  }

  /** The key share from the shares on chain; throws if a dealer's share does not match its commitments. */
  keyShare(ceremonyBase: Uint8Array, chain: readonly Block[]): Uint8Array {
    const txs = chain.flatMap((b) => b.transactions);
    const commitments = new Map(
      txs
        .filter((t): t is TrusteeCommitments => 'type' in t && t.type === 'trustee-commitments')
        .map((t) => [t.trustee, t.commitments.map((c) => base64urlToBytes(c)!)]),
    );
    const received = new Map(
      txs
        .filter((t): t is TrusteeShares => 'type' in t && t.type === 'trustee-shares' && t.trustee !== this.index)
        .map((t) => {
          const mine = t.shares.find((s) => s.to === this.index)!;
          const encrypted = { ephemeral: base64urlToBytes(mine.ephemeral)!, masked: base64urlToBytes(mine.masked)! };
          return [t.trustee, { encrypted, commitments: commitments.get(t.trustee)! }] as const;
        }),
    );
    const { keyShare, bad } = keyShareOf(
      this.group,
      ceremonyBase,
      this.index,
      { coefficients: this.dealt(), shareSecret: this.shareSecret },
      received,
    );
    if (bad.length > 0) throw new Error(`trustee ${this.index} received bad shares from ${bad.join(', ')}`);
    return keyShare;
  }

  /** The partial decryption of the sums, signed. */
  decryption(electionId: string, base: Uint8Array, keyShare: Uint8Array, sum: readonly Ciphertext[]): TrusteeDecryption {
    return this.signDecryption(electionId, decryptSums(this.group, base, this.index, keyShare, sum));
  }

  signDecryption(electionId: string, unsigned: Unsigned<TrusteeDecryption>): TrusteeDecryption {
    const message = decryptionMessage(electionId, { ...unsigned, signature: '' });
    return { ...unsigned, signature: sign(null, Buffer.from(message), this.signingKey).toString('base64url') };
  }

  private dealt(): Uint8Array[] {
    if (!this.coefficients) throw new Error(`trustee ${this.index} has not dealt its commitments yet`);
    return this.coefficients;
  }
}

/** The sums of every sealed ballot on a chain, per option: what a trustee decrypts, computed from the chain itself. */
export function sumOfSealedBallots(group: SealedGroup, chain: readonly Block[]): Ciphertext[] {
  let sum: Ciphertext[] | null = null;
  for (const tx of chain.flatMap((b) => b.transactions)) {
    if (!('type' in tx) || tx.type !== 'sealed-ballot') continue;
    const cts = tx.sealed.entries.map((e) => ({ alpha: base64urlToBytes(e.alpha)!, beta: base64urlToBytes(e.beta)! }));
    sum = sum === null ? cts : sum.map((s, i) => addCiphertexts(group, s, cts[i]));
  }
  if (sum === null) throw new Error('no sealed ballot on this chain');
  return sum;
}
