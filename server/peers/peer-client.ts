import { HttpService } from '@nestjs/axios';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { AxiosError, type AxiosRequestConfig } from 'axios';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { firstValueFrom } from 'rxjs';
import type { Block, Transaction } from '../../protocol';
import type { ChainResponse, CredentialRequest, CredentialResponse, NodeStatus, ResultsResponse } from '../../api/http';
import { AppConfig } from '../common/app-config';
import { DomainError, PeerAnswerTooLargeError, PeerRefusedError, PeerTimeoutError, PeerUnreachableError } from '../common/domain-errors';
import { ElectionContext } from '../common/election-context';
import { GENESIS_HEADER, NODE_ID_HEADER, NODE_URL_HEADER, NodeIdentity } from '../common/node-identity';

const SHORT_TIMEOUT_MS = 3_000;
const TRANSFER_TIMEOUT_MS = 20_000;
/** The most a peer's answer may hold, by kind; beyond it the transfer stops and counts against the peer. */
const MAX_SMALL_ANSWER = 64 * 1024;
const MAX_LIST_ANSWER = 32 * 1024 * 1024;
const MAX_CHAIN_ANSWER = 64 * 1024 * 1024;

/**
 * HTTP calls to other nodes. Every call has a timeout and identifies this node; failures become domain
 * errors (502 unreachable, 504 timeout, 422 refused) that callers may pass on to their own client.
 */
@Injectable()
export class PeerClient implements OnModuleDestroy {
  private readonly base: AxiosRequestConfig;
  private readonly agents: { destroy(): void }[];

  constructor(
    private readonly http: HttpService,
    identity: NodeIdentity,
    election: ElectionContext,
    config: AppConfig,
  ) {
    const localAddress = config.outgoingAddress;
    const httpAgent = new Agent({ keepAlive: true, maxSockets: 8, localAddress });
    // PEER_CA_FILE: peers whose certificates a private CA signed are trusted along with Node's roots.
    const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 8, localAddress, ca: config.peerCa ?? undefined });
    this.agents = [httpAgent, httpsAgent];
    this.base = {
      headers: { [NODE_ID_HEADER]: identity.nodeId, [NODE_URL_HEADER]: identity.publicUrl, [GENESIS_HEADER]: election.genesis.hash },
      httpAgent,
      httpsAgent,
      maxContentLength: MAX_CHAIN_ANSWER,
      maxBodyLength: MAX_CHAIN_ANSWER,
      // Our own code decides which statuses are failures.
      validateStatus: () => true,
    };
  }

  /** Kept-alive connections to peers would otherwise hold the process open after shutdown. */
  onModuleDestroy(): void {
    for (const agent of this.agents) agent.destroy();
  }

  registerNode(peer: string, ownUrl: string): Promise<ChainResponse> {
    return this.request(peer, { method: 'POST', url: '/register_node', data: { node_address: ownUrl }, timeout: TRANSFER_TIMEOUT_MS });
  }

  status(peer: string): Promise<NodeStatus> {
    return this.request(peer, { method: 'GET', url: '/api/status', timeout: SHORT_TIMEOUT_MS, maxContentLength: MAX_SMALL_ANSWER });
  }

  mainHashes(peer: string): Promise<string[]> {
    return this.request(peer, { method: 'GET', url: '/api/chain/hashes', timeout: TRANSFER_TIMEOUT_MS, maxContentLength: MAX_LIST_ANSWER });
  }

  chainPage(peer: string, from: number, limit: number): Promise<ChainResponse> {
    return this.request(peer, { method: 'GET', url: '/chain', params: { from, limit }, timeout: TRANSFER_TIMEOUT_MS });
  }

  pending(peer: string, limit: number): Promise<Transaction[]> {
    return this.request(peer, {
      method: 'GET',
      url: '/pending_tx',
      params: { limit },
      timeout: TRANSFER_TIMEOUT_MS,
      maxContentLength: MAX_LIST_ANSWER,
    });
  }

  /** Returns the peer's HTTP status: 201 added, 200 already known, 202 it will fetch the missing parents. */
  async sendBlock(peer: string, block: Block): Promise<number> {
    return (await this.raw(peer, { method: 'POST', url: '/add_block', data: block, timeout: TRANSFER_TIMEOUT_MS })).status;
  }

  sendBallots(peer: string, ballots: readonly Transaction[]): Promise<unknown> {
    return this.request(peer, { method: 'POST', url: '/api/gossip/ballots', data: { ballots }, timeout: TRANSFER_TIMEOUT_MS });
  }

  results(peer: string): Promise<ResultsResponse> {
    return this.request(peer, { method: 'GET', url: '/api/results', timeout: SHORT_TIMEOUT_MS, maxContentLength: MAX_SMALL_ANSWER });
  }

  /** A voter's credential request, relayed to the authority; its refusals (401, 409…) reach the voter unchanged. */
  async requestCredential(authority: string, body: CredentialRequest): Promise<CredentialResponse> {
    const res = await this.raw(authority, { method: 'POST', url: '/api/credentials', data: body, timeout: TRANSFER_TIMEOUT_MS });
    if (res.status === 201) return res.data as CredentialResponse;
    const { code, message } = this.refusal(authority, res);
    throw new DomainError(res.status, code, message);
  }

  /** Whether the authority would answer a voter's credential request (204), or its refusal, unchanged. */
  async checkCredentialRequest(authority: string, body: CredentialRequest): Promise<void> {
    const res = await this.raw(authority, { method: 'POST', url: '/api/credentials/check', data: body, timeout: SHORT_TIMEOUT_MS });
    if (res.status === 204) return;
    const { code, message } = this.refusal(authority, res);
    throw new DomainError(res.status, code, message);
  }

  private async request<T>(peer: string, config: AxiosRequestConfig & { timeout: number }): Promise<T> {
    const res = await this.raw(peer, config);
    if (res.status >= 200 && res.status < 300) return res.data as T;
    const { code, message } = this.refusal(peer, res);
    throw new PeerRefusedError(code, `${peer} refused: ${message}`);
  }

  /** A peer's 5xx is our 502; its 4xx keeps the peer's own code and message. */
  private refusal(peer: string, res: { status: number; data: unknown }): { code: string; message: string } {
    if (res.status >= 500) throw new PeerUnreachableError(peer, `it answered ${res.status}`);
    const body = res.data as { error?: unknown; message?: unknown } | undefined;
    return {
      code: typeof body?.error === 'string' ? body.error : `http-${res.status}`,
      message: typeof body?.message === 'string' ? body.message : `answered ${res.status}`,
    };
  }

  private async raw(peer: string, config: AxiosRequestConfig & { timeout: number }) {
    // Whether any of the answer arrived: a peer that starts and then drips is slow on purpose or broken,
    // one that sends nothing is down or frozen.
    let answerStarted = false;
    const onDownloadProgress = () => {
      answerStarted = true;
    };
    try {
      // axios' own timeout only starts once a socket is free; the signal bounds the whole request,
      // including the wait for one of the peer's sockets, so a hung peer cannot pile requests up.
      const signal = AbortSignal.timeout(config.timeout);
      return await firstValueFrom(this.http.request({ ...this.base, ...config, baseURL: peer, signal, onDownloadProgress }));
    } catch (e) {
      const err = e as AxiosError;
      if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' || err.code === 'ERR_CANCELED') {
        throw new PeerTimeoutError(peer, answerStarted);
      }
      if (err.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(err.message)) {
        throw new PeerAnswerTooLargeError(peer, config.maxContentLength ?? MAX_CHAIN_ANSWER);
      }
      throw new PeerUnreachableError(peer, err.code ?? err.message);
    }
  }
}
