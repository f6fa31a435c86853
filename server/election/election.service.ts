import type { Response } from 'express';
import { Injectable } from '@nestjs/common';
import { tallyDigest } from '../../protocol';
import {
  type AuditResponse,
  type ElectionInfo,
  type HeaderResponse,
  type PeerTally,
  type ResultsResponse,
  type SealedResultInfo,
} from '../../api/http';
import { AuthorityKeys } from '../authority/authority-keys';
import { ChainService } from '../chain/chain.service';
import { streamMainChain } from '../chain/stream-chain';
import { Clock } from '../common/clock';
import { NotFoundError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { NodeIdentity } from '../common/node-identity';
import { sha256 } from '../../node-crypto/sha256';
import { PeerClient } from '../peers/peer-client';
import { PeersService } from '../peers/peers.service';
import { VotingService } from '../voting/voting.service';
import { SealedTallyService } from './sealed-tally.service';

/** The election as this node sees it: manifest and phase, its own tally, and how its peers' tallies compare. */
@Injectable()
export class ElectionService {
  constructor(
    private readonly election: ElectionContext,
    private readonly chain: ChainService,
    private readonly voting: VotingService,
    private readonly authorityKeys: AuthorityKeys,
    private readonly peers: PeersService,
    private readonly client: PeerClient,
    private readonly identity: NodeIdentity,
    private readonly clock: Clock,
    private readonly sealedTally: SealedTallyService,
  ) {}

  info(): ElectionInfo {
    const { election } = this.election;
    const state = this.chain.state();
    return {
      phase: state.phase,
      election_id: this.election.id,
      title: election.title,
      parties: election.parties,
      difficulty: election.difficulty,
      scheme: election.scheme,
      roll_size: election.roll?.size ?? election.voters?.length ?? null,
      credentials_issued: state.credentials,
      ballots_cast: state.ballots,
      pending: this.voting.pendingCount(),
      height: this.chain.tip().height,
      authority: election.authority ?? null,
      is_authority: this.authorityKeys.held,
      manifest: this.election.genesis.election!,
      sealed: this.sealedTally.status(),
    };
  }

  /**
   * Computed by this node from its own main chain. In a sealed election no count exists until the trustees
   * have decrypted the sums: the tally is empty until then, and `sealed` says where the decryption stands.
   */
  results(): ResultsResponse {
    const tip = this.chain.tip();
    const state = this.chain.state();
    const sealed = this.sealedResults();
    const tally = sealed ? sealed.tally : this.chain.tally();
    return {
      height: tip.height,
      tip: tip.hash,
      tally,
      total: tally.reduce((n, t) => n + t.votes, 0) + (sealed?.info.blank ?? 0),
      pending: this.voting.pendingCount(),
      phase: state.phase,
      final: sealed ? sealed.info.state === 'decrypted' : state.phase === 'closed',
      tally_digest: tallyDigest(tip.height, tally, sha256),
      ...(sealed ? { sealed: sealed.info } : {}),
    };
  }

  private sealedResults(): { tally: ResultsResponse['tally']; info: SealedResultInfo } | null {
    const result = this.sealedTally.result();
    const setup = this.election.election.sealed;
    if (!result || !setup) return null;
    const state = this.chain.state();
    const parties = this.election.election.parties;
    const decryptedBy = [...(state.sealed?.decryptions.keys() ?? [])].sort((a, b) => a - b);
    const info: SealedResultInfo = {
      state: result.state,
      ballots: state.ballots,
      credentials: state.credentials,
      decrypted_by: decryptedBy,
      threshold: setup.threshold,
      quorum: result.state === 'decrypted' ? result.quorum : [],
      blank: result.state === 'decrypted' && setup.blank ? result.counts[parties.length] : null,
      detail: result.state === 'undecryptable' ? result.detail : null,
    };
    const tally = result.state === 'decrypted' ? parties.map((party, i) => ({ party, votes: result.counts[i] })) : [];
    return { tally, info };
  }

  /** Every peer's tally beside ours; a peer at our height with another tip or digest is a disagreement. */
  async audit(): Promise<AuditResponse> {
    const own = this.results();
    const tallies: PeerTally[] = [
      { url: this.identity.publicUrl, height: own.height, tip: own.tip, tally_digest: own.tally_digest, verdict: 'self' },
    ];
    const answers = await Promise.all(
      this.peers.urls().map(async (url): Promise<PeerTally> => {
        try {
          const r = await this.client.results(url);
          const verdict =
            r.height < own.height
              ? 'behind'
              : r.height > own.height
                ? 'ahead'
                : r.tip === own.tip && r.tally_digest === own.tally_digest
                  ? 'agrees'
                  : 'disagrees';
          return { url, height: r.height, tip: r.tip, tally_digest: r.tally_digest, verdict };
        } catch {
          return { url, height: null, tip: null, tally_digest: null, verdict: 'unreachable' };
        }
      }),
    );
    tallies.push(...answers);
    return { tallies, disagreement: tallies.some((t) => t.verdict === 'disagrees') };
  }

  header(index: number): HeaderResponse {
    const block = this.chain.blockAt(index);
    if (!block) throw new NotFoundError(`no block at index ${index}`);
    const { hash, previous_hash, timestamp, nonce, difficulty, merkle_root } = block;
    return { index, hash, previous_hash, timestamp, nonce, difficulty, merkle_root };
  }

  /** The election record (the main chain as one document, for the independent verifier), streamed to `res`. */
  streamRecord(res: Response): Promise<void> {
    const head = JSON.stringify({ format: 'ballotchain-record/1', election_id: this.election.id, exported_at: this.clock.nowSeconds() });
    res.attachment('election-record.json');
    return streamMainChain(this.chain, res, { from: 0 }, () => `${head.slice(0, -1)},"chain":`, '}');
  }
}
