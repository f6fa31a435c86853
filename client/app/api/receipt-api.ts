import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { HeaderResponse, ReceiptStatus } from '@api/http';

@Injectable({ providedIn: 'root' })
export class ReceiptApi {
  private readonly http = inject(HttpClient);

  receipt(trackingCode: string): Observable<ReceiptStatus> {
    return this.http.get<ReceiptStatus>(`/api/receipts/${encodeURIComponent(trackingCode)}`);
  }

  /**
   * The main-chain header at `index`, from this node (no `nodeUrl`) or straight from another node, so a
   * voter does not have to take this node's word for the block.
   */
  header(index: number, nodeUrl?: string): Observable<HeaderResponse> {
    const base = nodeUrl ? nodeUrl.replace(/\/+$/, '') : '';
    return this.http.get<HeaderResponse>(`${base}/api/headers/${index}`);
  }
}
