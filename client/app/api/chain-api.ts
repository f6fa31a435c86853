import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import type { BlockPage } from '@api/http';
import type { Block } from '@protocol/types';

const BLOCK_PAGE_SIZE = 20;

@Injectable({ providedIn: 'root' })
export class ChainApi {
  private readonly http = inject(HttpClient);

  /** Newest first; `before` is exclusive and defaults to the tip + 1 on the node. */
  blocks(before?: number, limit = BLOCK_PAGE_SIZE): Observable<BlockPage> {
    let params = new HttpParams().set('limit', limit);
    if (before !== undefined) params = params.set('before', before);
    return this.http.get<BlockPage>('/api/blocks', { params });
  }

  block(index: number): Observable<Block> {
    return this.http.get<Block>(`/api/blocks/${index}`);
  }
}
