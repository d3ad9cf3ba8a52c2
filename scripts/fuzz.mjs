#!/usr/bin/env node
// Fuzz podlint's engine with mutated manifests and hostile shapes (outside CI).
//   node scripts/fuzz.mjs [--runs 100000] [--seed 1] [--corpus ../shared/corpus] [--hostile 0.1]
// Needs a build (npm run build). Each input is linted in a worker thread; an
// input that throws out of the engine, makes a rule report an internal error,
// yields a position outside its file, takes longer than the hang limit, or
// gives other output with the fast reader turned off (PODLINT_FAST=0: every
// file through the yaml package; --no-compare-fast skips that second run) is
// saved under fuzz-out/ with its seed so it can be replayed. A share of the
// inputs (--hostile, default 0.1) are hostile shapes (scripts/lib/hostile.mjs:
// backtracking CRD patterns, nginx globs and deep blocks, haproxy configs full
// of findings, deep Envoy configs, padded suppressions, 100,000-character
// words, control characters), 1,000 to 100,000 characters. Every input's
// stylish, junit and github output must hold no line starting with '::' that
// podlint did not write and no escape character; JSON and SARIF must parse.
// At the end no input may take over 20x the median time per KB; inputs over it in
// the run are timed again at the end (a fresh worker, a full GC before each of five
// timings, the fastest counts), so a pause of the machine is not an input's cost.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readdirSync, readFileSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mutate, prng } from './lib/mutate.mjs';
import { hostile } from './lib/hostile.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

if (isMainThread) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, corpus: { type: 'string', default: join(root, '..', 'shared', 'corpus') }, 'hang-ms': { type: 'string', default: '10000' }, 'no-compare-fast': { type: 'boolean', default: false }, hostile: { type: 'string', default: '0.1' } } });
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
  const timings = [];
  const failures = [];
  let worker;
  let timer;
  const startWorker = () => {
    worker = new Worker(fileURLToPath(import.meta.url), { workerData: { seeds, seed, compareFast: !values['no-compare-fast'], hostileShare: Number(values.hostile) } });
    worker.on('message', (m) => {
      if (m.type === 'ready') {
        timer = setTimeout(() => onHang(done), hangMs);
        worker.postMessage({ i: done });
      } else if (m.type === 'tick') {
        totalFindings += m.findings ?? 0;
        timings.push({ i: m.next - 1, ms: m.ms, kb: m.kb, shape: m.shape });
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
  const finish = async () => {
    clearTimeout(timer);
    await worker.terminate();
    // time per KB (at least 1 KB: a tiny input is all fixed cost): none above 20x the median
    const perKb = timings.map((t) => ({ ...t, r: t.ms / Math.max(1, t.kb) })).sort((a, b) => a.r - b.r);
    if (perKb.length) {
      const median = perKb[Math.floor(perKb.length / 2)].r;
      const worst = perKb[perKb.length - 1];
      const first = perKb.filter((t) => t.r > 20 * median);
      const hostileCount = timings.filter((t) => t.shape).length;
      console.log(`fuzz: ${hostileCount} hostile inputs; median ${median.toFixed(3)} ms/KB, worst in the run ${worst.r.toFixed(3)} ms/KB (${(worst.r / median).toFixed(1)}x, input ${worst.i}${worst.shape ? `, ${worst.shape}` : ''}, ${worst.kb.toFixed(1)} KB, ${worst.ms.toFixed(1)} ms); ${first.length} over 20x in the run`);
      // Inputs over the bound are timed again at the end, away from whatever stall met them in the
      // run: in a fresh worker, each after a full GC, five times, the fastest counts.
      // The bound (20x the median of the whole run, per KB, at least 1 KB) does not change.
      const again = first.length ? await retime(first.map((t) => t.i)) : new Map();
      const over = [];
      for (const t of first) {
        const ms = again.get(t.i) ?? t.ms;
        const r = ms / Math.max(1, t.kb);
        console.log(`  input ${t.i}${t.shape ? ` (${t.shape})` : ''}: ${t.kb.toFixed(1)} KB, ${t.ms.toFixed(1)} ms in the run (${(t.r / median).toFixed(1)}x), ${ms.toFixed(1)} ms re-timed (${(r / median).toFixed(1)}x)${r > 20 * median ? ' SLOW' : ''}`);
        if (r > 20 * median) over.push({ ...t, ms, r });
      }
      for (const t of over) failures.push({ i: t.i, reason: `slow: ${t.r.toFixed(3)} ms/KB re-timed (${(t.r / median).toFixed(1)}x the median)${t.shape ? ` ${t.shape}` : ''}` });
      console.log(`fuzz: ${over.length} inputs over 20x the median after re-timing`);
    }
    const secs = (Date.now() - started) / 1000;
    console.log(`fuzz: ${done} inputs in ${secs.toFixed(1)} s (${(done / secs).toFixed(0)}/s), ${totalFindings} findings reported, ${failures.length} failures`);
    process.exitCode = failures.length ? 1 : 0;
  };
  const retime = (inputs) =>
    new Promise((resolve) => {
      const w = new Worker(fileURLToPath(import.meta.url), { workerData: { seeds, seed, compareFast: false, hostileShare: Number(values.hostile), retime: inputs } });
      w.on('message', (m) => {
        if (m.type === 'retimed') {
          resolve(new Map(m.ms));
          w.terminate();
        }
      });
      w.on('error', (e) => {
        console.log(`  re-timing failed: ${e.message}`);
        resolve(new Map());
      });
    });
  startWorker();
} else {
  const { lintTexts } = await import(join(root, 'dist/src/engine/lint.js'));
  const { formatJson } = await import(join(root, 'dist/src/format/json.js'));
  const { formatSarif } = await import(join(root, 'dist/src/format/sarif.js'));
  const { formatStylish } = await import(join(root, 'dist/src/format/stylish.js'));
  const { formatJunit } = await import(join(root, 'dist/src/format/junit.js'));
  const { formatGithub } = await import(join(root, 'dist/src/format/github.js'));
  const { seeds, seed, compareFast, hostileShare } = workerData;
  const cache = new Map();
  const recent = [];
  let recentAt = 0;
  let medianCache = { at: -1, v: 0 };
  const medianOf = (xs) => {
    if (medianCache.at !== recentAt >> 6) medianCache = { at: recentAt >> 6, v: [...xs].sort((a, b) => a - b)[xs.length >> 1] };
    return medianCache.v;
  };
  // input number i, reproducible from the seed alone
  const makeInput = (i) => {
    const rand = prng((seed * 1_000_003 + i) >>> 0);
    const path = seeds[Math.floor(rand() * seeds.length)];
    let text = cache.get(path);
    if (text === undefined) {
      text = readFileSync(path, 'utf8');
      if (cache.size < 2000) cache.set(path, text);
    }
    if (rand() < hostileShare) {
      const h = hostile(rand);
      return { path, input: h.text, shape: h.shape };
    }
    return { path, input: mutate(text, rand), shape: undefined };
  };
  if (workerData.retime) {
    // warm up (modules loaded on first use), then each input after a full GC, fastest of five
    // (workers refuse --expose-gc in execArgv: the flag is set here and gc taken from a fresh context)
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc');
    lintTexts([{ path: 'fuzz.yaml', text: makeInput(workerData.retime[0]).input }]);
    const ms = [];
    for (const i of workerData.retime) {
      const { input } = makeInput(i);
      let best = Infinity;
      for (let k = 0; k < 5; k++) {
        gc();
        const t0 = performance.now();
        lintTexts([{ path: 'fuzz.yaml', text: input }]);
        best = Math.min(best, performance.now() - t0);
      }
      ms.push([i, best]);
    }
    parentPort.postMessage({ type: 'retimed', ms });
  }
  parentPort.on('message', ({ i }) => {
    const { path, input, shape } = makeInput(i);
    let reason;
    let findings = 0;
    let ms = 0;
    try {
      const t0 = performance.now();
      const res = lintTexts([{ path: 'fuzz.yaml', text: input }]);
      ms = performance.now() - t0;
      // an input far over the median time per KB is timed twice more (fastest counts): a GC pause or a
      // module loaded on first use is not the input's cost, a path that grows faster than its input is
      const kb = Math.max(1, input.length / 1024);
      if (recent.length < 100 || ms / kb > 20 * medianOf(recent)) {
        for (let k = 0; k < 2; k++) {
          const t1 = performance.now();
          lintTexts([{ path: 'fuzz.yaml', text: input }]);
          ms = Math.min(ms, performance.now() - t1);
        }
      }
      recent[recentAt++ % 1000] = ms / kb;
      for (const r of res.results) findings += r.findings.length;
      const internal = res.notices.find((n) => n.includes('internal error'));
      if (internal) reason = internal.split('\n')[0];
      for (const r of res.results)
        for (const f of r.findings)
          if (f.start < 0 || f.end > r.file.text.length || f.start > f.end) reason = `position outside the file: ${f.ruleId} ${f.start}-${f.end}`;
      const json = formatJson(res.results, { cwd: '/' });
      JSON.parse(json);
      const ctx = { cwd: '/', color: false, rules: [] };
      JSON.parse(formatSarif(res.results, ctx));
      for (const [name, out] of [['stylish', formatStylish(res.results, ctx)], ['junit', formatJunit(res.results, ctx)]]) {
        if (/^\s*::/m.test(out)) reason = `${name} output has a line starting with '::'`;
        if (out.includes('\u001b')) reason = `${name} output has an escape character`;
      }
      const gh = formatGithub(res.results, ctx);
      if (gh.split('\n').some((l) => l && !/^::(error|warning) file=[^:]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]*::[^\r\u001b]*$/.test(l))) reason = 'github output has a line podlint did not write';
      if (compareFast && !reason && !shape) {
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
    parentPort.postMessage({ type: 'tick', next: i + 1, findings, ms, kb: input.length / 1024, shape });
  });
  parentPort.postMessage({ type: 'ready' });
}
