import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { MineResult, NodeStatus, PeerInfo, RegisterResult, SyncResult } from '@api/http';
import type { Transaction } from '@protocol/types';

@Injectable({ providedIn: 'root' })
export class NodeApi {
  private readonly http = inject(HttpClient);

  status(): Observable<NodeStatus> {
    return this.http.get<NodeStatus>('/api/status');
  }

  peers(): Observable<PeerInfo[]> {
    return this.http.get<PeerInfo[]>('/api/peers');
  }

  pending(): Observable<Transaction[]> {
    return this.http.get<Transaction[]>('/pending_tx');
  }

  /** Needs the admin token, as does registerWith. */
  mine(): Observable<MineResult> {
    return this.http.get<MineResult>('/mine');
  }

  registerWith(nodeAddress: string): Observable<RegisterResult> {
    return this.http.post<RegisterResult>('/register_with', { node_address: nodeAddress });
  }

  sync(): Observable<SyncResult> {
    return this.http.post<SyncResult>('/api/sync', {});
  }
}
