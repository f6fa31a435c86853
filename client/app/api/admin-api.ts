import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ElectionCreated, ElectionInfo } from '@api/http';
import type { BallotScheme, TrusteeSpec } from '@protocol/types';

/**
 * POST /api/admin/election: the organiser's definition; the roll is the CSV file as uploaded. A secret
 * election is sealed: it names its `trustees`, or for a trial asks this node to hold `demo_trustees` itself.
 */
export interface CreateElectionRequest {
  title: string;
  parties: string[];
  difficulty: number;
  scheme: BallotScheme;
  roll_csv: string;
  /** Each as `npm run trustee -- init` printed it. */
  trustees?: TrusteeSpec[];
  demo_trustees?: number;
  /** How many of the trustees decrypt the result. */
  threshold?: number;
  /** Offer a blank vote. */
  blank?: boolean;
}

/** The admin endpoints; adminTokenInterceptor adds the stored token to each. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  /** 204 when `token` is this node's admin token; checked before it is stored. */
  check(token: string): Observable<unknown> {
    return this.http.get('/api/admin/check', { headers: new HttpHeaders({ Authorization: `Bearer ${token}` }) });
  }

  createElection(definition: CreateElectionRequest): Observable<ElectionCreated> {
    return this.http.post<ElectionCreated>('/api/admin/election', definition);
  }

  /**
   * The activation codes of the election created on this page, while the node keeps them for the admin;
   * null (204) once their download was confirmed, or when there were none.
   */
  pendingCodes(): Observable<ElectionCreated | null> {
    return this.http.get<ElectionCreated | null>('/api/admin/activation-codes');
  }

  /** The admin has stored the codes: the node deletes its copy. */
  confirmCodesStored(): Observable<unknown> {
    return this.http.delete('/api/admin/activation-codes');
  }

  open(): Observable<ElectionInfo> {
    return this.http.post<ElectionInfo>('/api/admin/open', {});
  }

  close(): Observable<ElectionInfo> {
    return this.http.post<ElectionInfo>('/api/admin/close', {});
  }
}
