import type { Problem, VerificationReport } from './verify-chain';

/** Where a problem is, in the words of the report: "block 12" or "block 12, transaction 3". */
export function problemPlace(p: Problem): string {
  return p.transaction === undefined ? `block ${p.block}` : `block ${p.block}, transaction ${p.transaction}`;
}

/** The report as a person reads it: the election, its counts and tally, then the verdict and every problem. */
export function formatReport(report: VerificationReport, source: string, elapsedMs: number): string {
  const lines: string[] = [];
  const s = report.summary;
  if (s) {
    const rows: [string, string][] = [
      ['Election', s.title],
      ['Election ID', s.election_id],
      ['Scheme', s.scheme],
      ['Phase', `${s.phase} at the tip`],
      ['Height', `${s.height} (tip ${s.tip})`],
      ['Roll', s.roll_size === null ? 'open to any well-formed voter ID' : `${s.roll_size} voters`],
      ...(s.scheme === 'secret' ? [['Credentials', `${s.credentials_issued} issued`] as [string, string]] : []),
      ['Ballots', String(s.ballots)],
    ];
    lines.push(...rows.map(([k, v]) => `${k.padEnd(13)}${v}`), '', 'Tally');
    const width = Math.max(...s.tally.map((t) => t.party.length));
    lines.push(...s.tally.map((t) => `  ${t.party.padEnd(width)}  ${String(t.votes).padStart(8)}`));
    lines.push(`Tally digest ${s.tally_digest}`, '');
  }
  const seconds = (elapsedMs / 1000).toFixed(1);
  if (report.ok && s) {
    lines.push(`OK: every rule holds for the ${s.height + 1} blocks and ${s.transactions} transactions of ${source} (${seconds} s).`);
  } else {
    const n = report.problems.length;
    const caveat = s ? '; the counts above are not to be trusted' : '';
    lines.push(`FAILED: ${n} problem${n === 1 ? '' : 's'} in ${source} (${seconds} s)${caveat}:`);
    lines.push(...report.problems.map((p) => `  ${problemPlace(p)}: ${p.reason}: ${p.detail}`));
  }
  return lines.join('\n') + '\n';
}
