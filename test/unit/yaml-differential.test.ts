/**
 * Differential test: podlint reads YAML as Kubernetes does. The oracle is
 * PyYAML's libyaml loader (scripts/lib/yaml-oracle.py; libyaml is what
 * go-yaml, behind kubectl, the API server and kustomize, is a port of) with
 * go-yaml v2's scalar resolution. Over ../shared/corpus, the repository's own
 * manifests, hand-made edge cases and any folders in PODLINT_DIFF_DIRS
 * (colon-separated; e.g. public repositories fetched for a precision run):
 * the same files accepted, the same documents, the same data.
 *
 * A second oracle, `kubectl kustomize` over generated kustomizations, checks
 * the resource-shaped edge cases where kubectl is installed.
 *
 * Without python3 and its yaml module the test is skipped with the reason
 * printed (.ci/run installs python3-yaml when it can).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, fastRead } from '../../src/load/parse.js';
import { makeSource } from '../../src/load/source.js';
import { ENV_TEMPLATE_NOTICE } from '../../src/load/placeholders.js';
import { ROOT } from '../helpers/cli.js';
import { CORPUS, manifestFiles } from '../helpers/manifests.js';

const ORACLE = join(ROOT, 'scripts', 'lib', 'yaml-oracle.py');

function oracleMissing(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import yaml; print(getattr(yaml, "__with_libyaml__", False))'], { encoding: 'utf8' });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `python3 has no yaml module (install Debian's python3-yaml): ${r.stderr.trim().split('\n').pop()}`;
  if (r.stdout.trim() !== 'True') return 'PyYAML is built without libyaml (Debian python3-yaml has it)';
  return undefined;
}
const missing = oracleMissing();
if (missing) console.warn(`yaml-differential: skipped: ${missing}`);

type Outcome = { ok: true; docs: unknown[] } | { ok: false; error: string };

function oracle(paths: string[]): Map<string, Outcome> {
  const r = spawnSync('python3', [ORACLE], { input: JSON.stringify(paths), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`yaml-oracle failed: ${r.stderr}`);
  const out = new Map<string, Outcome>();
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const o = JSON.parse(line);
    out.set(o.path, o);
  }
  return out;
}

/** The JSON the oracle writes for a value: NaN/Infinity as strings, binary as its length. */
function norm(v: unknown): unknown {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;
  if (v instanceof Uint8Array) return { $binary: v.length };
  if (Array.isArray(v)) return v.map(norm);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = norm(x);
    return o;
  }
  return v;
}

/** Where two JSON values first differ (`docs[0].spec.a: 1 vs "1"`), or undefined. */
function firstDifference(a: unknown, b: unknown, at = 'docs'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object' || Array.isArray(a) !== Array.isArray(b)) return `${at}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return `${at}: ${a.length} items vs ${bb.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], bb[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).sort();
  const bk = Object.keys(bo).sort();
  if (ak.join('\0') !== bk.join('\0')) return `${at}: keys ${JSON.stringify(ak).slice(0, 200)} vs ${JSON.stringify(bk).slice(0, 200)}`;
  for (const k of ak) {
    const d = firstDifference(ao[k], bo[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** What podlint makes of a file: rejected (a yaml-syntax problem), skipped as a template, or its documents' values. */
function podlint(path: string, text: string): { state: 'ok' | 'rejected' | 'skipped'; docs: unknown[]; why?: string } {
  const file = makeSource(path, text);
  const pf = parseSource(file);
  if (pf.skipped) return { state: 'skipped', docs: [], why: pf.skipped };
  const syntax = pf.problems.filter((p) => p.code === 'yaml-syntax');
  if (syntax.length) return { state: 'rejected', docs: [], why: syntax[0]!.message };
  const fast = fastRead(text);
  const values = fast ? fast.map((d) => d.value) : pf.docs.map((d) => d.toJS({ maxAliasCount: 100 }));
  return { state: 'ok', docs: values.filter((v) => v !== null && v !== undefined).map(norm) };
}

/** Shapes where the `yaml` package and libyaml/go-yaml used to disagree, and their neighbours. */
const CASES: Record<string, string> = {
  // Argo Workflows: a multi-line quoted script whose closing quote sits under its key
  'argo-args.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: sidecar-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
      command: [sh, -c]
      args: ["
        apk update &&
        echo {{inputs.parameters.message}}
      "]
`,
  'single-quoted-under-key.yaml': `kind: ConfigMap
apiVersion: v1
metadata: {name: s}
data:
  script: 'first
  second
it''s third'
  after: x
`,
  'flow-under-key.yaml': `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: busybox
    args: [
    "--port", "80",
    --verbose
  ]
`,
  'key-on-its-own-line.yaml': `a:
  "one
two"
b:
  - "x
y"
`,
  'scalars.yaml': `dot: .
minusdot: -.
e: e3
exp: 1e3
exp2: 1.0e3
oct: 0644
o: 0o17
hex: 0X1F
bin: 0b101
sexa: 190:20:30
clock: 12:30
date: 2024-01-31
time: 2024-01-31T10:00:00Z
half: .5
plus: +.5
under: 1_000
eight: 08
inf: .inf
nan: .NaN
yes: yes
no: off
tilde: ~
empty:
one.: 1.
`,
  'block-scalars-with-quotes.yaml': `a: |
  don't "stop"
   here '
b: >-
  "x
c: echo "it's"
d: 'it''s'
`,
  // genuinely broken: both must reject
  'unclosed-quote.yaml': `a: "never closed
b: 1
`,
  'bad-indent.yaml': `a:
  b: 1
 c: 2
`,
  'document-marker-in-quote.yaml': `a: "one
---
two"
`,
  'tab-indent.yaml': 'a:\n\tb: 1\n',
};

describe.skipIf(!!missing)('YAML read as Kubernetes reads it (PyYAML/libyaml oracle, go-yaml v2 scalars)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podlint-yaml-diff-'));
  const cases = Object.entries(CASES).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return { path, text };
  });
  const extra = (process.env.PODLINT_DIFF_DIRS ?? '').split(':').filter((d) => d && existsSync(d));
  const sets: [string, { path: string; text: string }[]][] = [
    ['edge cases', cases],
    ['examples and docs of this repository', [...manifestFiles(join(ROOT, 'examples')), ...manifestFiles(join(ROOT, 'test', 'fixtures'))]],
  ];
  if (existsSync(CORPUS)) sets.push(['../shared/corpus', manifestFiles(CORPUS)]);
  for (const d of extra) sets.push([d, manifestFiles(d)]);

  for (const [name, files] of sets) {
    it(`agrees on ${name}`, () => {
      const ref = oracle(files.map((f) => f.path));
      const disagreements: string[] = [];
      let checked = 0;
      for (const f of files) {
        const o = ref.get(f.path);
        if (!o) continue;
        const p = podlint(f.path, f.text);
        // a template podlint skips is not read at all: only a file libyaml rejects may be one,
        // or an envsubst template (valid YAML, but most of its values are placeholders)
        if (p.state === 'skipped') {
          if (o.ok && p.why !== ENV_TEMPLATE_NOTICE) disagreements.push(`${f.path}: libyaml reads it, podlint skips it: ${p.why}`);
          continue;
        }
        checked++;
        if (!o.ok) {
          if (p.state !== 'rejected') disagreements.push(`${f.path}: libyaml rejects it (${o.error}), podlint reads it`);
          continue;
        }
        if (p.state === 'rejected') {
          disagreements.push(`${f.path}: libyaml reads it, podlint rejects it: ${p.why}`);
          continue;
        }
        const d = firstDifference(p.docs, o.docs);
        if (d) disagreements.push(`${f.path}: different data at ${d}`);
      }
      expect(disagreements).toEqual([]);
      expect(checked).toBeGreaterThan(0);
    }, 120_000);
  }

  it('the edge cases mean what they say (each side of the oracle is exercised)', () => {
    const ref = oracle(cases.map((c) => c.path));
    const ok = (n: string) => ref.get(join(dir, n))!.ok;
    expect(['argo-args.yaml', 'single-quoted-under-key.yaml', 'flow-under-key.yaml', 'key-on-its-own-line.yaml', 'scalars.yaml'].every(ok)).toBe(true);
    expect(['unclosed-quote.yaml', 'bad-indent.yaml', 'document-marker-in-quote.yaml', 'tab-indent.yaml'].some(ok)).toBe(false);
    const scalars = podlint(join(dir, 'scalars.yaml'), CASES['scalars.yaml']!).docs[0] as Record<string, unknown>;
    expect(scalars).toMatchObject({ dot: '.', minusdot: '-.', e: 'e3', exp: 1000, exp2: 1000, oct: 420, o: 15, hex: 31, bin: 5, sexa: '190:20:30', clock: '12:30', date: '2024-01-31', half: 0.5, eight: 8, true: true, false: false });
  });
});

/**
 * A second oracle where kubectl is installed: `kubectl kustomize` (kyaml,
 * go-yaml v3) over a generated kustomization of each resource-shaped edge
 * case. It must accept what podlint accepts and give the same objects (its
 * output read back by the libyaml oracle).
 */
const KUSTOMIZE_CASES: Record<string, string> = {
  'workflow.yaml': CASES['argo-args.yaml']!.replace('generateName: sidecar-', 'name: sidecar'),
  'configmap.yaml': CASES['single-quoted-under-key.yaml']!,
  'pod.yaml': CASES['flow-under-key.yaml']!,
  // kustomize decodes with go-yaml v3, which differs from v2 (kubectl apply, the API server) on yes/no/on/off
  // (strings in v3) and timestamps, and cannot write .inf/.nan as JSON: those lines are left out here
  'scalars.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: scalars}\ndata:\n' +
    CASES['scalars.yaml']!
      .split('\n')
      .filter((l) => l && !/^(date|time|inf|nan|yes|no):/.test(l))
      .map((l) => `  ${l}\n`)
      .join(''),
};
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const noKubectl = kubectl.error ? `kubectl not found (${kubectl.error.message})` : kubectl.status !== 0 ? 'kubectl does not run' : missing;
if (noKubectl && !missing) console.warn(`yaml-differential (kustomize): skipped: ${noKubectl}`);

describe.skipIf(!!noKubectl)('YAML read as kustomize reads it (kubectl kustomize oracle)', () => {
  for (const [name, text] of Object.entries(KUSTOMIZE_CASES)) {
    it(`agrees on ${name}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'podlint-kustomize-'));
      writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n- ${name}\n`);
      const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      writeFileSync(join(dir, 'out.yaml'), r.stdout);
      const o = oracle([join(dir, 'out.yaml')]).get(join(dir, 'out.yaml'))!;
      expect(o.ok).toBe(true);
      const p = podlint(join(dir, name), text);
      expect(p.state).toBe('ok');
      expect(firstDifference(p.docs, (o as { docs: unknown[] }).docs)).toBeUndefined();
    }, 90_000);
  }
});

