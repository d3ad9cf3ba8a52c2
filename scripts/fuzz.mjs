#!/usr/bin/env node
// Fuzz podlint's engine with mutated manifests (outside CI).
//   node scripts/fuzz.mjs [--runs 100000] [--seed 1] [--corpus ../shared/corpus]
// Needs a build (npm run build). Each input is linted in a worker thread; an
// input that throws out of the engine, makes a rule report an internal error,
// yields a position outside its file, takes longer than the hang limit, or
// gives other output with the fast reader turned off (PODLINT_FAST=0: every
// file through the yaml package; --no-compare-fast skips that second run) is
// saved under fuzz-out/ with its seed so it can be replayed.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readdirSync, readFileSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mutate, prng } from './lib/mutate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

if (isMainThread) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, corpus: { type: 'string', default: join(root, '..', 'shared', 'corpus') }, 'hang-ms': { type: 'string', default: '10000' }, 'no-compare-fast': { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const hangMs = Number(values['hang-ms']);
  const seeds = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e.name) && statSync(p).size < 200_000) seeds.push(p);
    }
  };
  walk(values.corpus);
  walk(join(root, 'examples'));
  seeds.sort();
  console.log(`fuzz: ${runs} inputs from ${seeds.length} seed files, seed ${seed}, hang limit ${hangMs} ms`);
  const started = Date.now();
  const out = join(root, 'fuzz-out');
  let done = 0;
  let totalFindings = 0;
  const failures = [];
  let worker;
  let timer;
  const startWorker = () => {
    worker = new Worker(fileURLToPath(import.meta.url), { workerData: { seeds, seed, compareFast: !values['no-compare-fast'] } });
    worker.on('message', (m) => {
      if (m.type === 'ready') {
        timer = setTimeout(() => onHang(done), hangMs);
        worker.postMessage({ i: done });
      } else if (m.type === 'tick') {
        totalFindings += m.findings ?? 0;
        clearTimeout(timer);
        timer = setTimeout(() => onHang(m.next), hangMs);
        done = m.next;
        if (done % 10000 === 0 && done) console.log(`  ${done} inputs, ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`);
        if (done >= runs) finish();
        else worker.postMessage({ i: done });
      } else if (m.type === 'failure') {
        failures.push(m);
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, `failure-${m.i}.yaml`), m.text);
        console.log(`  FAILURE at input ${m.i}: ${m.reason}`);
      }
    });
    worker.on('error', (e) => {
      failures.push({ i: done, reason: `worker crashed: ${e.stack}` });
      console.log(`  CRASH at input ${done}: ${e.message}`);
      done++;
      startWorker();
    });
  };
  const onHang = (i) => {
    failures.push({ i, reason: `no answer within ${hangMs} ms (hang)` });
    console.log(`  HANG at input ${i}`);
    worker.terminate();
    done = i + 1;
    startWorker();
  };
  const finish = () => {
    clearTimeout(timer);
    worker.terminate();
    const secs = (Date.now() - started) / 1000;
    console.log(`fuzz: ${done} inputs in ${secs.toFixed(1)} s (${(done / secs).toFixed(0)}/s), ${totalFindings} findings reported, ${failures.length} failures`);
    process.exitCode = failures.length ? 1 : 0;
  };
  startWorker();
} else {
  const { lintTexts } = await import(join(root, 'dist/src/engine/lint.js'));
  const { formatJson } = await import(join(root, 'dist/src/format/json.js'));
  const { seeds, seed, compareFast } = workerData;
  const cache = new Map();
  parentPort.on('message', ({ i }) => {
    const rand = prng((seed * 1_000_003 + i) >>> 0);
    const path = seeds[Math.floor(rand() * seeds.length)];
    let text = cache.get(path);
    if (text === undefined) {
      text = readFileSync(path, 'utf8');
      if (cache.size < 2000) cache.set(path, text);
    }
    const input = mutate(text, rand);
    let reason;
    let findings = 0;
    try {
      const res = lintTexts([{ path: 'fuzz.yaml', text: input }]);
      for (const r of res.results) findings += r.findings.length;
      const internal = res.notices.find((n) => n.includes('internal error'));
      if (internal) reason = internal.split('\n')[0];
      for (const r of res.results)
        for (const f of r.findings)
          if (f.start < 0 || f.end > r.file.text.length || f.start > f.end) reason = `position outside the file: ${f.ruleId} ${f.start}-${f.end}`;
      const json = formatJson(res.results, { cwd: '/' });
      JSON.parse(json);
      if (compareFast && !reason) {
        process.env.PODLINT_FAST = '0';
        try {
          if (formatJson(lintTexts([{ path: 'fuzz.yaml', text: input }]).results, { cwd: '/' }) !== json) reason = 'output differs with the fast reader off (PODLINT_FAST=0)';
        } finally {
          delete process.env.PODLINT_FAST;
        }
      }
    } catch (e) {
      reason = `threw: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`;
    }
    if (reason) parentPort.postMessage({ type: 'failure', i, reason, text: input, seedFile: path });
    parentPort.postMessage({ type: 'tick', next: i + 1, findings });
  });
  parentPort.postMessage({ type: 'ready' });
}
