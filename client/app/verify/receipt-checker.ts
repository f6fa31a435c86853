import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, TimeoutError, catchError, firstValueFrom, forkJoin, map, of, switchMap, timeout } from 'rxjs';
import type { PeerInfo, ReceiptStatus } from '@api/http';
import { type ReceiptRejection, type ServedHeader, checkInclusion, trackingCode } from '@protocol/receipt';
import type { Verdict } from '@protocol/types';
import { type ApiFailure, describeFailure, toApiFailure, toResult } from '../api/api-result';
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
  | { status: 'unknown' | 'pending'; code: string }
  | { status: 'confirmed'; code: string; receipt: ConfirmedReceipt; nodes: NodeAnswer[]; verdict: Verdict<CheckRejection> };

function headerProblem(err: unknown): string {
  if (err instanceof TimeoutError) return 'did not answer in time';
  if (err instanceof HttpErrorResponse && err.status === 0) {
    return 'could not be reached (offline, or it does not let this page ask it)';
  }
  const failure = toApiFailure(err);
  if (failure.status === 404) return 'has no block at this height';
  return describeFailure(failure);
}

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

  async check(code: string): Promise<ReceiptCheck> {
    const answer = await firstValueFrom(this.receipts.receipt(code).pipe(toResult()));
    if (!answer.ok) return { status: 'failed', failure: answer.failure };
    const receipt = answer.value;
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
  const verdict = checkInclusion(code, receipt.proof, headers, browserSha256, { difficulty });
  if (verdict.ok && headers[0].hash !== receipt.block_hash) {
    return { ok: false, reason: 'block-mismatch', detail: 'the receipt names another block than the nodes serve at that height' };
  }
  return verdict;
}
