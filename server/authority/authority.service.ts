import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { constants, createHash, createPrivateKey, createPublicKey, type KeyObject, privateDecrypt, publicEncrypt, sign } from 'node:crypto';
import {
  type CredentialRecord,
  credentialRecordMessage,
  type LifecycleTransaction,
  lifecycleMessage,
  phaseClaim,
  voterTagClaim,
} from '../../protocol';
import { type CredentialRequest, type CredentialResponse } from '../../api/http';
import { ChainService } from '../chain/chain.service';
import { AppConfig } from '../common/app-config';
import { Clock } from '../common/clock';
import { DATABASE, type Db, readMeta, writeMeta } from '../common/database';
import { BadInputError, DomainError, ElectionPhaseError, NotAuthorityError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { MiningService } from '../mining/mining.service';
import { PeerClient } from '../peers/peer-client';
import { SyncService } from '../peers/sync.service';
import { VotingService } from '../voting/voting.service';
import { codeHash } from './activation-code';
import { AuthorityStore } from './authority.store';

interface LoadedKeys {
  signing: KeyObject;
  credential: KeyObject;
  credentialPublic: KeyObject;
  modulusBytes: number;
}

/**
 * The election authority, on the node that holds its keys: checks a voter's ID and activation code,
 * blind-signs their ballot key once (RFC 9474), records on chain that a credential went to the voter's
 * tag, and opens and closes the election with signed transactions. Other nodes relay credential requests.
 */
@Injectable()
export class AuthorityService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthorityService.name);
  private readonly keys: LoadedKeys | null;

  constructor(
    private readonly store: AuthorityStore,
    private readonly voting: VotingService,
    private readonly chain: ChainService,
    private readonly mining: MiningService,
    private readonly sync: SyncService,
    private readonly peers: PeerClient,
    private readonly election: ElectionContext,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(DATABASE) private readonly db: Db,
  ) {
    const keys = store.privateKeys();
    if (!keys) {
      this.keys = null;
      return;
    }
    const credential = createPrivateKey({ key: Buffer.from(keys.credential, 'base64url'), format: 'der', type: 'pkcs8' });
    const credentialPublic = createPublicKey(credential);
    this.keys = {
      signing: createPrivateKey({ key: Buffer.from(keys.signing, 'base64url'), format: 'der', type: 'pkcs8' }),
      credential,
      credentialPublic,
      modulusBytes: (credentialPublic.asymmetricKeyDetails?.modulusLength ?? 2048) / 8,
    };
  }

  /** The demo opens itself once, on its first start. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.keys || readMeta(this.db, 'auto_open') !== '1') return;
    if (this.chain.state().phase === 'draft') await this.open();
    writeMeta(this.db, 'auto_open', '0');
  }

  get isAuthority(): boolean {
    return this.keys !== null;
  }

  async requestCredential(request: CredentialRequest): Promise<CredentialResponse> {
    if (this.election.election.scheme !== 'secret') throw new DomainError(409, 'wrong-scheme', 'this election does not use credentials');
    if (!this.keys) {
      if (!this.config.authorityUrl) throw new DomainError(503, 'no-authority-known', 'this node does not know the authority’s address');
      return this.peers.requestCredential(this.config.authorityUrl, request);
    }
    if (this.chain.state().phase === 'closed') throw new DomainError(409, 'election-closed', 'the election is closed');
    const entry = this.store.entry(request.voter_id);
    if (!entry || entry.code_hash !== codeHash(request.voter_id, request.code)) {
      // One answer for an unknown voter and a wrong code: the roll cannot be probed.
      throw new DomainError(401, 'invalid-code', 'this voter ID and activation code do not match the roll');
    }
    const blinded = Buffer.from(request.blinded_message, 'base64url');
    const blindedHash = createHash('sha256').update(blinded).digest('hex');
    if (entry.blinded_hash !== null) {
      if (entry.blinded_hash !== blindedHash) {
        throw new DomainError(
          409,
          'credential-already-issued',
          'a credential was already issued to this voter, for another device or attempt',
        );
      }
      // The same request again (the browser failed after issuance): the same signature, and make sure the record is out.
      await this.recordIssuance(entry.tag, entry.roll_proof);
      return { blind_signature: entry.blind_signature!, resumed: true };
    }
    const blindSignature = this.blindSign(blinded).toString('base64url');
    // Durable before the answer: the issuance first (a retry then gets the same signature), then the record.
    if (!this.store.markIssued(request.voter_id, blindedHash, blindSignature, this.clock.nowSeconds())) {
      throw new DomainError(409, 'credential-already-issued', 'a credential was already issued to this voter');
    }
    await this.recordIssuance(entry.tag, entry.roll_proof);
    this.logger.log({ msg: 'credential issued' });
    return { blind_signature: blindSignature, resumed: false };
  }

  /**
   * RFC 9474 BlindSign: s = m^d mod n (RSASP1, OpenSSL's raw private operation, with its own blinding),
   * then check s^e = m so that a faulty computation never leaks the key.
   */
  private blindSign(blinded: Buffer): Buffer {
    const keys = this.keys!;
    if (blinded.length !== keys.modulusBytes) throw new BadInputError(`blinded_message must be ${keys.modulusBytes} bytes`);
    let signature: Buffer;
    try {
      signature = privateDecrypt({ key: keys.credential, padding: constants.RSA_NO_PADDING }, blinded);
    } catch {
      throw new BadInputError('blinded_message is not a valid message for this key');
    }
    const check = publicEncrypt({ key: keys.credentialPublic, padding: constants.RSA_NO_PADDING }, signature);
    if (!check.equals(blinded)) throw new DomainError(500, 'signing-fault', 'the blind signature failed its own check');
    return signature;
  }

  private async recordIssuance(tag: string, proof: CredentialRecord['roll_proof']): Promise<void> {
    if (this.voting.isUsed(voterTagClaim(tag))) return;
    const record: CredentialRecord = {
      type: 'credential',
      voter_tag: tag,
      roll_proof: proof,
      signature: this.sign(credentialRecordMessage(this.election.id, tag)),
    };
    await this.voting.submitOwn(record);
  }

  async open(): Promise<void> {
    await this.lifecycle('open');
  }

  /** Pulls what peers have pending first, so ballots they acknowledged make it in before the close. */
  async close(): Promise<void> {
    await this.sync.syncAll().catch((e: Error) => this.logger.warn({ msg: 'sync before close failed', error: e.message }));
    await this.lifecycle('close');
  }

  private async lifecycle(type: 'open' | 'close'): Promise<void> {
    if (!this.keys) throw new NotAuthorityError();
    if (type === 'open' && this.chain.state().phase === 'closed') {
      throw new ElectionPhaseError('lifecycle-out-of-order', 'cannot open an election that is closed');
    }
    const timestamp = this.clock.nowSeconds();
    const tx: LifecycleTransaction = { type, timestamp, signature: this.sign(lifecycleMessage(this.election.id, type, timestamp)) };
    if (!this.voting.isUsed(phaseClaim(type))) await this.voting.submitOwn(tx);
    await this.mining.mineUntilConfirmed(phaseClaim(type));
    this.logger.log({ msg: `election ${type === 'open' ? 'opened' : 'closed'}`, height: this.chain.tip().height });
  }

  private sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.keys!.signing).toString('base64url');
  }
}
