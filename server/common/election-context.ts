import { type Block, type Election, type ElectionRules, electionRules, genesisBlock } from '../../protocol';
import { sha256 } from '../../node-crypto/sha256';
import { CachedSignatures } from '../../node-crypto/cached-signatures';
import { nodeSignatures } from '../../node-crypto/signatures';

/** The election this node runs (the manifest of its genesis block), with the values derived from it once. */
export class ElectionContext {
  readonly rules: ElectionRules;
  readonly genesis: Block;
  /** Every signature check of the node goes through it: what passed once is not checked again. */
  readonly signatures = new CachedSignatures(nodeSignatures);

  constructor(readonly election: Election) {
    this.rules = electionRules(election, sha256, this.signatures);
    this.genesis = genesisBlock(election, sha256);
  }

  /** The genesis hash; every signature in the election names it. */
  get id(): string {
    return this.genesis.hash;
  }
}
