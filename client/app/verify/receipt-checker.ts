import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { type Observable, TimeoutError, catchError, filter, firstValueFrom, forkJoin, map, of, switchMap, timeout } from 'rxjs';
import type { ElectionInfo, PeerInfo, ReceiptStatus } from '@api/http';
import { type ReceiptRejection, type ServedHeader, checkInclusion, trackingCode } from '@protocol/receipt';
import type { Verdict } from '@protocol/types';
import { type ApiFailure, toApiFailure, toResult } from '../api/api-result';
import { NodeApi } from '../api/node-api';
import { ReceiptApi } from '../api/receipt-api';
import { browserSha256 } from '../shared/browser-sha256';
import { ElectionStore } from '../shared/election-store';

/** Enough independent nodes to make a lie costly, few enough that the check stays quick. */
const MAX_PEERS_ASKED = 4;
const PEER_TIMEOUT_MS = 5000;

/** One node's answer for the block header at the receipt's height. */
export interface NodeAnswer {
  /** The node's public address; null for the node that serves this portal. */
  url: string | null;
  header: ServedHeader | null;
  /** Why there is no header, in words. */
  problem: string | null;
}

export type CheckRejection = ReceiptRejection | 'code-mismatch' | 'block-mismatch';
export type ConfirmedReceipt = Extract<ReceiptStatus, { status: 'confirmed' }>;

export type ReceiptCheck =
  | { status: 'failed'; failure: ApiFailure }
  /** The node waits for an election to be created: there is no chain, so no ballot, yet. */
  | { status: 'no-election' }
  | { status: 'unknown' | 'pending'; code: string }
  | { status: 'confirmed'; code: string; receipt: ConfirmedReceipt; nodes: NodeAnswer[]; verdict: Verdict<CheckRejection> };

function headerProblem(err: unknown): string {
  if (err instanceof TimeoutError) return $localize`:@@verify.node.timeout:did not answer in time`;
  if (err instanceof HttpErrorResponse && err.status === 0) {
    return $localize`:@@verify.node.unreachable:could not be reached (offline, or it does not let this page ask it)`;
  }
  const failure = toApiFailure(err);
  if (failure.status === 404) return $localize`:@@verify.node.noBlock:has no block at this height`;
  return $localize`:@@verify.node.error:answered with an error: ${failure.message}:message:`;
}

/**
 * A node without an election has no receipts route (404) or says so (503 no-election): the same answer as
 * `{ phase: 'setup' }`, not a failure of the check.
 */
export function meansNoElection(failure: ApiFailure): boolean {
  return failure.status === 404 || (failure.status === 503 && failure.error === 'no-election');
}

type KnownElection = ElectionInfo | 'setup' | 'unknown';

/**
 * Checks a tracking code the way a sceptical voter would: this node's receipt must hold a ballot that
 * hashes to the code, and its proof must lead to the merkle root of a block whose header other nodes,
 * asked directly by this browser, serve identically.
 */
@Injectable({ providedIn: 'root' })
export class ReceiptChecker {
  private readonly receipts = inject(ReceiptApi);
  private readonly node = inject(NodeApi);
  private readonly election = inject(ElectionStore);
  /** The store's answer once it has one: undefined while its first answer is on its way. */
  private readonly known$ = toObservable(
    computed((): KnownElection | undefined => {
      if (this.election.election()) return this.election.election()!;
      if (this.election.awaitingSetup()) return 'setup';
      return this.election.failure() ? 'unknown' : undefined;
    }),
  );

  async check(code: string): Promise<ReceiptCheck> {
    // A receipt link opened straight away must not be checked before the election's difficulty is known.
    const election = await firstValueFrom(this.known$.pipe(filter((known) => known !== undefined)));
    if (election === 'setup') return { status: 'no-election' };
    const answer = await firstValueFrom(this.receipts.receipt(code).pipe(toResult()));
    if (!answer.ok) return meansNoElection(answer.failure) ? { status: 'no-election' } : { status: 'failed', failure: answer.failure };
    return this.evaluate(code, answer.value);
  }

  /** The check of a receipt already in hand: a confirmed one is compared with the block headers nodes serve. */
  async evaluate(code: string, receipt: ReceiptStatus): Promise<ReceiptCheck> {
    if (receipt.status !== 'confirmed') return { status: receipt.status, code };
    const nodes = await firstValueFrom(this.headers(receipt.block_index));
    // The manifest's difficulty: a header claiming less work than the election demands is refused.
    const difficulty = this.election.election()?.difficulty;
    return { status: 'confirmed', code, receipt, nodes, verdict: verdictOf(code, receipt, nodes, difficulty) };
  }

  /** This node's header first, then those of its peers (not those known to be down, nor those it banned). */
  private headers(index: number): Observable<NodeAnswer[]> {
    const ask = (url: string | null): Observable<NodeAnswer> =>
      this.receipts.header(index, url ?? undefined).pipe(
        timeout(PEER_TIMEOUT_MS),
        map((header): NodeAnswer => ({ url, header, problem: null })),
        catchError((err: unknown) => of<NodeAnswer>({ url, header: null, problem: headerProblem(err) })),
      );
    const peers = this.node.peers().pipe(
      catchError(() => of<PeerInfo[]>([])),
      map((list) => list.filter((p) => p.state !== 'unreachable' && p.state !== 'banned').slice(0, MAX_PEERS_ASKED)),
    );
    return peers.pipe(switchMap((list) => forkJoin([ask(null), ...list.map((p) => ask(p.url))])));
  }
}

function verdictOf(code: string, receipt: ConfirmedReceipt, nodes: readonly NodeAnswer[], difficulty?: number): Verdict<CheckRejection> {
  if (trackingCode(receipt.transaction, browserSha256) !== code) {
    return { ok: false, reason: 'code-mismatch', detail: 'the ballot this node returned does not hash to this tracking code' };
  }
  const headers = nodes.flatMap((n) => (n.header ? [n.header] : []));
  // One node's header is enough to check the proof; the outcome says whether a second node confirmed it.
  const verdict = checkInclusion(code, receipt.proof, headers, browserSha256, { difficulty, minimumNodes: 1 });
  if (verdict.ok && headers[0].hash !== receipt.block_hash) {
    return { ok: false, reason: 'block-mismatch', detail: 'the receipt names another block than the nodes serve at that height' };
  }
  return verdict;
}
