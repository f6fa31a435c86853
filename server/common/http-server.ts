import { ExpressAdapter } from '@nestjs/platform-express';
import { createServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TlsIdentity } from './tls-files';

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
 * Nest's Express adapter with a Node server made with these limits: https with the node's certificate
 * when it has one, else plain http. The timeouts are enforced when Node checks its connections, so it
 * checks often enough for the shortest of them.
 */
export class LimitedExpressAdapter extends ExpressAdapter {
  constructor(
    private readonly limits: HttpLimits,
    private readonly tls: TlsIdentity | null = null,
  ) {
    super();
  }

  override initHttpServer(): void {
    const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxConnections } = this.limits;
    const options = {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
    };
    const listener = this.getInstance<RequestListener>();
    const server = this.tls
      ? createHttpsServer(
          {
            ...options,
            cert: this.tls.cert,
            key: this.tls.key,
            // The head timeout only starts once the handshake is done; without this, a client that opens a
            // connection and never completes its handshake would hold it for Node's default two minutes.
            handshakeTimeout: headersTimeoutMs,
          },
          listener,
        )
      : createServer(options, listener);
    server.keepAliveTimeout = keepAliveTimeoutMs;
    server.maxConnections = maxConnections;
    this.setHttpServer(server);
  }
}
