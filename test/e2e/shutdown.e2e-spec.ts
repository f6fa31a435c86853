import request from 'supertest';
import { PeersService } from '../../server/peers/peers.service';
import { type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { freePort, waitFor } from './support/nodes';

/** Background work (gossip to peers, with retries) must end quietly when the node shuts down. */
describe('shutdown during background gossip', () => {
  let node: InProcessNode | undefined;

  afterEach(async () => {
    await node?.stop();
  });

  it('a gossip send still retrying an unreachable peer when the node stops settles without touching the closed database', async () => {
    node = await startInProcessNode();
    const http = request(node.app.getHttpServer());
    await http.post('/register_node').send({ node_address: `http://127.0.0.1:${await freePort()}` }).expect(200);

    // Capture the promises of PeersService's background sends (normally fire-and-forget) to see how they end.
    const peers = node.app.get(PeersService) as unknown as { send: (...args: unknown[]) => Promise<void> };
    const original = peers.send.bind(peers);
    const sends: Promise<void>[] = [];
    peers.send = (...args: unknown[]) => {
      const sent = original(...args);
      sends.push(sent);
      return sent;
    };

    await http.post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' }).expect(201);
    await waitFor(() => sends.length > 0, 5_000, 'the ballot gossip to start');
    const stopping = node;
    node = undefined;
    await stopping.stop();

    // Without a fix the last retry fails, then PeerStore.get runs on the closed database and the send
    // rejects ("The database connection is not open"); in production that is an unhandled rejection.
    const outcomes = await Promise.allSettled(sends);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual(sends.map(() => 'fulfilled'));
  });
});
