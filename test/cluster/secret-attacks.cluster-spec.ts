/*
 * What a dishonest node or voter can try against a secret (sealed) election on three real nodes (A the
 * authority, B and C joined): serving blocks that were tampered with yet carry a valid proof of work, and
 * using one credential on two nodes at the same moment. Every node must refuse the first with its reason,
 * and the network must end with exactly one ballot per credential.
 */
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { type Block, claimOf, credentialMessage, type SealedBallot } from '../../protocol';
import { type ElectionInfo } from '../../api/http';
import { prepareCredentialRequest, sealBallot } from '../../voter';
import { chainProblems, type Cluster, type ClusterNode, forgeBlock, killStragglers, sealedBallots, step, transactionsOf } from './harness';
import { waitFor } from '../support/wait';
import { type Sealing, sealingOf, type SecretVoter, secretElection, startSecretCluster, votersOf } from './secret-voter';

jest.setTimeout(120_000);

const ELECTION = secretElection('Cluster secret election under attack');

describe('attacks on a secret election run by A, joined by B and C', () => {
  let cluster: Cluster;
  let A: ClusterNode, B: ClusterNode, C: ClusterNode;
  let info: ElectionInfo;
  let sealing: Sealing;
  let voters: Map<string, SecretVoter>;
  const voter = (id: string) => voters.get(id)!;
  /** `id`'s ballot for `party`, sealed to the key the opening named. */
  const ballotOf = (id: string, party: string) => voter(id).ballot(sealing, party);

  /** Casts `ballot` on `node`, which must store it. */
  async function cast(node: ClusterNode, ballot: SealedBallot): Promise<void> {
    const res = await node.castSealed(ballot);
    expect({ node: node.name, status: res.status, error: res.body.error }).toEqual({ node: node.name, status: 201, error: undefined });
  }

  beforeAll(async () => {
    cluster = await startSecretCluster(ELECTION);
    [A, B, C] = cluster.nodes;
    await cluster.run(async () => {
      await cluster.fullMesh(15_000);
      const opened = await A.admin<ElectionInfo>('POST', '/api/admin/open', {}, { timeoutMs: 30_000 });
      expect(opened.status).toBe(200);
      info = opened.body;
      sealing = await sealingOf(info);
      voters = new Map(votersOf(A, info).map((v) => [v.id, v]));
      // Five voters get their credentials, through B and C in turn; the records are mined on B.
      for (const [i, id] of ['VOTER-1', 'VOTER-2', 'VOTER-3', 'VOTER-4', 'VOTER-5'].entries()) {
        expect((await voter(id).requestCredential(i % 2 === 0 ? B : C)).status).toBe(201);
      }
      await waitFor(async () => (await Promise.all(cluster.nodes.map((n) => n.pending()))).every((p) => p.length === 5), {
        timeoutMs: 15_000,
        intervalMs: 100,
        what: 'every pool to hold the five credential records',
      });
      await cluster.mineOn(B, 5);
    });
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
  });

  it('every node refuses a tampered block that carries a valid proof of work, with its reason, and no tally moves', () =>
    cluster.run(async () => {
      await step('two ballots, cast on B and C, are mined on C', async () => {
        const ballots = [ballotOf('VOTER-1', 'Alpha'), ballotOf('VOTER-2', 'Beta')];
        await cast(B, ballots[0]);
        await cast(C, ballots[1]);
        await cluster.poolsHold(ballots.map((b) => `key:${b.ballot_key}`));
        await cluster.mineOn(C, 2);
      });

      const before = await Promise.all(cluster.nodes.map((n) => n.results()));
      const { chain } = await A.chain();
      const tip = chain[chain.length - 1];
      const parent = chain[chain.length - 2];
      const genuine = tip.transactions as SealedBallot[];
      // The vote moved to another option: the first two entries of the sealed choice swapped.
      const altered = (b: SealedBallot): SealedBallot => {
        const [first, second, ...rest] = b.sealed.entries;
        return { ...b, sealed: { ...b.sealed, entries: [second, first, ...rest] } };
      };

      /** Posts `block` to every node's /add_block: each must refuse it with `error`, and a message matching `message`. */
      async function everyNodeRefuses(block: Block, error: string, message: RegExp): Promise<void> {
        for (const node of cluster.nodes) {
          const res = await node.post<{ error: string; message: string }>('/add_block', block);
          expect({ node: node.name, status: res.status, error: res.body.error }).toEqual({ node: node.name, status: 422, error });
          expect(res.body.message).toMatch(message);
        }
      }

      await step('the ballots block rewritten with one vote moved, its merkle root and proof of work redone', async () => {
        const rewritten = forgeBlock(parent, [altered(genuine[0]), genuine[1]], ELECTION.difficulty, tip.timestamp);
        expect(rewritten.hash).not.toBe(tip.hash);
        await everyNodeRefuses(rewritten, 'invalid-ballot', /bad-ballot-signature/);
      });

      await step('the same change under the original merkle root, the proof of work redone', async () => {
        // The honest transactions give the original merkle root; the altered ones are swapped in afterwards.
        const stale = {
          ...forgeBlock(parent, genuine, ELECTION.difficulty, tip.timestamp + 1),
          transactions: [altered(genuine[0]), genuine[1]],
        };
        await everyNodeRefuses(stale, 'merkle-root-mismatch', /merkle_root/);
      });

      await step('a new block with a ballot whose credential was not made by the authority', async () => {
        // A rogue node mints a vote: its own RSA key "certifies" a fresh ballot key.
        const rogue = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const prepared = await prepareCredentialRequest(info.election_id, info.authority!.credential_key);
        const credential = sign('sha384', Buffer.from(credentialMessage(info.election_id, prepared.ballotKey)), {
          key: rogue.privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 48,
        }).toString('base64url');
        await everyNodeRefuses(
          forgeBlock(
            tip,
            [sealBallot(sealing.group, sealing.key, prepared, credential, sealing.parties.indexOf('Gamma')).ballot],
            ELECTION.difficulty,
          ),
          'invalid-ballot',
          /bad-credential/,
        );
      });

      await step('a new block replaying a ballot already counted', async () => {
        await everyNodeRefuses(forgeBlock(tip, [genuine[1]], ELECTION.difficulty), 'already-used', /already used/);
      });

      await step('no node moved: same tips, same tallies, no disagreement', async () => {
        expect(await Promise.all(cluster.nodes.map((n) => n.results()))).toEqual(before);
        for (const node of cluster.nodes) expect((await node.audit()).disagreement).toBe(false);
        expect(chainProblems((await C.chain()).chain, cluster.electionId)).toEqual([]);
      });

      expect(cluster.internalErrors()).toEqual([]);
    }));

  it('one credential cast on two nodes at the same moment ends as exactly one ballot on every chain', () =>
    cluster.run(async () => {
      // VOTER-3 sends the same ballot to A and B; VOTER-4 signs two ballots with one key, Alpha to B and Beta to C.
      const same = ballotOf('VOTER-3', 'Gamma');
      const [twiceAlpha, twiceBeta] = [ballotOf('VOTER-4', 'Alpha'), ballotOf('VOTER-4', 'Beta')];
      const acknowledged: SealedBallot[] = [];

      await step('cast both at once on two nodes each', async () => {
        const attempts: [ClusterNode, SealedBallot][] = [
          [A, same],
          [B, same],
          [B, twiceAlpha],
          [C, twiceBeta],
        ];
        const answers = await Promise.all(attempts.map(([node, ballot]) => node.castSealed(ballot)));
        answers.forEach((res, i) => {
          expect({ node: attempts[i][0].name, status: res.status, error: res.body.error }).toEqual(
            res.status === 201
              ? { node: attempts[i][0].name, status: 201, error: undefined }
              : { node: attempts[i][0].name, status: 409, error: 'already-used' },
          );
          if (res.status === 201) acknowledged.push(attempts[i][1]);
        });
        expect(acknowledged.filter((b) => b.ballot_key === same.ballot_key).length).toBeGreaterThanOrEqual(1);
        expect(acknowledged.filter((b) => b.ballot_key === twiceAlpha.ballot_key).length).toBeGreaterThanOrEqual(1);
      });

      await step('mine on all three nodes at once', async () => {
        const mined = await Promise.all(cluster.nodes.map((n) => n.mine()));
        expect(mined.map((m) => m.status)).toEqual([200, 200, 200]);
        expect(mined.some((m) => m.body.mined)).toBe(true);
      });

      await step('every node holds both keys, pending or mined', async () => {
        // A node that mined before the other's gossip arrived holds the key in its pool instead: the next
        // block must be able to carry it, or it would be left pending once the tie is settled.
        const keys = [`key:${same.ballot_key}`, `key:${twiceAlpha.ballot_key}`];
        await waitFor(
          async () => {
            const held = await Promise.all(
              cluster.nodes.map(
                async (n) => new Set([...(await n.pendingClaims()), ...transactionsOf((await n.chain()).chain).map(claimOf)]),
              ),
            );
            return held.every((claims) => keys.every((k) => claims.has(k)));
          },
          { timeoutMs: 15_000, intervalMs: 100, what: 'every node to hold both ballot keys' },
        );
      });

      await step('one more block, mined on A, settles any tie between equal blocks', async () => {
        await cast(A, ballotOf('VOTER-5', 'Beta'));
        const res = await A.mine();
        expect(res.body).toMatchObject({ mined: true });
        await cluster.converged(20_000, cluster.nodes, (res.body as { hash: string }).hash);
        await cluster.poolsEmpty(15_000);
      });

      await step('each ballot key is on the one chain exactly once, with a sealed choice that was acknowledged', async () => {
        const chains = await Promise.all(cluster.nodes.map((n) => n.chain()));
        for (const c of chains.slice(1)) expect(c.chain).toEqual(chains[0].chain);
        const chain = chains[0].chain;
        expect(chainProblems(chain, cluster.electionId)).toEqual([]);
        const onChain = sealedBallots(transactionsOf(chain));
        const sameOnChain = onChain.filter((b) => b.ballot_key === same.ballot_key);
        const twiceOnChain = onChain.filter((b) => b.ballot_key === twiceAlpha.ballot_key);
        expect(sameOnChain).toEqual([same]);
        expect(twiceOnChain).toHaveLength(1);
        expect(acknowledged).toContainEqual(twiceOnChain[0]);
        // VOTER-1 and VOTER-2 from the first test, VOTER-3, VOTER-4 and VOTER-5 here.
        expect(onChain).toHaveLength(5);
      });

      await step('every node refuses both keys from now on, and every node counts the same', async () => {
        for (const node of cluster.nodes) {
          for (const ballot of [same, twiceBeta, twiceAlpha]) {
            const res = await node.castSealed(ballot);
            expect({ node: node.name, status: res.status, error: res.body.error }).toEqual({
              node: node.name,
              status: 409,
              error: 'already-used',
            });
          }
        }
        const results = await Promise.all(cluster.nodes.map((n) => n.results()));
        for (const r of results.slice(1)) expect(r).toEqual(results[0]);
        expect(results[0]).toMatchObject({ pending: 0, phase: 'open', sealed: { state: 'sealed', ballots: 5 } });
      });

      expect(cluster.internalErrors()).toEqual([]);
    }));
});
