/**
 * Turn the user's paths into the list of files to lint: directories are walked
 * recursively for .yaml/.yml/.json, `-` means standard input. Helm chart
 * templates (files under `templates/` beside a Chart.yaml) are skipped with a
 * notice; kustomize patches (files a kustomization.yaml names as patches) are
 * skipped silently because they are partial objects, not manifests.
 */
import { readdirSync, statSync, readFileSync, realpathSync, existsSync } from 'node:fs';
import { join, resolve, dirname, basename, relative, isAbsolute, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import picomatch from 'picomatch';
import { KUSTOMIZATION_NAMES } from './kustomization-names.js';
import { isBelowDir, pushTo } from '../util.js';

export interface Discovered {
  files: string[];
  /** `-` was given. */
  stdin: boolean;
  notices: string[];
  /** Per-path errors (missing file, unreadable folder): reported, others still linted. */
  errors: { path: string; message: string }[];
  /** Files skipped as kustomize patches. */
  patches: Set<string>;
  /** Kustomization files of the folders met (absolute), for the renderer (src/render). */
  kustomizations: string[];
  /** Helm chart folders whose templates were met (absolute). */
  charts: string[];
  /** The skip notice of each template, by chart folder: a chart helm renders has its notices taken back. */
  chartNotices: Map<string, string[]>;
}

const EXT = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface DiscoverOptions {
  /** Predicate for ignore files/globs; returns true when a path is ignored. */
  ignored?: (absPath: string, isDir: boolean) => boolean;
  /** Follow symlinks that point outside the given roots (default false). */
  followExternalSymlinks?: boolean;
}

export function discover(paths: string[], opts: DiscoverOptions = {}): Discovered {
  const out: Discovered = { files: [], stdin: false, notices: [], errors: [], patches: new Set(), kustomizations: [], charts: [], chartNotices: new Map() };
  const seen = new Set<string>();
  const roots: string[] = [];
  for (const p of paths) {
    if (p === '-') continue;
    try {
      roots.push(realpathSync(resolve(p)));
    } catch {
      /* reported below */
    }
  }
  const insideRoots = (real: string) => roots.some((r) => real === r || isBelowDir(real, r));
  const chartDirs = new Map<string, boolean>();
  /** The chart folder a file is a template of (somewhere below <chart>/templates/ where <chart>/Chart.yaml exists). */
  const chartOf = (file: string): string | undefined => {
    let dir = dirname(resolve(file));
    for (let i = 0; i < 12; i++) {
      if (basename(dir) === 'templates') {
        const chart = dirname(dir);
        let has = chartDirs.get(chart);
        if (has === undefined) {
          has = existsSync(join(chart, 'Chart.yaml')) || existsSync(join(chart, 'Chart.yml'));
          chartDirs.set(chart, has);
          if (has) out.charts.push(chart);
        }
        if (has) return chart;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    return undefined;
  };
  const kustomized = new Set<string>();
  const notePatches = (dir: string) => {
    if (kustomized.has(dir)) return;
    kustomized.add(dir);
    for (const k of KUSTOMIZATION_NAMES) {
      const f = join(dir, k);
      if (!existsSync(f)) continue;
      out.kustomizations.push(f);
      try {
        const doc = parseYaml(readFileSync(f, 'utf8'), { logLevel: 'silent' }) as any;
        const list: string[] = [];
        if (Array.isArray(doc?.patchesStrategicMerge)) list.push(...doc.patchesStrategicMerge.filter((x: unknown) => typeof x === 'string'));
        for (const key of ['patches', 'patchesJson6902']) {
          // `- path: p.yaml`, or the bare `- p.yaml` some trees still write (kustomize rejects it; it is a patch all the same)
          for (const e of Array.isArray(doc?.[key]) ? doc[key] : []) {
            if (e && typeof e.path === 'string') list.push(e.path);
            else if (typeof e === 'string') list.push(e);
          }
        }
        for (const rel of list) if (!rel.includes('\n')) out.patches.add(resolve(dir, rel));
      } catch {
        /* an unreadable kustomization is linted as a file on its own */
      }
    }
  };

  const addFile = (file: string, explicit: boolean) => {
    const abs = resolve(file);
    if (seen.has(abs)) return;
    seen.add(abs);
    if (opts.ignored?.(abs, false) && !explicit) return;
    const chart = chartOf(abs);
    if (chart) {
      const notice = `${file}: Helm chart template skipped (render it first: helm template <chart> | podlint -)`;
      out.notices.push(notice);
      pushTo(out.chartNotices, chart, notice);
      return;
    }
    notePatches(dirname(abs));
    if (out.patches.has(abs)) return;
    out.files.push(file);
  };

  const walk = (dir: string, depth: number, accept?: (file: string) => boolean) => {
    if (depth > 64) {
      out.errors.push({ path: dir, message: 'directory nesting deeper than 64 levels; not descended' });
      return;
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      out.errors.push({ path: dir, message: `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const full = join(dir, ent.name);
      if (ent.isDirectory()) {
        if (SKIP_DIRS.has(ent.name)) continue;
        if (opts.ignored?.(resolve(full), true)) continue;
        walk(full, depth + 1, accept);
      } else if (ent.isFile()) {
        if (EXT.test(ent.name) && (!accept || accept(full))) addFile(full, false);
      } else if (ent.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(full);
        } catch {
          continue; // dangling link or loop
        }
        if (!opts.followExternalSymlinks && !insideRoots(real)) continue;
        let st;
        try {
          st = statSync(real);
        } catch {
          continue;
        }
        if (st.isFile() && EXT.test(ent.name) && (!accept || accept(full))) addFile(full, false);
        // symlinked directories are not descended: their targets inside the
        // roots are linted through their real path, and this avoids loops.
      }
    }
  };

  function expandGlob(pattern: string, base: string) {
    let st;
    try {
      st = statSync(base);
    } catch {
      return;
    }
    if (!st.isDirectory()) return;
    const root = resolve(base);
    const rel = (f: string) => relative(root, resolve(f)).split(sep).join('/');
    const scanned = picomatch.scan(pattern);
    const isMatch = picomatch(scanned.glob, { dot: false });
    roots.push(realpathSync(root));
    walk(base, 0, (f) => isMatch(rel(f)));
  }

  for (const p of paths) {
    if (p === '-') {
      out.stdin = true;
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const glob = picomatch.scan(p);
      if (glob.isGlob && !glob.negated) {
        // A quoted pattern (`podlint 'k8s/**/*.yaml'`), expanded as ESLint does: the walk
        // from its static base, with the same ignore rules and skipped folders as a folder.
        const before = out.files.length;
        expandGlob(p, glob.base || '.');
        if (out.files.length === before) out.errors.push({ path: p, message: 'no files match this pattern' });
        continue;
      }
      out.errors.push({ path: p, message: `no such file or directory` });
      continue;
    }
    if (st.isDirectory()) walk(p, 0);
    else addFile(p, true);
  }
  return out;
}

export function displayPath(p: string): string {
  if (p === '<stdin>') return p;
  const rel = relative(process.cwd(), resolve(p));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}

