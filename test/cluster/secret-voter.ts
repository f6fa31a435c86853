/*
 * A voter of a secret election, driven the way the portal drives the voter kit (voter/): prepare a blinded
 * credential request, send it to any node (non-authority nodes relay it to the authority), unblind the
 * answer into a credential, then sign ballots with the ballot key.
 */
import type { ElectionDefinition, SealedBallot, SealedGroup, SecretBallot } from '../../protocol';
import type { CredentialResponse, ElectionInfo } from '../../api/http';
import {
  ballotTrackingCode,
  finishCredential,
  type PreparedCredentialRequest,
  prepareCredentialRequest,
  sealBallot,
  type SealingKey,
  signSecretBallot,
} from '../../voter';
import { Cluster, type ClusterNode, type HttpResult } from './harness';

type CredentialAnswer = HttpResult<CredentialResponse & { error?: string; message?: string }>;

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

  /** A ballot for `party`, signed by the ballot key and carrying the credential. */
  ballot(party: string): SecretBallot {
    if (!this.prepared || !this.credential) throw new Error(`${this.id} has no credential yet`);
    return signSecretBallot(this.prepared, this.credential, party);
  }
}

export { ballotTrackingCode };

/** The voters of an authority node's roll, with the activation codes it wrote to its data dir. */
export function votersOf(authority: ClusterNode, info: ElectionInfo): SecretVoter[] {
  return [...authority.activationCodes()].map(([id, code]) => new SecretVoter(id, code, info));
}

/** A secret election of six voters (VOTER-1 to VOTER-6) over three parties; difficulty 2 keeps mining in the milliseconds. */
export function secretElection(title: string): ElectionDefinition {
  return {
    title,
    parties: ['Alpha', 'Beta', 'Gamma'],
    difficulty: 2,
    scheme: 'secret',
    voters: ['VOTER-1', 'VOTER-2', 'VOTER-3', 'VOTER-4', 'VOTER-5', 'VOTER-6'],
  };
}

/** Three nodes for a secret `election`: A the authority (it takes the ELECTION_FILE), B and C joining it through PEERS=A. */
export function startSecretCluster(election: ElectionDefinition): Promise<Cluster> {
  return Cluster.start({ names: ['A', 'B', 'C'], election, joining: ['B', 'C'], peersOf: (n) => (n === 'A' ? [] : ['A']) });
}
