import { ExpressAdapter } from '@nestjs/platform-express';
import { createServer, type RequestListener } from 'node:http';

/** Node's own server limits, set on purpose rather than left at Node's defaults (see HTTP_* settings). */
export interface HttpLimits {
  /** A client must send its whole request head within this time (a slow-drip client is cut off). */
  headersTimeoutMs: number;
  /** ...and the whole request, body included, within this time. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time. */
  keepAliveTimeoutMs: number;
  /** Connections at once; a connection beyond it is closed at once. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
};

/**
 * Nest's Express adapter with a Node server made with these limits. The timeouts are enforced when Node
 * checks its connections, so it checks often enough for the shortest of them.
 */
export class LimitedExpressAdapter extends ExpressAdapter {
  constructor(private readonly limits: HttpLimits) {
    super();
  }

  override initHttpServer(): void {
    const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxConnections } = this.limits;
    const server = createServer(
      {
        headersTimeout: headersTimeoutMs,
        requestTimeout: requestTimeoutMs,
        connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
      },
      this.getInstance<RequestListener>(),
    );
    server.keepAliveTimeout = keepAliveTimeoutMs;
    server.maxConnections = maxConnections;
    this.setHttpServer(server);
  }
}
