/*
 * A secret election across three real nodes. A is the authority (a secret ELECTION_FILE: it holds the keys,
 * the private roll and the one trustee the ballots are sealed to); B and C join A's election through PEERS.
 * Voters get credentials through B and C (relayed to A), cast sealed ballots on every node, and blocks are
 * mined on every node; all three must agree on the same sealed results while the election is open, and once
 * A closes it (and its trustee decrypts) on the same counts, with nothing more counted by any node. Finally
 * the independent verifier re-checks the chain from a node, and catches one altered ballot in a saved record.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInclusion, kindOf, type SealedBallot, type ServedHeader, type Transaction } from '../../protocol';
import { type ElectionInfo, type ElectionRecord, type ReceiptStatus } from '../../api/http';
import type { VerificationReport } from '../../verifier/verify-chain';
import {
  chainProblems,
  type Cluster,
  type ClusterNode,
  forgeBlock,
  killStragglers,
  runVerifier,
  sealedBallots,
  sha256,
  step,
  transactionsOf,
} from './harness';
import { waitFor } from '../support/wait';
import {
  ballotTrackingCode,
  ceremonyKeyOf,
  decryptedResults,
  type Sealing,
  sealingOf,
  SecretVoter,
  secretElection,
  startSecretCluster,
  votersOf,
} from './secret-voter';

jest.setTimeout(120_000);

const ELECTION = secretElection('Cluster secret election');

describe('a secret election run by A, joined by B and C', () => {
  let cluster: Cluster;
  let A: ClusterNode, B: ClusterNode, C: ClusterNode;

  beforeAll(async () => {
    cluster = await startSecretCluster(ELECTION);
    [A, B, C] = cluster.nodes;
  });

  afterAll(async () => {
    await cluster?.stop();
    killStragglers();
  });

  /** The type of each transaction ('sealed-ballot', 'credential', 'open', 'trustee-shares', …). */
  const kinds = (txs: Transaction[]) => txs.map((t) => ('type' in t ? t.type : 'open-ballot'));

  async function everyNodePhase(phase: ElectionInfo['phase']): Promise<void> {
    await waitFor(async () => (await Promise.all(cluster.nodes.map((n) => n.election()))).every((i) => i.phase === phase), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: `every node to see the election ${phase}`,
    });
  }

  it('counts the same tally on every node, refuses anything after the close, and passes the verifier', () =>
    cluster.run(async () => {
      let info!: ElectionInfo;
      let voters!: Map<string, SecretVoter>;
      let sealing!: Sealing;
      const voter = (id: string) => voters.get(id)!;

      await step('A is the authority in draft, its key made; B and C joined, and every node knows every other', async () => {
        // B and C take the ceremony's blocks from A once they have joined.
        await cluster.converged(15_000);
        const infos = await Promise.all(cluster.nodes.map((n) => n.election()));
        info = infos[0];
        expect(info).toMatchObject({
          election_id: cluster.electionId,
          phase: 'draft',
          scheme: 'secret',
          roll_size: 6,
          credentials_issued: 0,
          is_authority: true,
          sealed: { threshold: 1, ceremony: 'complete', opened_with: null, demo_trustees: true },
        });
        expect(info.manifest.voters).toBeUndefined();
        for (const other of infos.slice(1)) {
          expect(other).toEqual({ ...info, is_authority: false, sealed: { ...info.sealed, demo_trustees: false } });
        }
        voters = new Map(votersOf(A, info).map((v) => [v.id, v]));
        expect([...voters.keys()].sort()).toEqual(ELECTION.voters);
        await cluster.fullMesh(15_000);
      });

      await step('a voter gets a credential through B while in draft; the ballot waits for the opening', async () => {
        const res = await voter('VOTER-1').requestCredential(B);
        expect({ status: res.status, resumed: res.body.resumed }).toEqual({ status: 201, resumed: false });
        // Sealed to the key the ceremony made, which the opening is to name: right in every way but the moment.
        const early = await C.castSealed(voter('VOTER-1').ballot(await ceremonyKeyOf(info), 'Alpha'));
        expect({ status: early.status, error: early.body.error }).toEqual({ status: 409, error: 'election-not-open' });
      });

      await step('only the authority opens the election, and only with the admin token', async () => {
        expect((await A.post('/api/admin/open', {})).status).toBe(401);
        const onB = await B.admin<{ error: string }>('POST', '/api/admin/open', {});
        expect({ status: onB.status, error: onB.body.error }).toEqual({ status: 409, error: 'not-authority' });
        const opened = await A.admin<ElectionInfo>('POST', '/api/admin/open', {}, { timeoutMs: 30_000 });
        expect({ status: opened.status, phase: opened.body.phase, key: opened.body.sealed?.opened_with }).toEqual({
          status: 200,
          phase: 'open',
          key: info.sealed!.election_key,
        });
        sealing = await sealingOf(opened.body);
        await cluster.converged(15_000);
        await everyNodePhase('open');
        // VOTER-1's credential record, made in draft, went into the opening block, after the ceremony's two.
        const opening = (await B.chain()).chain[3];
        expect(kinds(opening.transactions)).toEqual(['credential', 'open']);
      });

      await step('credentials through B and C are relayed to A; a wrong code and a second device are refused', async () => {
        for (const [id, node] of [
          ['VOTER-2', B],
          ['VOTER-3', C],
          ['VOTER-4', B],
          ['VOTER-5', C],
        ] as const) {
          const res = await voter(id).requestCredential(node);
          expect({ voter: id, via: node.name, status: res.status }).toEqual({ voter: id, via: node.name, status: 201 });
        }
        const wrongCode = await voter('VOTER-6').requestCredential(C, 'AAAA-BBBB-CCCC-DDDD');
        expect({ status: wrongCode.status, error: wrongCode.body.error }).toEqual({ status: 401, error: 'invalid-code' });
        // The same request again (a browser retrying) gets the same blind signature back…
        const again = await voter('VOTER-2').requestCredential(C);
        expect({ status: again.status, resumed: again.body.resumed }).toEqual({ status: 201, resumed: true });
        // …but another ballot key (a second device) gets nothing.
        const secondDevice = new SecretVoter('VOTER-2', voter('VOTER-2').code, info);
        const refused = await secondDevice.requestCredential(B);
        expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 409, error: 'credential-already-issued' });
        await waitFor(
          async () =>
            (await Promise.all(cluster.nodes.map((n) => n.pending()))).every(
              (p) => p.length === 4 && p.every((t) => kindOf(t) === 'credential'),
            ),
          { timeoutMs: 15_000, intervalMs: 100, what: 'every pool to hold the four credential records' },
        );
      });

      await step('C mines the credential records: every node counts five credentials', async () => {
        await cluster.mineOn(C, 4);
        for (const i of await Promise.all(cluster.nodes.map((n) => n.election()))) expect(i.credentials_issued).toBe(5);
      });

      const cast: { id: string; party: string; node: ClusterNode; ballot: SealedBallot }[] = [];
      await step('ballots cast on A, B and C gossip to every pool; B mines them', async () => {
        for (const [id, party, node] of [
          ['VOTER-1', 'Alpha', C],
          ['VOTER-2', 'Beta', A],
          ['VOTER-3', 'Gamma', B],
          ['VOTER-4', 'Alpha', C],
        ] as const) {
          const ballot = voter(id).ballot(sealing, party);
          const res = await node.castSealed(ballot);
          expect({ voter: id, status: res.status, code: res.body.tracking_code }).toEqual({
            voter: id,
            status: 201,
            code: ballotTrackingCode(ballot),
          });
          cast.push({ id, party, node, ballot });
        }
        await cluster.poolsHold(cast.map((c) => `key:${c.ballot.ballot_key}`));
        await cluster.mineOn(B, 4);
      });

      await step('every node reports the same sealed results and digest, no count yet, and no audit finds a disagreement', async () => {
        const results = await Promise.all(cluster.nodes.map((n) => n.results()));
        const openResults = results[0];
        expect(openResults).toMatchObject({
          height: 5,
          // Nothing is counted while the choices are sealed: only the turnout is known.
          total: 0,
          pending: 0,
          phase: 'open',
          final: false,
          tally: [],
          sealed: { state: 'sealed', ballots: 4, credentials: 5, decrypted_by: [] },
        });
        for (const r of results.slice(1)) expect(r).toEqual(openResults);
        for (const node of cluster.nodes) {
          const audit = await node.audit();
          expect({ node: node.name, disagreement: audit.disagreement, verdicts: audit.tallies.map((t) => t.verdict).sort() }).toEqual({
            node: node.name,
            disagreement: false,
            verdicts: ['agrees', 'agrees', 'self'],
          });
          expect(new Set(audit.tallies.map((t) => t.tally_digest))).toEqual(new Set([openResults.tally_digest]));
        }
      });

      await step("a voter's tracking code is confirmed by every node, with a proof that checks against every node's header", async () => {
        const code = ballotTrackingCode(cast[2].ballot);
        const receipts = await Promise.all(cluster.nodes.map((n) => n.get<ReceiptStatus>(`/api/receipts/${code}`)));
        for (const r of receipts) expect(r.body).toMatchObject({ status: 'confirmed', block_index: 5, transaction: cast[2].ballot });
        const confirmed = receipts[0].body as Extract<ReceiptStatus, { status: 'confirmed' }>;
        const headers = await Promise.all(
          cluster.nodes.map(async (n) => (await n.get<ServedHeader>(`/api/headers/${confirmed.block_index}`)).body),
        );
        expect(checkInclusion(code, confirmed.proof, headers, sha256, { minimumNodes: 3, difficulty: ELECTION.difficulty })).toEqual({
          ok: true,
        });
      });

      await step('A closes the election and its trustee decrypts: every node publishes the same final counts', async () => {
        const closed = await A.admin<ElectionInfo>('POST', '/api/admin/close', {}, { timeoutMs: 30_000 });
        expect({ status: closed.status, phase: closed.body.phase }).toEqual({ status: 200, phase: 'closed' });
        await everyNodePhase('closed');
        const results = await decryptedResults(cluster);
        await cluster.converged(15_000);
        expect(results[0]).toMatchObject({
          height: 7,
          phase: 'closed',
          final: true,
          total: 4,
          tally: [
            { party: 'Alpha', votes: 2 },
            { party: 'Beta', votes: 1 },
            { party: 'Gamma', votes: 1 },
          ],
          sealed: { state: 'decrypted', ballots: 4, decrypted_by: [1], quorum: [1] },
        });
        for (const r of results.slice(1)) expect(r).toEqual(results[0]);
      });

      const late = voter('VOTER-5').ballot(sealing, 'Gamma');
      await step('after the close, every node refuses a ballot (409 election-closed), and a credential too', async () => {
        for (const node of cluster.nodes) {
          const res = await node.castSealed(late);
          expect({ node: node.name, status: res.status, error: res.body.error }).toEqual({
            node: node.name,
            status: 409,
            error: 'election-closed',
          });
        }
        const credential = await voter('VOTER-6').requestCredential(B);
        expect({ status: credential.status, error: credential.body.error }).toEqual({ status: 409, error: 'election-closed' });
        for (const node of cluster.nodes) expect((await node.status()).pending).toBe(0);
      });

      await step('a block carrying a ballot after the close is refused by every node', async () => {
        const before = await Promise.all(cluster.nodes.map((n) => n.results()));
        const { chain } = await A.chain();
        const forged = forgeBlock(chain[chain.length - 1], [late], ELECTION.difficulty);
        for (const node of cluster.nodes) {
          const res = await node.post<{ error: string; message: string }>('/add_block', forged);
          expect({ node: node.name, status: res.status, error: res.body.error }).toEqual({
            node: node.name,
            status: 422,
            error: 'election-closed',
          });
        }
        expect(await Promise.all(cluster.nodes.map((n) => n.results()))).toEqual(before);
      });

      let chain!: Awaited<ReturnType<ClusterNode['chain']>>['chain'];
      await step('every node serves one valid chain: ceremony, open, credentials, ballots, close, decryption', async () => {
        const chains = await Promise.all(cluster.nodes.map((n) => n.chain()));
        chain = chains[0].chain;
        for (const c of chains.slice(1)) expect(c.chain).toEqual(chain);
        expect(chainProblems(chain, cluster.electionId)).toEqual([]);
        expect(chain.map((b) => kinds(b.transactions))).toEqual([
          [],
          ['trustee-commitments'],
          ['trustee-shares'],
          ['credential', 'open'],
          ['credential', 'credential', 'credential', 'credential'],
          ['sealed-ballot', 'sealed-ballot', 'sealed-ballot', 'sealed-ballot'],
          ['close'],
          ['trustee-decryption'],
        ]);
        const onChain = sealedBallots(transactionsOf(chain));
        expect(onChain.map((b) => b.ballot_key).sort()).toEqual(cast.map((c) => c.ballot.ballot_key).sort());
        // Nothing on the chain names a voter: the roll is a merkle root, credential records carry salted tags.
        expect(JSON.stringify(chain)).not.toMatch(/VOTER-\d/);
      });

      const final = await C.results();
      /** Runs the verifier with --json; its report, or the whole output if it printed no JSON. */
      async function verify(...args: string[]): Promise<{ code: number | null; report: VerificationReport | string }> {
        const run = await runVerifier([...args, '--json', '--workers', '1']);
        try {
          return { code: run.code, report: JSON.parse(run.stdout) as VerificationReport };
        } catch {
          return { code: run.code, report: run.stdout + run.stderr };
        }
      }

      await step('the verifier accepts the chain from a node and finds the tally the nodes announce', async () => {
        const { code, report } = await verify('--node', B.url, '--election', cluster.electionId);
        expect({ code, report }).toMatchObject({
          code: 0,
          report: {
            ok: true,
            problems: [],
            summary: { election_id: cluster.electionId, phase: 'closed', ballots: 4, tally: final.tally, tally_digest: final.tally_digest },
          },
        });
      });

      await step('the verifier accepts the saved record, and rejects it once one ballot is altered', async () => {
        const record = await C.get<ElectionRecord>('/api/record', { timeoutMs: 30_000 });
        expect(record.status).toBe(200);
        expect(record.body).toMatchObject({ format: 'ballotchain-record/1', election_id: cluster.electionId, chain });
        const intact = join(cluster.dir, 'record.json');
        writeFileSync(intact, record.text);
        expect(await verify('--record', intact)).toMatchObject({
          code: 0,
          report: { ok: true, summary: { tally_digest: final.tally_digest } },
        });

        // VOTER-1's vote moved from Alpha to Beta: the first two entries of its sealed choice swapped.
        const tampered = structuredClone(record.body);
        const ballots = tampered.chain[5].transactions as SealedBallot[];
        const altered = ballots.findIndex((b) => b.ballot_key === cast[0].ballot.ballot_key);
        const { entries } = ballots[altered].sealed;
        [entries[0], entries[1]] = [entries[1], entries[0]];
        const file = join(cluster.dir, 'record-tampered.json');
        writeFileSync(file, JSON.stringify(tampered));
        expect(await verify('--record', file)).toMatchObject({
          code: 1,
          report: {
            ok: false,
            problems: [
              { block: 5, reason: 'merkle-root-mismatch' },
              { block: 5, transaction: altered, reason: 'bad-ballot-signature' },
              // The sums the trustee decrypted are no longer the chain's: its proof fails on them.
              { block: 7, transaction: 0, reason: 'bad-decryption-proof' },
            ],
          },
        });
      });

      expect(cluster.internalErrors()).toEqual([]);
    }));
});
