/*
 * A sealed election across three real nodes, with five trustees of which any three decrypt. The trustees are
 * the real trustee tool (`npm run trustee`, built), each run as its own process against a different node: they
 * make their key files, run the ceremony, and after the close three of them decrypt while two are absent. On
 * the way: a trustee posting a partial decryption with a bad proof is refused and named, and a block carrying
 * a sealed ballot whose proofs are forged is refused by every node. Every node ends on the same result.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  base64urlToBytes,
  decryptionMessage,
  decryptSums,
  type ElectionDefinition,
  electionBaseHash,
  type SealedGroup,
  type TrusteeSpec,
} from '../../protocol';
import type { ElectionInfo } from '../../api/http';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import { TrusteeKeyFile } from '../../trustee/key-file';
import { type SealingKey } from '../../voter';
import { sumOfSealedBallots } from '../support/sealed-trustee';
import { waitFor } from '../support/wait';
import { Cluster, type ClusterNode, forgeBlock, killStragglers, NODE_MAIN, runBuiltTool, runVerifier, sha256, step } from './harness';
import { type SecretVoter, votersOf } from './secret-voter';

jest.setTimeout(180_000);

const TRUSTEE_MAIN = resolve(dirname(NODE_MAIN), '../trustee/main.js');
const PARTIES = ['Alpha', 'Beta', 'Gamma'];
const VOTERS = ['VOTER-1', 'VOTER-2', 'VOTER-3', 'VOTER-4', 'VOTER-5', 'VOTER-6'];
/** On the roll too: gets a credential, then tries a ballot with forged proofs. */
const FORGER = 'VOTER-7';
/** Each voter's choice, by index into the parties. */
const CHOICES = [0, 1, 1, 2, 1, 0];

describe('a sealed election on three nodes, decrypted by three of five trustees', () => {
  let group: SealedGroup;
  let dir: string;
  let cluster: Cluster;
  let A: ClusterNode, B: ClusterNode, C: ClusterNode;
  const keyFile = (i: number) => join(dir, `trustee-${i}.json`);
  const passphraseFile = () => join(dir, 'passphrase');
  /** Trustee 5 seals its key file under a passphrase. */
  const sealedArgs = (i: number) => (i === 5 ? ['--passphrase-file', passphraseFile()] : []);
  const trustee = (args: string[]) => runBuiltTool(TRUSTEE_MAIN, args, { timeoutMs: 120_000 });

  beforeAll(async () => {
    group = await libsodiumGroup();
    dir = mkdtempSync(join(tmpdir(), 'ballotchain-trustees-'));
    writeFileSync(passphraseFile(), 'correct horse battery staple\n', { mode: 0o600 });
    const specs: TrusteeSpec[] = [];
    for (let i = 1; i <= 5; i++) {
      const run = await trustee(['init', '--key', keyFile(i), '--name', `Trustee ${i}`, ...sealedArgs(i)]);
      expect(run.code).toBe(0);
      specs.push(JSON.parse(run.stdout) as TrusteeSpec);
    }
    const election: ElectionDefinition = {
      title: 'Sealed cluster election',
      parties: PARTIES,
      difficulty: 2,
      scheme: 'secret',
      voters: [...VOTERS, FORGER],
      trustees: specs,
      threshold: 3,
    };
    // Every node mines what is pending on its own, as in a real election: the trustees only post and wait.
    cluster = await Cluster.start({
      names: ['A', 'B', 'C'],
      election,
      joining: ['B', 'C'],
      peersOf: (n) => (n === 'A' ? [] : ['A']),
      env: () => ({ MINE_INTERVAL_MS: '400' }),
    });
    [A, B, C] = cluster.nodes;
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const everyNode = (what: string, ok: (info: ElectionInfo) => boolean) =>
    waitFor(async () => (await Promise.all(cluster.nodes.map((n) => n.election()))).every(ok), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: `every node to see ${what}`,
    });

  it('runs the ceremony through the trustee tool, votes sealed, and decrypts with any three trustees', () =>
    cluster.run(async () => {
      let voters!: Map<string, SecretVoter>;
      let sealing!: SealingKey;

      await step('the trustee key files are the owner’s alone, and the sealed one shows no secret', () => {
        for (let i = 1; i <= 5; i++) expect(statSync(keyFile(i)).mode & 0o777).toBe(0o600);
        const sealed = JSON.parse(readFileSync(keyFile(5), 'utf8')) as { secrets: string };
        expect(sealed.secrets).toMatch(/^sealed:v1:/);
        const plain = JSON.parse(readFileSync(keyFile(1), 'utf8')) as { secrets: string };
        expect(JSON.parse(plain.secrets)).toHaveProperty('share_secret');
      });

      await step('five trustees, each through a node of its own, run the ceremony to its end', async () => {
        await cluster.fullMesh(15_000);
        const nodeOf = (i: number) => [A, B, C][i % 3].publicUrl;
        const runs = await Promise.all(
          [1, 2, 3, 4, 5].map((i) => trustee(['ceremony', '--key', keyFile(i), '--node', nodeOf(i), '--timeout', '100', ...sealedArgs(i)])),
        );
        for (const run of runs) {
          expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
          expect(run.stdout).toContain('done its part');
        }
        await everyNode('the ceremony complete', (info) => info.sealed?.ceremony === 'complete');
      });

      await step('A opens with the joint key; every node refuses nothing and agrees on the key', async () => {
        expect((await A.admin('POST', '/api/admin/open')).status).toBe(200);
        await everyNode('the election open', (info) => info.phase === 'open');
        const infos = await Promise.all(cluster.nodes.map((n) => n.election()));
        expect(new Set(infos.map((i) => i.sealed!.opened_with)).size).toBe(1);
        const sealed = infos[0].sealed!;
        const commitments = sealed.commitments!.map((cs) => cs.map((c) => base64urlToBytes(c)!));
        const key = base64urlToBytes(sealed.opened_with!)!;
        sealing = { key, base: electionBaseHash(sha256, group, cluster.electionId, 3, commitments, key), optionCount: PARTIES.length };
        voters = new Map(votersOf(A, infos[0]).map((v) => [v.id, v]));
      });

      await step('voters get credentials through B and C and cast sealed ballots on every node', async () => {
        for (const [i, id] of VOTERS.entries()) {
          const voter = voters.get(id)!;
          const node = [B, C, A][i % 3];
          expect((await voter.requestCredential(node)).status).toBe(201);
          const ballot = voter.sealedBallot(group, sealing, CHOICES[i]);
          const res = await node.castSealed(ballot);
          expect(res.status).toBe(201);
        }
        await everyNode('six ballots on chain', (info) => info.ballots_cast === 6);
        for (const n of cluster.nodes) expect((await n.results()).tally).toEqual([]);
      });

      await step('a block carrying a sealed ballot with forged proofs is refused by every node', async () => {
        // A real credential and a valid signature, but proofs made for another election's base hash.
        const forger = voters.get(FORGER)!;
        expect((await forger.requestCredential(A)).status).toBe(201);
        await everyNode('the forger’s credential on chain', (info) => info.credentials_issued === 7);
        const ballot = forger.sealedBallot(group, { ...sealing, base: new Uint8Array(32).fill(7) }, 0);
        const tip = (await A.chain()).chain.at(-1)!;
        const block = forgeBlock(tip, [ballot], 2);
        for (const n of cluster.nodes) {
          const res = await n.post<{ error: string; message: string }>('/add_block', block);
          expect(res.status).toBe(422);
          expect(res.body).toMatchObject({ error: 'sealed-entry-proof', message: expect.stringContaining('encrypts 0 or 1') as unknown });
        }
        for (const n of cluster.nodes) expect((await n.election()).ballots_cast).toBe(6);
      });

      await step('A closes; trustee 2 posts a partial decryption with a bad proof and is named', async () => {
        expect((await A.admin('POST', '/api/admin/close')).status).toBe(200);
        await everyNode('the election closed', (info) => info.phase === 'closed');
        const chain = (await B.chain()).chain;
        const sum = sumOfSealedBallots(group, chain);
        const two = TrusteeKeyFile.open(keyFile(2), null);
        const unsigned = decryptSums(group, sealing.base, 2, group.randomScalar(), sum);
        const bad = { ...unsigned, signature: two.sign(decryptionMessage(cluster.electionId, { ...unsigned, signature: '' })) };
        const res = await B.post<{ error: string; message: string }>('/api/trustees/transactions', bad);
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ error: 'bad-decryption-proof', message: expect.stringContaining('trustee 2') as unknown });
        expect((await B.results()).sealed).toMatchObject({ state: 'decrypting', decrypted_by: [] });
      });

      await step('trustees 1, 3 and 5 decrypt through the tool (2 and 4 absent); every node publishes the same counts', async () => {
        for (const [i, node] of [
          [1, A],
          [3, B],
          [5, C],
        ] as const) {
          const run = await trustee(['decrypt', '--key', keyFile(i), '--node', node.publicUrl, ...sealedArgs(i)]);
          expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
        }
        await waitFor(
          async () => (await Promise.all(cluster.nodes.map((n) => n.results()))).every((r) => r.sealed?.state === 'decrypted'),
          {
            timeoutMs: 30_000,
            intervalMs: 200,
            what: 'every node to decrypt the result',
          },
        );
        const results = await Promise.all(cluster.nodes.map((n) => n.results()));
        for (const r of results) {
          expect(r.tally).toEqual([
            { party: 'Alpha', votes: 2 },
            { party: 'Beta', votes: 3 },
            { party: 'Gamma', votes: 1 },
          ]);
          expect(r.sealed).toMatchObject({ state: 'decrypted', decrypted_by: [1, 3, 5], quorum: [1, 3, 5] });
        }
        expect(new Set(results.map((r) => r.tally_digest)).size).toBe(1);
      });

      await step('the verifier re-checks everything from a node, with the second implementation too', async () => {
        const run = await runVerifier(['--node', C.publicUrl, '--workers', '2', '--cross-check']);
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
        expect(run.stdout).toContain(
          'decrypted by trustees 1, 3, 5 (threshold 3); every proof checked, and every group operation again with noble-curves',
        );
        expect(run.stdout).toMatch(/Beta\s+3/);
      });
    }));
});
