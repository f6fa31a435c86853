import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { DEMO_ELECTION, type Election, electionProblems, MAX_DIFFICULTY } from '../../protocol';
import { normalizeNodeAddress } from './node-address';

/** Everything a node is configured with, validated once at start. */
export class AppConfig {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly dataDir: string,
    readonly publicUrl: string,
    readonly peers: string[],
    readonly election: Election,
    readonly electionSource: string,
    readonly syncIntervalMs: number,
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
  ELECTION_FILE   JSON election definition: {"title", "parties", "voters"?, "difficulty"}
                  default: the demo election (3 parties, voters VOID001-VOID015)
  DIFFICULTY      overrides the election's difficulty (0-${MAX_DIFFICULTY} leading zero hex digits)
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

function loadElection(file: string | undefined, problems: string[]): { election: Election; source: string } {
  if (!file) return { election: { ...DEMO_ELECTION }, source: 'demo' };
  const path = resolve(file);
  if (!existsSync(path)) {
    problems.push(`ELECTION_FILE ${path} does not exist`);
    return { election: DEMO_ELECTION, source: path };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`ELECTION_FILE ${path} is not valid JSON: ${(e as Error).message}`);
    return { election: DEMO_ELECTION, source: path };
  }
  const withDefaults = { difficulty: DEMO_ELECTION.difficulty, ...(parsed as object) };
  const issues = electionProblems(withDefaults);
  problems.push(...issues.map((p) => `ELECTION_FILE ${path}: ${p}`));
  return { election: withDefaults as Election, source: path };
}

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
  for (const raw of (env['PEERS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      peers.push(normalizeNodeAddress(raw));
    } catch (e) {
      problems.push(`PEERS entry "${raw}": ${(e as Error).message}`);
    }
  }

  const { election, source } = loadElection(env['ELECTION_FILE'], problems);
  if (env['DIFFICULTY'] !== undefined && env['DIFFICULTY'] !== '') {
    election.difficulty = integer(env['DIFFICULTY'], 'DIFFICULTY', 0, MAX_DIFFICULTY, election.difficulty, problems);
  }
  const syncIntervalMs = integer(env['SYNC_INTERVAL_MS'], 'SYNC_INTERVAL_MS', 100, 3_600_000, 5000, problems);
  const logFormat = (env['LOG_FORMAT'] || 'json') as 'json' | 'text';
  if (logFormat !== 'json' && logFormat !== 'text') problems.push(`LOG_FORMAT must be json or text, got "${logFormat}"`);

  if (problems.length > 0) throw new ConfigError(problems);
  return new AppConfig(port, host, dataDir, publicUrl, [...new Set(peers)], { ...election }, source, syncIntervalMs, logFormat);
}
