#!/usr/bin/env node
/**
 * What rendering costs, split between the renderer and podlint (issue 20):
 * for each tree given, the top kustomizations podlint renders are built with
 * `kubectl kustomize` (or `kustomize build`) alone, one after the other,
 * timed; then podlint is run on the tree, on the tree with --kustomize off
 * (file by file), and on the rendered output concatenated on standard input
 * (`podlint -`: podlint's own work on the rendered objects, no placement),
 * and the `yaml` floor (bench/floor.mjs) on that output. Medians of --runs.
 *
 * usage: node bench/render.mjs [--runs 5] <tree>...
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const trees = args.filter((a, i) => !a.startsWith('--') && i !== runsAt + 1);
const { discover } = await import(join(root, 'dist/src/load/discover.js'));
const { readKustomization, reachable } = await import(join(root, 'dist/src/render/kustomize/files.js'));
const { findKustomizeRenderer } = await import(join(root, 'dist/src/render/kustomize/run.js'));
const renderer = findKustomizeRenderer();
if (!renderer) {
  console.log('bench/render.mjs: neither kustomize nor kubectl on PATH');
  process.exit(0);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (cmd, argv, input) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', input, maxBuffer: 1 << 28 });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out: r.stdout, code: r.status };
};
for (const tree of trees) {
  const d = discover([tree]);
  const ks = d.kustomizations.map((f) => readKustomization(f)).filter(Boolean);
  const referenced = new Set(ks.flatMap((k) => reachable(k).slice(1).map((x) => x.path)));
  const tops = ks.filter((k) => !referenced.has(k.path) && !k.component && !reachable(k).some((x) => x.remote.length));
  let text = '';
  const renderMs = [];
  for (let i = 0; i < runs; i++) {
    let ms = 0;
    text = '';
    for (const k of tops) {
      const [cmd, argv] = renderer.argv(k.dir);
      const r = time(cmd, argv);
      ms += r.ms;
      if (r.code === 0) text += (text ? '---\n' : '') + r.out;
    }
    renderMs.push(ms);
  }
  const out = join(mkdtempSync(join(tmpdir(), 'podlint-render-bench-')), 'rendered.yaml');
  writeFileSync(out, text);
  const bin = join(root, 'bin/podlint.js');
  const total = [];
  const off = [];
  const own = [];
  const floor = [];
  for (let i = 0; i < runs; i++) {
    total.push(time(process.execPath, [bin, '--no-progress', tree]).ms);
    off.push(time(process.execPath, [bin, '--no-progress', '--kustomize', 'off', tree]).ms);
    own.push(time(process.execPath, [bin, '--no-progress', '-'], text).ms);
    floor.push(time(process.execPath, [join(root, 'bench/floor.mjs'), out]).ms);
  }
  const row = {
    tree,
    tops: tops.length,
    renderedBytes: text.length,
    renderer: renderer.name,
    rendererMs: Math.round(median(renderMs)),
    podlintMs: Math.round(median(total)),
    podlintOffMs: Math.round(median(off)),
    renderedOutputOnStdinMs: Math.round(median(own)),
    floorOnRenderedMs: Math.round(median(floor)),
  };
  console.log(JSON.stringify(row));
}
