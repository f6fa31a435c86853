import { isBase64urlKey32 } from '@protocol/base64url';
import { MAX_TRUSTEES } from '@protocol/limits';
import { isRecord } from '@protocol/is-record';
import type { TrusteeSpec } from '@protocol/types';

/** The trustees an official pasted, or the first reason they are not trustees, in words for the field. */
export type TrusteeLines = { ok: true; trustees: TrusteeSpec[] } | { ok: false; problem: string };

const FIELDS = ['name', 'signing_key', 'share_key'] as const;

/** Why one line is not a trustee as `npm run trustee -- init` prints it; null when it is one. */
function lineProblem(line: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return $localize`:@@admin.trustees.lineNotJson:is not JSON`;
  }
  if (!isRecord(value)) return $localize`:@@admin.trustees.lineNotObject:is not a JSON object`;
  const extra = Object.keys(value).find((k) => !(FIELDS as readonly string[]).includes(k));
  if (extra !== undefined) return $localize`:@@admin.trustees.lineExtra:has a field "${extra}:field:" no trustee has`;
  const missing = FIELDS.find((k) => value[k] === undefined);
  if (missing !== undefined) return $localize`:@@admin.trustees.lineMissing:has no "${missing}:field:"`;
  const name = value['name'];
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100)
    return $localize`:@@admin.trustees.lineName:needs a "name" of 1 to 100 characters`;
  const badKey = (['signing_key', 'share_key'] as const).find((k) => !isBase64urlKey32(value[k]));
  if (badKey !== undefined) return $localize`:@@admin.trustees.lineBadKey:has a "${badKey}:field:" that is not a 32-byte key in base64url`;
  return null;
}

/**
 * Reads one trustee per line, each the JSON `npm run trustee -- init` printed for it, so the tool's output
 * pastes as it is. Blank lines are skipped; lines are numbered as the official sees them in the field.
 */
export function parseTrusteeLines(text: string): TrusteeLines {
  const lines = text
    .split(/\r?\n/)
    .map((line, i) => ({ number: i + 1, text: line.trim() }))
    .filter((line) => line.text !== '');
  if (lines.length === 0) return { ok: false, problem: $localize`:@@admin.trustees.none:Paste at least one trustee.` };
  if (lines.length > MAX_TRUSTEES)
    return { ok: false, problem: $localize`:@@admin.trustees.tooMany:At most ${MAX_TRUSTEES}:max: trustees, one per line.` };
  const trustees: TrusteeSpec[] = [];
  for (const line of lines) {
    const problem = lineProblem(line.text);
    if (problem !== null) {
      return {
        ok: false,
        problem: $localize`:@@admin.trustees.lineProblem:Line ${line.number}:line: ${problem}:problem:: paste each line as the trustee tool printed it (npm run trustee -- init).`,
      };
    }
    const spec = JSON.parse(line.text) as TrusteeSpec;
    const earlier = trustees.findIndex((t) => t.name === spec.name);
    if (earlier !== -1) {
      return {
        ok: false,
        problem: $localize`:@@admin.trustees.sameName:Lines ${lines[earlier].number}:first: and ${line.number}:second: name the same trustee.`,
      };
    }
    const sharing = trustees.findIndex((t) =>
      [t.signing_key, t.share_key].some((key) => key === spec.signing_key || key === spec.share_key),
    );
    if (sharing !== -1) {
      return {
        ok: false,
        problem: $localize`:@@admin.trustees.sharedKey:Lines ${lines[sharing].number}:first: and ${line.number}:second: have a key in common.`,
      };
    }
    if (spec.signing_key === spec.share_key) {
      return { ok: false, problem: $localize`:@@admin.trustees.sameKey:Line ${line.number}:line: has the same key twice.` };
    }
    trustees.push(spec);
  }
  return { ok: true, trustees };
}
