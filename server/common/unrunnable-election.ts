import { manifestProblems } from '../../protocol';
import type { Db } from './database';
import { SchemaVersionError } from './migrate';

/**
 * Throws if `db` holds an election whose manifest this release refuses, such as a secret election that an
 * earlier release made without trustees (its choices in clear). Checked before the layout is upgraded, so
 * that the release that made it can still finish it.
 */
export function refuseUnrunnableElection(db: Db): void {
  const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).get() !== undefined;
  if (!hasMeta) return;
  const json = db.prepare(`SELECT value FROM meta WHERE key = 'genesis'`).pluck().get() as string | undefined;
  if (json === undefined) return;
  const election: unknown = (JSON.parse(json) as { election?: unknown }).election;
  const problems = manifestProblems(election);
  if (problems.length === 0) return;
  throw new SchemaVersionError(
    `the database ${db.name} holds an election this release cannot run (${problems.join('; ')}): ` +
      'finish it with the release that made it, or use another DATA_DIR',
  );
}
