import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { isWellFormedVoterId } from '../../protocol';
import { normaliseVoterId } from '../../protocol/voter-id';

export class RollCsvError extends Error {}

/**
 * Reads a voter roll from CSV: a header row with a `voter_id` column (other columns, such as names, are
 * ignored and never leave this function), or a single column of voter IDs without a header.
 */
export function parseRollCsv(text: string): string[] {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true });
  } catch (e) {
    throw new RollCsvError(`the roll is not valid CSV: ${(e as Error).message}`);
  }
  if (rows.length === 0) throw new RollCsvError('the roll is empty');
  const header = rows[0].map((h) => h.toLowerCase().replace(/[\s-]+/g, '_'));
  const named = header.indexOf('voter_id');
  if (named === -1 && rows[0].length > 1) throw new RollCsvError('the roll needs a "voter_id" column');
  const headerRows = named === -1 ? 0 : 1;
  const column = Math.max(named, 0);
  const ids = rows.slice(headerRows).map((row) => row[column] ?? '');
  const bad = ids.findIndex((id) => !isWellFormedVoterId(id));
  if (bad !== -1) throw new RollCsvError(`line ${bad + headerRows + 1}: "${ids[bad]}" is not a valid voter ID`);
  // Voters type their ID in any case (normaliseVoterId): two IDs alike but for case would be one voter.
  const seen = new Map<string, number>();
  const where = (at: number) => `line ${at + headerRows + 1}`;
  for (const [i, id] of ids.entries()) {
    const key = normaliseVoterId(id);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    if (ids[first] === id) throw new RollCsvError(`voter ID ${id} appears twice`);
    throw new RollCsvError(
      `voter IDs ${ids[first]} (${where(first)}) and ${id} (${where(i)}) differ only in case: voters type IDs in any case, ` +
        'so they would be one voter. Give each voter an ID of its own.',
    );
  }
  if (ids.length === 0) throw new RollCsvError('the roll has no voters');
  return ids;
}

export function codesCsv(codes: readonly { voter_id: string; code: string }[]): string {
  return stringify(
    codes.map((c) => [c.voter_id, c.code]),
    { header: true, columns: ['voter_id', 'activation_code'] },
  );
}
