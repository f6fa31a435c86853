import {
  type Block,
  claimsOf,
  electionRules,
  genesisBlock,
  genesisProblem,
  initialLedgerState,
  type LedgerState,
  type PartyCount,
  sealedResult,
  tally,
  validateBlock,
} from '../../../protocol';
import { type ElectionRecord } from '../../../api/http';
import { nodeSignatures } from '../../../node-crypto/signatures';
import { sha256 } from '../../../node-crypto/sha256';
import { nobleGroup } from '../../../sealed-crypto/noble-group';

export interface RecordCheck {
  /** The first broken rule, or null when the whole chain is valid. */
  problem: string | null;
  state: LedgerState;
  /** The counts per party: of a sealed election, as its trustees decrypted them (none before). */
  tally: PartyCount[];
  /** A sealed election's decrypted blank votes; null where none are offered or counted yet. */
  blank: number | null;
}

/**
 * Replays a downloaded election record with the consensus rules of protocol/, block by block from its
 * genesis, as the independent verifier does (kept small here: stops at the first problem).
 */
export function checkRecord(record: ElectionRecord, now = Math.floor(Date.now() / 1000)): RecordCheck {
  const [genesis, ...blocks] = record.chain;
  const election = genesis.election!;
  const group = nobleGroup();
  const rules = electionRules(election, sha256, nodeSignatures, { group });
  let state = initialLedgerState(election);
  const result = (problem: string | null): RecordCheck => {
    const sealed = rules.sealed;
    if (!sealed || !state.sealed) {
      const counts = tally(
        record.chain.flatMap((b) => b.transactions),
        election.parties,
      );
      return { problem, state, tally: counts, blank: null };
    }
    const decrypted = sealedResult(
      group,
      state.sealed,
      sealed.setup.threshold,
      sealed.optionCount,
      state.ballots,
      state.phase === 'closed',
    );
    const counts = decrypted.state === 'decrypted' ? decrypted.counts : null;
    return {
      problem,
      state,
      tally: counts ? election.parties.map((party, i) => ({ party, votes: counts[i] })) : [],
      blank: counts && sealed.setup.blank ? counts[election.parties.length] : null,
    };
  };
  const bad = genesisProblem(genesis, sha256);
  if (bad) return result(`genesis: ${bad}`);
  if (genesisBlock(election, sha256).hash !== record.election_id) return result('the record names another election than its genesis block');

  const claims = new Set<string>();
  let parent: Block = genesis;
  for (const block of blocks) {
    const outcome = validateBlock(block, parent, { isClaimed: (c) => claims.has(c), state }, { rules, hash: sha256, now });
    if (!outcome.ok) return result(`block ${block.index}: ${outcome.reason} (${outcome.detail})`);
    for (const tx of block.transactions) for (const claim of claimsOf(tx)) claims.add(claim);
    state = outcome.state;
    parent = block;
  }
  return result(null);
}
