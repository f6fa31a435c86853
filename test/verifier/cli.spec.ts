import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Block } from '../../protocol';
import { parseCommandLine, run, USAGE, UsageError } from '../../verifier/cli';
import type { VerificationReport } from '../../verifier/verify-chain';
import { chainOf, makeAuthority, NOW, recordOf, SecretElection } from './support/elections';
import { anyString } from '../support/matchers';

const authority = makeAuthority();
const forger = makeAuthority();
const e = new SecretElection(authority, 4);
/** Opened, two ballots, closed, and the trustee's decryption: a tally to print. */
const closed: Block[] = chainOf(
  e.genesis,
  [
    [...e.ceremony, e.lifecycle('open'), e.credentialRecord(0), e.credentialRecord(1)],
    [e.ballot('Red').tx, e.ballot('Blue').tx],
    [e.lifecycle('close', NOW - 200)],
  ],
  1,
);
const valid: Block[] = chainOf(e.genesis, [...closed.slice(1).map((b) => b.transactions), [e.decryption(closed)]], 1);
const forged: Block[] = chainOf(
  e.genesis,
  [[...e.ceremony, e.lifecycle('open'), e.credentialRecord(0)], [e.ballot('Red', forger.credentialKey).tx]],
  1,
);

const dir = mkdtempSync(join(tmpdir(), 'verifier-cli-'));
function recordFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

async function runCli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const status = await run(argv, { stdout, stderr, now: () => NOW });
  return { status, stdout: out.join(''), stderr: err.join('') };
}

describe('parseCommandLine', () => {
  it('reads a record source with defaults', () => {
    expect(parseCommandLine(['--record', 'r.json'])).toMatchObject({
      help: false,
      source: { record: 'r.json' },
      pageSize: 500,
      timeoutMs: 60_000,
      json: false,
    });
  });

  it('reads a node source and every option', () => {
    const election = 'a'.repeat(64);
    expect(
      parseCommandLine([
        '--node',
        'http://n:5000',
        '--election',
        election,
        '--workers',
        '0',
        '--page-size',
        '50',
        '--timeout',
        '5',
        '--json',
      ]),
    ).toEqual({
      help: false,
      source: { node: 'http://n:5000' },
      election,
      workers: 0,
      pageSize: 50,
      timeoutMs: 5000,
      json: true,
      crossCheck: false,
    });
  });

  it.each([
    [[], /exactly one of --node URL or --record FILE/],
    [['--node', 'http://a', '--record', 'f'], /exactly one of/],
    [['--node', 'localhost'], /--node must be a URL/],
    [['--node', 'ftp://a'], /http:\/\/ or https:\/\//],
    [['--record', 'f', '--election', 'abc'], /64 hex digits/],
    [['--record', 'f', '--workers=-1'], /--workers must be an integer of at least 0/],
    [['--record', 'f', '--page-size', '0'], /--page-size must be an integer of at least 1/],
    [['--record', 'f', '--colour'], /Unknown option '--colour'/],
    [['--record'], /argument missing/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});

describe('run (in process, no worker threads)', () => {
  it('prints the help and exits 0', async () => {
    const { status, stdout } = await runCli('--help');
    expect(status).toBe(0);
    expect(stdout).toBe(USAGE);
  });

  it('exits 2 on a usage error, with the usage on stderr', async () => {
    const { status, stderr } = await runCli('--record');
    expect(status).toBe(2);
    expect(stderr).toContain('Usage:');
  });

  it('exits 0 on a valid record and prints the election, its counts and its decrypted tally', async () => {
    const { status, stdout } = await runCli('--record', recordFile('valid.json', recordOf(valid)), '--workers', '0');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Election {5}Secret test election$/m);
    expect(stdout).toContain(`Election ID  ${e.id}`);
    expect(stdout).toMatch(/^Phase {8}closed at the tip$/m);
    expect(stdout).toMatch(/^Credentials {2}2 issued$/m);
    expect(stdout).toMatch(/^Sealed {7}decrypted by trustees 1 \(threshold 1\); every proof checked$/m);
    expect(stdout).toMatch(/^ {2}Red +1$/m);
    expect(stdout).toMatch(/^ {2}Green +0$/m);
    expect(stdout).toMatch(/^Tally digest [0-9a-f]{64}$/m);
    expect(stdout).toMatch(/^OK: every rule holds for the 5 blocks and 9 transactions of record /m);
  });

  it('says there is no count yet while the choices are sealed', async () => {
    const { status, stdout } = await runCli('--record', recordFile('closed.json', recordOf(closed)), '--workers', '0');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Sealed {7}decrypted by no trustee, 1 needed$/m);
    expect(stdout).toContain('  (sealed: no count exists until the trustees decrypt)');
    expect(stdout).not.toMatch(/^ {2}Red /m);
  });

  it('exits 1 on a forged credential and names the block, the transaction and the reason', async () => {
    const { status, stdout } = await runCli('--record', recordFile('forged.json', recordOf(forged)), '--workers', '0');
    expect(status).toBe(1);
    expect(stdout).toMatch(/^FAILED: 1 problem in record .*; the counts above are not to be trusted:$/m);
    expect(stdout).toContain('  block 2, transaction 0: bad-credential: ');
  });

  it('exits 1 when a record claims another election than its genesis block', async () => {
    const file = recordFile('claims.json', { ...recordOf(valid), election_id: 'b'.repeat(64) });
    const { status, stdout } = await runCli('--record', file, '--workers', '0');
    expect(status).toBe(1);
    expect(stdout).toContain(`block 0: wrong-election: the record says election ${'b'.repeat(64)}`);
  });

  it('exits 1 when the chain is not the election given with --election', async () => {
    const { status, stdout } = await runCli(
      '--record',
      recordFile('valid.json', recordOf(valid)),
      '--workers',
      '0',
      '--election',
      'c'.repeat(64),
    );
    expect(status).toBe(1);
    expect(stdout).toContain('block 0: wrong-election');
  });

  it('prints the report as JSON with --json', async () => {
    const { status, stdout } = await runCli('--record', recordFile('forged.json', recordOf(forged)), '--workers', '0', '--json');
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as VerificationReport;
    expect(report).toMatchObject({ ok: false, summary: { election_id: e.id, ballots: 1 } });
    expect(report.problems).toEqual([{ block: 2, transaction: 0, reason: 'bad-credential', detail: anyString }]);
  });

  it('exits 2 when the record cannot be read', async () => {
    const { status, stderr } = await runCli('--record', join(dir, 'missing.json'), '--workers', '0');
    expect(status).toBe(2);
    expect(stderr).toMatch(/^verify: cannot read .*missing\.json/);
  });

  it('exits 2 when the node is unreachable', async () => {
    const { status, stderr } = await runCli('--node', 'http://127.0.0.1:9', '--timeout', '5');
    expect(status).toBe(2);
    expect(stderr).toMatch(/^verify: cannot reach http:\/\/127\.0\.0\.1:9: /);
  });
});
