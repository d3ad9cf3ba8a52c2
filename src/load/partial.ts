/**
 * Partial objects recognised from where a file sits, without a renderer
 * (issue 13, cause 4). A partial object is a fragment some tool completes or
 * compares against objects that already exist; podlint never calls it broken,
 * so its resources are marked `partial` (left out of the graph, of schema and
 * reference checks, and of `invalid-document`):
 *
 * - test-harness steps: every file of a Chainsaw test folder (a folder holding
 *   `chainsaw-test.yaml`, or any file of kind `Test` in `chainsaw.kyverno.io`)
 *   and the files its steps name (`file:`); KUTTL assert and error files
 *   (`NN-assert.yaml`, `NN-errors.yaml`, `*-assert.yaml`), and the numbered
 *   step files (`NN-*.yaml`) of a folder that holds such a file or a KUTTL
 *   `TestStep`/`TestAssert` (`kuttl.dev`);
 * - the resources of a `kyverno test` folder (beside `kyverno-test.yaml`, a
 *   `cli.kyverno.io` Test): inputs a policy test feeds to the policy, bad on
 *   purpose;
 * - kustomize patches under a `patches/` (or `patch/`) folder of a kustomize
 *   tree, or named as patches beside a kustomization (`*_patch.yaml`,
 *   `patch-*.yaml`), listed by the kustomization or not (patches no longer
 *   listed stay in the folder);
 * and, not partial as objects but with keys an overlay completes: a ConfigMap
 * or Secret with no keys (`data: {}`) in a folder a kustomization governs gets
 * `openKeys`, so key checks against it are skipped.
 *
 * What is known comes from the set of files being linted (their paths and
 * contents), with the file system as a fallback for a kustomization or a
 * Chainsaw test file that is not among them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { basename, dirname, resolve, sep } from 'node:path';
import { isBelowDir } from '../util.js';
import type { ParsedFile } from './parse.js';
import { KUSTOMIZATION_FILES } from './kustomization-names.js';

const CHAINSAW_TEST = new Set(['chainsaw-test.yaml', 'chainsaw-test.yml', 'chainsaw-test.json']);
/** `kyverno test` folders: the resources a policy test feeds to the policy (deliberately bad ones among them). */
const KYVERNO_TEST = new Set(['kyverno-test.yaml', 'kyverno-test.yml']);
/** KUTTL assert/error files: `00-assert.yaml`, `01-errors.yaml`, `02-assert-deployment.yaml`, `foo-assert.yaml`. */
const KUTTL_CHECK = /(^\d+-(assert|errors)([-.][^/]*)?|-(assert|errors))\.ya?ml$/i;
/** A numbered KUTTL step file. */
const KUTTL_STEP = /^\d+-[^/]*\.ya?ml$/i;
const PATCH_DIRS = new Set(['patches', 'patch']);
/** A patch by its name, beside a kustomization: `manager_auth_proxy_patch.yaml`, `patch-replicas.yaml`, `deployment.patch.yaml`. */
const PATCH_NAME = /(^|[-_.])patch(es)?([-_.][^/]*)?\.ya?ml$/i;

export type PartialReason = NonNullable<ParsedFile['partial']>;

/** Why the objects of a file are partial, or undefined. */
export interface PartialInfo {
  reason: PartialReason;
}


/**
 * Mark the resources of test-harness steps and kustomize patch folders as
 * partial, and key-less ConfigMaps/Secrets of kustomize trees as `openKeys`.
 * Returns the reason per file path (for notices and tests).
 */
export function markPartials(all: ParsedFile[]): Map<string, PartialReason> {
  const out = new Map<string, PartialReason>();
  // rendered output is complete: nothing in it is partial
  const files = all.some((f) => f.file.rendered) ? all.filter((f) => !f.file.rendered) : all;
  if (files.length === 0) return out;
  const abs = files.map((f) => resolve(f.file.path));
  const dirs = new Set(abs.map((a) => dirname(a)));
  const kustomizeDirs = new Set<string>();
  const chainsawDirs = new Set<string>();
  const chainsawFiles = new Set<string>();
  const kuttlDirs = new Set<string>();
  const kyvernoDirs = new Set<string>();
  files.forEach((f, i) => {
    const a = abs[i]!;
    const dir = dirname(a);
    const name = basename(a);
    if (KUSTOMIZATION_FILES.has(name)) kustomizeDirs.add(dir);
    if (CHAINSAW_TEST.has(name)) chainsawDirs.add(dir);
    if (KUTTL_CHECK.test(name)) kuttlDirs.add(dir);
    if (KYVERNO_TEST.has(name)) kyvernoDirs.add(dir);
    for (const r of f.resources) {
      const group = r.apiVersion.split('/')[0];
      if ((r.kind === 'Kustomization' || r.kind === 'Component') && group === 'kustomize.config.k8s.io') kustomizeDirs.add(dir);
      if (group === 'chainsaw.kyverno.io' && (r.kind === 'Test' || r.kind === 'StepTemplate')) {
        chainsawDirs.add(dir);
        for (const p of stepFiles(r.obj)) chainsawFiles.add(resolve(dir, p));
      }
      if (group === 'cli.kyverno.io' && r.kind === 'Test') kyvernoDirs.add(dir);
      if (group === 'kuttl.dev' && /^Test(Step|Assert)$/.test(r.kind)) kuttlDirs.add(dir);
    }
  });
  // A Chainsaw test file or a kustomization not among the linted files (a folder linted on its own).
  // by names set, then folder: many files share a folder (and a key string per call was a tenth of this function)
  const fsCache = new Map<ReadonlySet<string>, Map<string, boolean>>();
  const onDisk = (dir: string, names: ReadonlySet<string>) => {
    let byDir = fsCache.get(names);
    if (!byDir) fsCache.set(names, (byDir = new Map()));
    let v = byDir.get(dir);
    if (v === undefined) {
      v = [...names].some((n) => existsSync(resolve(dir, n)));
      byDir.set(dir, v);
    }
    return v;
  };
  for (const d of dirs) {
    if (!chainsawDirs.has(d) && onDisk(d, CHAINSAW_TEST)) chainsawDirs.add(d);
  }
  const governed = new Map<string, boolean>();
  const governedByKustomize = (dir: string): boolean => {
    let v = governed.get(dir);
    if (v !== undefined) return v;
    v = false;
    // the folder itself or up to two levels up (base/patches/x.yaml, overlays/prod/patches/x.yaml)
    let d = dir;
    for (let i = 0; i < 3; i++) {
      if (kustomizeDirs.has(d) || onDisk(d, KUSTOMIZATION_FILES)) {
        v = true;
        break;
      }
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    governed.set(dir, v);
    return v;
  };
  const inChainsaw = (a: string): boolean => {
    if (chainsawFiles.has(a)) return true;
    for (const d of chainsawDirs) if (dirname(a) === d || isBelowDir(a, d)) return true;
    return false;
  };

  files.forEach((f, i) => {
    const a = abs[i]!;
    const dir = dirname(a);
    const name = basename(a);
    let reason: PartialReason | undefined;
    if (CHAINSAW_TEST.has(name) || KYVERNO_TEST.has(name)) reason = undefined;
    else if (inChainsaw(a)) reason = 'chainsaw';
    else if (kyvernoDirs.has(dir)) reason = 'kyverno-test';
    else if (KUTTL_CHECK.test(name) || (kuttlDirs.has(dir) && KUTTL_STEP.test(name))) reason = 'kuttl';
    else if (!KUSTOMIZATION_FILES.has(name) && pathHasPatchDir(a) && governedByKustomize(patchRoot(a))) reason = 'kustomize-patch';
    else if (!KUSTOMIZATION_FILES.has(name) && PATCH_NAME.test(name) && governedByKustomize(dir)) reason = 'kustomize-patch';
    if (reason) {
      out.set(f.file.path, reason);
      f.partial = reason;
      for (const r of f.resources) if (!(r.apiVersion.startsWith('kustomize.config.k8s.io/'))) r.partial = true;
      return;
    }
    if (!governedByKustomize(dir)) return;
    for (const r of f.resources) {
      if ((r.kind === 'ConfigMap' || r.kind === 'Secret') && r.apiVersion === 'v1' && hasNoKeys(r.obj)) r.openKeys = true;
    }
  });
  markPatched(files, abs, out);
  return out;
}

/**
 * Everything markPartials() reads of a file besides its path, as a string: a
 * caller that re-parses one file (the language server) and finds the same
 * string knows every file's marks are unchanged and can carry the file's
 * marks over to the new parse instead of marking the whole set again. Call it
 * on a fresh parse (before marks are set).
 */
export function partialInputs(f: ParsedFile): string {
  const out: string[] = [];
  if (KUSTOMIZATION_FILES.has(basename(f.file.path))) out.push(f.file.text);
  for (const r of f.resources) {
    const group = typeof r.apiVersion === 'string' ? r.apiVersion.split('/')[0] : '';
    let obj = '';
    if (group === 'kustomize.config.k8s.io' || group === 'chainsaw.kyverno.io' || group === 'cli.kyverno.io' || group === 'kuttl.dev') {
      try {
        obj = JSON.stringify(r.obj);
      } catch {
        obj = `unserializable ${Math.random()}`;
      }
    }
    const keys = (r.kind === 'ConfigMap' || r.kind === 'Secret') && r.obj && typeof r.obj === 'object' ? String(hasNoKeys(r.obj)) : '';
    out.push(`${r.apiVersion}\u0000${r.kind}\u0000${r.name}\u0000${r.partial}\u0000${keys}\u0000${obj}`);
  }
  return out.join('\n');
}

interface Target {
  kind: string | undefined;
  name: string;
  /** Objects below this folder may be the target. */
  root: string;
}

/**
 * Mark the objects kustomize patches of the tree target (`patched`): a base
 * Deployment whose sidecar, ports or volumes an overlay's patch adds is not
 * complete as written. Targets come from the kustomizations' `patches`,
 * `patchesStrategicMerge` and `patchesJson6902` (a `target`, or the kind and
 * name of the patch file's objects) and from the partial objects found above.
 */
function markPatched(files: ParsedFile[], abs: string[], partialFiles: Map<string, PartialReason>): void {
  const targets: Target[] = [];
  files.forEach((f, i) => {
    const dir = dirname(abs[i]!);
    if (KUSTOMIZATION_FILES.has(basename(abs[i]!))) {
      // a kustomization often has no apiVersion/kind, so it is read from its text
      try {
        const k = parseYaml(f.file.text, { logLevel: 'silent', maxAliasCount: 100 } as any);
        if (k && typeof k === 'object' && !Array.isArray(k)) targets.push(...kustomizationTargets(k, dir));
      } catch {
        /* yaml-syntax reports it */
      }
    }
    for (const r of f.resources) {
      if (KUSTOMIZATION_FILES.has(basename(abs[i]!))) continue;
      if ((r.kind === 'Kustomization' || r.kind === 'Component') && r.apiVersion.startsWith('kustomize.config.k8s.io/')) {
        targets.push(...kustomizationTargets(r.obj, dir));
      } else if (r.partial && r.name && partialFiles.get(f.file.path) === 'kustomize-patch') {
        targets.push({ kind: r.kind, name: r.name, root: dirname(pathHasPatchDir(abs[i]!) ? patchRoot(abs[i]!) : dir) });
      } else if (r.partial && r.name && !partialFiles.has(f.file.path)) {
        targets.push({ kind: r.kind, name: r.name, root: dirname(dir) });
      }
    }
  });
  if (targets.length === 0) return;
  const byName = new Map<string, Target[]>();
  for (const t of targets) {
    const l = byName.get(t.name);
    if (l) l.push(t);
    else byName.set(t.name, [t]);
  }
  files.forEach((f, i) => {
    for (const r of f.resources) {
      if (r.partial || r.name === undefined) continue;
      const ts = byName.get(r.name);
      if (ts?.some((t) => (t.kind === undefined || t.kind === r.kind) && (abs[i]!.startsWith(t.root + sep) || t.root === sep))) r.patched = true;
    }
  });
}

const MAX_PATCH_BYTES = 1 << 20;

/** What a kustomization's patches target. Patch files a kustomization names are read here (the linter skips them). */
function kustomizationTargets(k: Record<string, any>, dir: string): Target[] {
  const out: Target[] = [];
  const root = dirname(dir);
  const add = (kind: unknown, name: unknown) => {
    if (typeof name === 'string' && name && !/[*?[]/.test(name)) out.push({ kind: typeof kind === 'string' ? kind : undefined, name, root });
  };
  const fromObjects = (docs: unknown[]) => {
    for (const d of docs) if (d && typeof d === 'object' && !Array.isArray(d)) add((d as any).kind, (d as any).metadata?.name);
  };
  const fromFile = (rel: unknown) => {
    if (typeof rel !== 'string' || rel.includes('\n')) return;
    const p = resolve(dir, rel);
    try {
      if (statSync(p).size > MAX_PATCH_BYTES) return;
      fromObjects(parseAllDocuments(readFileSync(p, 'utf8'), { logLevel: 'silent' } as any).map((d: any) => d.toJS?.({ maxAliasCount: 100 })));
    } catch {
      /* unreadable: no target known */
    }
  };
  const entries = (v: unknown): any[] => (Array.isArray(v) ? v : []);
  for (const e of entries(k.patchesStrategicMerge)) {
    if (typeof e !== 'string') continue;
    if (e.includes('\n')) {
      try {
        fromObjects([parseYaml(e, { logLevel: 'silent' })]);
      } catch {
        /* not YAML */
      }
    } else fromFile(e);
  }
  for (const e of [...entries(k.patches), ...entries(k.patchesJson6902)]) {
    if (!e || typeof e !== 'object') continue;
    if (e.target && typeof e.target === 'object') add(e.target.kind, e.target.name);
    if (typeof e.path === 'string') fromFile(e.path);
    if (typeof e.patch === 'string' && !e.target) {
      try {
        fromObjects([parseYaml(e.patch, { logLevel: 'silent' })]);
      } catch {
        /* not YAML */
      }
    }
  }
  return out;
}

/** The `patches`/`patch` folder a file sits in (directly or below), or undefined. */
function pathHasPatchDir(a: string): boolean {
  const parts = dirname(a).split(sep);
  return parts.slice(-3).some((p) => PATCH_DIRS.has(p));
}

/** The folder above the nearest `patches` folder of a path. */
function patchRoot(a: string): string {
  let d = dirname(a);
  for (let i = 0; i < 3; i++) {
    if (PATCH_DIRS.has(basename(d))) return dirname(d);
    d = dirname(d);
  }
  return dirname(a);
}

function hasNoKeys(o: Record<string, any>): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);
  return empty(o.data) && empty(o.stringData) && empty(o.binaryData);
}

/** Files a Chainsaw Test's steps name (`apply: {file: x}`, `assert: {file: x}` ...); globs are left out. */
function stepFiles(obj: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number) => {
    if (depth > 12 || !v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    for (const [k, x] of Object.entries(v)) {
      if (k === 'file' && typeof x === 'string' && !/[*?[{]/.test(x) && !x.includes('\n')) out.push(x);
      else walk(x, depth + 1);
    }
  };
  walk(obj, 0);
  return out;
}

/**
 * ConfigMaps and Secrets kustomize generates (`configMapGenerator`,
 * `secretGenerator` of the kustomizations among the files), as `Kind/name`:
 * they exist at run time (with a hash suffix kustomize also writes into the
 * references), so a reference to one is not to an absent object.
 */
export function generatedNames(files: ParsedFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    if (f.file.rendered) continue;
    const name = basename(f.file.path);
    const isK = KUSTOMIZATION_FILES.has(name) || f.resources.some((r) => r.kind === 'Kustomization' || r.kind === 'Component');
    if (!isK) continue;
    let k: any;
    try {
      k = parseYaml(f.file.text, { logLevel: 'silent', maxAliasCount: 100 } as any);
    } catch {
      continue;
    }
    if (!k || typeof k !== 'object') continue;
    for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
      if (!Array.isArray(k[field])) continue;
      for (const g of k[field]) if (g && typeof g.name === 'string' && g.name) out.add(`${kind}/${g.name}`);
    }
  }
  return out;
}
