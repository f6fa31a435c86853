import {
  applyTransaction,
  type Block,
  type Election,
  electionRules,
  encodeSealedLedger,
  initialLedgerState,
  type LedgerState,
  type SealedGroup,
  sealedResult,
} from '../protocol';
import { sha256 } from '../node-crypto/sha256';
import { nodeSignatures } from '../node-crypto/signatures';

/**
 * `--cross-check`: every group operation of a sealed election done again with a second, independent
 * implementation of ristretto255 (@noble/curves; the verification itself uses libsodium). The same transactions
 * the rules accepted are applied to a second ledger; after each block the two must hold the same bytes (the
 * ceremony, the election key and base hash, each option's sum, every partial decryption), each transaction must
 * be accepted by both, and the decrypted counts must agree. So no single library is trusted.
 */
export class SealedCrossCheck {
  private readonly rules;
  private state: LedgerState;

  constructor(
    election: Election,
    private readonly group: SealedGroup,
  ) {
    this.rules = electionRules(election, sha256, nodeSignatures, { group });
    this.state = initialLedgerState(election);
  }

  get implementation(): string {
    return this.group.implementation;
  }

  /** The block's accepted transactions applied again; the first disagreement with `expected`, or null. */
  apply(block: Block, accepted: readonly number[], expected: LedgerState): string | null {
    for (const i of accepted) {
      const next = applyTransaction(this.state, block.transactions[i], this.rules);
      if (!next.ok) return `transaction ${i} is refused by ${this.implementation}: ${next.reason}: ${next.detail}`;
      this.state = next.state;
    }
    const ours = this.state.sealed ? encodeSealedLedger(this.state.sealed) : null;
    const theirs = expected.sealed ? encodeSealedLedger(expected.sealed) : null;
    return ours === theirs ? null : `the sealed ledger after this block differs under ${this.implementation}`;
  }

  /** The counts recovered with the second implementation, to compare with the first. */
  counts(): number[] | null {
    const sealed = this.rules.sealed;
    if (!sealed || !this.state.sealed) return null;
    const result = sealedResult(
      this.group,
      this.state.sealed,
      sealed.setup.threshold,
      sealed.optionCount,
      this.state.ballots,
      this.state.phase === 'closed',
    );
    return result.state === 'decrypted' ? result.counts : null;
  }
}
