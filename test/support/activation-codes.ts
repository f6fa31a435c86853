import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { codesFilePath } from '../../server/setup/create-election';

/**
 * voter_id → activation code, from the CSV a node hands out once ("voter_id,activation_code" and one row a
 * voter). Throws on any other header, so a renamed column fails the test that reads the codes.
 */
export function parseCodes(csv: string): Map<string, string> {
  const [header] = csv.split(/\r?\n/, 1);
  if (header !== 'voter_id,activation_code') throw new Error(`unexpected activation codes header "${header}"`);
  const rows = parse<{ voter_id: string; activation_code: string }>(csv, { columns: true, skip_empty_lines: true });
  return new Map(rows.map((r) => [r.voter_id, r.activation_code]));
}

/** The codes a node wrote to DATA_DIR/activation-codes.csv when it created its secret election. */
export function readCodes(dataDir: string): Map<string, string> {
  return parseCodes(readFileSync(codesFilePath(dataDir), 'utf8'));
}
