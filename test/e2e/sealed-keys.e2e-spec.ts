/*
 * AUTHORITY_PASSPHRASE_FILE seals the authority's private keys at rest, so that a copy of the database
 * file alone does not give them away. The node needs the passphrase at every start once the keys are
 * sealed; keys an earlier start kept in clear are sealed in place, and their clear text is gone from the
 * file.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SealedKeyError } from '../../node-crypto/key-sealing';
import { ConfigError } from '../../server/common/load-config';
import { readCodes } from '../support/activation-codes';
import { type InProcessNode, startInProcessNode } from '../support/in-process-node';
import { castSecret, electionKeys, signedBallot } from './support/secret-voter';

const PASSPHRASE = 'a long passphrase for the authority';

/** The two rows of authority_keys as stored, read with a connection of our own. */
function storedKeys(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'ballotchain.db'), { readonly: true });
  try {
    return db.prepare('SELECT value FROM authority_keys ORDER BY name').pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('authority keys sealed under AUTHORITY_PASSPHRASE_FILE', () => {
  let root: string;
  let dataDir: string;
  let node: InProcessNode | undefined;

  const passphraseFile = (text: string, mode = 0o600) => {
    const file = join(root, `passphrase-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, text, { mode });
    return file;
  };
  const start = (env: Record<string, string> = {}) => startInProcessNode({ ELECTION: 'demo', DATA_DIR: dataDir, ...env });
  /** A voter of the demo gets a credential and casts: the authority's keys work. */
  async function votes(voterId: string): Promise<void> {
    const http = node!.app.getHttpServer();
    const ballot = await signedBallot(http, await electionKeys(http), voterId, readCodes(dataDir).get(voterId)!, 'Democratic Party');
    expect((await castSecret(http, ballot)).status).toBe(201);
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ballotchain-sealed-'));
    dataDir = join(root, 'node');
  });

  afterEach(async () => {
    await node?.stop(true);
    node = undefined;
    rmSync(root, { recursive: true, force: true });
  });

  it('stores new keys sealed, needs the passphrase at every start, and refuses a wrong one', async () => {
    const file = passphraseFile(`${PASSPHRASE}\n`);
    node = await start({ AUTHORITY_PASSPHRASE_FILE: file });
    await votes('VOID001');
    expect(storedKeys(dataDir).map((v) => v.slice(0, 10))).toEqual(['sealed:v1:', 'sealed:v1:']);
    await node.stop(true);
    node = undefined;

    await expect(start()).rejects.toThrow(
      new SealedKeyError("the authority's keys are sealed: start the node with AUTHORITY_PASSPHRASE_FILE"),
    );
    await expect(start({ AUTHORITY_PASSPHRASE_FILE: passphraseFile('not the passphrase at all') })).rejects.toThrow(
      "the authority's signing key does not open with this passphrase (wrong passphrase, or altered data)",
    );
    node = await start({ AUTHORITY_PASSPHRASE_FILE: file });
    await votes('VOID002');
  });

  it('seals keys kept in clear by an earlier start, and leaves no clear copy in the database file', async () => {
    // A start without a passphrase keeps the keys in clear, as every node did before passphrases.
    node = await start();
    await votes('VOID001');
    await node.stop(true);
    node = undefined;
    const clear = storedKeys(dataDir);
    expect(clear.every((v) => /^[A-Za-z0-9_-]{40,}$/.test(v))).toBe(true);
    const fileText = () => readFileSync(join(dataDir, 'ballotchain.db')).toString('latin1');
    for (const key of clear) expect(fileText().includes(key)).toBe(true);

    node = await start({ AUTHORITY_PASSPHRASE_FILE: passphraseFile(PASSPHRASE) });
    await votes('VOID006');
    await node.stop(true);
    node = undefined;
    for (const key of clear) expect(fileText().includes(key)).toBe(false);
    expect(storedKeys(dataDir).every((v) => v.startsWith('sealed:v1:'))).toBe(true);

    node = await start({ AUTHORITY_PASSPHRASE_FILE: passphraseFile(PASSPHRASE) });
    await votes('VOID007');
  });

  it.each([
    ['readable by others', `${PASSPHRASE}\n`, 0o644, 'must be readable by its owner only (chmod 600)'],
    ['too short', 'short\n', 0o600, 'the passphrase (its first line) must have at least 12 characters'],
  ])('refuses a passphrase file %s, before anything is created', async (_case, text, mode, message) => {
    const file = passphraseFile(text, mode);
    const refusal = start({ AUTHORITY_PASSPHRASE_FILE: file });
    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow(message);
  });
});
