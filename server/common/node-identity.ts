import { randomUUID } from 'node:crypto';
import { type Db, readMeta, writeMeta } from './database';

/**
 * A node's stable identity, kept in its database. Peers exchange it so a node can recognise itself
 * behind any address (localhost, 127.0.0.1, a public name) and never registers with itself.
 */
export class NodeIdentity {
  constructor(
    readonly nodeId: string,
    readonly publicUrl: string,
  ) {}

  static load(db: Db, publicUrl: string): NodeIdentity {
    let id = readMeta(db, 'node_id');
    if (!id) {
      id = randomUUID();
      writeMeta(db, 'node_id', id);
    }
    return new NodeIdentity(id, publicUrl);
  }
}

/** Headers every node sends to its peers. */
export const NODE_ID_HEADER = 'x-ballotchain-node';
export const NODE_URL_HEADER = 'x-ballotchain-url';
/** The sender's genesis hash: a node of another election is refused before it becomes a peer. */
export const GENESIS_HEADER = 'x-ballotchain-genesis';
