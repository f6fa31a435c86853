import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { isWellFormedVoterId } from '../../protocol';

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
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RollCsvError(`voter ID ${id} appears twice`);
    seen.add(id);
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
