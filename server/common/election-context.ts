import { type Block, type Election, type ElectionRules, electionDigest, electionRules, genesisBlock } from '../../protocol';
import { sha256 } from './sha256';

/** The election this node runs, with the values derived from it once. */
export class ElectionContext {
  readonly rules: ElectionRules;
  readonly genesis: Block;
  readonly digest: string;

  constructor(readonly election: Election) {
    this.rules = electionRules(election);
    this.genesis = genesisBlock(election, sha256);
    this.digest = electionDigest(election, sha256);
  }
}
