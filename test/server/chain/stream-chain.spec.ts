import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import type { ChainService } from '../../../server/chain/chain.service';
import { streamMainChain } from '../../../server/chain/stream-chain';

/** A response whose client reads nothing: every write fills its buffer, no 'drain' ever comes. */
class StalledResponse extends EventEmitter {
  destroyed = false;
  written: string[] = [];
  status() {
    return this;
  }
  type() {
    return this;
  }
  write(chunk: string) {
    this.written.push(chunk);
    return false;
  }
  end(chunk: string) {
    this.written.push(chunk);
  }
  destroy() {
    this.destroyed = true;
    this.emit('close');
  }
}

const chain = {
  mainChainSnapshot: () => ({ length: 3, hashes: ['a', 'b', 'c'] }),
  blockJson: (hash: string) => `{"hash":"${hash}"}`,
} as unknown as ChainService;

describe('streamMainChain', () => {
  it('cuts off a client that takes nothing of the answer for the stall timeout', async () => {
    const res = new StalledResponse();
    const started = performance.now();
    await streamMainChain(chain, res as unknown as Response, { from: 0 }, () => '{"chain":', '}', 50);
    expect(res.destroyed).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    // Nothing more is written once it is cut off.
    expect(res.written).toEqual(['{"chain":[', '{"hash":"a"}']);
  });

  it('streams the whole chain to a client that keeps reading', async () => {
    const res = new StalledResponse();
    res.write = (chunk: string) => {
      res.written.push(chunk);
      setImmediate(() => res.emit('drain'));
      return false;
    };
    await streamMainChain(chain, res as unknown as Response, { from: 0 }, () => '{"chain":', '}', 1_000);
    expect(res.destroyed).toBe(false);
    expect(JSON.parse(res.written.join(''))).toEqual({ chain: [{ hash: 'a' }, { hash: 'b' }, { hash: 'c' }] });
  });
});
