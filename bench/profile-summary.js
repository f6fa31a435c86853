#!/usr/bin/env node
'use strict';
/*
 * Summarises a V8 .cpuprofile (from BENCH_CPU_PROF=<dir> npm run bench):
 *   node bench/profile-summary.js <file.cpuprofile> [top=25]
 * Prints total sampled time, self time by function, self time by source area (project code, each
 * node_modules package, node internals, GC/native), and inclusive time of project functions.
 */
const fs = require('node:fs');
const path = require('node:path');

const [file, topRaw] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.js <file.cpuprofile> [top]\n');
  process.exit(2);
}
const TOP = Number(topRaw) || 25;
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const ROOT = path.resolve(__dirname, '..');

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Time per sample: timeDeltas[i] is the gap before sample i.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

/**
 * A project file's path relative to the repository, or null. The benchmark runs the nodes from a copy of
 * dist/server in its temporary folder: those paths count as the project's too.
 */
function projectPath(url) {
  const p = url.replace(/^file:\/\//, '');
  if (p.includes('node_modules/')) return null;
  if (p.startsWith(`${ROOT}/`)) return path.relative(ROOT, p);
  const copy = /\/ballotchain-bench-[^/]+\/(dist\/server\/.*)$/.exec(p);
  return copy ? copy[1] : null;
}

function where(cf) {
  const url = cf.url || '';
  if (!url) return cf.functionName.startsWith('(') ? cf.functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const rel = projectPath(url);
  return rel !== null ? `project ${rel.split('/').slice(0, 4).join('/')}` : url.replace(/^file:\/\//, '');
}
function label(cf) {
  const url = (cf.url || '').replace(/^file:\/\//, '');
  const short = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : (projectPath(url) ?? url);
  return `${cf.functionName || '(anonymous)'} ${short ? `${short}:${cf.lineNumber + 1}` : ''}`.trim();
}

const byFn = new Map();
const byArea = new Map();
for (const [id, us] of selfUs) {
  const cf = nodes.get(id).callFrame;
  const k = label(cf);
  byFn.set(k, (byFn.get(k) ?? 0) + us);
  const a = where(cf);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
}

// Inclusive time for project functions (each sample counted once per distinct function on its stack).
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cf = nodes.get(cur).callFrame;
    if (projectPath(cf.url || '') === null) continue;
    const k = label(cf);
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + us);
  }
}

const ms = (us) => (us / 1000).toFixed(1).padStart(8);
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5);
const print = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms(us)} ms ${pct(us)}%  ${k}`);
};
console.log(`${path.basename(file)}: ${(total / 1000).toFixed(1)} ms sampled (${profile.samples.length} samples)`);
print('self time by area', byArea, 20);
print('self time by function', byFn, TOP);
print('inclusive time, project functions', inclusive, TOP);
