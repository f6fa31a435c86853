/*
 * Node's own server limits, set on purpose: a client that drips its request head, or its body past the
 * request timeout, is cut off, an idle
 * keep-alive connection is closed, and connections beyond the maximum are closed at once, while the node
 * keeps answering everyone else.
 */
import { connect, type Socket } from 'node:net';
import request from 'supertest';
import { waitFor } from '../support/wait';
import { startNode, type TestNode } from './support/nodes';

/** A raw TCP connection to the node, with what it received and whether the node closed it. */
interface Conn {
  socket: Socket;
  received: () => string;
  closed: () => boolean;
}

function open(node: TestNode): Promise<Conn> {
  return new Promise((resolve, reject) => {
    let received = '';
    let closed = false;
    const socket = connect(node.port, '127.0.0.1', () => resolve({ socket, received: () => received, closed: () => closed }));
    socket.setEncoding('utf8').on('data', (c: string) => (received += c));
    socket.on('close', () => (closed = true));
    socket.on('error', () => (closed = true));
    socket.once('error', reject);
  });
}

describe('server limits', () => {
  let node: TestNode;
  const conns: Conn[] = [];

  beforeAll(async () => {
    node = await startNode({
      HTTP_HEADERS_TIMEOUT_MS: '400',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
      HTTP_MAX_CONNECTIONS: '8',
    });
  });

  afterEach(() => {
    for (const c of conns.splice(0)) c.socket.destroy();
  });

  afterAll(() => node.stop());

  it('cuts off a client that drips its request head, and keeps serving others meanwhile', async () => {
    const slow = await open(node);
    conns.push(slow);
    slow.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: ');
    // One byte of header every 50 ms: the head never completes within the 400 ms the node allows.
    const drip = setInterval(() => !slow.closed() && slow.socket.write('x'), 50);
    try {
      expect((await request(node.url).get('/health')).status).toBe(200);
      await waitFor(() => slow.closed(), { timeoutMs: 5_000, what: 'the node to close the dripping connection' });
    } finally {
      clearInterval(drip);
    }
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts off a client that drips its request body past the request timeout, and keeps serving others', async () => {
    const slow = await open(node);
    conns.push(slow);
    const body = JSON.stringify({ voter_id: 'VOID001', party: 'Democratic Party' });
    // The head arrives at once; the body a byte every 100 ms: it would take far longer than the 2 s allowed.
    slow.socket.write(
      `POST /new_transaction HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length * 10}\r\n\r\n`,
    );
    const started = Date.now();
    const drip = setInterval(() => !slow.closed() && slow.socket.write(' '), 100);
    try {
      expect((await request(node.url).get('/health')).status).toBe(200);
      await waitFor(() => slow.closed(), { timeoutMs: 8_000, what: 'the node to close the connection of the dripped body' });
    } finally {
      clearInterval(drip);
    }
    // Not before the request timeout, and well before the body could have been complete.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
    // Nothing reached the pool.
    expect((await request(node.url).get('/pending_tx')).body).toEqual([]);
  });

  it('closes an idle keep-alive connection after its keep-alive timeout', async () => {
    const conn = await open(node);
    conns.push(conn);
    conn.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await waitFor(() => conn.received().includes('"status":"ok"'), { what: 'the answer' });
    expect(conn.closed()).toBe(false);
    await waitFor(() => conn.closed(), { timeoutMs: 5_000, what: 'the node to close the idle connection' });
  });

  it('closes connections beyond the maximum at once, and serves again once they are gone', async () => {
    for (let i = 0; i < 8; i++) conns.push(await open(node));
    const extra = await open(node);
    conns.push(extra);
    await waitFor(() => extra.closed(), { timeoutMs: 5_000, what: 'the node to close the connection over its maximum' });
    expect(extra.received()).toBe('');
    for (const c of conns.splice(0)) c.socket.destroy();
    await waitFor(async () => (await request(node.url).get('/health')).status === 200, {
      timeoutMs: 5_000,
      what: 'the node to serve again',
    });
  });
});
