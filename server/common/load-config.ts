import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { type ElectionDefinition, HASH_PATTERN, MAX_DIFFICULTY } from '../../protocol';
import { AppConfig, type ElectionMode, LOG_LEVELS, type TrustProxy } from './app-config';
import { DEMO_THRESHOLD, DEMO_TRUSTEES, SEED_DEMO } from './demo-election';
import { electionDefinitionProblems } from './trustee-key-problems';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http-server';
import { normalizeNodeAddress } from './node-address';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './rate-limit-settings';
import { readPeerCa, readTlsIdentity, type TlsIdentity } from './tls-files';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nRun with --help to see every setting.`);
  }
}

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
  const issues = electionDefinitionProblems(withDefaults);
  problems.push(...issues.map((p) => `ELECTION_FILE ${path}: ${p}`));
  return issues.length === 0 ? (withDefaults as ElectionDefinition) : null;
}

function onOff(raw: string | undefined, name: string, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  problems.push(`${name} must be on or off, got "${raw}"`);
  return fallback;
}

const MIN_PASSPHRASE_LENGTH = 12;

/** The passphrase file's first line. It must be its owner's alone: the passphrase is what guards the keys. */
function readPassphrase(file: string, problems: string[]): string | null {
  const path = resolve(file);
  let text: string;
  try {
    if ((statSync(path).mode & 0o077) !== 0) {
      problems.push(`AUTHORITY_PASSPHRASE_FILE ${path} must be readable by its owner only (chmod 600)`);
      return null;
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    problems.push(`AUTHORITY_PASSPHRASE_FILE ${path} cannot be read: ${(e as Error).message}`);
    return null;
  }
  const passphrase = text.split(/\r?\n/, 1)[0];
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    problems.push(
      `AUTHORITY_PASSPHRASE_FILE ${path}: the passphrase (its first line) must have at least ${MIN_PASSPHRASE_LENGTH} characters`,
    );
    return null;
  }
  return passphrase;
}

const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY, as Express's 'trust proxy' takes it: off; a hop count (the last N addresses of
 * X-Forwarded-For were added by proxies); or the proxies' addresses, subnets and named ranges.
 */
function trustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || raw === '' || raw === 'off') return false;
  if (/^\d+$/.test(raw)) return integer(raw, 'TRUST_PROXY', 1, 10, 1, problems);
  const entries = raw.split(',').map((s) => s.trim());
  const bad = entries.filter((entry) => {
    if (PROXY_RANGES.includes(entry)) return false;
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  });
  if (bad.length > 0) {
    problems.push(
      `TRUST_PROXY must be off, a hop count from 1 to 10, or a comma-separated list of IP addresses, subnets and ${PROXY_RANGES.join(', ')}; got "${raw}"`,
    );
    return false;
  }
  return entries;
}

const MODES: readonly ElectionMode[] = ['demo', 'open-demo', 'setup', 'join'];

export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const problems: string[] = [];
  const port = integer(env['PORT'], 'PORT', 0, 65535, 8000, problems);
  const host = env['HOST'] || '0.0.0.0';
  if (env['HOST'] && isIP(host) === 0 && host !== 'localhost') problems.push(`HOST must be an IP address or localhost, got "${host}"`);
  const dataDir = resolve(env['DATA_DIR'] || `data/node-${port}`);

  let tls: TlsIdentity | null = null;
  if (env['TLS_CERT'] && env['TLS_KEY']) tls = readTlsIdentity(env['TLS_CERT'], env['TLS_KEY'], problems);
  else if (env['TLS_CERT'] || env['TLS_KEY']) problems.push('TLS_CERT and TLS_KEY go together: set both, or neither for plain http');
  const peerCa = env['PEER_CA_FILE'] ? readPeerCa(env['PEER_CA_FILE'], problems) : null;

  const defaultHost = isIP(host) && host !== '0.0.0.0' && host !== '::' ? host : '127.0.0.1';
  // A node that serves TLS is reached over https only: a default http:// address would be unreachable.
  let publicUrl = `${tls ? 'https' : 'http'}://${defaultHost.includes(':') ? `[${defaultHost}]` : defaultHost}:${port}`;
  if (env['PUBLIC_URL']) {
    try {
      publicUrl = normalizeNodeAddress(env['PUBLIC_URL']);
    } catch (e) {
      problems.push(`PUBLIC_URL: ${(e as Error).message}`);
    }
    if (tls && publicUrl.startsWith('http:')) problems.push('PUBLIC_URL must be an https:// address when the node serves TLS');
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
    definition = {
      ...SEED_DEMO,
      parties: [...SEED_DEMO.parties],
      voters: [...SEED_DEMO.voters!],
      scheme: 'secret',
      demo_trustees: DEMO_TRUSTEES,
      threshold: DEMO_THRESHOLD,
    };
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
  const logLevelName = env['LOG_LEVEL'] || 'log';
  const logLevel = LOG_LEVELS.find((level) => level === logLevelName);
  if (!logLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevelName}"`);

  const httpLimits: HttpLimits = {
    headersTimeoutMs: integer(
      env['HTTP_HEADERS_TIMEOUT_MS'],
      'HTTP_HEADERS_TIMEOUT_MS',
      100,
      600_000,
      DEFAULT_HTTP_LIMITS.headersTimeoutMs,
      problems,
    ),
    requestTimeoutMs: integer(
      env['HTTP_REQUEST_TIMEOUT_MS'],
      'HTTP_REQUEST_TIMEOUT_MS',
      100,
      3_600_000,
      DEFAULT_HTTP_LIMITS.requestTimeoutMs,
      problems,
    ),
    keepAliveTimeoutMs: integer(
      env['HTTP_KEEP_ALIVE_TIMEOUT_MS'],
      'HTTP_KEEP_ALIVE_TIMEOUT_MS',
      100,
      600_000,
      DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs,
      problems,
    ),
    maxConnections: integer(
      env['HTTP_MAX_CONNECTIONS'],
      'HTTP_MAX_CONNECTIONS',
      1,
      1_000_000,
      DEFAULT_HTTP_LIMITS.maxConnections,
      problems,
    ),
  };
  if (httpLimits.requestTimeoutMs < httpLimits.headersTimeoutMs)
    problems.push('HTTP_REQUEST_TIMEOUT_MS must be at least HTTP_HEADERS_TIMEOUT_MS');
  const peerBanSeconds = integer(env['PEER_BAN_SECONDS'], 'PEER_BAN_SECONDS', 1, 604_800, 3_600, problems);
  const clockOffsetSeconds = integer(env['CLOCK_OFFSET_SECONDS'], 'CLOCK_OFFSET_SECONDS', -3600, 3600, 0, problems);
  const rateLimits: RateLimits = {
    voter: integer(env['RATE_LIMIT_VOTER'], 'RATE_LIMIT_VOTER', 0, 1_000_000, DEFAULT_RATE_LIMITS.voter, problems),
    admin: integer(env['RATE_LIMIT_ADMIN'], 'RATE_LIMIT_ADMIN', 0, 1_000_000, DEFAULT_RATE_LIMITS.admin, problems),
    peer: integer(env['RATE_LIMIT_PEER'], 'RATE_LIMIT_PEER', 0, 10_000_000, DEFAULT_RATE_LIMITS.peer, problems),
    public: integer(env['RATE_LIMIT_PUBLIC'], 'RATE_LIMIT_PUBLIC', 0, 10_000_000, DEFAULT_RATE_LIMITS.public, problems),
    loopback: onOff(env['RATE_LIMIT_LOOPBACK'], 'RATE_LIMIT_LOOPBACK', DEFAULT_RATE_LIMITS.loopback, problems),
  };
  const authorityPassphrase = env['AUTHORITY_PASSPHRASE_FILE'] ? readPassphrase(env['AUTHORITY_PASSPHRASE_FILE'], problems) : null;

  const trustedProxies = trustProxy(env['TRUST_PROXY'], problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return new AppConfig({
    port,
    host,
    dataDir,
    publicUrl,
    peers: [...new Set(peers)],
    electionMode: mode,
    definition,
    electionSource: source,
    electionId,
    adminToken,
    authorityUrl,
    syncIntervalMs,
    mineIntervalMs,
    logFormat,
    logLevel: logLevel ?? 'log',
    httpLimits,
    peerBanSeconds,
    clockOffsetSeconds,
    rateLimits,
    authorityPassphrase,
    tls,
    peerCa,
    trustProxy: trustedProxies,
  });
}
