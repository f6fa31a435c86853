// A hostile fake peer, run as its own process by test/cluster/hostile-peers.cluster-spec.ts. It serves one
// misbehaving "node" per port, each answering the peer routes in its own wrong way, and, when
// told the target's address over IPC, pushes an invalid block and oversize bodies to it under its own name.
// It tells its parent { ready: { personality: url } } once every port listens, and
// { pushed: [{ what, status }] } after each round of pushes.
const http = require('node:http');

// The faces that misbehave when asked share one host (HOSTILE_NET + 50); each pushing face has its own, as a
// ban covers a banned peer's host.
const hostOf = {
  'block-pusher': `${process.env.HOSTILE_NET}51`,
  'body-pusher': `${process.env.HOSTILE_NET}52`,
  'gossip-forger': `${process.env.HOSTILE_NET}53`,
};
const host = (name) => hostOf[name] ?? `${process.env.HOSTILE_NET}50`;
const genesis = JSON.parse(process.env.HOSTILE_GENESIS);
const hex = (byte) => byte.repeat(32);
const HUGE_WORK = 1e15;
const NODE_URL_HEADER = 'x-ballotchain-url';

function status(extra) {
  return {
    node_id: `hostile-${Math.random().toString(16).slice(2)}`,
    public_url: '',
    election: 'hostile',
    election_id: genesis.hash,
    phase: 'open',
    height: 5,
    tip: hex('0c'),
    cumulative_work: HUGE_WORK,
    difficulty: genesis.difficulty,
    pending: 0,
    peers: 0,
    mining: false,
    ...extra,
  };
}

function send(res, body) {
  const text = JSON.stringify(body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Ballots for a party no election here has. */
const forgedBallots = [1, 2].map((i) => ({ voter_id: `FORGED-${i}`, party: 'No Such Party', timestamp: genesis.timestamp + i }));

/** A registration answer any node accepts: our genesis alone, so the node keeps us as a peer. */
const registered = { length: 1, chain: [genesis], peers: [] };

/** A block on the real genesis that breaks the rules: its hash is not the hash of its header. */
function invalidBlock(index, previous) {
  return {
    index,
    timestamp: genesis.timestamp + index,
    previous_hash: previous,
    difficulty: genesis.difficulty,
    merkle_root: hex('00'),
    nonce: 7,
    transactions: [{ voter_id: `FORGED-${index}`, party: 'Alpha', timestamp: genesis.timestamp + index }],
    hash: hex('0c'),
  };
}

const personalities = {
  /** Another election under a heavier chain: a different genesis everywhere. */
  'wrong-election': (req, res) => {
    const other = { ...genesis, hash: hex('ab') };
    if (req.url.startsWith('/api/status')) return send(res, status({ election_id: other.hash }));
    if (req.url.startsWith('/api/chain/hashes')) return send(res, [other.hash, hex('0c')]);
    if (req.url.startsWith('/register_node')) return send(res, { length: 1, chain: [other], peers: [] });
    return send(res, { length: 1, chain: [other], peers: [] });
  },
  /** Claims far more work than the honest chain and serves a block that breaks the rules. */
  'invalid-chain': (req, res) => {
    if (req.url.startsWith('/api/status')) return send(res, status());
    if (req.url.startsWith('/api/chain/hashes')) return send(res, [genesis.hash, hex('0c')]);
    if (req.url.startsWith('/chain')) return send(res, { length: 2, chain: [invalidBlock(1, genesis.hash)], peers: [] });
    return send(res, registered);
  },
  /** Pages that do not end: a list of hashes that goes on for ever (a thousand every 5 ms), and pages with more blocks than asked. */
  'endless-pages': (req, res) => {
    if (req.url.startsWith('/api/status')) return send(res, status());
    if (req.url.startsWith('/api/chain/hashes')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`["${genesis.hash}"`);
      const chunk = `,"${hex('0d')}"`.repeat(1_000);
      const timer = setInterval(() => res.write(chunk), 5);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (req.url.startsWith('/chain')) {
      const blocks = Array.from({ length: 50 }, (_, i) => invalidBlock(i + 1, i === 0 ? genesis.hash : hex('0c')));
      return send(res, { length: 51, chain: blocks, peers: [] });
    }
    return send(res, registered);
  },
  /** Starts every answer at once and then drips it, a byte at a time. */
  'slow-drip': (req, res) => {
    if (req.url.startsWith('/register_node')) return send(res, registered);
    res.writeHead(200, { 'content-type': 'application/json' });
    const text = JSON.stringify(status());
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= text.length) {
        clearInterval(timer);
        return res.end();
      }
      res.write(text[i++]);
    }, 400);
    res.on('close', () => clearInterval(timer));
  },
  /** Answers its status with megabytes. */
  huge: (req, res) => {
    if (req.url.startsWith('/register_node')) return send(res, registered);
    return send(res, status({ padding: 'x'.repeat(2 * 1024 * 1024) }));
  },
  /** Answers its status with JSON null, and with it every registration check. */
  'null-status': (req, res) => (req.url.startsWith('/register_node') ? send(res, registered) : send(res, null)),
  /** Lists blocks it then does not serve: its pages hold other indices than asked for. */
  'wrong-pages': (req, res) => {
    if (req.url.startsWith('/api/status')) return send(res, status());
    if (req.url.startsWith('/api/chain/hashes')) return send(res, [genesis.hash, hex('0e'), hex('0f')]);
    if (req.url.startsWith('/chain')) return send(res, { length: 3, chain: [invalidBlock(7, genesis.hash)], peers: [] });
    return send(res, registered);
  },
  /** Says it has pending ballots, and serves ones no node would take (a party the election does not have). */
  'forged-pending': (req, res) => {
    if (req.url.startsWith('/api/status')) return send(res, status({ height: 0, tip: genesis.hash, cumulative_work: 0, pending: 2 }));
    if (req.url.startsWith('/pending_tx')) return send(res, forgedBallots);
    return send(res, registered);
  },
  /** Polite when asked; it gossips ballots no node would take. */
  'gossip-forger': (req, res) => polite(req, res),
  /** Polite when asked (a chain of its genesis alone); it pushes blocks that break the rules. */
  'block-pusher': (req, res) => polite(req, res),
  /** Polite when asked; it pushes bodies larger than any node takes. */
  'body-pusher': (req, res) => polite(req, res),
};

function polite(req, res) {
  if (req.url.startsWith('/api/status')) return send(res, status({ height: 0, tip: genesis.hash, cumulative_work: 0 }));
  if (req.url.startsWith('/api/chain/hashes')) return send(res, [genesis.hash]);
  return send(res, registered);
}

const urls = {};
let listening = 0;
for (const name of Object.keys(personalities)) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    personalities[name](req, res);
  });
  server.listen(0, host(name), () => {
    urls[name] = `http://${host(name)}:${server.address().port}`;
    if (++listening === Object.keys(personalities).length) process.send({ ready: urls });
  });
}

/**
 * One POST to the target, from our host and under the name of one of our personalities. A body given as a
 * length is announced at that length and sent only in part: the answer comes before the rest would.
 */
function push(target, path, as, body) {
  return new Promise((resolve) => {
    const announced = typeof body === 'number';
    const data = announced ? Buffer.from(`{"ballots":["${'x'.repeat(1024 * 1024)}`) : Buffer.from(JSON.stringify(body));
    const req = http.request(
      `${target}${path}`,
      {
        method: 'POST',
        localAddress: host(as),
        headers: { 'content-type': 'application/json', 'content-length': announced ? body : data.length, [NODE_URL_HEADER]: urls[as] },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode);
          req.destroy();
        });
      },
    );
    req.on('error', () => resolve(0));
    if (announced) req.write(data);
    else req.end(data);
  });
}

process.on('message', async ({ target }) => {
  if (!target) return;
  const huge = 40 * 1024 * 1024;
  const pushed = [];
  for (const [what, path, as, body] of [
    ['invalid block', '/add_block', 'block-pusher', invalidBlock(1, genesis.hash)],
    ['invalid block again', '/add_block', 'block-pusher', invalidBlock(1, genesis.hash)],
    ['40 MB of gossip', '/api/gossip/ballots', 'body-pusher', huge],
    ['40 MB of gossip again', '/api/gossip/ballots', 'body-pusher', huge],
    ['40 MB of gossip a third time', '/api/gossip/ballots', 'body-pusher', huge],
    ['forged gossip', '/api/gossip/ballots', 'gossip-forger', { ballots: forgedBallots }],
    ['forged gossip again', '/api/gossip/ballots', 'gossip-forger', { ballots: forgedBallots }],
  ]) {
    pushed.push({ what, status: await push(target, path, as, body) });
  }
  process.send({ pushed });
});

// The harness's watchdog is not preloaded here: exit with the test process.
process.on('disconnect', () => process.exit(0));
