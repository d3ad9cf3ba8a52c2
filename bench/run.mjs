#!/usr/bin/env node
/**
 * podlint's benchmark: `npm run bench` (see docs/performance.md).
 *
 * Measures the CLI as users run it (`node bin/podlint.js --format json <dir>`,
 * stdout to /dev/null, a child process per run) against:
 *   - the parse floor: bench/floor.mjs, a child that reads the same files and
 *     runs the same `yaml` package's parseAllDocuments on each, one thread;
 *   - peers, where installed: yamllint (syntax only) and @monokle/validation;
 *   - `node -e 0`, for cold start on one small file.
 * Every figure is the median of several runs; wall time is taken around the
 * child, peak RSS and CPU time from /usr/bin/time (GNU) or, without it, from
 * process.resourceUsage() reported by a --require hook in the node children.
 *
 * Writes bench/results/latest.json and bench/results/latest.md and prints the
 * table. Never fails because a peer is missing (reported as "not installed").
 *
 * usage: node bench/run.mjs [--sizes real,1k,10k,50k,sidecar-8k,sidecar-40k]
 *          [--corpus ID] [--runs N] [--quick]
 *          [--cold-runs N] [--peer-runs N] [--peers yamllint,monokle|none]
 *          [--corpus DIR] [--seed S] [--timeout S] [--peer-timeout S]
 *          [--no-build] [--no-write] [--out DIR]
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem, platform, release } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCorpus, parseSize, sizeLabel, DEFAULT_SEED } from './gen-synthetic.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const BIN = join(ROOT, 'bin', 'podlint.js');
const FLOOR = join(HERE, 'floor.mjs');
const MONOKLE = join(HERE, 'peers', 'monokle.mjs');
const RSS_HOOK = join(HERE, 'lib', 'rss-hook.cjs');
const NODE = process.execPath;

// ---------------------------------------------------------------- arguments

const USAGE = `usage: npm run bench -- [options]

  --sizes LIST        corpora to run, comma-separated: real, synthetic sizes
                      such as 1k, 10k, 50k, and the sidecar-heavy corpora
                      sidecar-8k, sidecar-40k (gen-sidecar.mjs)
                      (default: real,1k,10k,50k,sidecar-8k,sidecar-40k)
  --runs N            timed runs per corpus; the median is reported (default 5)
  --quick             real,1k with 3 runs, 10 cold-start runs, 1 peer run
  --cold-runs N       runs of the cold-start pair (default 20)
  --peer-runs N       timed runs per peer and corpus (default min(runs, 3))
  --peers LIST        yamllint,monokle (default) or none
  --corpus ID|DIR     run only this corpus (ID: real, 1k, 10k, sidecar-8k ...),
                      or DIR: the real-world corpus (default ../shared/corpus)
  --seed S            synthetic corpus seed (default ${DEFAULT_SEED})
  --timeout S         per-run limit for podlint and the floor (default 1800)
  --peer-timeout S    per-run limit for a peer (default 600); a peer over it is
                      reported as "> S s" and not run on larger corpora
  --no-build          do not run \`npm run build\` first
  --no-write          print only; do not write bench/results/latest.*
  --out DIR           where to write latest.json and latest.md (default bench/results)

environment: PODLINT_BENCH_MONOKLE=<npm prefix> uses an @monokle/validation
installed outside the repository; PODLINT_BENCH_NO_GNU_TIME=1 measures RSS and
CPU from inside node children instead of with /usr/bin/time.
`;

function parseArgs(argv) {
  const o = {
    sizes: ['real', '1k', '10k', '50k', 'sidecar-8k', 'sidecar-40k'],
    runs: 5,
    coldRuns: 20,
    peerRuns: undefined,
    peers: ['yamllint', 'monokle'],
    corpus: resolve(ROOT, '..', 'shared', 'corpus'),
    seed: DEFAULT_SEED,
    timeout: 1800,
    peerTimeout: 600,
    build: true,
    write: true,
    out: join(HERE, 'results'),
  };
  const explicit = new Set();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(val());
      if (!Number.isInteger(v) || v < 1) throw new Error(`${flag} expects a positive integer`);
      return v;
    };
    explicit.add(flag);
    switch (flag) {
      case '--sizes': o.sizes = val().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--runs': o.runs = int(); break;
      case '--cold-runs': o.coldRuns = int(); break;
      case '--peer-runs': o.peerRuns = int(); break;
      case '--peers': { const v = val(); o.peers = v === 'none' ? [] : v.split(',').map((s) => s.trim()).filter(Boolean); break; }
      // --no-peers: same as --peers none
      case '--no-peers': o.peers = []; break;
      case '--corpus': {
        const v = val();
        if (isCorpusId(v)) {
          o.sizes = [v];
          explicit.add('--sizes');
        } else o.corpus = resolve(v);
        break;
      }
      case '--seed': o.seed = val(); break;
      case '--timeout': o.timeout = int(); break;
      case '--peer-timeout': o.peerTimeout = int(); break;
      case '--no-build': o.build = false; break;
      case '--no-write': o.write = false; break;
      case '--out': o.out = resolve(val()); break;
      case '--quick': break;
      case '-h': case '--help': process.stdout.write(USAGE); process.exit(0);
      default: throw new Error(`unknown option ${a}`);
    }
  }
  if (explicit.has('--quick')) {
    if (!explicit.has('--sizes')) o.sizes = ['real', '1k'];
    if (!explicit.has('--runs')) o.runs = 3;
    if (!explicit.has('--cold-runs')) o.coldRuns = 10;
    if (!explicit.has('--peer-runs')) o.peerRuns = 1;
  }
  o.peerRuns ??= Math.min(o.runs, 3);
  for (const p of o.peers) if (!['yamllint', 'monokle'].includes(p)) throw new Error(`unknown peer ${p} (known: yamllint, monokle)`);
  for (const s of o.sizes) if (s !== 'real') parseSize(s.replace(/^sidecar-/, ''));
  return o;
}

/** `real`, a synthetic size (`10k`) or a sidecar-heavy one (`sidecar-8k`). */
function isCorpusId(v) {
  return v === 'real' || /^(sidecar-)?\d+(\.\d+)?[kKmM]?$/.test(v);
}

// ---------------------------------------------------------------- measuring

const hasGnuTime = (() => {
  if (process.env.PODLINT_BENCH_NO_GNU_TIME) return false; // to exercise the fallback
  if (!existsSync('/usr/bin/time')) return false;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /^\d+\s*$/m.test(r.stderr);
})();
const hasTimeout = spawnSync('timeout', ['--version'], { stdio: 'ignore' }).status === 0;

const scratch = mkdtempSync(join(tmpdir(), 'podlint-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let seq = 0;

/**
 * Run one command as a child and measure it.
 * @returns {{ ms: number, rssKB: number|null, cpuMs: number|null, code: number|null, stdout: string, stderr: string, timedOut: boolean }}
 */
function measure(cmd, args, { node = false, capture = false, timeoutS = 0, env } = {}) {
  const usageFile = join(scratch, `usage-${++seq}`);
  let file = cmd;
  let argv = args;
  const childEnv = { ...process.env, ...env };
  delete childEnv.NODE_OPTIONS;
  if (node && !hasGnuTime) {
    argv = ['--require', RSS_HOOK, ...argv];
    childEnv.PODLINT_BENCH_RUSAGE = usageFile;
  }
  if (timeoutS && hasTimeout) {
    argv = ['-s', 'KILL', String(timeoutS), file, ...argv];
    file = 'timeout';
  }
  if (hasGnuTime) {
    argv = ['-f', '%M %U %S', '-o', usageFile, file, ...argv];
    file = '/usr/bin/time';
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, argv, {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: timeoutS && !hasTimeout ? timeoutS * 1000 : undefined,
    killSignal: 'SIGKILL',
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssKB = null;
  let cpuMs = null;
  if (existsSync(usageFile)) {
    const lines = readFileSync(usageFile, 'utf8').trim().split('\n');
    const last = lines[lines.length - 1].trim().split(/\s+/).map(Number);
    if (hasGnuTime) {
      rssKB = last[0];
      cpuMs = (last[1] + last[2]) * 1000;
    } else {
      rssKB = last[0];
      cpuMs = (last[1] + last[2]) / 1000;
    }
    rmSync(usageFile, { force: true });
  }
  const code = r.status;
  const timedOut = (r.error && r.error.code === 'ETIMEDOUT') || (hasTimeout && timeoutS > 0 && (code === 137 || r.signal === 'SIGKILL'));
  return { ms, rssKB, cpuMs, code, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut, error: r.error };
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const round = (x, d = 0) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
/** median peak RSS in MB, or null when it was not measured */
const rssMB = (samples) => {
  const m = median(samples.map((x) => x.rssKB));
  return m == null ? null : round(m / 1024, 1);
};

// ---------------------------------------------------------------- environment

function commandVersion(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function gitInfo() {
  const commit = commandVersion('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']);
  const status = commandVersion('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status == null ? null : status.length > 0 };
}

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function yamllintAvailable() {
  const v = commandVersion('yamllint', ['--version']);
  return v ? v.replace(/^yamllint\s*/, '') : null;
}

// ---------------------------------------------------------------- the run

function log(s) {
  process.stderr.write(s + '\n');
}

function summarizeFindings(stdout) {
  try {
    const results = JSON.parse(stdout);
    const byRule = {};
    let errors = 0;
    let warnings = 0;
    for (const f of results) {
      for (const m of f.messages ?? []) {
        const k = m.ruleId ?? '(fatal)';
        byRule[k] = (byRule[k] ?? 0) + 1;
        if (m.severity === 2) errors++;
        else warnings++;
      }
    }
    return { files: results.length, errors, warnings, byRule };
  } catch (e) {
    return { unparsable: String(e.message ?? e) };
  }
}

function runCorpus(c, opts, peerState) {
  const { dir } = c;
  log(`\n== ${c.label}: ${dir}`);
  // counts (untimed) and warm-up: fills the page cache, checks both commands work
  const count = measure(NODE, [FLOOR, '--count', dir], { node: true, capture: true, timeoutS: opts.timeout });
  if (count.code !== 0) throw new Error(`floor failed on ${dir}: ${count.stderr}`);
  const counts = JSON.parse(count.stdout);
  const warm = measure(NODE, [BIN, '--format', 'json', dir], { node: true, capture: true, timeoutS: opts.timeout });
  if (warm.code !== 0 && warm.code !== 1) throw new Error(`podlint exited ${warm.code} on ${dir}:\n${warm.stderr.slice(0, 4000)}`);
  const findings = summarizeFindings(warm.stdout);
  const notices = warm.stderr.split('\n').filter(Boolean).length;
  log(`   ${counts.files} files, ${counts.docs} documents, ${c.resources ?? counts.resources} resources; podlint: ${findings.errors ?? '?'} errors, ${findings.warnings ?? '?'} warnings, ${notices} stderr lines`);

  const pl = [];
  const fl = [];
  const peerSamples = Object.fromEntries(opts.peers.map((p) => [p, []]));
  const peerInfo = {};
  for (let i = 0; i < opts.runs; i++) {
    const a = measure(NODE, [BIN, '--format', 'json', dir], { node: true, timeoutS: opts.timeout });
    if (a.code !== 0 && a.code !== 1) throw new Error(`podlint exited ${a.code} on ${dir}: ${a.stderr.slice(0, 2000)}`);
    pl.push(a);
    const b = measure(NODE, [FLOOR, dir], { node: true, capture: true, timeoutS: opts.timeout });
    if (b.code !== 0) throw new Error(`floor failed on ${dir}: ${b.stderr}`);
    b.internal = JSON.parse(b.stdout);
    fl.push(b);
    let line = `   run ${i + 1}/${opts.runs}: podlint ${a.ms.toFixed(0)} ms, floor ${b.ms.toFixed(0)} ms`;
    if (i < opts.peerRuns) {
      for (const p of opts.peers) {
        const st = peerState[p];
        if (st.status !== 'ok') continue;
        if (peerInfo[p]?.status === 'timeout') continue;
        if (st.timedOutAtBytes != null && c.bytes >= st.timedOutAtBytes) {
          peerInfo[p] = { status: 'skipped', note: `skipped: took over ${opts.peerTimeout} s on a smaller corpus` };
          continue;
        }
        const r = runPeer(p, dir, opts);
        if (r.timedOut) {
          peerInfo[p] = { status: 'timeout', note: `did not finish within ${opts.peerTimeout} s` };
          st.timedOutAtBytes = c.bytes;
          line += `, ${p} > ${opts.peerTimeout} s`;
          continue;
        }
        if (r.failed) {
          peerInfo[p] = { status: 'failed', note: r.failed };
          line += `, ${p} failed`;
          continue;
        }
        peerSamples[p].push(r);
        peerInfo[p] = { status: 'ok', note: r.note };
        line += `, ${p} ${r.ms.toFixed(0)} ms`;
      }
    }
    log(line);
  }

  const podMs = median(pl.map((x) => x.ms));
  const floorMs = median(fl.map((x) => x.ms));
  const resources = c.resources ?? counts.resources;
  const row = {
    id: c.id,
    label: c.label,
    path: c.display,
    files: counts.files,
    bytes: counts.bytes,
    documents: counts.docs,
    resources,
    podlint: {
      ms: round(podMs, 1),
      minMs: round(Math.min(...pl.map((x) => x.ms)), 1),
      samples: pl.map((x) => round(x.ms, 1)),
      resourcesPerSecond: round((resources / podMs) * 1000),
      peakRssMB: rssMB(pl),
      peakRssSamplesMB: pl.map((x) => (x.rssKB == null ? null : round(x.rssKB / 1024, 1))),
      cpuMs: round(median(pl.map((x) => x.cpuMs)), 0),
      cpuPerWall: round(median(pl.map((x) => (x.cpuMs == null ? null : x.cpuMs / x.ms))), 2),
      exitCode: warm.code,
      findings,
    },
    floor: {
      ms: round(floorMs, 1),
      minMs: round(Math.min(...fl.map((x) => x.ms)), 1),
      samples: fl.map((x) => round(x.ms, 1)),
      cpuMs: round(median(fl.map((x) => x.cpuMs)), 0),
      parseMs: round(median(fl.map((x) => x.internal.parseMs)), 0),
      readMs: round(median(fl.map((x) => x.internal.readMs)), 0),
      peakRssMB: rssMB(fl),
    },
    ratio: round(podMs / floorMs, 2),
    /** median of the per-run ratios (podlint run i / floor run i, run back to back): the paired figure the targets use */
    pairedRatio: round(median(pl.map((x, i) => x.ms / fl[i].ms)), 2),
    /** min/min: less sensitive to other load on a shared machine */
    ratioOfMins: round(Math.min(...pl.map((x) => x.ms)) / Math.min(...fl.map((x) => x.ms)), 2),
    /** CPU time (user+system, all threads) podlint / floor: robust to other load, but counts work on both cores */
    cpuRatio: (() => {
      const a = median(pl.map((x) => x.cpuMs));
      const b = median(fl.map((x) => x.cpuMs));
      return a == null || !b ? null : round(a / b, 2);
    })(),
    peers: {},
  };
  for (const p of opts.peers) {
    const st = peerState[p];
    if (st.status !== 'ok') {
      row.peers[p] = { status: st.status, note: st.note };
      continue;
    }
    const info = peerInfo[p] ?? { status: 'skipped', note: 'not run' };
    const s = peerSamples[p];
    if (info.status === 'ok' || (s.length && info.status !== 'timeout')) {
      const ms = median(s.map((x) => x.ms));
      row.peers[p] = {
        status: 'ok',
        ms: round(ms, 1),
        samples: s.map((x) => round(x.ms, 1)),
        peakRssMB: rssMB(s),
        ratio: round(ms / podMs, 2),
        comparable: st.comparable,
        note: info.note ?? st.note,
      };
    } else if (info.status === 'timeout') {
      row.peers[p] = { status: 'timeout', ratioAtLeast: round((opts.peerTimeout * 1000) / podMs, 1), note: info.note, comparable: st.comparable };
    } else row.peers[p] = { status: info.status, note: info.note };
  }
  return row;
}

function runPeer(p, dir, opts) {
  if (p === 'yamllint') {
    // No `extends` and no rules: yamllint's cheapest configuration, which
    // still parses every document and reports syntax errors.
    const r = measure('yamllint', ['-f', 'parsable', '-d', '{rules: {}}', dir], { timeoutS: opts.peerTimeout });
    if (r.timedOut) return { timedOut: true };
    if (r.code !== 0 && r.code !== 1) return { failed: `exit ${r.code}: ${r.stderr.slice(0, 300)}` };
    return { ...r, note: 'syntax only; .yaml/.yml files (no .json)' };
  }
  const r = measure(NODE, [MONOKLE, dir], { node: true, capture: true, timeoutS: opts.peerTimeout });
  if (r.timedOut) return { timedOut: true };
  if (r.code !== 0) return { failed: `exit ${r.code}: ${r.stderr.slice(0, 300)}` };
  let out = {};
  try {
    out = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    /* keep empty */
  }
  return {
    ...r,
    note: out.schemas
      ? 'default plugins, Kubernetes schemas downloaded at run time'
      : `plugins ${(out.plugins ?? []).join(', ')}; no schema validation (its schemas are downloaded at run time; none offline)`,
  };
}

function detectPeers(opts) {
  const state = {};
  for (const p of opts.peers) {
    if (p === 'yamllint') {
      const v = yamllintAvailable();
      state[p] = v
        ? { status: 'ok', version: v, comparable: false, note: 'syntax only (less work than podlint)' }
        : { status: 'not installed', note: 'apt-get install yamllint' };
    } else {
      const r = spawnSync(NODE, [MONOKLE, '--probe'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status === 0) {
        let version = 'unknown';
        try {
          version = JSON.parse(r.stdout).version;
        } catch {
          /* keep unknown */
        }
        state[p] = { status: 'ok', version, comparable: false, note: 'not comparable offline: without downloaded schemas it checks YAML syntax, resource links and pod security only' };
      } else state[p] = { status: 'not installed', note: 'npm install --no-save @monokle/validation, or PODLINT_BENCH_MONOKLE=<npm prefix holding it>' };
    }
  }
  return state;
}

/** The seed's sidecar example (a Pod with two `sh -c` containers sharing an emptyDir). */
const SEED_SIDECAR = [resolve(ROOT, '..', 'shared', 'seed', 'examples', 'sidecar-emptydir.yaml'), join(ROOT, 'examples', 'sidecar-emptydir.yaml')].find((f) => existsSync(f));

function coldStart(opts, only = undefined) {
  if (only) return coldPair(opts, only);
  const dir = join(HERE, '.corpus-cold');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'pod.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      '  labels:',
      '    app: web',
      'spec:',
      '  containers:',
      '  - name: web',
      '    image: nginx:1.27',
      '    ports:',
      '    - containerPort: 80',
      '    volumeMounts:',
      '    - name: cache',
      '      mountPath: /var/cache/nginx',
      '  volumes:',
      '  - name: cache',
      '    emptyDir: {}',
      '',
    ].join('\n'),
  );
  return coldPair(opts, file);
}

function coldPair(opts, file) {
  const rel = relative(ROOT, file);
  log(`\n== cold start: node bin/podlint.js ${rel} vs node -e 0 (${opts.coldRuns} runs each)`);
  for (let i = 0; i < 2; i++) {
    measure(NODE, ['-e', '0'], { node: true });
    measure(NODE, [BIN, rel], { node: true });
  }
  const p = [];
  const n = [];
  let code = null;
  for (let i = 0; i < opts.coldRuns; i++) {
    n.push(measure(NODE, ['-e', '0'], { node: true }));
    const r = measure(NODE, [BIN, rel], { node: true });
    code = r.code;
    p.push(r);
  }
  const pm = median(p.map((x) => x.ms));
  const nm = median(n.map((x) => x.ms));
  log(`   podlint ${pm.toFixed(1)} ms, node -e 0 ${nm.toFixed(1)} ms`);
  return {
    file: rel,
    runs: opts.coldRuns,
    podlintMs: round(pm, 1),
    nodeMs: round(nm, 1),
    ratio: round(pm / nm, 2),
    podlintRssMB: rssMB(p),
    exitCode: code,
    podlintSamples: p.map((x) => round(x.ms, 1)),
    nodeSamples: n.map((x) => round(x.ms, 1)),
  };
}

// ---------------------------------------------------------------- targets and table

function evaluateTargets(res) {
  const row = (id) => res.corpora.find((c) => c.id === id);
  const t = [];
  const add = (id, text, value, limit, met, unit = '') => t.push({ id, text, value, limit, met: value == null ? null : met, unit });
  for (const id of ['10k', 'real']) {
    const r = row(id);
    add(`floor-ratio-${id}`, `podlint / parse floor on the ${id === 'real' ? 'real' : id + ' synthetic'} corpus <= 1.3`, r?.ratio ?? null, 1.3, r ? r.ratio <= 1.3 : null, 'x');
  }
  const big = row('10k');
  add('both-cores-10k', 'uses both cores on the 10k corpus (CPU time / wall time > 1.2)', big?.podlint.cpuPerWall ?? null, 1.2, big ? big.podlint.cpuPerWall > 1.2 : null, 'x');
  add('cold-start', 'cold start on one small file <= 3x `node -e 0`', res.coldStart?.ratio ?? null, 3, res.coldStart ? res.coldStart.ratio <= 3 : null, 'x');
  const cs = res.coldStartSidecar;
  add('cold-start-sidecar', 'cold start on the seed sidecar example <= 2.0x `node -e 0`', cs?.ratio ?? null, 2, cs ? cs.ratio <= 2 : null, 'x');
  for (const [id, rss] of [['sidecar-8k', 300], ['sidecar-40k', 1024]]) {
    const r = row(id);
    add(`floor-ratio-${id}`, `podlint / parse floor on the ${id} corpus (paired runs) <= 0.6`, r?.pairedRatio ?? null, 0.6, r ? r.pairedRatio <= 0.6 : null, 'x');
    add(`rss-${id}`, `peak RSS on the ${id} corpus <= ${rss} MB`, r?.podlint.peakRssMB ?? null, rss, r ? r.podlint.peakRssMB <= rss : null, ' MB');
  }
  add('growth', 'growth time(50k) / time(10k) <= 5.5', res.growth?.podlint ?? null, 5.5, res.growth ? res.growth.podlint <= 5.5 : null, 'x');
  const r50 = row('50k');
  add('rss-50k', 'peak RSS on the 50k corpus < 1024 MB', r50?.podlint.peakRssMB ?? null, 1024, r50 ? r50.podlint.peakRssMB < 1024 : null, ' MB');
  // faster than every peer: every measured peer/podlint ratio > 1 (a timeout counts as slower)
  const peerRatios = [];
  for (const c of res.corpora)
    for (const [p, v] of Object.entries(c.peers)) {
      if (v.status === 'ok') peerRatios.push({ p, c: c.id, r: v.ratio });
      else if (v.status === 'timeout') peerRatios.push({ p, c: c.id, r: v.ratioAtLeast });
    }
  const minPeer = peerRatios.length ? peerRatios.reduce((a, b) => (b.r < a.r ? b : a)) : null;
  add('peers', `faster than every peer (smallest peer / podlint ratio > 1${minPeer ? `: ${minPeer.p} on ${minPeer.c}` : ''})`, minPeer?.r ?? null, 1, minPeer ? minPeer.r > 1 : null, 'x');
  return t;
}

const fmtInt = (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US'));
const fmtX = (n) => (n == null ? '–' : `${n.toFixed(2)}x`);

function peerCell(v) {
  if (!v) return '–';
  if (v.status === 'ok') return fmtX(v.ratio);
  if (v.status === 'timeout') return `> ${v.ratioAtLeast}x (timeout)`;
  return v.status;
}

function renderMarkdown(res) {
  const L = [];
  const m = res.machine;
  const peers = res.settings.peers;
  L.push(`# podlint benchmark`);
  L.push('');
  L.push(
    `${res.date} · ${m.cpus} × ${m.cpuModel} · ${m.memGB} GB · Node ${res.node} · yaml ${res.yaml} · podlint ${res.podlint.version}` +
      (res.podlint.commit ? ` @ ${res.podlint.commit}${res.podlint.dirty ? ' (uncommitted changes)' : ''}` : '') +
      ` · load ${m.loadStart.join(' ')} at start`,
  );
  L.push('');
  L.push(
    `Medians of ${res.settings.runs} runs${peers.length ? ` (peers: ${res.settings.peerRuns})` : ''}; peak RSS and CPU via ${res.settings.rssMethod}; CPU/wall above 1 means more than one core was busy; ` +
      'CPU-time ratio is podlint CPU time ÷ floor CPU time (less sensitive to other load than wall time; not the target, which is wall time).' +
      (peers.length ? ' Peer columns are peer time ÷ podlint time (above 1x: podlint is faster).' : ''),
  );
  L.push('');
  const head = ['corpus', 'resources', 'files', 'MiB', 'podlint ms', 'res/s', 'peak RSS MB', 'CPU/wall', 'floor ms', 'podlint/floor', 'paired', 'CPU-time ratio', ...peers.map((p) => `${p}/podlint`)];
  L.push(`| ${head.join(' | ')} |`);
  L.push(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const c of res.corpora) {
    const cells = [
      c.label,
      fmtInt(c.resources),
      fmtInt(c.files),
      (c.bytes / 1048576).toFixed(1),
      fmtInt(c.podlint.ms),
      fmtInt(c.podlint.resourcesPerSecond),
      c.podlint.peakRssMB ?? '–',
      c.podlint.cpuPerWall ?? '–',
      fmtInt(c.floor.ms),
      fmtX(c.ratio),
      fmtX(c.pairedRatio),
      fmtX(c.cpuRatio),
      ...peers.map((p) => peerCell(c.peers[p])),
    ];
    L.push(`| ${cells.join(' | ')} |`);
  }
  L.push('');
  if (res.coldStart) {
    const cs = res.coldStart;
    L.push(`Cold start (one small Pod, stylish output, ${cs.runs} runs): podlint ${cs.podlintMs} ms, \`node -e 0\` ${cs.nodeMs} ms → **${fmtX(cs.ratio)}**`);
  }
  if (res.coldStartSidecar) {
    const cs = res.coldStartSidecar;
    L.push('', `Cold start on the seed sidecar example (\`${cs.file}\`, two \`sh -c\` containers, ${cs.runs} runs): podlint ${cs.podlintMs} ms, \`node -e 0\` ${cs.nodeMs} ms → **${fmtX(cs.ratio)}**`);
  }
  if (res.growth)
    L.push(
      `Growth time(50k) / time(10k): podlint **${res.growth.podlint.toFixed(2)}**, parse floor ${res.growth.floor.toFixed(2)}` +
        (res.growth.podlintCpu != null ? `; podlint CPU time ${res.growth.podlintCpu.toFixed(2)}` : ''),
    );
  L.push('');
  L.push('| target | measured | met |');
  L.push('|---|---:|:---:|');
  for (const t of res.targets) L.push(`| ${t.text} | ${t.value == null ? 'not measured' : `${t.value}${t.unit}`} | ${t.met == null ? '–' : t.met ? 'yes' : '**no**'} |`);
  L.push('');
  const notes = [];
  for (const [p, st] of Object.entries(res.peerStatus)) notes.push(`- ${p}${st.version ? ` ${st.version}` : ''}: ${st.status === 'ok' ? st.note : `${st.status} (${st.note})`}`);
  if (notes.length) {
    L.push('Peers:');
    L.push(...notes);
    L.push('');
  }
  L.push('Reference (from the developers, not measured here): kubeconform -strict checks 8,000 resources in about 0.46x the time the yaml package alone takes to parse them.');
  if (res.build && res.build.startsWith('failed')) L.push('', `Note: \`npm run build\` failed (${res.build}).`);
  if (Math.max(m.loadStart[0], m.loadEnd?.[1] ?? 0) > m.cpus * 0.25)
    L.push('', `Note: the machine was busy (load ${m.loadStart[0]} at the start, 5-minute load ${m.loadEnd?.[1]} at the end): wall times are noisy; the CPU-time ratio is the steadier figure.`);
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------- main

/** Bytes of the files a run reads (same filter as podlint and the floor). */
function treeBytes(dir) {
  let n = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!['node_modules', '.git', '.hg', '.svn'].includes(e.name)) walk(p);
      } else if (e.isFile() && /\.(ya?ml|json)$/i.test(e.name)) n += statSync(p).size;
    }
  };
  walk(dir);
  return n;
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const started = new Date();
  const loadStart = loadavg().map((x) => round(x, 2));
  let buildOk = null;
  if (opts.build) {
    log('building podlint (npm run build; --no-build to skip)');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    buildOk = b.status === 0;
    if (!buildOk) {
      // tsc still emits JavaScript on type errors; measure what is there, but say so.
      log(`warning: npm run build failed; measuring the existing dist/:\n${(b.stdout + b.stderr).split('\n').filter((l) => /error/i.test(l)).slice(0, 10).join('\n')}`);
    }
  }
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
    log('bench: dist/ is missing; run `npm run build` first (or drop --no-build)');
    process.exit(1);
  }
  log(`measuring with ${hasGnuTime ? '/usr/bin/time (GNU)' : 'process.resourceUsage() (no GNU time: peers get no RSS)'}; ${cpus().length} CPUs; load ${loadStart.join(' ')}`);
  if (loadStart[0] > cpus().length * 0.25) log(`warning: the machine is busy (load ${loadStart[0]}); figures will be noisy`);

  const peerState = detectPeers(opts);
  for (const [p, st] of Object.entries(peerState)) log(`peer ${p}: ${st.status}${st.version ? ` (${st.version})` : ''}`);

  const corpora = [];
  for (const s of opts.sizes) {
    if (s === 'real') {
      if (!existsSync(opts.corpus)) {
        log(`real corpus not found at ${opts.corpus}; skipped (--corpus DIR)`);
        continue;
      }
      corpora.push({ id: 'real', label: 'real', dir: opts.corpus, display: relative(ROOT, opts.corpus) || '.' });
    } else {
      const sidecar = s.startsWith('sidecar-');
      const n = parseSize(s.replace(/^sidecar-/, ''));
      const t0 = performance.now();
      const g = ensureCorpus(n, { seed: opts.seed, kind: sidecar ? 'sidecar' : 'mixed' });
      const id = `${sidecar ? 'sidecar-' : ''}${sizeLabel(n)}`;
      log(`${g.reused ? 'reused' : 'generated'} synthetic ${id}: ${g.stats.files} files, ${(g.stats.bytes / 1048576).toFixed(1)} MiB (${Math.round(performance.now() - t0)} ms)`);
      corpora.push({ id, label: sidecar ? `${sizeLabel(n)} sidecar-heavy` : `${sizeLabel(n)} synthetic`, dir: g.dir, display: relative(ROOT, g.dir), resources: n, digest: g.digest, bytes: g.stats.bytes });
    }
  }
  // Run smaller corpora first so a peer that times out is not retried on
  // bigger ones; report them in the order asked for.
  for (const c of corpora) c.bytes ??= treeBytes(c.dir);
  const rowsById = new Map();
  for (const c of [...corpora].sort((a, b) => a.bytes - b.bytes)) rowsById.set(c.id, runCorpus(c, opts, peerState));
  const rows = corpora.map((c) => rowsById.get(c.id));

  const cold = coldStart(opts);
  const coldSidecar = SEED_SIDECAR ? coldStart(opts, SEED_SIDECAR) : null;
  const r10 = rows.find((r) => r.id === '10k');
  const r50 = rows.find((r) => r.id === '50k');
  const growth =
    r10 && r50
      ? {
          podlint: round(r50.podlint.ms / r10.podlint.ms, 2),
          floor: round(r50.floor.ms / r10.floor.ms, 2),
          podlintCpu: r10.podlint.cpuMs ? round(r50.podlint.cpuMs / r10.podlint.cpuMs, 2) : null,
        }
      : null;

  const cpu = cpus();
  const res = {
    schema: 1,
    date: started.toISOString(),
    durationS: round((Date.now() - started.getTime()) / 1000, 0),
    machine: { cpus: cpu.length, cpuModel: cpu[0]?.model?.trim() ?? 'unknown', memGB: round(totalmem() / 2 ** 30, 0), os: `${platform()} ${release()}`, loadStart, loadEnd: loadavg().map((x) => round(x, 2)) },
    node: process.version.replace(/^v/, ''),
    yaml: pkgVersion('yaml'),
    podlint: { version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version, ...gitInfo() },
    build: buildOk == null ? 'skipped' : buildOk ? 'ok' : 'failed (type errors; measured the emitted dist/)',
    settings: { sizes: opts.sizes, runs: opts.runs, peerRuns: opts.peerRuns, coldRuns: opts.coldRuns, seed: opts.seed, peers: opts.peers, rssMethod: hasGnuTime ? '/usr/bin/time' : 'process.resourceUsage()', command: 'node bin/podlint.js --format json <dir> > /dev/null' },
    peerStatus: peerState,
    corpora: rows,
    coldStart: cold,
    coldStartSidecar: coldSidecar,
    growth,
  };
  res.targets = evaluateTargets(res);
  const md = renderMarkdown(res);
  process.stdout.write('\n' + md);
  if (opts.write) {
    mkdirSync(opts.out, { recursive: true });
    for (const [name, text] of [
      ['latest.json', JSON.stringify(res, null, 2) + '\n'],
      ['latest.md', md],
    ]) {
      const tmp = join(opts.out, `${name}.tmp`);
      writeFileSync(tmp, text);
      renameSync(tmp, join(opts.out, name));
    }
    log(`\nwrote ${relative(process.cwd(), join(opts.out, 'latest.json'))} and latest.md`);
  }
}

main();
