import { type Block, type Election, type ElectionRules, electionRules, genesisBlock, type SealedGroup } from '../../protocol';
import { sha256 } from '../../node-crypto/sha256';
import { CachedSignatures } from '../../node-crypto/cached-signatures';
import { nodeSignatures } from '../../node-crypto/signatures';
import { SealedVerdicts } from '../../node-crypto/sealed-verdicts';

/** The election this node runs (the manifest of its genesis block), with the values derived from it once. */
export class ElectionContext {
  readonly rules: ElectionRules;
  readonly genesis: Block;
  /** Every signature check of the node goes through it: what passed once is not checked again. */
  readonly signatures = new CachedSignatures(nodeSignatures);
  /** A sealed election's ballot proofs that passed, likewise; null in every other election. */
  readonly sealedVerdicts: SealedVerdicts | null;

  /** `group`: ristretto255, which a sealed election needs. */
  constructor(
    readonly election: Election,
    readonly group: SealedGroup | null = null,
  ) {
    if (election.sealed && !group) throw new Error('a sealed election needs the ristretto255 group');
    this.genesis = genesisBlock(election, sha256);
    const optionCount = election.parties.length + (election.sealed?.blank ? 1 : 0);
    const verdicts = election.sealed && group ? new SealedVerdicts(group, optionCount) : null;
    this.sealedVerdicts = verdicts;
    this.rules = electionRules(
      election,
      sha256,
      this.signatures,
      group && verdicts ? { group, choiceProblem: (opened, ballot) => verdicts.problem(opened, ballot) } : undefined,
    );
  }

  /** The genesis hash; every signature in the election names it. */
  get id(): string {
    return this.genesis.hash;
  }
}
