import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ElectionInfo, ResultsResponse } from '../../../protocol/api';

@Injectable({ providedIn: 'root' })
export class ElectionApi {
  private readonly http = inject(HttpClient);

  election(): Observable<ElectionInfo> {
    return this.http.get<ElectionInfo>('/api/election');
  }

  results(): Observable<ResultsResponse> {
    return this.http.get<ResultsResponse>('/api/results');
  }
}
