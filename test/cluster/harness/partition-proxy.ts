import { type AddressInfo, createServer, connect, type Server, type Socket } from 'node:net';

// The TCP proxy in front of each node that cuts the network between groups of nodes.

interface ProxiedConnection {
  from: string;
  client: Socket;
  upstream: Socket;
}

/** TCP proxy in front of one node; `allow(sourceAddress)` decides whether a caller may reach it. */
export class PartitionProxy {
  private readonly server: Server;
  private readonly open = new Set<ProxiedConnection>();
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly allow: (from: string) => boolean,
  ) {
    this.server = createServer((client) => this.onConnection(client));
  }

  listen(): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolvePromise();
      });
    });
  }

  private onConnection(client: Socket): void {
    const from = (client.remoteAddress ?? '').replace(/^::ffff:/, '');
    client.on('error', () => undefined);
    if (!this.allow(from)) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: this.target.host, port: this.target.port });
    const conn: ProxiedConnection = { from, client, upstream };
    this.open.add(conn);
    const close = () => {
      this.open.delete(conn);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', close);
    client.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Cuts open connections the current rule no longer allows. */
  enforce(): void {
    for (const conn of [...this.open]) {
      if (!this.allow(conn.from)) {
        this.open.delete(conn);
        conn.client.destroy();
        conn.upstream.destroy();
      }
    }
  }

  close(): Promise<void> {
    for (const conn of this.open) {
      conn.client.destroy();
      conn.upstream.destroy();
    }
    this.open.clear();
    return new Promise((r) => this.server.close(() => r()));
  }
}
