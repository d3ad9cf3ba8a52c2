/**
 * Renderers: kustomize trees (and Helm charts, src/render/helm) are built by
 * the user's own tools, their output is linted as one set of objects, and
 * each finding is placed back on the source file and line it came from
 * (src/render/map.ts). What the engine sees: rendered files to add to the
 * run, the source files they consumed (not linted again on their own), and
 * per-tree failures (reported at the kustomization, its files then linted
 * one by one as without a renderer).
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { isBelowDir } from '../util.js';
import { parseDocument, visit, type Document, type Node } from 'yaml';
import { makeSource } from '../load/source.js';
import { parseFull, parseSource, type ParsedFile } from '../load/parse.js';
import { Sources } from './sources.js';
import { readKustomization, reachable, clearKustomizationCache, type Kustomization } from './kustomize/files.js';
import { findKustomizeRenderer, renderKustomizations, type Origin } from './kustomize/run.js';
import { KustomizeOrigins, type Placed } from './kustomize/origin.js';
import type { At } from './yamlpath.js';
import { chartBeside, findHelm, helmSet, placeDoc, renderChart, sourceComments, topCharts, type HelmOptions } from './helm.js';

export type RenderMode = 'off' | 'auto' | 'required';

export interface RenderOptions {
  kustomize?: RenderMode;
  helm?: RenderMode;
  helmOptions?: HelmOptions;
  /** Environment for finding and running renderers (PATH). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** How the run names a file it discovered (its path as given), by absolute path. */
  display?: Map<string, string>;
  cwd?: string;
}

export interface DocAt {
  index: number;
  base: number;
  text: string;
  root: Node | null;
}

/** The docAt of a rendered file parsed whole (helm output, committed output): offsets are the file's own. */
function wholeDocAt(parsed: ParsedFile): (offset: number) => DocAt {
  return (offset) => {
    const docs = parsed.docs;
    let i = docs.length - 1;
    for (let k = 0; k < docs.length; k++) if (offset < docs[k]!.range[2]) {
      i = k;
      break;
    }
    return { index: Math.max(0, i), base: 0, text: parsed.file.text, root: (docs[Math.max(0, i)]?.contents as Node | null) ?? null };
  };
}

/** One rendered tree: its objects as a file of their own, and where each node came from. */
export interface RenderSet {
  kind: 'kustomize' | 'helm';
  /** The file the render stands for (the top kustomization, a Chart.yaml), absolute. */
  anchor: string;
  /** How the tree is named in messages (its folder). */
  label: string;
  parsed: ParsedFile;
  /** Output committed to the repository (a file of the run, not a render of podlint's): not added to the run again. */
  committed?: boolean;
  /** The rendered document holding an offset: its index, where it starts, its text and its yaml nodes (offsets relative to `base`). */
  docAt(offset: number): DocAt;
  /** Place a node of document `doc` (`at` and `offset` relative to the document's start). */
  place(doc: DocAt, at: At | undefined, offset: number): Placed;
  /** Rendered object names and the names their sources give them (`prod-web-config-46f4hk9t6g` -> `web-config`). */
  names(): Map<string, string>;
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
  /** Chart folders rendered with helm (absolute): their templates' skip notices are dropped. */
  renderedCharts: Set<string>;
}

/** Render the top charts met with `helm template`; without helm, today's notices stand (or --helm required fails). */
function renderCharts(charts: string[], opts: RenderOptions, out: RenderOutcome, display: (abs: string) => string): void {
  const mode = opts.helm ?? 'auto';
  if (mode === 'off' || charts.length === 0) return;
  const helm = findHelm(opts.env);
  const tops = topCharts(charts);
  if (!helm) {
    if (mode === 'required') out.errors.push({ path: display(tops[0]!), message: 'cannot render: helm is not on PATH (--helm required)' });
    return;
  }
  for (const chart of tops) {
    const r = renderChart(helm, chart, { ...opts.helmOptions, timeoutMs: opts.timeoutMs, env: opts.env, cwd: opts.cwd });
    const chartFile = existsSync(resolve(chart, 'Chart.yaml')) ? resolve(chart, 'Chart.yaml') : resolve(chart, 'Chart.yml');
    if ('error' in r) {
      out.failures.push({ file: chartFile, message: `helm template cannot render ${display(chart) || '.'}: ${r.error}; its templates were skipped` });
      continue;
    }
    out.renderedCharts.add(chart);
    const set = helmSet(chart, r.text, `${display(chartFile)} (rendered)`, out.sources);
    out.sets.push({ kind: 'helm', anchor: chartFile, label: display(chart) || '.', parsed: set.parsed, docAt: wholeDocAt(set.parsed), place: (doc, at, offset) => set.place(doc.index, at, offset), names: () => new Map() });
  }
}

/**
 * Rendered Helm output committed to the repository (documents with
 * `# Source:` comments) whose chart templates are beside it: its findings are
 * placed on the templates as a render's would be.
 */
export function committedOutput(files: ParsedFile[], outcome: RenderOutcome): void {
  for (const f of files) {
    if (f.file.rendered || f.file.stdin || !/(^|\n)# Source: \S+\/templates\//.test(f.file.text)) continue;
    const full = parseFull(f.file);
    const srcs = sourceComments(full);
    const chart = chartBeside(f.file.path, srcs);
    if (!chart) continue;
    outcome.sets.push({
      kind: 'helm',
      anchor: resolve(f.file.path),
      label: outcome.sources.get(resolve(f.file.path))?.file.path ?? f.file.path,
      parsed: full,
      committed: true,
      docAt: wholeDocAt(full),
      place: (doc, at, offset) => placeDoc(full, srcs, chart, outcome.sources, doc.index, at, offset),
      names: () => new Map(),
    });
  }
}

/** An outcome with nothing rendered (committed Helm output may still add sets). */
export function emptyOutcome(display: Map<string, string>, cwd = process.cwd()): RenderOutcome {
  return { sets: [], consumed: new Set(), failures: [], notices: [], errors: [], renderedCharts: new Set(), sources: new Sources(displayOf(display, cwd)) };
}

function displayOf(given: Map<string, string> | undefined, cwd: string) {
  return (abs: string): string => {
    const g = given?.get(abs);
    if (g) return g;
    const rel = relative(cwd, abs);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  };
}

export function renderTrees(kustomizationFiles: string[], opts: RenderOptions = {}, charts: string[] = []): RenderOutcome {
  const display = displayOf(opts.display, opts.cwd ?? process.cwd());
  const out = emptyOutcome(opts.display ?? new Map(), opts.cwd);
  renderCharts(charts, opts, out, display);
  const mode = opts.kustomize ?? 'auto';
  if (mode === 'off' || kustomizationFiles.length === 0) return out;
  clearKustomizationCache();
  const ks = [...new Set(kustomizationFiles.map((f) => resolve(f)))].map((f) => readKustomization(f)).filter((k): k is Kustomization => !!k);
  const referenced = new Set<string>();
  for (const k of ks) for (const sub of reachable(k).slice(1)) referenced.add(sub.path);
  const tops = ks.filter((k) => !referenced.has(k.path) && !k.component);
  // kustomizations that include each other (a cycle) are no top's: one of each cycle is built, so kustomize says what is wrong
  const covered = new Set(tops.flatMap((t) => reachable(t).map((k) => k.path)));
  for (const k of ks) {
    if (covered.has(k.path) || k.component) continue;
    tops.push(k);
    for (const sub of reachable(k)) covered.add(sub.path);
  }
  if (tops.length === 0) return out;
  const label = (k: Kustomization) => display(k.dir) || '.';
  const renderer = findKustomizeRenderer(opts.env);
  if (!renderer) {
    const msg = `${tops.length === 1 ? 'a kustomization was' : `${tops.length} kustomizations were`} found (${display(tops[0]!.path)}${tops.length > 1 ? ', …' : ''}) but neither kustomize nor kubectl is on PATH: their files are linted one by one`;
    if (mode === 'required') out.errors.push({ path: display(tops[0]!.path), message: 'cannot render: neither kustomize nor kubectl is on PATH (--kustomize required)' });
    else out.notices.push(msg);
    return out;
  }
  // one root cause, one finding: a base missing a file fails every overlay above it
  const failed = new Map<string, { file: string; range?: [number, number]; cause: string; tops: string[] }>();
  const fail = (top: Kustomization, file: string, cause: string, range?: [number, number]) => {
    const key = `${file}\u0000${range?.join(':') ?? ''}\u0000${cause}`;
    const f = failed.get(key);
    if (f) f.tops.push(label(top));
    else failed.set(key, { file, range, cause, tops: [label(top)] });
  };
  const jobs: { top: Kustomization; reach: Kustomization[] }[] = [];
  for (const top of tops) {
    const reach = reachable(top);
    const remote = reach.flatMap((k) => k.remote.map((r) => ({ k, r })));
    if (remote.length) {
      // podlint's own limit, not the tree's fault: said, and the files linted as without a renderer
      const { k, r } = remote[0]!;
      out.notices.push(`${display(k.path)}: ${label(top)} not rendered: it names the remote resource ${r}, and podlint renders without network (vendor it, or lint the output: kubectl kustomize ${label(top)} | podlint -); its files were linted one by one`);
      continue;
    }
    jobs.push({ top, reach });
  }
  // A tree that names a file or folder that does not exist cannot build: not rendered (kubectl took
  // up to a second to say so on the real corpus), reported below as its failed render would be.
  const doomed = jobs.map((j) => certainlyMissing(j.reach));
  const rendered = renderKustomizations(
    renderer,
    jobs.filter((_, i) => !doomed[i]).map((j) => j.top.dir),
    { timeoutMs: opts.timeoutMs, env: opts.env },
  );
  let next = 0;
  const results = jobs.map((_, i): (typeof rendered)[number] => (doomed[i] ? { error: '' } : rendered[next++]!));
  for (let ji = 0; ji < jobs.length; ji++) {
    const { top, reach } = jobs[ji]!;
    const r = results[ji]!;
    if ('error' in r) {
      // a kustomization that is not valid YAML: its yaml-syntax error is the finding (one root cause, one finding)
      if (reach.some((k) => k.doc.errors.length > 0)) continue;
      const outside = /security; file '([^']+)' is not in or below '([^']+)'/.exec(r.error);
      if (outside) {
        const abs = outside[1]!;
        const k = reach.find((x) => entryNode(x, abs)) ?? top;
        const e = entryNode(k, abs);
        fail(top, k.path, `\`${e?.text ?? abs}\` is outside ${display(k.dir) || '.'}, and kustomize reads files only from a kustomization's folder and below (move the file in, or make its folder a base with a kustomization of its own)`, e?.range);
        continue;
      }
      if (/cycle detected/.test(r.error)) {
        // the entry of the top that leads back to it
        const back = reach.find((k) => k !== top && reachable(k).some((x) => x.path === top.path));
        const self = top.dirs.find((d) => d === top.dir);
        const e = self
          ? { d: self, e: entryNode(top, self) }
          : back
            ? top.dirs.map((d) => ({ d, e: entryNode(top, d) })).find((x) => { const k = readKustomization(x.d); return !!k && reachable(k).some((y) => y.path === back.path); })
            : undefined;
        fail(top, top.path, `${e?.e ? `\`${e.e.text}\`` : 'a resource'} includes ${display(top.dir) || '.'} again: kustomizations that include each other (a cycle) cannot be built`, e?.e?.range);
        continue;
      }
      const missing = firstMissing(reach);
      fail(top, missing?.k.path ?? top.path, missing ? `\`${missing.entry}\` does not exist (${display(missing.abs)})` : r.error, missing?.range);
      continue;
    }
    for (const k of reach) {
      out.consumed.add(k.path);
      for (const f of k.files) out.consumed.add(f);
    }
    for (const o of r.origins) if (o?.path) out.consumed.add(o.path);
    const file = makeSource(`${display(top.path)} (rendered)`, r.text);
    file.rendered = true;
    // the fast reader, as for any file: yaml nodes only for the documents a finding is placed from
    const parsed = parseSource(file);
    const origins = new KustomizeOrigins(reach, out.sources);
    const docs = new Map<number, Document.Parsed>();
    const docAt = (offset: number): DocAt => {
      let i = 0;
      for (let lo = 0, hi = r.starts.length - 1; lo <= hi; ) {
        const mid = (lo + hi) >> 1;
        if (r.starts[mid]! <= offset) (i = mid), (lo = mid + 1);
        else hi = mid - 1;
      }
      const base = r.starts[i] ?? 0;
      const end = r.starts[i + 1] !== undefined ? r.starts[i + 1]! - 4 : r.text.length; // before the next `---\n`
      const text = r.text.slice(base, end);
      let d = docs.get(i);
      if (!d) docs.set(i, (d = parseDocument(text, { logLevel: 'silent', uniqueKeys: false } as any) as Document.Parsed));
      return { index: i, base, text, root: d.contents as Node | null };
    };
    out.sets.push({
      kind: 'kustomize',
      anchor: top.path,
      label: label(top),
      parsed,
      docAt,
      place: (doc, at) => {
        if (!doc.root || !at) return { note: 'in the rendered output' };
        return origins.place(r.origins[doc.index] as Origin | undefined, doc.root, at, doc.text);
      },
      names: () => {
        const m = new Map<string, string>();
        for (const res of parsed.resources) {
          const source = origins.sourceName(r.origins[res.docIndex], res.kind, res.name);
          if (res.name && source && source !== res.name) m.set(res.name, source);
        }
        return m;
      },
    });
  }
  for (const f of failed.values()) {
    out.failures.push({
      file: f.file,
      range: f.range,
      message: `${renderer.name} cannot build ${f.tops.join(', ')}: ${f.cause}; ${f.tops.length > 1 ? 'their' : 'its'} files were linted one by one`,
    });
  }
  return out;
}

/**
 * Whether rendering `reach` can only fail with a missing entry, the failure
 * renderTrees reports from firstMissing(): some entry does not exist, and
 * none of the other failures it tells apart could come first (a kustomization
 * that is not valid YAML, a file outside its kustomization's folder, a cycle).
 */
function certainlyMissing(reach: Kustomization[]): boolean {
  if (!firstMissing(reach)) return false;
  for (const k of reach) {
    if (k.doc.errors.length > 0) return false;
    for (const f of k.files) if (!insideLoadRoot(f, k.dir)) return false;
    // a cycle: kustomize says so, whatever is missing
    for (const d of k.dirs) {
      const sub = readKustomization(d);
      if (sub && (sub.path === k.path || reachable(sub).some((x) => x.path === k.path))) return false;
    }
  }
  return true;
}

/**
 * `f` lies in or below `dir`, symbolic links resolved (as kustomize's load
 * restrictor sees it). A missing entry counts as below: kustomize fails on it
 * as missing, whatever folder it names.
 */
function insideLoadRoot(f: string, dir: string): boolean {
  let real: string;
  let root: string;
  try {
    real = realpathSync(f);
  } catch {
    return true;
  }
  try {
    root = realpathSync(dir);
  } catch {
    return false;
  }
  return real === root || isBelowDir(real, root);
}

/** The first resource, component or file entry of the tree that does not exist (a missing base). */
function firstMissing(reach: Kustomization[]): { k: Kustomization; abs: string; entry: string; range?: [number, number] } | undefined {
  for (const k of reach) {
    for (const p of [...k.dirs, ...k.files]) {
      if (existsSync(p)) continue;
      const e = entryNode(k, p);
      return { k, abs: p, entry: e?.text ?? p, range: e?.range };
    }
  }
  return undefined;
}

/** The list entry of `k` whose value resolves to the path `abs` (a generator's `key=path` too). */
function entryNode(k: Kustomization, abs: string): { text: string; range: [number, number] } | undefined {
  let found: { text: string; range: [number, number] } | undefined;
  visit(k.doc, {
    Scalar(_key, n) {
      if (found || typeof n.value !== 'string' || !n.range || n.value.includes('\n')) return;
      const v = n.value;
      const rel = v.includes('=') ? v.slice(v.indexOf('=') + 1) : v;
      if (resolve(k.dir, rel) === abs || resolve(k.dir, v) === abs) {
        found = { text: v, range: [n.range[0], n.range[1]] };
        return visit.BREAK;
      }
    },
  });
  return found;
}
