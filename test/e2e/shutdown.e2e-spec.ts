import request from 'supertest';
import { PeersService } from '../../server/peers/peers.service';
import { type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { waitFor } from '../support/wait';

/** Background work (gossip to peers, with retries) must end quietly when the node shuts down. */
describe('shutdown during background gossip', () => {
  let node: InProcessNode | undefined;
  let peer: InProcessNode | undefined;

  afterEach(async () => {
    await Promise.all([node?.stop(), peer?.stop()]);
    node = peer = undefined;
  });

  it('a gossip send still retrying an unreachable peer when the node stops settles without touching the closed database', async () => {
    [node, peer] = await Promise.all([startInProcessNode(), startInProcessNode()]);
    const http = request(node.app.getHttpServer());
    // The node keeps only a peer that answers its call-back; that peer then goes away.
    await http.post('/register_node').send({ node_address: peer.url }).expect(200);
    const gone = peer;
    peer = undefined;
    await gone.stop();

    // Capture the promises of PeersService's background sends (normally fire-and-forget) to see how they end.
    const peers = node.app.get<PeersService, { send: (...args: unknown[]) => Promise<void> }>(PeersService);
    const original = peers.send.bind(peers);
    const sends: Promise<void>[] = [];
    peers.send = (...args: unknown[]) => {
      const sent = original(...args);
      sends.push(sent);
      return sent;
    };

    await http.post('/new_transaction').send({ voter_id: 'VOID001', party: 'Democratic Party' }).expect(201);
    await waitFor(() => sends.length > 0, { timeoutMs: 5_000, what: 'the ballot gossip to start' });
    const stopping = node;
    node = undefined;
    await stopping.stop();

    // Without a fix the last retry fails, then PeerStore.get runs on the closed database and the send
    // rejects ("The database connection is not open"); in production that is an unhandled rejection.
    const outcomes = await Promise.allSettled(sends);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual(sends.map(() => 'fulfilled'));
  });
});
