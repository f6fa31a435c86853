import {
  type AncestryView,
  applyTransaction,
  type Block,
  claimsOf,
  type Election,
  type ElectionPhase,
  type ElectionRules,
  electionRules,
  genesisBlock,
  genesisProblem,
  initialLedgerState,
  type LedgerState,
  manifestProblems,
  type PartyCount,
  bytesToBase64url,
  type OpenedElection,
  type SealedBallot,
  type SealedGroup,
  type SealedResult,
  sealedResult,
  tally,
  tallyDigest,
  type Transaction,
  validateBlockOnParent,
} from '../protocol';
import { sha256 } from '../node-crypto/sha256';
import { nodeSignatures } from '../node-crypto/signatures';
import { SealedVerdicts } from '../node-crypto/sealed-verdicts';
import { libsodiumGroup } from '../sealed-crypto/libsodium-group';
import { SealedCrossCheck } from './cross-check';
import type { BlockFinding, BlockVerdict } from './block-check';
import { type BlockChecker, inlineChecker, WorkerPoolChecker } from './block-pool';

/** A broken rule: the block (its position in the chain) and, when one is to blame, the transaction in it. */
export interface Problem {
  block: number;
  transaction?: number;
  reason: string;
  detail: string;
}

export interface ChainSummary {
  election_id: string;
  title: string;
  scheme: Election['scheme'];
  phase: ElectionPhase;
  /** Index of the last block. */
  height: number;
  tip: string;
  /** Voters on the roll, or null when any well-formed voter ID may vote. */
  roll_size: number | null;
  credentials_issued: number;
  ballots: number;
  transactions: number;
  tally: PartyCount[];
  tally_digest: string;
  /**
   * A sealed election: where the decryption stands as the chain holds it, recomputed here (the sums from the
   * ballots, each partial decryption's proof, the combination, the counts). The tally above holds the counts
   * once decrypted, and is empty before. Null for any other election.
   */
  sealed: SealedSummary | null;
}

export interface SealedSummary {
  state: SealedResult['state'];
  /** Trustees whose valid partial decryption is on chain. */
  decrypted_by: number[];
  threshold: number;
  /** The blank votes, once decrypted, where the election offers them. */
  blank: number | null;
  /** The second implementation every group operation was repeated with (--cross-check), or null. */
  cross_checked_with: string | null;
}

export interface VerificationReport {
  ok: boolean;
  /** Sorted by block, then transaction. */
  problems: Problem[];
  /** Null when the genesis block is unusable, so nothing else could be checked. */
  summary: ChainSummary | null;
  /** The ledger state after the last block, as the rules computed it (a trustee decrypts its sums). */
  state: LedgerState | null;
  /** The manifest of the genesis block, when it was usable. */
  manifest: Election | null;
}

export interface VerifyOptions {
  /** The verifier's clock in seconds: no block may be too far ahead of it. */
  now: number;
  /** Threads checking blocks on their own; 0 checks in the calling thread. */
  workers?: number;
  /** The election ID (genesis hash) the chain must have, e.g. one published by the authority. */
  expectedElectionId?: string;
  /** After each block is fully checked, with the number checked so far. */
  onProgress?: (blocksChecked: number) => void;
  /** A sealed election: repeat every group operation with this second implementation, and report any disagreement. */
  crossCheck?: SealedGroup;
}

/** Reasons of validateBlockOnParent about the link itself, as opposed to the transactions it carries. */
const LINK_REASONS = new Set(['index-mismatch', 'previous-hash-mismatch', 'timestamp-before-parent']);

/** A block handed to the checker, waiting to be settled in chain order. */
interface Queued {
  raw: unknown;
  position: number;
  verdict: Promise<BlockVerdict>;
}

/** What the next block is linked to: the previous block, or what could be read of a malformed one. */
type Parent = Pick<Block, 'index' | 'hash' | 'timestamp'>;

/**
 * Re-checks a chain from its genesis block with the consensus rules of protocol/, trusting no node: each block
 * on its own (in worker threads when `workers` > 0), then in order against its parent with the claims of the
 * whole chain so far. Finds every problem it can rather than stopping at the first one.
 */
export async function verifyChain(blocks: Iterable<unknown> | AsyncIterable<unknown>, options: VerifyOptions): Promise<VerificationReport> {
  const problems: Problem[] = [];
  let verification: ChainVerification | null = null;
  let position = 0;
  const group = await libsodiumGroup();
  try {
    for await (const block of blocks) {
      position++;
      if (position === 1) {
        verification = ChainVerification.fromGenesis(block, options, problems, group);
        if (!verification) break;
      } else {
        await (verification as ChainVerification).add(block, position - 1);
      }
    }
    if (position === 0) problems.push({ block: 0, reason: 'empty-chain', detail: 'the chain has no blocks, not even a genesis block' });
    const summary = verification ? await verification.finish() : null;
    return {
      ok: problems.length === 0,
      problems: sortProblems(problems),
      summary,
      state: verification?.finalState ?? null,
      manifest: verification?.manifest ?? null,
    };
  } finally {
    await verification?.close();
  }
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, order) => ({ p, order }))
    .sort((a, b) => a.p.block - b.p.block || (a.p.transaction ?? -1) - (b.p.transaction ?? -1) || a.order - b.order)
    .map(({ p }) => p);
}

class ChainVerification {
  private readonly claims = new Set<string>();
  private readonly counts: Map<string, number>;
  private readonly queue: Queued[] = [];
  private readonly maxQueued: number;
  private state: LedgerState;
  /** The last block settled: the parent of the next one, and the tip once all are settled. */
  private parent: Parent;
  private transactions = 0;
  private checked = 1;

  private readonly election: Election;

  private constructor(
    private readonly rules: ElectionRules,
    private readonly electionId: string,
    genesis: Parent,
    private readonly checker: BlockChecker,
    private readonly options: VerifyOptions,
    private readonly problems: Problem[],
    private readonly verdicts: SealedVerdicts | null = null,
    private readonly crossCheck: SealedCrossCheck | null = null,
  ) {
    this.election = rules.election;
    this.state = initialLedgerState(this.election);
    this.parent = genesis;
    this.counts = new Map(this.election.parties.map((p) => [p, 0]));
    // Enough blocks queued to keep every worker busy, few enough that a long download is not all in memory.
    this.maxQueued = Math.max(1, 2 * (options.workers ?? 0));
  }

  /** Checks the genesis block; null when it carries no usable manifest, so nothing else can be checked. */
  static fromGenesis(block: unknown, options: VerifyOptions, problems: Problem[], group: SealedGroup): ChainVerification | null {
    // genesisProblem compares the whole block with the one its manifest defines.
    const problem = genesisProblem(block, sha256);
    if (problem) problems.push({ block: 0, reason: 'bad-genesis', detail: problem });
    // With a usable manifest, the rest of the chain is still checked against it.
    if (problem && manifestProblems((block as { election?: unknown } | null)?.election).length > 0) return null;
    const served = block as Block;
    const election = served.election as Election;
    const expected = genesisBlock(election, sha256);
    if (options.expectedElectionId !== undefined && options.expectedElectionId !== expected.hash) {
      problems.push({
        block: 0,
        reason: 'wrong-election',
        detail: `the chain is election ${expected.hash}, not the expected ${options.expectedElectionId}`,
      });
    }
    const workers = options.workers ?? 0;
    const checker = workers > 0 ? new WorkerPoolChecker(workers, election, options.now) : inlineChecker(election, options.now);
    options.onProgress?.(1);
    const optionCount = election.parties.length + (election.sealed?.blank ? 1 : 0);
    // Proofs the workers found to hold are not checked again by the order rules.
    const verdicts = election.sealed ? new SealedVerdicts(group, optionCount) : null;
    const rules = electionRules(election, sha256, nodeSignatures, {
      group,
      ...(verdicts ? { choiceProblem: (opened: OpenedElection, ballot: SealedBallot) => verdicts.problem(opened, ballot) } : {}),
    });
    const crossCheck = election.sealed && options.crossCheck ? new SealedCrossCheck(election, options.crossCheck) : null;
    return new ChainVerification(rules, expected.hash, served, checker, options, problems, verdicts, crossCheck);
  }

  /**
   * Hands the block to the checker at once; once enough blocks are queued, settles the oldest. Blocks are
   * settled in chain order, so the rules against the parent and the ancestry see them in order.
   */
  async add(raw: unknown, position: number): Promise<void> {
    const verdict = this.checker.check(raw);
    // A failed worker rejects every queued block; the error surfaces when the first of them is settled.
    verdict.catch(() => undefined);
    this.queue.push({ raw, position, verdict });
    while (this.queue.length > this.maxQueued) await this.settleOldest();
  }

  private async settleOldest(): Promise<void> {
    const { raw, position, verdict } = this.queue.shift() as Queued;
    const alone = await verdict;
    if ('malformed' in alone) {
      this.report(position, [{ reason: 'malformed-block', detail: alone.malformed }]);
      this.parent = readableParent(raw, position, this.parent);
    } else {
      const block = raw as Block;
      this.rememberSealedProofs(block, alone.sealedPassed);
      this.checkOnParent(block, position);
      this.report(position, alone.findings);
      this.parent = block;
      this.transactions += block.transactions.length;
      for (const count of tally(block.transactions, this.election.parties)) {
        this.counts.set(count.party, (this.counts.get(count.party) ?? 0) + count.votes);
      }
    }
    this.checked++;
    this.options.onProgress?.(this.checked);
  }

  get finalState(): LedgerState {
    return this.state;
  }

  get manifest(): Election {
    return this.election;
  }

  async finish(): Promise<ChainSummary> {
    while (this.queue.length > 0) await this.settleOldest();
    const sealed = this.sealedSummary();
    const counts = sealed?.counts ?? this.election.parties.map((party) => ({ party, votes: this.counts.get(party) ?? 0 }));
    // The tip's own index, unless the tip is too broken to have one.
    const height = Number.isSafeInteger(this.parent.index) ? this.parent.index : this.checked - 1;
    return {
      election_id: this.electionId,
      title: this.election.title,
      scheme: this.election.scheme,
      phase: this.state.phase,
      height,
      tip: this.parent.hash,
      roll_size: this.election.roll?.size ?? this.election.voters?.length ?? null,
      credentials_issued: this.state.credentials,
      ballots: this.state.ballots,
      transactions: this.transactions,
      tally: counts,
      tally_digest: tallyDigest(height, counts, sha256),
      sealed: sealed?.summary ?? null,
    };
  }

  /** The sealed result as the rules left it: the counts per party once decrypted, none before. */
  private sealedSummary(): { summary: SealedSummary; counts: PartyCount[] } | null {
    const sealed = this.rules.sealed;
    const ledger = this.state.sealed;
    if (!sealed || !ledger) return null;
    const { threshold } = sealed.setup;
    const result = sealedResult(sealed.group, ledger, threshold, sealed.optionCount, this.state.ballots, this.state.phase === 'closed');
    const parties = this.election.parties;
    const decrypted = result.state === 'decrypted' ? result.counts : null;
    const second = this.crossCheck?.counts() ?? null;
    if (this.crossCheck && JSON.stringify(second) !== JSON.stringify(decrypted)) {
      this.problems.push({
        block: this.checked - 1,
        reason: 'cross-check-disagreement',
        detail: `the counts are ${JSON.stringify(decrypted)} with ${sealed.group.implementation}, ${JSON.stringify(second)} with ${this.crossCheck.implementation}`,
      });
    }
    return {
      summary: {
        state: result.state,
        decrypted_by: [...ledger.decryptions.keys()].sort((a, b) => a - b),
        threshold,
        blank: decrypted && sealed.setup.blank ? decrypted[parties.length] : null,
        cross_checked_with: this.crossCheck?.implementation ?? null,
      },
      counts: decrypted ? parties.map((party, i) => ({ party, votes: decrypted[i] })) : [],
    };
  }

  close(): Promise<void> {
    return this.checker.close();
  }

  /**
   * Link, time and order rules against the parent and everything before it. The chain's claims live in one
   * Set; the view the rules see holds the claims of the ancestry only, never of the block itself.
   */
  private checkOnParent(block: Block, position: number): void {
    const ancestry: AncestryView = { isClaimed: (claim) => this.claims.has(claim), state: this.state };
    const outcome = validateBlockOnParent(block, this.parent as Block, ancestry, this.rules);
    const wasOpened = this.state.sealed?.opened ?? null;
    let accepted: number[];
    if (outcome.ok) {
      this.state = outcome.state;
      accepted = block.transactions.map((_, i) => i);
    } else {
      if (LINK_REASONS.has(outcome.reason)) this.report(position, [{ reason: outcome.reason, detail: outcome.detail }]);
      ({ state: this.state, accepted } = this.replay(block.transactions, ancestry, position));
    }
    for (const tx of block.transactions) for (const claim of claimsOf(tx)) this.claims.add(claim);
    const opened = this.state.sealed?.opened;
    if (opened && !wasOpened) this.checker.setOpened(opened, this.rules.sealed!.optionCount);
    const disagreement = this.crossCheck?.apply(block, accepted, this.state);
    if (disagreement) this.report(position, [{ reason: 'cross-check-disagreement', detail: disagreement }]);
  }

  /** The sealed ballots whose proofs a worker found to hold, against the election the chain opened. */
  private rememberSealedProofs(block: Block, passed: { base: string; positions: number[] } | undefined): void {
    const opened = this.state.sealed?.opened;
    if (!passed || !opened || !this.verdicts || passed.base !== bytesToBase64url(opened.base)) return;
    for (const i of passed.positions) this.verdicts.remember(opened, block.transactions[i] as SealedBallot);
  }

  /**
   * applyBlock stops at the first transaction that may not follow; this goes on, skipping each such
   * transaction, so that every one is reported and the blocks after it are still checked.
   */
  private replay(
    transactions: readonly Transaction[],
    ancestry: AncestryView,
    position: number,
  ): { state: LedgerState; accepted: number[] } {
    let state = ancestry.state;
    const accepted: number[] = [];
    transactions.forEach((tx, i) => {
      const claim = claimsOf(tx).find((c) => ancestry.isClaimed(c));
      if (claim !== undefined) {
        this.report(position, [{ transaction: i, reason: 'already-used', detail: `${claim} is already used on this chain` }]);
        return;
      }
      const next = applyTransaction(state, tx, this.rules);
      if (next.ok) {
        state = next.state;
        accepted.push(i);
      } else this.report(position, [{ transaction: i, reason: next.reason, detail: next.detail }]);
    });
    return { state, accepted };
  }

  private report(position: number, findings: readonly BlockFinding[]): void {
    for (const f of findings) this.problems.push({ block: position, ...f });
  }
}

/** What a malformed block offers as a parent, so that a block after it is checked against it, not skipped. */
function readableParent(raw: unknown, position: number, previous: Parent): Parent {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    index: typeof r['index'] === 'number' ? r['index'] : position,
    hash: typeof r['hash'] === 'string' ? r['hash'] : '',
    timestamp: typeof r['timestamp'] === 'number' ? r['timestamp'] : previous.timestamp,
  };
}
