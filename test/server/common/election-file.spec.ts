import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToBase64url } from '../../../protocol';
import { ConfigError, loadConfig } from '../../../server/common/load-config';
import { nobleGroup } from '../../../sealed-crypto/noble-group';

/** A sealed election's definition is refused at start when a trustee's share key could never take a share. */
describe('ELECTION_FILE of a sealed election', () => {
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
  const load = (trustees: unknown[]) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    const definition = { title: 'T', parties: ['A', 'B'], voters: ['V1', 'V2'], scheme: 'secret', difficulty: 1, trustees, threshold: 1 };
    writeFileSync(file, JSON.stringify(definition));
    return () => loadConfig({ ELECTION_FILE: file, DATA_DIR: join(dir, 'data') });
  };

  it('accepts trustees whose share keys are group elements', () => {
    const good = bytesToBase64url(group.multiplyBase(group.randomScalar()));
    expect(load([trustee('Ada', good)])().definition?.trustees).toHaveLength(1);
  });

  it('refuses a share key that is 32 bytes but no element of the group', () => {
    // All 0xff bytes: not a canonical ristretto255 encoding.
    const bad = bytesToBase64url(new Uint8Array(32).fill(0xff));
    let problems: string[] = [];
    try {
      load([trustee('Ada', bytesToBase64url(group.multiplyBase(group.randomScalar()))), trustee('Bob', bad)])();
    } catch (e) {
      if (e instanceof ConfigError) problems = e.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/trustee 2 \(Bob\): share_key is not a ristretto255 group element$/)]);
  });
});
