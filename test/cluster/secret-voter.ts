/*
 * A voter of a secret election, driven the way the portal drives the voter kit (voter/): prepare a blinded
 * credential request, send it to any node (non-authority nodes relay it to the authority), unblind the
 * answer into a credential, then seal a choice to the key the opening named and sign it with the ballot key.
 */
import type { ElectionDefinition, SealedBallot, SealedGroup } from '../../protocol';
import type { CredentialResponse, ElectionInfo, ResultsResponse } from '../../api/http';
import { libsodiumGroup } from '../../sealed-crypto/libsodium-group';
import {
  ballotTrackingCode,
  finishCredential,
  type PreparedCredentialRequest,
  prepareCredentialRequest,
  sealBallot,
  type SealingKey,
  sealingKeyOf,
} from '../../voter';
import { waitFor } from '../support/wait';
import { Cluster, type ClusterNode, type HttpResult } from './harness';

type CredentialAnswer = HttpResult<CredentialResponse & { error?: string; message?: string }>;

/** What a voter's device seals to, and the parties its options stand for. */
export interface Sealing {
  group: SealedGroup;
  key: SealingKey;
  parties: string[];
}

async function sealingTo(info: ElectionInfo, electionKey: string | null | undefined, missing: string): Promise<Sealing> {
  const sealed = info.sealed;
  if (!sealed?.commitments || !electionKey) throw new Error(`election ${info.election_id.slice(0, 12)} ${missing}`);
  const group = await libsodiumGroup();
  const key = sealingKeyOf(group, {
    electionId: info.election_id,
    threshold: sealed.threshold,
    commitments: sealed.commitments,
    electionKey,
    optionCount: info.parties.length + (sealed.blank ? 1 : 0),
  });
  return { group, key, parties: info.parties };
}

/** The key the opening named, as GET /api/election shows it: what every ballot is sealed to. */
export function sealingOf(info: ElectionInfo): Promise<Sealing> {
  return sealingTo(info, info.sealed?.opened_with, 'is not open: no opening names its key');
}

/** Before the opening: the key the ceremony made, which the opening will name. */
export function ceremonyKeyOf(info: ElectionInfo): Promise<Sealing> {
  return sealingTo(info, info.sealed?.election_key, 'has no key yet: its ceremony is not complete');
}

export class SecretVoter {
  private prepared: PreparedCredentialRequest | null = null;
  private credential: string | null = null;

  constructor(
    readonly id: string,
    readonly code: string,
    private readonly election: Pick<ElectionInfo, 'election_id' | 'authority'>,
  ) {}

  private get credentialKey(): string {
    if (!this.election.authority) throw new Error('the election has no authority: it issues no credentials');
    return this.election.authority.credential_key;
  }

  /** A fresh ballot key and its blinded credential message; replaces any earlier one (a second device). */
  async prepare(): Promise<PreparedCredentialRequest> {
    this.prepared = await prepareCredentialRequest(this.election.election_id, this.credentialKey);
    this.credential = null;
    return this.prepared;
  }

  /**
   * POST /api/credentials on `node` with the prepared request (prepared now if there is none). On 201 the
   * blind signature is unblinded into the credential, which throws if it is not the authority's.
   */
  async requestCredential(node: ClusterNode, code = this.code): Promise<CredentialAnswer> {
    const prepared = this.prepared ?? (await this.prepare());
    const res: CredentialAnswer = await node.post('/api/credentials', {
      voter_id: this.id,
      code,
      blinded_message: prepared.blindedMessage,
    });
    if (res.status === 201) this.credential = await finishCredential(prepared, res.body.blind_signature, this.credentialKey);
    return res;
  }

  get ballotKey(): string {
    if (!this.prepared) throw new Error(`${this.id} has no ballot key yet`);
    return this.prepared.ballotKey;
  }

  /** A sealed ballot for option `choice`, sealed to `sealing` (see the voter kit's sealBallot). */
  sealedBallot(group: SealedGroup, sealing: SealingKey, choice: number): SealedBallot {
    if (!this.prepared || !this.credential) throw new Error(`${this.id} has no credential yet`);
    return sealBallot(group, sealing, this.prepared, this.credential, choice).ballot;
  }

  /** A ballot for `party`, sealed to `sealing`, signed by the ballot key and carrying the credential. */
  ballot(sealing: Sealing, party: string): SealedBallot {
    const choice = sealing.parties.indexOf(party);
    if (choice < 0) throw new Error(`"${party}" is not a party of this election`);
    return this.sealedBallot(sealing.group, sealing.key, choice);
  }
}

export { ballotTrackingCode };

/** The voters of an authority node's roll, with the activation codes it wrote to its data dir. */
export function votersOf(authority: ClusterNode, info: ElectionInfo): SecretVoter[] {
  return [...authority.activationCodes()].map(([id, code]) => new SecretVoter(id, code, info));
}

/**
 * A secret election of six voters (VOTER-1 to VOTER-6) over three parties, sealed to one trustee that the
 * authority node holds and that decrypts on its own after the close; difficulty 2 keeps mining in the milliseconds.
 */
export function secretElection(title: string): ElectionDefinition {
  return {
    title,
    parties: ['Alpha', 'Beta', 'Gamma'],
    difficulty: 2,
    scheme: 'secret',
    voters: ['VOTER-1', 'VOTER-2', 'VOTER-3', 'VOTER-4', 'VOTER-5', 'VOTER-6'],
    demo_trustees: 1,
  };
}

/** Three nodes for a secret `election`: A the authority (it takes the ELECTION_FILE), B and C joining it through PEERS=A. */
export function startSecretCluster(election: ElectionDefinition): Promise<Cluster> {
  return Cluster.start({ names: ['A', 'B', 'C'], election, joining: ['B', 'C'], peersOf: (n) => (n === 'A' ? [] : ['A']) });
}

/** Every node's results once the trustees' decryption is on its chain (the authority's demo trustees decrypt after the close). */
export async function decryptedResults(cluster: Cluster, timeoutMs = 30_000): Promise<ResultsResponse[]> {
  let last = '';
  try {
    return await waitFor(
      async () => {
        const results = await Promise.all(cluster.nodes.map((n) => n.results()));
        last = results.map((r, i) => `${cluster.nodes[i].name}: ${r.sealed?.state ?? 'not sealed'} at height ${r.height}`).join('; ');
        return results.every((r) => r.sealed?.state === 'decrypted') ? results : undefined;
      },
      { timeoutMs, intervalMs: 100, what: 'every node to publish the decrypted counts' },
    );
  } catch (e) {
    (e as Error).message += `\n  last seen: ${last}`;
    throw e;
  }
}
