/*
 * A node among hostile peers. T lists one honest node H and a hostile fake peer process with eleven faces:
 * another election, an invalid chain claiming far more work, a list of hashes that never ends, answers
 * dripped a byte at a time, megabytes of status, a status of JSON null, pages of other blocks than listed,
 * forged pending ballots, and three that are polite when asked but push an invalid block, 40 MB bodies or
 * forged ballots. T must ban each of them with its reason, keep H, stay responsive throughout (/health
 * under 200 ms), and end on H's chain.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait';
import { Cluster, type ClusterNode, killStragglers, NodeProcess, step } from './harness';

jest.setTimeout(90_000);

type Personality =
  | 'wrong-election'
  | 'invalid-chain'
  | 'endless-pages'
  | 'slow-drip'
  | 'huge'
  | 'null-status'
  | 'wrong-pages'
  | 'forged-pending'
  | 'block-pusher'
  | 'body-pusher'
  | 'gossip-forger';

/** The reason each face must be banned for (the offence that starts the ban's reason). */
const EXPECTED_OFFENCE: Record<Personality, RegExp> = {
  'wrong-election': /^different-election: /,
  'invalid-chain': /^invalid-block: /,
  'endless-pages': /^oversize: /,
  'slow-drip': /^slow: /,
  huge: /^oversize: /,
  'null-status': /^malformed: .* answered its status with no JSON object/,
  'wrong-pages': /^malformed: .* listed blocks from 1 on but served other ones/,
  'block-pusher': /^invalid-block: /,
  'body-pusher': /^oversize: /,
  'forged-pending': /^forged-transaction: .* served 2 forged transactions as pending/,
  'gossip-forger': /^forged-transaction: /,
};

describe('a node among hostile peers', () => {
  let cluster: Cluster;
  let H: ClusterNode;
  let T: NodeProcess;
  let hostile: ChildProcess;
  let faces: Record<Personality, string>;
  const worker = Number(process.env['JEST_WORKER_ID'] ?? 1) % 250;

  beforeAll(async () => {
    cluster = await Cluster.start({ names: ['H'] });
    [H] = cluster.nodes;
    const genesis = (await H.chain()).chain[0];
    hostile = fork(join(__dirname, 'harness/hostile-peer.js'), [], {
      env: { HOSTILE_NET: `127.0.${worker}.`, HOSTILE_GENESIS: JSON.stringify(genesis), PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    faces = await new Promise((resolve) => hostile.once('message', (m: { ready: Record<Personality, string> }) => resolve(m.ready)));
  });

  afterAll(async () => {
    hostile?.kill('SIGKILL');
    await T?.kill();
    await cluster?.stop();
    killStragglers();
  });

  it('bans every hostile face with its reason, keeps serving, and ends on the honest chain', async () => {
    await step('the honest node holds a chain of three blocks', async () => {
      for (let b = 0; b < 3; b++) {
        for (let v = 0; v < 5; v++) expect((await H.vote(`HONEST-${b}-${v}`, 'Alpha')).status).toBe(201);
        expect((await H.mine()).status).toBe(200);
      }
    });

    const host = `127.0.${worker}.21`;
    const dataDir = join(cluster.dir, 'node-T');
    mkdirSync(dataDir, { mode: 0o700 });
    T = new NodeProcess({
      name: 'T',
      host,
      port: await freePort(host),
      dataDir,
      env: {
        ELECTION_FILE: join(cluster.dir, 'election.json'),
        MINE_INTERVAL_MS: '0',
        SYNC_INTERVAL_MS: '300',
        RATE_LIMIT_LOOPBACK: 'off',
        PEERS: [H.publicUrl, ...Object.values(faces)].join(','),
      },
    });

    // /health is timed from before T starts taking peers until the end.
    let watching = true;
    const healthTimes: number[] = [];
    await T.start();
    const watcher = (async () => {
      while (watching) {
        const started = performance.now();
        const res = await T.get('/health');
        healthTimes.push(performance.now() - started);
        expect(res.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    try {
      const pushed = await step('the pushing faces push an invalid block and 40 MB bodies', async () => {
        hostile.send({ target: T.url });
        return new Promise<{ what: string; status: number }[]>((resolve) =>
          hostile.once('message', (m: { pushed: { what: string; status: number }[] }) => resolve(m.pushed)),
        );
      });
      // The first invalid block is refused (422) and bans its sender at once: the second is refused unread.
      expect(pushed.slice(0, 2).map((p) => p.status)).toEqual([422, 403]);
      // Two oversize bodies ban their sender; the third is refused unread.
      expect(pushed.slice(2, 4).map((p) => p.status)).toEqual([413, 413]);
      expect(pushed[4].status).toBe(403);
      // Forged gossip is answered (200, every ballot refused) and bans its sender: the next push is refused unread.
      expect(pushed.slice(5).map((p) => p.status)).toEqual([200, 403]);

      const peers = await step('every hostile face is banned with its reason, and H is not', () =>
        waitFor(
          async () => {
            const list = await T.peers();
            const banned = Object.values(faces).every((url) => list.find((p) => p.url === url)?.state === 'banned');
            return banned ? list : undefined;
          },
          { timeoutMs: 45_000, what: 'every hostile face banned' },
        ),
      );
      for (const [face, url] of Object.entries(faces) as [Personality, string][]) {
        const peer = peers.find((p) => p.url === url)!;
        expect({ face, reason: peer.ban?.reason }).toEqual({ face, reason: expect.stringMatching(EXPECTED_OFFENCE[face]) as unknown });
        expect(peer.ban!.until).toBeGreaterThan(Date.now() / 1000 + 3_000);
      }
      const honest = peers.find((p) => p.url === H.publicUrl)!;
      expect(honest).toMatchObject({ state: 'reachable', score: 0, ban: null });

      await step('T holds the honest chain, and keeps following it', async () => {
        const honestTip = async () => (await H.status()).tip;
        await waitFor(async () => (await T.status()).tip === (await honestTip()), { timeoutMs: 20_000, what: "T on H's tip" });
        expect((await H.vote('HONEST-LATE', 'Beta')).status).toBe(201);
        expect((await H.mine()).status).toBe(200);
        await waitFor(async () => (await T.status()).tip === (await honestTip()), { timeoutMs: 20_000, what: "T on H's new tip" });
        const chain = (await T.chain()).chain;
        expect(chain).toHaveLength(5);
        expect(chain.flatMap((b) => b.transactions).some((t) => 'voter_id' in t && t.voter_id.startsWith('FORGED'))).toBe(false);
      });

      const metrics = (await T.get('/metrics')).text;
      expect(metrics).toMatch(/^ballotchain_peer_bans_total\{offence="invalid-block"\} 2$/m);
      expect(metrics).toMatch(/^ballotchain_peers\{state="banned"\} 11$/m);
    } finally {
      watching = false;
      await watcher;
    }
    if (process.env['CLUSTER_TIMING'])
      process.stderr.write(`  /health: ${healthTimes.length} requests, slowest ${Math.max(...healthTimes).toFixed(1)} ms\n`);
    expect(Math.max(...healthTimes)).toBeLessThan(200);
    expect(healthTimes.length).toBeGreaterThan(20);
    expect([...T.internalErrors(), ...cluster.internalErrors()]).toEqual([]);
  });
});
