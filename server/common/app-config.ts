import { isIP } from 'node:net';
import type { ElectionDefinition } from '../../protocol';
import type { HttpLimits } from './http-server';
import type { RateLimits } from './rate-limit-settings';
import type { TlsIdentity } from './tls-files';

/**
 * Where a node's election comes from when its data dir has none yet:
 * - file: ELECTION_FILE, a definition (an open election has no authority; a secret one makes this node its authority);
 * - demo: the seed's roll as a secret election run by this node, opened at once;
 * - open-demo: the seed's demo exactly (open scheme, no authority, open from genesis);
 * - setup: wait for an admin to create the election in the portal;
 * - join: take the election from the first peer that serves a valid genesis block.
 */
/** Express's 'trust proxy': false, a hop count, or the proxies' addresses, subnets and named ranges. */
export type TrustProxy = false | number | readonly string[];

export type ElectionMode = 'file' | 'demo' | 'open-demo' | 'setup' | 'join';

/** LOG_LEVEL: the least severe level written; each includes those above it. */
export type LogLevelSetting = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
export const LOG_LEVELS: readonly LogLevelSetting[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Everything a node is configured with, validated once at start (see loadConfig). */
export class AppConfig {
  declare readonly port: number;
  declare readonly host: string;
  declare readonly dataDir: string;
  declare readonly publicUrl: string;
  declare readonly peers: readonly string[];
  declare readonly electionMode: ElectionMode;
  /** The definition for the file, demo and open-demo modes. */
  declare readonly definition: ElectionDefinition | null;
  /** Where the election came from, for the log: a file's path, demo, open-demo or peers. */
  declare readonly electionSource: string;
  /** join mode: accept only this election (genesis hash). */
  declare readonly electionId: string | null;
  /** null: generated once and kept in DATA_DIR/admin-token. */
  declare readonly adminToken: string | null;
  /** Where to forward voters' credential requests when this node is not the authority. */
  declare readonly authorityUrl: string | null;
  declare readonly syncIntervalMs: number;
  /** 0: mine only when an admin asks. */
  declare readonly mineIntervalMs: number;
  declare readonly logFormat: 'json' | 'text';
  declare readonly logLevel: LogLevelSetting;
  /** Node's server limits: head and request timeouts, keep-alive, connections (see http-server.ts). */
  declare readonly httpLimits: HttpLimits;
  /** How long a misbehaving peer stays banned, in seconds (see peers/misbehaviour.ts). */
  declare readonly peerBanSeconds: number;
  /** Seconds this node's clock runs ahead (or, negative, behind): for drills of clock skew. */
  declare readonly clockOffsetSeconds: number;
  /** Requests per client per minute, by kind (voter, admin, peer, public); see rate-limits.ts. */
  declare readonly rateLimits: RateLimits;
  /** Seals the authority's private keys at rest (AUTHORITY_PASSPHRASE_FILE). A secret: never logged. */
  declare readonly authorityPassphrase: string | null;
  /** The node's certificate and key (TLS_CERT, TLS_KEY): it then serves https only. null: plain http. */
  declare readonly tls: TlsIdentity | null;
  /** CAs trusted for https peers and the authority: Node's roots and PEER_CA_FILE. null: Node's roots alone. */
  declare readonly peerCa: string[] | null;
  /** Whose X-Forwarded-For gives the client's address (TRUST_PROXY); false: the connection's own address. */
  declare readonly trustProxy: TrustProxy;

  constructor(options: AppConfigOptions) {
    Object.assign(this, { logLevel: 'log' }, options);
  }

  /** Outgoing peer connections leave from HOST when it names one interface (multi-homed hosts). */
  get outgoingAddress(): string | undefined {
    return isIP(this.host) && this.host !== '0.0.0.0' && this.host !== '::' ? this.host : undefined;
  }
}

/** The settings themselves, by name: what AppConfig is made from. */
export type AppConfigOptions = Omit<AppConfig, 'outgoingAddress' | 'logLevel'> & { logLevel?: LogLevelSetting };
