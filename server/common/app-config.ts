import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { definitionProblems, type ElectionDefinition, HASH_PATTERN, MAX_DIFFICULTY } from '../../protocol';
import { SEED_DEMO } from './demo-election';
import { normalizeNodeAddress } from './node-address';

/**
 * Where a node's election comes from when its data dir has none yet:
 * - file: ELECTION_FILE, a definition (an open election has no authority; a secret one makes this node its authority);
 * - demo: the seed's roll as a secret election run by this node, opened at once;
 * - open-demo: the seed's demo exactly (open scheme, no authority, open from genesis);
 * - setup: wait for an admin to create the election in the portal;
 * - join: take the election from the first peer that serves a valid genesis block.
 */
export type ElectionMode = 'file' | 'demo' | 'open-demo' | 'setup' | 'join';

/** Everything a node is configured with, validated once at start. */
export class AppConfig {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly dataDir: string,
    readonly publicUrl: string,
    readonly peers: string[],
    readonly electionMode: ElectionMode,
    /** The definition for the file, demo and open-demo modes. */
    readonly definition: ElectionDefinition | null,
    readonly electionSource: string,
    /** join mode: accept only this election (genesis hash). */
    readonly electionId: string | null,
    /** null: generated once and kept in DATA_DIR/admin-token. */
    readonly adminToken: string | null,
    /** Where to forward voters' credential requests when this node is not the authority. */
    readonly authorityUrl: string | null,
    readonly syncIntervalMs: number,
    /** 0: mine only when an admin asks. */
    readonly mineIntervalMs: number,
    readonly logFormat: 'json' | 'text',
  ) {}

  /** Outgoing peer connections leave from HOST when it names one interface (multi-homed hosts). */
  get outgoingAddress(): string | undefined {
    return isIP(this.host) && this.host !== '0.0.0.0' && this.host !== '::' ? this.host : undefined;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nRun with --help to see every setting.`);
  }
}

export const CONFIG_HELP = `Ballotchain node

Usage: npm start            (or: node dist/server/server/main.js)

Settings (environment variables):
  PORT            HTTP port of the node and portal                     default 8000
  HOST            interface to listen on; when it is one IP address,   default 0.0.0.0 (all)
                  peer connections also leave from it
  DATA_DIR        folder for the node's SQLite database                default ./data/node-<PORT>
  PUBLIC_URL      address other nodes use to reach this one            default http://127.0.0.1:<PORT>
  PEERS           comma-separated node addresses to register with at start
  ELECTION        where the election comes from when DATA_DIR has none yet:
                    demo       the seed's 15 voters as a secret election run by this node, opened at once;
                               activation codes in DATA_DIR/activation-codes.csv
                    open-demo  the seed's demo as it was: voter IDs in clear, no authority
                    setup      wait for an admin to create the election in the portal (/admin)
                    join       take the election of the first of PEERS that answers
                  default: join when PEERS is set, otherwise demo
  ELECTION_FILE   JSON election definition: {"title", "parties", "difficulty"?, "scheme"?, "voters"?}
                  scheme "secret" makes this node the authority (codes in DATA_DIR/activation-codes.csv)
  ELECTION_ID     join only an election with this genesis hash
  DIFFICULTY      overrides the definition's difficulty (0-${MAX_DIFFICULTY} leading zero hex digits)
  ADMIN_TOKEN     bearer token for admin requests (at least 16 characters)
                  default: generated once and kept in DATA_DIR/admin-token
  AUTHORITY_URL   node that issues credentials, when this node is not the authority
                  default: the first of PEERS
  MINE_INTERVAL_MS mine pending transactions this often; 0 = only on GET /mine   default 3000
  SYNC_INTERVAL_MS how often the node polls its peers to catch up        default 5000
  LOG_FORMAT      json (one JSON object per line) or text              default json
`;

function integer(raw: string | undefined, name: string, min: number, max: number, fallback: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return n;
}

function loadDefinition(file: string, problems: string[]): ElectionDefinition | null {
  const path = resolve(file);
  if (!existsSync(path)) {
    problems.push(`ELECTION_FILE ${path} does not exist`);
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`ELECTION_FILE ${path} is not valid JSON: ${(e as Error).message}`);
    return null;
  }
  const withDefaults = { difficulty: SEED_DEMO.difficulty, ...(parsed as object) };
  const issues = definitionProblems(withDefaults);
  problems.push(...issues.map((p) => `ELECTION_FILE ${path}: ${p}`));
  return issues.length === 0 ? (withDefaults as ElectionDefinition) : null;
}

const MODES: readonly ElectionMode[] = ['demo', 'open-demo', 'setup', 'join'];

export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const problems: string[] = [];
  const port = integer(env['PORT'], 'PORT', 0, 65535, 8000, problems);
  const host = env['HOST'] || '0.0.0.0';
  if (env['HOST'] && isIP(host) === 0 && host !== 'localhost') problems.push(`HOST must be an IP address or localhost, got "${host}"`);
  const dataDir = resolve(env['DATA_DIR'] || `data/node-${port}`);

  const defaultHost = isIP(host) && host !== '0.0.0.0' && host !== '::' ? host : '127.0.0.1';
  let publicUrl = `http://${defaultHost.includes(':') ? `[${defaultHost}]` : defaultHost}:${port}`;
  if (env['PUBLIC_URL']) {
    try {
      publicUrl = normalizeNodeAddress(env['PUBLIC_URL']);
    } catch (e) {
      problems.push(`PUBLIC_URL: ${(e as Error).message}`);
    }
  }

  const peers: string[] = [];
  for (const raw of (env['PEERS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      peers.push(normalizeNodeAddress(raw));
    } catch (e) {
      problems.push(`PEERS entry "${raw}": ${(e as Error).message}`);
    }
  }

  let mode: ElectionMode = peers.length > 0 ? 'join' : 'demo';
  let definition: ElectionDefinition | null = null;
  let source = 'peers';
  if (env['ELECTION_FILE']) {
    mode = 'file';
    source = resolve(env['ELECTION_FILE']);
    definition = loadDefinition(env['ELECTION_FILE'], problems);
  } else if (env['ELECTION']) {
    if (!MODES.includes(env['ELECTION'] as ElectionMode))
      problems.push(`ELECTION must be one of ${MODES.join(', ')}, got "${env['ELECTION']}"`);
    else mode = env['ELECTION'] as ElectionMode;
  }
  if (mode === 'join' && peers.length === 0) problems.push('ELECTION=join needs PEERS to join');
  if (mode === 'demo') {
    definition = { ...SEED_DEMO, parties: [...SEED_DEMO.parties], voters: [...SEED_DEMO.voters!], scheme: 'secret' };
    source = 'demo';
  }
  if (mode === 'open-demo') {
    definition = { ...SEED_DEMO, parties: [...SEED_DEMO.parties], voters: [...SEED_DEMO.voters!], scheme: 'open' };
    source = 'open-demo';
  }
  if (definition && env['DIFFICULTY'] !== undefined && env['DIFFICULTY'] !== '') {
    definition = {
      ...definition,
      difficulty: integer(env['DIFFICULTY'], 'DIFFICULTY', 0, MAX_DIFFICULTY, definition.difficulty, problems),
    };
  }
  if (!definition && env['DIFFICULTY'])
    problems.push(`DIFFICULTY applies to ELECTION_FILE, demo and open-demo; with ${mode} the election brings its own`);
  const electionId = env['ELECTION_ID'] || null;
  if (electionId !== null && !HASH_PATTERN.test(electionId)) problems.push('ELECTION_ID must be a genesis hash: 64 lowercase hex digits');
  const adminToken = env['ADMIN_TOKEN'] || null;
  if (adminToken !== null && (adminToken.length < 16 || adminToken.length > 256 || /\s/.test(adminToken))) {
    problems.push('ADMIN_TOKEN must be 16 to 256 characters without spaces');
  }
  let authorityUrl: string | null = peers[0] ?? null;
  if (env['AUTHORITY_URL']) {
    try {
      authorityUrl = normalizeNodeAddress(env['AUTHORITY_URL']);
    } catch (e) {
      problems.push(`AUTHORITY_URL: ${(e as Error).message}`);
    }
  }
  const syncIntervalMs = integer(env['SYNC_INTERVAL_MS'], 'SYNC_INTERVAL_MS', 100, 3_600_000, 5000, problems);
  const mineIntervalMs = integer(env['MINE_INTERVAL_MS'], 'MINE_INTERVAL_MS', 0, 3_600_000, 3000, problems);
  const logFormatName = env['LOG_FORMAT'] || 'json';
  if (logFormatName !== 'json' && logFormatName !== 'text') problems.push(`LOG_FORMAT must be json or text, got "${logFormatName}"`);
  const logFormat = logFormatName === 'text' ? 'text' : 'json';

  if (problems.length > 0) throw new ConfigError(problems);
  return new AppConfig(
    port,
    host,
    dataDir,
    publicUrl,
    [...new Set(peers)],
    mode,
    definition,
    source,
    electionId,
    adminToken,
    authorityUrl,
    syncIntervalMs,
    mineIntervalMs,
    logFormat,
  );
}
