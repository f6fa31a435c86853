import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type CredentialRecord, credentialRecordMessage, voterTagClaim } from '../../protocol';
import type { CredentialRequest, CredentialResponse } from '../../api/http';
import { ChainService } from '../chain/chain.service';
import { AppConfig } from '../common/app-config';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { PeerClient } from '../peers/peer-client';
import { VotingService } from '../voting/voting.service';
import { codeHash } from './activation-code';
import { AuthorityKeys } from './authority-keys';
import { AuthorityStore, type RollEntry } from './authority.store';

/**
 * Credentials for voters. On the authority: checks a voter's ID and activation code, blind-signs their
 * ballot key once (RFC 9474), and records on chain that a credential went to the voter's tag. Other
 * nodes relay the request to the authority.
 */
@Injectable()
export class CredentialService {
  private readonly logger = new Logger(CredentialService.name);

  constructor(
    private readonly keys: AuthorityKeys,
    private readonly store: AuthorityStore,
    private readonly voting: VotingService,
    private readonly chain: ChainService,
    private readonly peers: PeerClient,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async requestCredential(request: CredentialRequest): Promise<CredentialResponse> {
    if (!this.keys.held) return this.peers.requestCredential(this.authorityUrl(), request);
    const { entry, blindedHash, blinded } = this.admissible(request);
    if (entry.blinded_hash !== null) {
      // The same request again (the browser failed after issuance): the same signature, and make sure the record is out.
      await this.recordIssuance(entry.tag, entry.roll_proof);
      return { blind_signature: entry.blind_signature!, resumed: true };
    }
    const blindSignature = this.keys.blindSigner.sign(blinded).toString('base64url');
    // Durable before the answer: the issuance first (a retry then gets the same signature), then the record.
    if (!this.store.markIssued(entry.voter_id, blindedHash, blindSignature, this.clock.nowSeconds())) {
      throw new DomainError(409, 'credential-already-issued', 'a credential was already issued to this voter');
    }
    await this.recordIssuance(entry.tag, entry.roll_proof);
    this.logger.log({ msg: 'credential issued' });
    return { blind_signature: blindSignature, resumed: false };
  }

  /**
   * Whether requestCredential would answer this request, without signing or recording anything: the vote page
   * asks before it offers the request as a recovery kit, which is worth saving only if the authority takes it.
   */
  async checkCredentialRequest(request: CredentialRequest): Promise<void> {
    if (!this.keys.held) return this.peers.checkCredentialRequest(this.authorityUrl(), request);
    this.admissible(request);
  }

  private authorityUrl(): string {
    if (this.election.election.scheme !== 'secret') throw new DomainError(409, 'wrong-scheme', 'this election does not use credentials');
    if (!this.config.authorityUrl) throw new DomainError(503, 'no-authority-known', 'this node does not know the authority’s address');
    return this.config.authorityUrl;
  }

  /** The voter's roll entry, if this request may be answered now; otherwise the refusal. */
  private admissible(request: CredentialRequest): { entry: RollEntry; blindedHash: string; blinded: Buffer } {
    if (this.election.election.scheme !== 'secret') throw new DomainError(409, 'wrong-scheme', 'this election does not use credentials');
    if (this.chain.state().phase === 'closed') throw new DomainError(409, 'election-closed', 'the election is closed');
    // The roll's own spelling of the ID, whatever the case typed: the code was hashed with it.
    const entry = this.store.entriesAlike(request.voter_id).find((e) => e.code_hash === codeHash(e.voter_id, request.code));
    if (!entry) {
      // One answer for an unknown voter and a wrong code: the roll cannot be probed.
      throw new DomainError(401, 'invalid-code', 'this voter ID and activation code do not match the roll');
    }
    const blinded = Buffer.from(request.blinded_message, 'base64url');
    const blindedHash = createHash('sha256').update(blinded).digest('hex');
    if (entry.blinded_hash !== null && entry.blinded_hash !== blindedHash) {
      throw new DomainError(
        409,
        'credential-already-issued',
        'a credential was already issued to this voter for another request: the ballot may be cast already, or the request is in the browser (or recovery kit) that made it',
      );
    }
    return { entry, blindedHash, blinded };
  }

  private async recordIssuance(tag: string, proof: CredentialRecord['roll_proof']): Promise<void> {
    if (this.voting.isUsed(voterTagClaim(tag))) return;
    const record: CredentialRecord = {
      type: 'credential',
      voter_tag: tag,
      roll_proof: proof,
      signature: this.keys.sign(credentialRecordMessage(this.election.id, tag)),
    };
    await this.voting.submitOwn(record);
  }
}
