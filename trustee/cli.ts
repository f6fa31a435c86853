import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type SealedGroup } from '../protocol';
import { libsodiumGroup } from '../sealed-crypto/libsodium-group';
import { nextCeremonyStep, transactionsOf, trusteeIndex } from './ceremony';
import { partialDecryption } from './decrypt';
import { TrusteeKeyFile } from './key-file';
import { NodeClient } from './node-client';

export const USAGE = `Ballotchain trustee: holds one trustee's keys of a sealed election and takes part through any node.

Usage:
  npm run trustee -- init     --key FILE --name NAME [--passphrase-file F]
      makes a trustee key file (readable by you only) and prints the trustee as an election definition
      names it: {"name", "signing_key", "share_key"}. Give that to the organiser.
  npm run trustee -- ceremony --key FILE --node URL [--passphrase-file F] [--timeout SECONDS]
      takes part in the key ceremony until this trustee's part is done: commitments, encrypted shares,
      a complaint about any share that does not match its dealer's commitments, answers to complaints.
  npm run trustee -- decrypt  --key FILE --node URL [--passphrase-file F]
      after the close: verifies the whole chain itself, decrypts the sums it computed (never sums a node
      claims), and posts this trustee's partial decryption with its proofs.
  npm run trustee -- status   --node URL
      the ceremony and the decryption, trustee by trustee.

Options:
  --passphrase-file F  a file whose first line seals the key file's secrets (scrypt, AES-256-GCM)
  --timeout SECONDS    how long the ceremony may wait for the other trustees and for blocks (default 600)
  -h, --help           this help

Exit status: 0 done; 1 refused or failed (the reason is printed); 2 usage error.
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface TrusteeIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Waits this long between two looks at the chain. */
  sleep(ms: number): Promise<void>;
}

const processIo: TrusteeIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

type Command = 'init' | 'ceremony' | 'decrypt' | 'status';

interface CommandLine {
  command: Command | 'help';
  key?: string;
  name?: string;
  node?: string;
  passphrase: string | null;
  timeoutMs: number;
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        key: { type: 'string' },
        name: { type: 'string' },
        node: { type: 'string' },
        'passphrase-file': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { command: 'help', passphrase: null, timeoutMs: 0 };
  const command = positionals[0] as Command;
  if (!['init', 'ceremony', 'decrypt', 'status'].includes(command) || positionals.length > 1) {
    throw new UsageError(`unknown command "${positionals.join(' ')}": init, ceremony, decrypt or status`);
  }
  const need = (name: 'key' | 'node' | 'name') => {
    if (values[name] === undefined) throw new UsageError(`${command} needs --${name}`);
    return values[name];
  };
  if (command !== 'status') need('key');
  if (command === 'init') need('name');
  if (command !== 'init') {
    const node = need('node');
    if (!/^https?:\/\/./.test(node)) throw new UsageError(`--node must be an http:// or https:// URL, not "${node}"`);
  }
  const timeout = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isSafeInteger(timeout) || timeout < 1) throw new UsageError('--timeout must be a whole number of seconds');
  let passphrase: string | null = null;
  if (values['passphrase-file'] !== undefined) {
    try {
      passphrase = readFileSync(values['passphrase-file'], 'utf8').split('\n')[0].trim();
    } catch (e) {
      throw new UsageError(`cannot read --passphrase-file: ${(e as Error).message}`);
    }
    if (passphrase === '') throw new UsageError('the passphrase file is empty');
  }
  return { command, key: values.key, name: values.name, node: values.node, passphrase, timeoutMs: timeout * 1000 };
}

export async function run(argv: readonly string[], io: TrusteeIo = processIo): Promise<number> {
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`trustee: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (line.command === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const group = await libsodiumGroup();
  try {
    switch (line.command) {
      case 'init': {
        const keyFile = TrusteeKeyFile.create(line.key!, line.name!, group, line.passphrase);
        io.stdout.write(`${JSON.stringify(keyFile.spec())}\n`);
        io.stderr.write(`trustee: wrote ${line.key} (owner-only${line.passphrase ? ', sealed under the passphrase' : ''}); keep it safe\n`);
        return 0;
      }
      case 'ceremony':
        return await ceremony(group, new NodeClient(line.node!), TrusteeKeyFile.open(line.key!, line.passphrase), line.timeoutMs, io);
      case 'decrypt':
        return await decrypt(group, new NodeClient(line.node!), TrusteeKeyFile.open(line.key!, line.passphrase), io);
      case 'status':
        return await status(new NodeClient(line.node!), io);
    }
  } catch (e) {
    // A refusal (of a node, or of the key file: KeyFileError) is said, not thrown.
    if (!(e instanceof Error)) throw e;
    io.stderr.write(`trustee: ${e.message}\n`);
    return 1;
  }
}

async function ceremony(group: SealedGroup, node: NodeClient, keyFile: TrusteeKeyFile, timeoutMs: number, io: TrusteeIo): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lastWait = '';
  for (;;) {
    const election = await node.election();
    const setup = election.manifest.sealed;
    if (!setup) throw new Error(`the election at ${node.url} is not sealed: it has no trustees`);
    const index = trusteeIndex(setup, keyFile);
    if (index === null) throw new Error(`this key file is not one of the trustees of election ${election.election_id}`);
    if (election.phase !== 'draft') {
      io.stdout.write(`trustee ${index}: the election is ${election.phase}; the ceremony is over\n`);
      return 0;
    }
    const chain = await node.chain();
    const step = nextCeremonyStep(group, { electionId: election.election_id, setup, index, transactions: transactionsOf(chain) }, keyFile);
    if ('done' in step) {
      io.stdout.write(`trustee ${index}: ${step.done}; the ceremony is ${election.sealed?.ceremony ?? 'unknown'}\n`);
      return 0;
    }
    if ('post' in step) {
      const answer = await node.post(step.post);
      if (answer.status === 201) io.stdout.write(`trustee ${index}: posted ${step.what}\n`);
      // Already pending: posted before (by an earlier run), waiting for a block.
      else if (answer.status !== 409 || answer.body.error !== 'already-used') {
        throw new Error(`${node.url} refused ${step.what}: ${answer.body.error ?? answer.status}: ${answer.body.message ?? ''}`);
      }
    } else if (step.wait !== lastWait) {
      io.stdout.write(`trustee ${index}: waiting for ${step.wait}\n`);
      lastWait = step.wait;
    }
    if (Date.now() > deadline) throw new Error(`gave up after ${Math.round(timeoutMs / 1000)} s`);
    await waitForNewTip(node, chain.at(-1)?.hash ?? '', deadline, io);
  }
}

/**
 * Until the node's main chain has another tip than the one just read (or the deadline passes). A new tip, not
 * a greater height: a reorganisation can replace the tip with another block at the same height, holding what
 * the trustee waits for, and no block may follow it when nothing else is pending.
 */
async function waitForNewTip(node: NodeClient, tip: string, deadline: number, io: TrusteeIo): Promise<void> {
  while (Date.now() < deadline) {
    await io.sleep(500);
    if ((await node.status()).tip !== tip) return;
  }
}

async function decrypt(group: SealedGroup, node: NodeClient, keyFile: TrusteeKeyFile, io: TrusteeIo): Promise<number> {
  const tx = await partialDecryption(group, node, keyFile);
  const answer = await node.post(tx);
  if (answer.status !== 201) {
    throw new Error(`${node.url} refused the partial decryption: ${answer.body.error ?? answer.status}: ${answer.body.message ?? ''}`);
  }
  io.stdout.write(`trustee ${tx.trustee}: posted its partial decryption; it counts once mined\n`);
  return 0;
}

async function status(node: NodeClient, io: TrusteeIo): Promise<number> {
  const election = await node.election();
  const sealed = election.sealed;
  if (!sealed) throw new Error(`the election at ${node.url} is not sealed`);
  const lines = [
    `${election.title} (${election.phase}); ${sealed.threshold} of ${sealed.trustees.length} trustees decrypt`,
    `ceremony: ${sealed.ceremony}${sealed.waiting_for.length > 0 ? ` (waiting for ${sealed.waiting_for.join('; ')})` : ''}`,
    ...sealed.trustees.map(
      (t) =>
        `  ${t.index}. ${t.name}: ${t.committed ? 'committed' : 'not committed'}, ${t.shared ? 'shared' : 'not shared'}` +
        `${t.complained_about.length ? `, complained about ${t.complained_about.join(', ')}` : ''}${t.decrypted ? ', decrypted' : ''}`,
    ),
  ];
  io.stdout.write(lines.join('\n') + '\n');
  return 0;
}
