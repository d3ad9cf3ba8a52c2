#!/usr/bin/env node
/**
 * Where podlint's time goes: runs the CLI as users run it under
 * `node --cpu-prof` and summarises the .cpuprofile files (one per thread)
 * as self time grouped by module and the top functions.
 *
 * usage: node bench/profile.mjs [--size 10k | --corpus DIR] [--top N]
 *          [--out FILE.md] [--keep DIR] [--seed S] [--interval US]
 *
 * --size      synthetic corpus size (default 10k; generated like `npm run bench`)
 * --corpus    profile this folder instead (e.g. ../shared/corpus)
 * --top       number of functions listed (default 25)
 * --out       also write the markdown summary to this file
 * --keep      keep the raw .cpuprofile files in this folder (open them in
 *             Chrome DevTools > Performance, or speedscope)
 * --interval  sampling interval in microseconds (default 1000)
 *
 * Run `npm run build` first (the profile is of dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, parseSize, sizeLabel, DEFAULT_SEED } from './gen-synthetic.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const BIN = join(ROOT, 'bin', 'podlint.js');

const args = process.argv.slice(2);
const get = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
};
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}
const top = Number(get('--top', '25'));
const interval = Number(get('--interval', '1000'));

let corpusDir;
let corpusLabel;
if (get('--corpus')) {
  corpusDir = resolve(get('--corpus'));
  corpusLabel = relative(ROOT, corpusDir) || '.';
} else {
  const n = parseSize(get('--size', '10k'));
  corpusDir = ensureCorpus(n, { seed: get('--seed', DEFAULT_SEED) }).dir;
  corpusLabel = `${sizeLabel(n)} synthetic (${relative(ROOT, corpusDir)})`;
}

const keep = get('--keep');
const profDir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'podlint-prof-'));
mkdirSync(profDir, { recursive: true });
for (const f of readdirSync(profDir)) if (f.endsWith('.cpuprofile')) rmSync(join(profDir, f));

const argv = ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', String(interval), BIN, '--format', 'json', corpusDir];
const t0 = performance.now();
const r = spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
const wallMs = performance.now() - t0;
if (r.status !== 0 && r.status !== 1) {
  process.stderr.write(`podlint exited ${r.status}:\n${r.stderr}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------- analysis

const rootUrl = new URL(`file://${ROOT}${sep}`).href;

/** Module a call frame belongs to, for grouping. */
function moduleOf(cf) {
  const url = cf.url || '';
  if (!url) {
    if (/^\(.*\)$/.test(cf.functionName)) return cf.functionName; // (garbage collector), (program), (idle)
    return '(V8 builtins / native)';
  }
  if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/bootstrap')) return 'node: module loading / bootstrap';
  if (url.startsWith('node:')) return `node: ${url.slice(5).replace(/^internal\//, '').split('/')[0]}`;
  let rel = url.startsWith(rootUrl) ? url.slice(rootUrl.length) : url;
  const nm = rel.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = rel.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    const inner = rest.slice(rest[0].startsWith('@') ? 2 : 1);
    if (pkg === 'yaml') {
      // dist/parse (lexer, parser, CST), dist/compose (composer), dist/nodes (node classes, toJS), dist/schema (tags), dist/doc
      const i = inner[0] === 'dist' || inner[0] === 'browser' ? 1 : 0;
      const sub = inner.length > i + 1 ? inner[i] : 'index';
      return `yaml/${sub}`;
    }
    return pkg;
  }
  if (rel.startsWith('dist/')) rel = rel.slice(5).replace(/\.js$/, '.ts');
  if (rel.startsWith('bin/')) return 'podlint bin/';
  if (rel.startsWith('validators/')) return 'podlint validators/ (precompiled schema validators)';
  if (rel.startsWith('rules/')) return `podlint ${rel}`;
  return `podlint ${rel}`;
}

function shortLoc(cf) {
  const url = cf.url || '';
  if (!url) return '';
  let rel = url.startsWith(rootUrl) ? url.slice(rootUrl.length) : url;
  const nm = rel.lastIndexOf('node_modules/');
  if (nm >= 0) rel = rel.slice(nm + 'node_modules/'.length);
  return `${rel}:${cf.lineNumber + 1}`;
}

const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).sort();
const byModule = new Map();
const byFunction = new Map();
const threads = [];
let total = 0;
for (const f of files) {
  const prof = JSON.parse(readFileSync(join(profDir, f), 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = prof;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time since the previous sample; charge the next delta to this sample
    const dt = (i + 1 < timeDeltas.length ? timeDeltas[i + 1] : timeDeltas[i]) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  let threadTotal = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const cf = nodes.get(id).callFrame;
    if (cf.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    threadTotal += ms;
    const mod = moduleOf(cf);
    byModule.set(mod, (byModule.get(mod) ?? 0) + ms);
    const key = `${cf.functionName || '(anonymous)'}\u0000${shortLoc(cf)}\u0000${mod}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  }
  total += threadTotal;
  threads.push({ file: f, busyMs: threadTotal, idleMs: idle, spanMs: (prof.endTime - prof.startTime) / 1000 });
}
if (!keep) rmSync(profDir, { recursive: true, force: true });

// coarse buckets for the headline
function bucket(mod) {
  if (mod.startsWith('yaml/')) return 'yaml package (parse, compose, nodes, toJS)';
  if (mod.startsWith('podlint src/load')) return 'podlint load (discover, read, parse wrapper, positions)';
  if (mod.startsWith('podlint src/graph')) return 'podlint graph';
  if (mod.startsWith('podlint src/schema') || mod.startsWith('podlint validators/') || mod.startsWith('podlint schemas/') || mod === 'ajv' || mod === 'ajv-formats') return 'schema validation (src/schema, precompiled validators, ajv)';
  if (mod.startsWith('podlint src/analyze')) return 'analyses (src/analyze: proxy configs, shell, references)';
  if (mod.startsWith('podlint rules/')) return 'rules';
  if (mod.startsWith('podlint src/engine')) return 'podlint engine (positions, findings)';
  if (mod.startsWith('podlint src/format')) return 'output formatting';
  if (mod.startsWith('podlint')) return 'podlint other';
  if (mod === '(garbage collector)') return 'garbage collector';
  if (mod.startsWith('node:') || mod === '(program)' || mod === '(V8 builtins / native)') return 'node / V8 (startup, fs, builtins)';
  return 'other packages';
}
const byBucket = new Map();
for (const [m, ms] of byModule) byBucket.set(bucket(m), (byBucket.get(bucket(m)) ?? 0) + ms);

const pct = (ms) => `${((ms / total) * 100).toFixed(1)}%`;
const fmt = (ms) => Math.round(ms).toLocaleString('en-US');
const L = [];
L.push(`## CPU profile: podlint --format json on ${corpusLabel}`);
L.push('');
L.push(
  `\`node --cpu-prof\` (${interval} µs sampling), wall ${fmt(wallMs)} ms with profiling on; ${threads.length} thread${threads.length === 1 ? '' : 's'} profiled, ` +
    `${fmt(total)} ms of samples outside idle (${threads.map((t) => `${fmt(t.busyMs)} ms busy / ${fmt(t.spanMs)} ms`).join(', ')}).`,
);
L.push('');
L.push('| where | self ms | share |');
L.push('|---|---:|---:|');
for (const [b, ms] of [...byBucket].sort((a, b) => b[1] - a[1])) L.push(`| ${b} | ${fmt(ms)} | ${pct(ms)} |`);
L.push('');
L.push('| module | self ms | share |');
L.push('|---|---:|---:|');
for (const [m, ms] of [...byModule].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms / total >= 0.005)) L.push(`| ${m} | ${fmt(ms)} | ${pct(ms)} |`);
L.push('');
L.push(`Top ${top} functions by self time:`);
L.push('');
L.push('| function | location | module | self ms | share |');
L.push('|---|---|---|---:|---:|');
for (const [k, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  const [fn, loc, mod] = k.split('\u0000');
  L.push(`| \`${fn}\` | ${loc ? `\`${loc}\`` : ''} | ${mod} | ${fmt(ms)} | ${pct(ms)} |`);
}
L.push('');
if (keep) L.push(`Raw profiles kept in ${relative(process.cwd(), profDir) || '.'}.`, '');
const md = L.join('\n');
process.stdout.write(md);
const out = get('--out');
if (out) writeFileSync(resolve(out), md);
