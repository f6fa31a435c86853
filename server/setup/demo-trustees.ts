import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectionDefinition, SealedGroup, TrusteeSpec } from '../../protocol';
import { TrusteeKeyFile } from '../../trustee/key-file';
import { ensurePrivateDir } from '../common/private-files';

/*
 * The demo election (`npm start`) is sealed like any secret election, with trustees this node holds itself, so
 * that one browser can try the whole cycle: ceremony, vote, close, decryption. A definition may ask for the
 * same for a trial (`demo_trustees`). Their key files are the trustee tool's, in DATA_DIR/demo-trustees
 * (owner-only). A real election never does this: each trustee keeps its own key on its own machine.
 */

export function demoTrusteesDir(dataDir: string): string {
  return join(dataDir, 'demo-trustees');
}

const fileOf = (dataDir: string, index: number) => join(demoTrusteesDir(dataDir), `trustee-${index}.json`);

/** Makes `count` demo trustees' key files; their public keys go into the election's definition. */
function createDemoTrustees(dataDir: string, group: SealedGroup, count: number): TrusteeSpec[] {
  ensurePrivateDir(demoTrusteesDir(dataDir));
  return Array.from({ length: count }, (_, i) =>
    TrusteeKeyFile.create(fileOf(dataDir, i + 1), `Demo trustee ${i + 1}`, group, null).spec(),
  );
}

/** A definition that asks for demo trustees, with them made and named in it; any other definition as it is. */
export function withDemoTrustees(definition: ElectionDefinition, dataDir: string, group: SealedGroup): ElectionDefinition {
  const { demo_trustees: count, ...rest } = definition;
  if (count === undefined) return definition;
  return { ...rest, trustees: createDemoTrustees(dataDir, group, count), threshold: definition.threshold ?? count };
}

/** The demo trustees' key files, in trustee order; none on a node that holds no demo trustees. */
export function openDemoTrustees(dataDir: string): TrusteeKeyFile[] {
  const dir = demoTrusteesDir(dataDir);
  if (!existsSync(dir)) return [];
  const count = readdirSync(dir).filter((f) => /^trustee-\d+\.json$/.test(f)).length;
  return Array.from({ length: count }, (_, i) => TrusteeKeyFile.open(fileOf(dataDir, i + 1), null));
}
