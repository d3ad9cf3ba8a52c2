/**
 * Reading kustomizations without rendering them: which folders and files a
 * kustomization names (resources, components, patches, generator sources,
 * …), which of them are remote, and its patches and generators with their
 * YAML nodes (so findings on rendered objects can be mapped back to them).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';

import { KUSTOMIZATION_NAMES } from '../../load/kustomization-names.js';

export interface Kustomization {
  /** Absolute path of the kustomization file. */
  path: string;
  dir: string;
  text: string;
  doc: Document.Parsed;
  /** Plain value (an object; `{}` when the file is empty or not a mapping). */
  obj: Record<string, any>;
  component: boolean;
  /** Local folders named as resources or components (absolute). */
  dirs: string[];
  /** Local files it reads: resources, patches, generator sources, crds, configurations … (absolute). */
  files: string[];
  /** Remote resources (git URLs, http(s) files): never fetched. */
  remote: string[];
  patches: PatchRef[];
  generators: GeneratorRef[];
}

export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchRef {
  kustomization: Kustomization;
  /** The patch's own file (absolute), or undefined for an inline patch. */
  file?: string;
  /** For an inline patch: the scalar node in the kustomization holding its text. */
  inline?: Node;
  target?: Target;
  /** The entry's node in the kustomization (for messages). */
  entry: Node;
}

export interface GeneratorRef {
  kustomization: Kustomization;
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** The generator entry's mapping node. */
  entry: Node;
}

const cache = new Map<string, Kustomization | null>();
const reached = new Map<string, Kustomization[]>();

/** Forget what was read (each run starts afresh: a kustomization may have changed since). */
export function clearKustomizationCache(): void {
  cache.clear();
  reached.clear();
}

/** The kustomization file of a folder, if it has one. */
export function kustomizationFile(dir: string): string | undefined {
  for (const n of KUSTOMIZATION_NAMES) {
    const f = join(dir, n);
    if (existsSync(f)) {
      try {
        if (statSync(f).isFile()) return f;
      } catch {
        /* unreadable: none */
      }
    }
  }
  return undefined;
}

const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/|oci:\/\/)|\?(ref|version|submodules|timeout)=/;

/** A resource entry kustomize would fetch over the network. */
export function isRemote(entry: string): boolean {
  return REMOTE.test(entry);
}

/** Read the kustomization of `dir` (or the file itself), cached per run. */
export function readKustomization(fileOrDir: string): Kustomization | undefined {
  let path = fileOrDir;
  try {
    if (statSync(fileOrDir).isDirectory()) {
      const f = kustomizationFile(fileOrDir);
      if (!f) return undefined;
      path = f;
    }
  } catch {
    return undefined;
  }
  path = resolve(path);
  const hit = cache.get(path);
  if (hit !== undefined) return hit ?? undefined;
  let k: Kustomization | undefined;
  try {
    k = parseKustomization(path, readFileSync(path, 'utf8'));
  } catch {
    k = undefined;
  }
  cache.set(path, k ?? null);
  return k;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !x.includes('\n')) : []);

export function parseKustomization(path: string, text: string): Kustomization {
  const doc = parseDocument(text.replace(/^\ufeff/, ''), { logLevel: 'silent', uniqueKeys: false, maxAliasCount: 100 } as any) as Document.Parsed;
  let obj: any;
  try {
    obj = doc.toJS({ maxAliasCount: 100 });
  } catch {
    obj = {};
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) obj = {};
  const dir = dirname(path);
  const k: Kustomization = {
    path,
    dir,
    text,
    doc,
    obj,
    component: obj.kind === 'Component',
    dirs: [],
    files: [],
    remote: [],
    patches: [],
    generators: [],
  };
  const local = (rel: string): string => resolve(dir, rel);
  const addEntry = (e: string) => {
    if (isRemote(e)) return void k.remote.push(e);
    const p = local(e);
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      /* missing: kustomize reports it */
    }
    if (isDir) k.dirs.push(p);
    else k.files.push(p);
  };
  for (const e of [...strings(obj.resources), ...strings(obj.bases)]) addEntry(e);
  for (const e of strings(obj.components)) {
    if (isRemote(e)) k.remote.push(e);
    else k.dirs.push(local(e));
  }
  for (const e of [...strings(obj.crds), ...strings(obj.configurations)]) k.files.push(local(e));
  if (typeof obj.openapi?.path === 'string') k.files.push(local(obj.openapi.path));
  for (const r of Array.isArray(obj.replacements) ? obj.replacements : []) if (typeof r?.path === 'string') k.files.push(local(r.path));

  const root = doc.contents;
  const seqItems = (key: string): Node[] => {
    if (!isMap(root)) return [];
    const v = root.get(key, true);
    return isSeq(v) ? (v.items as Node[]) : [];
  };
  const scalarOf = (m: Node, key: string): Node | undefined => {
    if (!isMap(m)) return undefined;
    const v = m.get(key, true) as Node | undefined;
    return isScalar(v) ? v : undefined;
  };
  // patchesStrategicMerge: file paths or inline patches
  seqItems('patchesStrategicMerge').forEach((n) => {
    if (!isScalar(n) || typeof n.value !== 'string') return;
    if (n.value.includes('\n')) k.patches.push({ kustomization: k, inline: n, entry: n });
    else {
      k.files.push(local(n.value));
      k.patches.push({ kustomization: k, file: local(n.value), entry: n });
    }
  });
  for (const key of ['patches', 'patchesJson6902']) {
    seqItems(key).forEach((n, i) => {
      const e = (obj[key] as any[])?.[i];
      if (!e || typeof e !== 'object') return;
      const target = e.target && typeof e.target === 'object' ? (e.target as Target) : undefined;
      if (typeof e.path === 'string') {
        k.files.push(local(e.path));
        k.patches.push({ kustomization: k, file: local(e.path), target, entry: n });
      } else if (typeof e.patch === 'string') k.patches.push({ kustomization: k, inline: scalarOf(n, 'patch'), target, entry: n });
    });
  }
  for (const [key, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    seqItems(key).forEach((n, i) => {
      const g = (obj[key] as any[])?.[i];
      if (!g || typeof g !== 'object') return;
      for (const f of strings(g.files)) k.files.push(local(f.includes('=') ? f.slice(f.indexOf('=') + 1) : f));
      for (const f of [...strings(g.envs), ...(typeof g.env === 'string' ? [g.env] : [])]) k.files.push(local(f));
      if (typeof g.name === 'string') k.generators.push({ kustomization: k, kind, name: g.name, entry: n });
    });
  }
  return k;
}

/**
 * Every kustomization reachable from `k` (itself first, then what it names,
 * depth first), each once. Missing or unreadable folders are left out
 * (rendering reports them).
 */
export function reachable(k: Kustomization): Kustomization[] {
  const hit = reached.get(k.path);
  if (hit) return hit;
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const visit = (x: Kustomization, depth: number) => {
    if (seen.has(x.path) || depth > 50) return;
    seen.add(x.path);
    out.push(x);
    for (const d of x.dirs) {
      const sub = readKustomization(d);
      if (sub) visit(sub, depth + 1);
    }
  };
  visit(k, 0);
  reached.set(k.path, out);
  return out;
}
