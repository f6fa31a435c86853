/*
 * GET /chain, POST /register_node and GET /api/record answer with the whole main chain. They stream it, a
 * block at a time, from a snapshot of the chain taken when the request came: the node never holds the
 * whole answer in memory, and a client that reads slowly holds up nobody else.
 */
import { connect } from 'node:net';
import request from 'supertest';
import type { ChainResponse, ElectionRecord } from '../../api/http';
import { waitFor } from '../support/wait';
import { adminAuth, startNode, type TestNode } from './support/nodes';

describe('the whole chain, streamed', () => {
  let node: TestNode;
  const api = () => request(node.url);

  beforeAll(async () => {
    node = await startNode();
    for (let block = 0; block < 3; block++) {
      for (let v = 1; v <= 4; v++) {
        const voter = `VOID${String(block * 4 + v).padStart(3, '0')}`;
        await api().post('/new_transaction').send({ voter_id: voter, party: 'Democratic Party' }).expect(201);
      }
      await api().get('/mine').set(adminAuth()).expect(200);
    }
  });

  afterAll(() => node.stop());

  it('GET /chain is sent in chunks, and is exactly the chain its pages make', async () => {
    const res = await api().get('/chain').expect(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    const whole = res.body as ChainResponse;
    expect(whole.length).toBe(4);
    const pages: unknown[] = [];
    for (let from = 0; from < 4; from += 2)
      pages.push(...((await api().get(`/chain?from=${from}&limit=2`).expect(200)).body as ChainResponse).chain);
    expect(whole.chain).toEqual(pages);
    expect(((await api().get('/api/record').expect(200)).body as ElectionRecord).chain).toEqual(whole.chain);
  });

  it('keeps serving others while a client does not read its chain', async () => {
    const socket = connect(node.port, '127.0.0.1');
    socket.pause();
    socket.write('GET /chain HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    try {
      expect((await api().get('/health')).status).toBe(200);
      let text = '';
      socket.setEncoding('utf8').on('data', (c: string) => (text += c));
      socket.resume();
      await waitFor(() => text.endsWith('0\r\n\r\n'), { timeoutMs: 5_000, what: 'the whole chunked answer' });
      expect(text).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      socket.destroy();
    }
  });
});
