import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { AuditResponse, ElectionInfo, ResultsResponse, SetupInfo } from '@api/http';
import type { ResultsExport } from '@api/http';
import { RESULTS_JSON_URL } from './results-files';

@Injectable({ providedIn: 'root' })
export class ElectionApi {
  private readonly http = inject(HttpClient);

  /** The election, or `{ phase: 'setup' }` while the node waits for one to be created. */
  election(): Observable<ElectionInfo | SetupInfo> {
    return this.http.get<ElectionInfo | SetupInfo>('/api/election');
  }

  results(): Observable<ResultsResponse> {
    return this.http.get<ResultsResponse>('/api/results');
  }

  /** The final result with where its proofs are on the chain; 409 until the result is final. */
  finalResults(): Observable<ResultsExport> {
    return this.http.get<ResultsExport>(RESULTS_JSON_URL);
  }

  audit(): Observable<AuditResponse> {
    return this.http.get<AuditResponse>('/api/audit');
  }

  /** The whole election record as the node serves it, byte for byte, for the independent verifier. */
  record(): Observable<Blob> {
    return this.http.get('/api/record', { responseType: 'blob' });
  }
}
