import { HttpClient, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { BallotAccepted, BallotStatus } from '../../../protocol/api';

export interface CastBallotRequest {
  voter_id: string;
  party: string;
}

@Injectable({ providedIn: 'root' })
export class VotingApi {
  private readonly http = inject(HttpClient);

  /** The full response, so the caller can insist on 201 before telling a voter the ballot was accepted. */
  castBallot(ballot: CastBallotRequest): Observable<HttpResponse<BallotAccepted>> {
    return this.http.post<BallotAccepted>('/new_transaction', ballot, { observe: 'response' });
  }

  ballotStatus(voterId: string): Observable<BallotStatus> {
    return this.http.get<BallotStatus>(`/api/ballots/${encodeURIComponent(voterId)}`);
  }
}
