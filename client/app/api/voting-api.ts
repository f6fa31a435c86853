import { HttpClient, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { BallotAccepted, BallotStatus, CredentialRequest, CredentialResponse, SealedBallotAccepted } from '@api/http';
import type { SealedBallot } from '@protocol/types';

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

  /** Secret scheme: the authority blind-signs the voter's ballot key. */
  requestCredential(request: CredentialRequest): Observable<CredentialResponse> {
    return this.http.post<CredentialResponse>('/api/credentials', request);
  }

  /** Secret scheme: whether the authority would answer this credential request (it signs nothing). */
  checkCredentialRequest(request: CredentialRequest): Observable<void> {
    return this.http.post<void>('/api/credentials/check', request);
  }

  /** Secret scheme: the choice sealed in this browser; the full response, for the same reason as castBallot. */
  castSealedBallot(ballot: SealedBallot): Observable<HttpResponse<SealedBallotAccepted>> {
    return this.http.post<SealedBallotAccepted>('/api/sealed-ballots', ballot, { observe: 'response' });
  }
}
