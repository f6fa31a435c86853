import { stringify } from 'csv-stringify/sync';
import type { ResultsExport } from '../../api/http';

const COLUMNS = ['kind', 'name', 'votes', 'block_height', 'block_hash', 'detail'] as const;
type Row = Partial<Record<(typeof COLUMNS)[number], string | number>>;

/*
 * A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP): a party named
 * "=HYPERLINK(…)" must stay text. The leading apostrophe is what spreadsheets themselves use to say "text".
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The final result as one CSV table, a row per fact: the election (its genesis block), the votes per party,
 * the total, the count's tip and digest, the CLOSE transaction, each partial decryption, and the verifier's
 * command lines. The same facts as results.json, for a spreadsheet.
 */
export function resultsCsv(results: ResultsExport): string {
  const rows: Row[] = [
    { kind: 'election', name: results.title, block_height: 0, block_hash: results.election_id, detail: `${results.scheme} scheme` },
    ...results.tally.map((t): Row => ({ kind: 'party', name: t.party, votes: t.votes })),
    ...(results.blank === null ? [] : [{ kind: 'blank', votes: results.blank }]),
    { kind: 'total', votes: results.total },
    {
      kind: 'counted-at',
      block_height: results.counted_at.height,
      block_hash: results.counted_at.hash,
      detail: `tally digest ${results.tally_digest}`,
    },
    { kind: 'close', block_height: results.close.height, block_hash: results.close.hash, detail: `transaction ${results.close.position}` },
    ...results.decryptions.map((d): Row => ({
      kind: 'decryption',
      name: `trustee ${d.trustee}`,
      block_height: d.height,
      block_hash: d.hash,
      detail: `transaction ${d.position}${results.quorum.includes(d.trustee) ? ', used for the counts' : ''}`,
    })),
    { kind: 'verify', name: 'node', detail: results.verify.node },
    { kind: 'verify', name: 'record', detail: `${results.verify.record} (the record: ${results.verify.record_url})` },
  ];
  return stringify(rows, {
    header: true,
    columns: [...COLUMNS],
    cast: { string: (value) => (FORMULA_START.test(value) ? `'${value}` : value) },
  });
}
