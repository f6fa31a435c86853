import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToBase64url } from '../../../protocol';
import { ConfigError, loadConfig } from '../../../server/common/load-config';
import { nobleGroup } from '../../../sealed-crypto/noble-group';

/** A secret election's definition is sealed: its trustees are named or held by the node, and checked at start. */
describe('ELECTION_FILE of a secret election', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ballotchain-definition-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const group = nobleGroup();
  const trustee = (name: string, shareKey: string) => ({
    name,
    signing_key: bytesToBase64url(group.multiplyBase(group.randomScalar())),
    share_key: shareKey,
  });
  /** loadConfig of a secret definition with these fields besides its title, parties and roll. */
  const load = (sealing: Record<string, unknown>) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    const definition = { title: 'T', parties: ['A', 'B'], voters: ['V1', 'V2'], scheme: 'secret', difficulty: 1, ...sealing };
    writeFileSync(file, JSON.stringify(definition));
    return { file, config: () => loadConfig({ ELECTION_FILE: file, DATA_DIR: join(dir, 'data') }) };
  };
  const problemsOf = (config: () => unknown): string[] => {
    try {
      config();
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    return [];
  };

  it('accepts trustees whose share keys are group elements', () => {
    const good = bytesToBase64url(group.multiplyBase(group.randomScalar()));
    expect(load({ trustees: [trustee('Ada', good)], threshold: 1 }).config().definition?.trustees).toHaveLength(1);
  });

  it('refuses a share key that is 32 bytes but no element of the group', () => {
    // All 0xff bytes: not a canonical ristretto255 encoding.
    const bad = bytesToBase64url(new Uint8Array(32).fill(0xff));
    const { config } = load({
      trustees: [trustee('Ada', bytesToBase64url(group.multiplyBase(group.randomScalar()))), trustee('Bob', bad)],
    });
    expect(problemsOf(config)).toEqual([expect.stringMatching(/trustee 2 \(Bob\): share_key is not a ristretto255 group element$/)]);
  });

  it('accepts trustees the node holds (demo_trustees), and leaves making them to the node', () => {
    const { definition } = load({ demo_trustees: 2 }).config();
    expect(definition).toMatchObject({ scheme: 'secret', demo_trustees: 2 });
    expect(definition?.trustees).toBeUndefined();
  });

  it('refuses a secret election that names no trustees and asks the node for none, saying how to give them', () => {
    const { file, config } = load({});
    expect(problemsOf(config)).toEqual([
      `ELECTION_FILE ${file}: a secret election is sealed: name its trustees ("trustees", each made with \`npm run trustee -- init\`), or for a trial let the node hold some ("demo_trustees": how many)`,
    ]);
  });
});

describe('the demo election (no ELECTION_FILE, no PEERS)', () => {
  it('is a secret election of the demo roll, sealed with three trustees the node holds, any two of whom decrypt', () => {
    const { electionMode, definition } = loadConfig({ DATA_DIR: join(tmpdir(), 'ballotchain-demo-definition') });
    expect(electionMode).toBe('demo');
    expect(definition).toMatchObject({ scheme: 'secret', demo_trustees: 3, threshold: 2 });
    expect(definition?.voters).toHaveLength(15);
    expect(definition?.trustees).toBeUndefined();
  });
});
