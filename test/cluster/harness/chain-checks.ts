// Chain checks, with the protocol's own rules, independently of the node.
import {
  type Ballot,
  type Block,
  claimsOf,
  electionRules,
  genesisProblem,
  initialLedgerState,
  merkleRoot,
  type SealedBallot,
  searchNonce,
  type Transaction,
  validateBlock,
} from '../../../protocol';
import { sha256 } from '../../../node-crypto/sha256';
import { nodeSignatures } from '../../../node-crypto/signatures';
import { nobleGroup } from '../../../sealed-crypto/noble-group';

// Chain checks (with the protocol's own rules, independently of the node)

/**
 * Every consensus rule over a whole served chain, with the protocol's own rules: the genesis block against
 * the manifest it carries (and the expected election ID), then each block's proof of work, hash, link,
 * merkle root, transactions (signatures, credentials, roll proofs), one use per claim and the lifecycle
 * order. Stops at the first invalid block: the ledger state after it is undefined.
 */
export function chainProblems(chain: Block[], electionId?: string): string[] {
  if (chain.length === 0) return ['the chain is empty'];
  const genesisIssue = genesisProblem(chain[0], sha256);
  if (genesisIssue) return [`block 0: ${genesisIssue}`];
  const problems: string[] = [];
  if (electionId !== undefined && chain[0].hash !== electionId) problems.push(`block 0 is not the genesis of election ${electionId}`);
  const election = chain[0].election!;
  const ctx = { rules: electionRules(election, sha256, nodeSignatures, { group: nobleGroup() }), hash: sha256, now: Date.now() / 1000 };
  const claimed = new Set<string>();
  let state = initialLedgerState(election);
  for (let i = 1; i < chain.length; i++) {
    const verdict = validateBlock(chain[i], chain[i - 1], { isClaimed: (claim) => claimed.has(claim), state }, ctx);
    if (!verdict.ok) return [...problems, `block ${i}: ${verdict.reason}: ${verdict.detail}`];
    state = verdict.state;
    for (const tx of chain[i].transactions) for (const claim of claimsOf(tx)) claimed.add(claim);
  }
  return problems;
}

/** Every transaction of a chain, oldest first. */
export function transactionsOf(chain: Block[]): Transaction[] {
  return chain.flatMap((b) => b.transactions);
}

/** The open-scheme ballots among `txs`. */
export function openBallots(txs: Transaction[]): Ballot[] {
  return txs.filter((t): t is Ballot => !('type' in t));
}

/** The sealed ballots (a secret election's) among `txs`. */
export function sealedBallots(txs: Transaction[]): SealedBallot[] {
  return txs.filter((t): t is SealedBallot => 'type' in t && t.type === 'sealed-ballot');
}

/** The open-scheme ballots of a chain. */
export function ballotsOf(chain: Block[]): Ballot[] {
  return openBallots(transactionsOf(chain));
}

/** How many times each voter ID appears among the open-scheme ballots of the given lists. */
export function voterCounts(...lists: Transaction[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) for (const b of openBallots(list)) counts.set(b.voter_id, (counts.get(b.voter_id) ?? 0) + 1);
  return counts;
}

/**
 * A block on `parent` carrying `transactions`, with a real proof of work: what a rogue node would serve.
 * No rule but the proof of work is checked here.
 */
export function forgeBlock(
  parent: Pick<Block, 'index' | 'hash' | 'timestamp'>,
  transactions: Transaction[],
  difficulty: number,
  timestamp = Math.max(parent.timestamp, Math.floor(Date.now() / 1000)),
): Block {
  const header = {
    index: parent.index + 1,
    timestamp,
    previous_hash: parent.hash,
    difficulty,
    merkle_root: merkleRoot(transactions, sha256),
  };
  for (let from = 0; ; from += 100_000) {
    const found = searchNonce(header, from, 100_000, sha256);
    if (found) return { ...header, nonce: found.nonce, transactions, hash: found.hash };
  }
}
