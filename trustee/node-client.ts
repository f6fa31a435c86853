import type { ElectionInfo, NodeStatus } from '../api/http';
import type { Block, Transaction } from '../protocol';
import { type ChainSource, openNode } from '../verifier/chain-source';

/** A node the trustee talks to. Nothing it says is trusted beyond what the trustee checks itself. */
export class NodeClient {
  readonly url: string;

  constructor(
    url: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.url = url.replace(/\/+$/, '');
  }

  async election(): Promise<ElectionInfo> {
    const res = await fetch(`${this.url}/api/election`, { headers: { accept: 'application/json' }, signal: this.signal() });
    if (!res.ok) throw new Error(`${this.url}/api/election answered ${res.status}`);
    return (await res.json()) as ElectionInfo;
  }

  /** The node's main-chain tip, among its status. */
  async status(): Promise<NodeStatus> {
    const res = await fetch(`${this.url}/api/status`, { headers: { accept: 'application/json' }, signal: this.signal() });
    if (!res.ok) throw new Error(`${this.url}/api/status answered ${res.status}`);
    return (await res.json()) as NodeStatus;
  }

  /** Posts a signed trustee transaction; the node's answer, refusals included. */
  async post(tx: Transaction): Promise<{ status: number; body: { error?: string; message?: string } }> {
    const res = await fetch(`${this.url}/api/trustees/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tx),
      signal: this.signal(),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as { error?: string; message?: string } };
  }

  /** The whole main chain, page by page. */
  async chain(): Promise<Block[]> {
    const blocks: Block[] = [];
    for await (const block of (await this.source()).blocks) blocks.push(block as Block);
    return blocks;
  }

  /** The main chain as the verifier reads it. */
  source(): Promise<ChainSource> {
    return openNode(this.url, { pageSize: 500, pageBytes: 16_000_000, timeoutMs: this.timeoutMs });
  }

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.timeoutMs);
  }
}
