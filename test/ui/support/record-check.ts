import {
  type Block,
  claimsOf,
  electionRules,
  genesisBlock,
  genesisProblem,
  initialLedgerState,
  type LedgerState,
  type PartyCount,
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
  tally: PartyCount[];
}

/**
 * Replays a downloaded election record with the consensus rules of protocol/, block by block from its
 * genesis, as the independent verifier does (kept small here: stops at the first problem).
 */
export function checkRecord(record: ElectionRecord, now = Math.floor(Date.now() / 1000)): RecordCheck {
  const [genesis, ...blocks] = record.chain;
  const election = genesis.election!;
  let state = initialLedgerState(election);
  const result = (problem: string | null): RecordCheck => ({
    problem,
    state,
    tally: tally(
      record.chain.flatMap((b) => b.transactions),
      election.parties,
    ),
  });
  const bad = genesisProblem(genesis, sha256);
  if (bad) return result(`genesis: ${bad}`);
  if (genesisBlock(election, sha256).hash !== record.election_id) return result('the record names another election than its genesis block');

  const rules = electionRules(election, sha256, nodeSignatures, { group: nobleGroup() });
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
