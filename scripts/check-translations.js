#!/usr/bin/env node
/*
 * Every portal text has a French translation, and every French translation still has its English source:
 * extracts the portal's messages with Angular's own tool and compares them with client/locale/fr/*.json.
 * A translation must keep exactly its source's placeholders ({$INTERPOLATION}, {$START_TAG_SPAN}, ...), or
 * the translated page would lose a value or a tag. Runs in `npm run lint`.
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const localeDir = join(root, 'client', 'locale', 'fr');
const out = mkdtempSync(join(tmpdir(), 'ballotchain-i18n-'));

let source;
try {
  execFileSync(process.execPath, [require.resolve('@angular/cli/bin/ng'), 'extract-i18n', '--format', 'json', '--output-path', out], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  source = JSON.parse(readFileSync(join(out, 'messages.json'), 'utf8')).translations;
} finally {
  rmSync(out, { recursive: true, force: true });
}

const problems = [];
const french = {};
for (const file of readdirSync(localeDir).filter((name) => name.endsWith('.json'))) {
  const texts = JSON.parse(readFileSync(join(localeDir, file), 'utf8'));
  for (const [id, text] of Object.entries(texts)) {
    if (id in french) problems.push(`${id}: translated twice (again in ${file})`);
    french[id] = text;
  }
}

const placeholders = (text) => (text.match(/\{\$[A-Za-z0-9_]+\}/g) ?? []).sort().join(' ');
for (const [id, text] of Object.entries(source)) {
  if (!/^[a-z]+\.[A-Za-z0-9_.-]+$/.test(id)) problems.push(`"${text}": no custom id (i18n="@@<area>.<name>")`);
  else if (!(id in french)) problems.push(`${id}: no French translation of "${text}"`);
  else if (placeholders(text) !== placeholders(french[id])) {
    problems.push(`${id}: placeholders differ: source "${placeholders(text)}", French "${placeholders(french[id])}"`);
  }
}
for (const id of Object.keys(french)) {
  if (!(id in source)) problems.push(`${id}: translated, but no such message in the portal any more`);
}

if (problems.length > 0) {
  console.error(`Translations: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Translations: ${Object.keys(source).length} messages, all translated into French.`);
