import type { Problem, SealedSummary, VerificationReport } from './verify-chain';

function sealedLine(s: SealedSummary): string {
  const by = s.decrypted_by.length === 0 ? 'no trustee' : `trustees ${s.decrypted_by.join(', ')}`;
  switch (s.state) {
    case 'sealed':
      return `choices sealed; ${s.threshold} trustees decrypt after the close`;
    case 'decrypting':
      return `decrypted by ${by}, ${s.threshold} needed`;
    case 'decrypted':
      return `decrypted by ${by} (threshold ${s.threshold}); every proof checked${s.cross_checked_with ? `, and every group operation again with ${s.cross_checked_with}` : ''}`;
    case 'undecryptable':
      return 'the decrypted sums are not counts of ballots';
  }
}

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
    if (s.sealed) rows.push(['Sealed', sealedLine(s.sealed)]);
    lines.push(...rows.map(([k, v]) => `${k.padEnd(13)}${v}`), '', 'Tally');
    const tally = s.sealed?.blank != null ? [...s.tally, { party: '(blank)', votes: s.sealed.blank }] : s.tally;
    const width = Math.max(0, ...tally.map((t) => t.party.length));
    if (s.sealed && s.sealed.state !== 'decrypted') lines.push('  (sealed: no count exists until the trustees decrypt)');
    lines.push(...tally.map((t) => `  ${t.party.padEnd(width)}  ${String(t.votes).padStart(8)}`));
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
