import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Block, SealedBallot } from '../../protocol';
import { chainOf, makeAuthority, mine, NOW, recordOf, SecretElection } from '../verifier/support/elections';
import { runVerifier } from './harness';

/*
 * The built verifier as `npm run verify` runs it, with its worker threads (which need the compiled
 * block-worker.js, so they cannot run under ts-jest). It is the verifier of the build CLUSTER_NODE_MAIN names
 * (see harness.ts); runVerifier rejects when that build is missing.
 */
async function verify(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await runVerifier(args);
  return { status: code, stdout, stderr };
}

const authority = makeAuthority();
const forger = makeAuthority();
const e = new SecretElection(authority, 8);
const credentials = Array.from({ length: 8 }, (_, i) => e.credentialRecord(i));
const blocks = [
  [...e.ceremony, e.lifecycle('open'), ...credentials],
  [e.ballot('Red').tx, e.ballot('Blue').tx],
  [e.ballot('Green').tx],
  [e.ballot('Red').tx, e.ballot('Red').tx],
  [e.lifecycle('close', NOW - 50)],
];
const closed: Block[] = chainOf(e.genesis, blocks, 1);
/** Closed, then decrypted by the election's trustee. */
const valid: Block[] = [...closed, mine(closed[closed.length - 1], [e.decryption(closed)], 1)];

/** `ballot` with its vote moved to another party: the first two entries of its sealed choice swapped. */
function moved(ballot: SealedBallot): SealedBallot {
  const [first, second, ...rest] = ballot.sealed.entries;
  return { ...ballot, sealed: { ...ballot.sealed, entries: [second, first, ...rest] } };
}

const dir = mkdtempSync(join(tmpdir(), 'verifier-built-'));
function recordFile(name: string, chain: readonly Block[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(recordOf(chain)));
  return file;
}

describe('the built verifier (worker threads)', () => {
  it('exits 0 on a valid record', async () => {
    const { status, stdout } = await verify('--record', recordFile('valid.json', valid), '--workers', '2');
    expect(stdout).toMatch(/^OK: every rule holds for the 7 blocks and 18 transactions/m);
    expect(stdout).toMatch(/^ {2}Red +3$/m);
    expect(status).toBe(0);
  });

  it('exits 1 and lists the problems the workers found in several blocks', async () => {
    const tampered = chainOf(e.genesis, [blocks[0], [e.ballot('Red', forger.credentialKey).tx], ...blocks.slice(2)], 1);
    tampered[3] = { ...tampered[3], transactions: [moved(tampered[3].transactions[0] as SealedBallot)] };
    tampered.push(mine(tampered[tampered.length - 1], [e.ballot('Green').tx], 1));
    const { status, stdout } = await verify('--record', recordFile('tampered.json', tampered), '--workers', '2');
    expect(status).toBe(1);
    expect(stdout).toContain('block 2, transaction 0: bad-credential: ');
    expect(stdout).toContain('block 3: merkle-root-mismatch: ');
    expect(stdout).toContain('block 3, transaction 0: bad-ballot-signature: ');
    expect(stdout).toContain('block 6, transaction 0: election-closed: ');
  });

  it('exits 2 when the node cannot be reached', async () => {
    const { status, stderr } = await verify('--node', 'http://127.0.0.1:9', '--timeout', '5');
    expect(stderr).toMatch(/^verify: cannot reach http:\/\/127\.0\.0\.1:9/);
    expect(status).toBe(2);
  });
});
