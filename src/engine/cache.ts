/**
 * `--cache`: skip the files whose result cannot have changed since the last run.
 *
 * Which results can depend on other files: a rule declares `meta.fileLocal: true`
 * when its findings on a file depend only on that file's text (and the
 * configuration); every rule that does not say so counts as cross-file (the
 * reference, selector, port and schema rules: a CRD in one file gives the schema
 * of a custom resource in another). So:
 * - when every active rule is file-local, only the files whose content changed
 *   are read, parsed and linted; the others' findings come from the cache;
 * - when a cross-file rule is active, any file's result may depend on any other
 *   file: the run is skipped only when no file (linted or read as context) was
 *   added, removed or changed, else everything is linted again.
 * The cache is dropped whole when its key changes: podlint's version and build,
 * the versions of its dependencies, the rules and their meta, and the effective
 * configuration (config file text, --rule, namespace, Kubernetes version, limits).
 * Standard input is never cached (a run with `-` lints normally). A run that
 * reuses everything replays the last run's notices; with only file-local rules,
 * the notices of the files not linted again are not repeated.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { discover } from '../load/discover.js';
import { decode } from '../load/read.js';
import type { SourceFile } from '../load/source.js';
import { packageRoot } from '../config/package-root.js';
import { allRules } from '../../rules/index.js';
import { activeRules, lintPaths, type FileResult, type LintOptions, type LintResult } from './lint.js';
import type { Finding } from './types.js';

const FORMAT = 1;

interface CachedFinding extends Omit<Finding, 'file' | 'resource'> {
  resource?: { kind: string; namespace: string; name?: string };
}
interface CachedFile {
  path: string;
  hash: string;
  findings: CachedFinding[];
}
interface CacheData {
  format: number;
  key: string;
  /** Hash of every file read in the last run (linted and context) with its content hash. */
  set: string;
  files: Record<string, CachedFile>;
  /** The last full run's notices (replayed when nothing changed). */
  notices?: string[];
}

export interface CacheOptions {
  /** A file, or a folder (existing, or given with a trailing slash) to hold `.podlintcache`. */
  location: string;
  cwd: string;
  version: string;
  /** Configuration file in use, if any (its text is part of the key). */
  config?: string;
}

const sha = (b: string | Uint8Array) => createHash('sha1').update(b).digest('hex');

export function cacheFile(location: string, cwd: string): string {
  const abs = resolve(cwd, location);
  let dir = /[\\/]$/.test(location);
  try {
    dir ||= statSync(abs).isDirectory();
  } catch {
    /* a file to create */
  }
  return dir ? join(abs, '.podlintcache') : abs;
}

/** What invalidates the whole cache. */
export function cacheKey(opts: LintOptions, c: CacheOptions): string {
  const root = packageRoot();
  const deps: Record<string, string> = {};
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const name of Object.keys(pkg.dependencies ?? {}).sort()) {
      try {
        deps[name] = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
      } catch {
        deps[name] = String(pkg.dependencies[name]);
      }
    }
  } catch {
    /* no package.json: the version string still counts */
  }
  // A rebuilt podlint (same version number, new code) changes the bundle's size and time.
  const build = ['dist/podlint.cjs', 'dist/src/engine/lint.js'].map((f) => {
    try {
      const st = statSync(join(root, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    } catch {
      return `${f}:-`;
    }
  });
  let configText = '';
  if (c.config) {
    try {
      configText = readFileSync(c.config, 'utf8');
    } catch {
      configText = '?';
    }
  }
  const rules = [...allRules, ...(opts.extraRules ?? [])].map((r) => [r.meta.id, r.meta.severity, r.meta.fileLocal === true, r.meta.schema ?? null]);
  return sha(
    JSON.stringify({
      format: FORMAT,
      version: c.version,
      node: process.versions.node.split('.')[0],
      deps,
      build,
      rules,
      config: [c.config ?? null, configText],
      settings: [opts.rules ?? {}, opts.namespace ?? null, opts.kubernetesVersion ?? null, opts.maxFileBytes ?? null, opts.inlineConfig ?? true, opts.only ?? null],
    }),
  );
}

function load(file: string, key: string): CacheData | undefined {
  try {
    const d = JSON.parse(readFileSync(file, 'utf8')) as CacheData;
    if (d && d.format === FORMAT && d.key === key && d.files && typeof d.files === 'object') return d;
  } catch {
    /* absent or unreadable: start over */
  }
  return undefined;
}

function save(file: string, data: CacheData): string | undefined {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, file);
    return undefined;
  } catch (e) {
    return `cannot write the cache ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  }
}

function store(r: FileResult, hash: string): CachedFile {
  return {
    path: r.file.path,
    hash,
    findings: r.findings.map(({ file: _f, resource, ...f }) => ({
      ...f,
      ...(resource ? { resource: { kind: resource.kind, namespace: resource.namespace, name: resource.name } } : {}),
    })),
  };
}

function revive(c: CachedFile, file: SourceFile): FileResult {
  return { file, findings: c.findings.map((f) => ({ ...f, file, resource: f.resource as Finding['resource'] })) };
}

export function lintCached(paths: string[], opts: LintOptions, c: CacheOptions): { result: LintResult; problem?: string; linted: number; cached: number } {
  if (paths.includes('-')) return { result: lintPaths(paths, opts), linted: -1, cached: 0 };
  const file = cacheFile(c.location, c.cwd);
  const key = cacheKey(opts, c);
  const old = load(file, key);

  const d = discover(paths, opts.discover);
  // a render reads files the walk does not list (bases elsewhere, generator inputs, values): rendered runs are never cached
  if ((d.kustomizations.length && opts.kustomize !== 'off') || (d.charts.length && opts.helm !== 'off')) return { result: lintPaths(paths, opts), linted: -1, cached: 0 };
  const ctx = opts.contextPaths?.length ? discover(opts.contextPaths, opts.discover) : undefined;
  const targets = d.files;
  const targetSet = new Set(targets.map((f) => resolve(f)));
  const contextOnly = (ctx?.files ?? []).filter((f) => !targetSet.has(resolve(f)));

  // Content hashes of every file read (reading is cheap next to parsing and the rules).
  const bytes = new Map<string, Buffer>();
  const hashes = new Map<string, string>();
  for (const f of [...targets, ...contextOnly]) {
    const abs = resolve(f);
    let b: Buffer;
    try {
      b = readFileSync(abs);
    } catch {
      b = Buffer.alloc(0);
    }
    if (targetSet.has(abs)) bytes.set(abs, b);
    hashes.set(abs, sha(b));
  }
  for (const t of opts.contextTexts ?? []) hashes.set(`context:${resolve(t.path)}`, sha(t.text));
  const set = sha(JSON.stringify([...hashes].sort((a, b) => (a[0] < b[0] ? -1 : 1)).concat([['targets', [...targetSet].sort().join('\0')]])));

  const crossFile = activeRules(opts).some((a) => a.rule.meta.fileLocal !== true);
  const sourceOf = (path: string) => decode(path, bytes.get(resolve(path)) ?? Buffer.alloc(0)).file;
  const fresh = (path: string) => {
    const e = old?.files[resolve(path)];
    return e && e.path === path && e.hash === hashes.get(resolve(path)) ? e : undefined;
  };

  let result: LintResult;
  let linted: string[];
  if (old && (crossFile ? old.set === set : true)) {
    linted = crossFile ? [] : targets.filter((t) => !fresh(t));
  } else linted = targets;

  if (linted.length === targets.length) {
    result = lintPaths(paths, opts);
  } else {
    const partial = linted.length ? lintPaths(linted, { ...opts, contextPaths: undefined, contextTexts: undefined }) : undefined;
    const byPath = new Map((partial?.results ?? []).map((r) => [resolve(r.file.path), r]));
    const results: FileResult[] = [];
    for (const t of targets) {
      const got = byPath.get(resolve(t));
      if (got) results.push(got);
      else {
        const e = fresh(t);
        if (e) results.push(revive(e, sourceOf(t)));
      }
    }
    result = {
      results,
      notices: [...d.notices, ...(partial?.notices ?? (crossFile ? old?.notices ?? [] : [])).filter((n) => !d.notices.includes(n))],
      graph: partial?.graph ?? ({ files: [], resources: [], templates: [] } as unknown as LintResult['graph']),
      pathErrors: [...d.errors, ...(ctx?.errors ?? [])],
    };
  }

  const files: Record<string, CachedFile> = {};
  for (const r of result.results) {
    const abs = resolve(r.file.path);
    const h = hashes.get(abs);
    if (h && targetSet.has(abs)) files[abs] = store(r, h);
  }
  const problem = save(file, { format: FORMAT, key, set, files, notices: result.notices });
  return { result, problem, linted: linted.length, cached: targets.length - linted.length };
}
