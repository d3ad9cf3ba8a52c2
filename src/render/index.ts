/**
 * Renderers: kustomize trees (and Helm charts, src/render/helm) are built by
 * the user's own tools, their output is linted as one set of objects, and
 * each finding is placed back on the source file and line it came from
 * (src/render/map.ts). What the engine sees: rendered files to add to the
 * run, the source files they consumed (not linted again on their own), and
 * per-tree failures (reported at the kustomization, its files then linted
 * one by one as without a renderer).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isScalar, visit, type Node } from 'yaml';
import { makeSource } from '../load/source.js';
import { parseFull, type ParsedFile } from '../load/parse.js';
import { Sources } from './sources.js';
import { readKustomization, reachable, clearKustomizationCache, type Kustomization } from './kustomize/files.js';
import { findKustomizeRenderer, renderKustomization, type Origin } from './kustomize/run.js';
import { KustomizeOrigins, type Placed } from './kustomize/origin.js';
import type { At } from './yamlpath.js';

export type RenderMode = 'off' | 'auto' | 'required';

export interface RenderOptions {
  kustomize?: RenderMode;
  /** Environment for finding and running renderers (PATH). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** How the run names a file it discovered (its path as given), by absolute path. */
  display?: Map<string, string>;
  cwd?: string;
}

/** One rendered tree: its objects as a file of their own, and where each node came from. */
export interface RenderSet {
  kind: 'kustomize' | 'helm';
  /** The file the render stands for (the top kustomization, a Chart.yaml), absolute. */
  anchor: string;
  /** How the tree is named in messages (its folder). */
  label: string;
  parsed: ParsedFile;
  place(docIndex: number, at: At): Placed;
}

export interface RenderFailure {
  /** The kustomization (or Chart.yaml) file, absolute. */
  file: string;
  message: string;
  /** The entry at fault, when known (offsets in that file). */
  range?: [number, number];
}

export interface RenderOutcome {
  sets: RenderSet[];
  /** Absolute paths of the source files the rendered sets hold. */
  consumed: Set<string>;
  failures: RenderFailure[];
  notices: string[];
  /** Fatal (exit 2): --kustomize required without a renderer. */
  errors: { path: string; message: string }[];
  sources: Sources;
}

export function renderTrees(kustomizationFiles: string[], opts: RenderOptions = {}): RenderOutcome {
  const cwd = opts.cwd ?? process.cwd();
  const display = (abs: string): string => {
    const given = opts.display?.get(abs);
    if (given) return given;
    const rel = relative(cwd, abs);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  };
  const out: RenderOutcome = { sets: [], consumed: new Set(), failures: [], notices: [], errors: [], sources: new Sources(display) };
  const mode = opts.kustomize ?? 'auto';
  if (mode === 'off' || kustomizationFiles.length === 0) return out;
  clearKustomizationCache();
  const ks = [...new Set(kustomizationFiles.map((f) => resolve(f)))].map((f) => readKustomization(f)).filter((k): k is Kustomization => !!k);
  const referenced = new Set<string>();
  for (const k of ks) for (const sub of reachable(k).slice(1)) referenced.add(sub.path);
  const tops = ks.filter((k) => !referenced.has(k.path) && !k.component);
  if (tops.length === 0) return out;
  const renderer = findKustomizeRenderer(opts.env);
  if (!renderer) {
    const msg = `${tops.length === 1 ? 'a kustomization was' : `${tops.length} kustomizations were`} found (${display(tops[0]!.path)}${tops.length > 1 ? ', …' : ''}) but neither kustomize nor kubectl is on PATH: their files are linted one by one`;
    if (mode === 'required') out.errors.push({ path: display(tops[0]!.path), message: 'cannot render: neither kustomize nor kubectl is on PATH (--kustomize required)' });
    else out.notices.push(msg);
    return out;
  }
  for (const top of tops) {
    const reach = reachable(top);
    const remote = reach.flatMap((k) => k.remote.map((r) => ({ k, r })));
    if (remote.length) {
      const { k, r } = remote[0]!;
      out.failures.push({
        file: k.path,
        message: `kustomize: ${display(top.dir) || '.'} not rendered: the remote resource ${r} would be fetched, and podlint renders without network (vendor it, or lint the output: kubectl kustomize ${display(top.dir) || '.'} | podlint -); its files were linted one by one`,
        range: entryRange(k, r),
      });
      continue;
    }
    const r = renderKustomization(renderer, top.dir, { timeoutMs: opts.timeoutMs, env: opts.env });
    if ('error' in r) {
      const missing = firstMissing(reach);
      out.failures.push({
        file: missing?.k.path ?? top.path,
        message: `${renderer.name}: ${r.error}${missing ? '' : ''} (${display(top.dir) || '.'} not rendered; its files were linted one by one)`,
        range: missing?.range,
      });
      continue;
    }
    for (const k of reach) {
      out.consumed.add(k.path);
      for (const f of k.files) out.consumed.add(f);
    }
    for (const o of r.origins) if (o?.path) out.consumed.add(o.path);
    const label = display(top.dir) || '.';
    const file = makeSource(`${display(top.path)} (rendered)`, r.text);
    file.rendered = true;
    const parsed = parseFull(file);
    const origins = new KustomizeOrigins(reach, out.sources);
    out.sets.push({
      kind: 'kustomize',
      anchor: top.path,
      label,
      parsed,
      place: (docIndex, at) => {
        const doc = parsed.docs[docIndex];
        const root = doc?.contents as Node | null;
        if (!root) return { note: 'in the rendered output' };
        return origins.place(r.origins[docIndex] as Origin | undefined, root, at, file.text);
      },
    });
  }
  return out;
}

/** The first resource, component or file entry of the tree that does not exist (a missing base). */
function firstMissing(reach: Kustomization[]): { k: Kustomization; range?: [number, number] } | undefined {
  for (const k of reach) {
    for (const p of [...k.dirs, ...k.files]) {
      if (existsSync(p)) continue;
      return { k, range: entryRange(k, p) };
    }
  }
  return undefined;
}

/** The range of the list entry of `k` whose value is `entry` (or resolves to that path). */
function entryRange(k: Kustomization, entry: string): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(k.doc, {
    Scalar(_key, n) {
      if (found || typeof n.value !== 'string' || !n.range) return;
      const v = n.value;
      const path = v.includes('=') ? v.slice(v.indexOf('=') + 1) : v;
      if (v === entry || (!v.includes('\n') && resolve(k.dir, path) === entry) || (isScalar(n) && resolve(dirname(k.path), v) === entry)) {
        found = [n.range[0], n.range[1]];
        return visit.BREAK;
      }
    },
  });
  return found;
}
