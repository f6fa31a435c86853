import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ElectionCreated, ElectionInfo } from '@api/http';
import type { BallotScheme } from '@protocol/types';

/** POST /api/admin/election: the organiser's definition; the roll is the CSV file as uploaded. */
export interface CreateElectionRequest {
  title: string;
  parties: string[];
  difficulty: number;
  scheme: BallotScheme;
  roll_csv: string;
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

  open(): Observable<ElectionInfo> {
    return this.http.post<ElectionInfo>('/api/admin/open', {});
  }

  close(): Observable<ElectionInfo> {
    return this.http.post<ElectionInfo>('/api/admin/close', {});
  }
}
