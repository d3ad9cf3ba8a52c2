/**
 * A container's filesystem view, from its `volumeMounts` and the volumes
 * behind them.
 *
 * - `mountFor(c, path)`: which mount (and volume) an absolute path lands on,
 *   and the path inside the volume (`rel`, with the mount's `subPath` applied).
 *   The longest `mountPath` wins, as in the kubelet (nested mounts shadow).
 * - `landsOn(graph, c, path)`: the same plus, for ConfigMap / Secret /
 *   projected / downwardAPI volumes, the key behind that file (`items` map
 *   keys to paths; without `items` every key is a file named after it).
 * - `filesAt(graph, c, dir)`: the files a container sees in a directory that is
 *   a mount point (or inside one) of such a volume; undefined when podlint
 *   cannot know (emptyDir, PVC, an object outside the linted set ...).
 * - `resolvePath(c, p, cwd?)`: a relative path resolves against `cwd`, else
 *   the container's `workingDir`; when both are unset the result depends on
 *   the image's WORKDIR, which podlint cannot see (`unknownWorkdir`).
 * - `sharedVolume(v)`: the volume is mounted by more than one container of
 *   its pod (ephemeral containers excluded).
 */
import type { ContainerInfo, GResource, Graph, MountInfo, VolumeInfo } from '../graph/model.js';
import { dataKeys, implicitKeys } from './references.js';
import { normalizePath } from './shell/index.js';
import { isObj } from '../util.js';

export { normalizePath };

/** `mountPath` normalized (no trailing slash), or undefined when unusable (unset, relative, a Windows path). */
export function mountPathOf(m: MountInfo): string | undefined {
  const p = m.mountPath;
  if (typeof p !== 'string' || !p.startsWith('/')) return undefined;
  return normalizePath(p);
}

export interface MountHit {
  mount: MountInfo;
  volume?: VolumeInfo;
  /** Normalized mount path. */
  mountPath: string;
  /** Path inside the volume: `subPath` joined with the rest of the path ('' for the volume root). */
  rel: string;
}

/** Is `path` the directory `dir` or inside it? */
export function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(dir + '/');
}

/** Hits by container and path: the data flow asks for every access two or three times (treat them as read-only). */
const hitCache = new WeakMap<ContainerInfo, Map<string, MountHit | null>>();

/** The mount an absolute path lands on (longest mountPath that contains it). */
export function mountFor(c: ContainerInfo, path: string): MountHit | undefined {
  if (!path.startsWith('/')) return undefined;
  let byPath = hitCache.get(c);
  if (!byPath) hitCache.set(c, (byPath = new Map()));
  const hit = byPath.get(path);
  if (hit !== undefined) return hit ?? undefined;
  const found = findMount(c, path);
  if (byPath.size < 256) byPath.set(path, found ?? null);
  return found;
}

function findMount(c: ContainerInfo, path: string): MountHit | undefined {
  const p = normalizePath(path);
  let best: MountHit | undefined;
  for (const m of c.mounts) {
    const mp = mountPathOf(m);
    if (mp === undefined || !isUnder(p, mp)) continue;
    if (best && best.mountPath.length >= mp.length) continue;
    const rest = mp === '/' ? p.slice(1) : p.slice(mp.length + 1);
    const sub = m.subPath ? normalizePath(m.subPath).replace(/^\/+/, '').replace(/^\.$/, '') : '';
    const rel = sub && rest ? `${sub}/${rest}` : sub || rest;
    best = { mount: m, volume: m.volume, mountPath: mp, rel };
  }
  return best;
}

export interface ResolvedPath {
  /** Absolute normalized path, when it can be known. */
  abs?: string;
  /** The path is relative and neither `cwd` nor `workingDir` is set: it depends on the image's WORKDIR. */
  unknownWorkdir: boolean;
}

/** Resolve `p` as container `c` would: absolute as is, relative against `cwd` or `workingDir`. */
export function resolvePath(c: ContainerInfo, p: string, cwd?: string): ResolvedPath {
  if (p.startsWith('/')) return { abs: normalizePath(p), unknownWorkdir: false };
  const base = cwd ?? (typeof c.spec.workingDir === 'string' && c.spec.workingDir.startsWith('/') ? c.spec.workingDir : undefined);
  if (base === undefined) return { unknownWorkdir: true };
  return { abs: normalizePath(`${base}/${p}`), unknownWorkdir: false };
}

/** Is the volume mounted by more than one (non-ephemeral) container of its pod? */
export function sharedVolume(v: VolumeInfo): boolean {
  const cs = new Set<ContainerInfo>();
  for (const m of v.mounts) if (m.container.group !== 'ephemeralContainers') cs.add(m.container);
  return cs.size > 1;
}

/** The containers (other than `c`) that mount volume `v`. */
export function otherMounters(v: VolumeInfo, c: ContainerInfo): ContainerInfo[] {
  const out: ContainerInfo[] = [];
  for (const m of v.mounts) if (m.container !== c && m.container.group !== 'ephemeralContainers' && !out.includes(m.container)) out.push(m.container);
  return out;
}

/** The volume's type, with an unset source read as the API server defaults it (emptyDir). */
export function volumeType(v: VolumeInfo): string {
  return v.sourceType ?? 'emptyDir';
}

// ---------------------------------------------------------------------------
// Files supplied by ConfigMap / Secret / projected / downwardAPI volumes

export interface SuppliedFile {
  /** Path inside the volume. */
  rel: string;
  /** The key behind it (ConfigMap/Secret key, or the downward API field path). */
  key?: string;
  source: { kind: 'ConfigMap' | 'Secret' | 'downwardAPI' | 'serviceAccountToken' | 'clusterTrustBundle'; name?: string; resource?: GResource };
}

export interface VolumeContents {
  files: SuppliedFile[];
  /** Every source is known (in the linted set, or the cluster's implicit objects): `files` is the whole content. */
  complete: boolean;
}


function objectFiles(graph: Graph, namespace: string, kind: 'ConfigMap' | 'Secret', name: unknown, items: unknown, optional: unknown, out: SuppliedFile[], from?: GResource): boolean {
  if (typeof name !== 'string' || !name) return false;
  const r = from ? graph.resolve(kind, namespace, name, from) : graph.get(kind, namespace, name);
  // a key-less ConfigMap/Secret of a kustomize base (`openKeys`): an overlay supplies its keys
  const keys = r ? (r.openKeys ? undefined : dataKeys(r)) : implicitKeys(kind, name);
  const source = { kind, name, resource: r };
  if (Array.isArray(items) && items.length > 0) {
    // `items` fix the file names, whether or not the object is in the linted set.
    for (const it of items) {
      if (!isObj(it) || typeof it.key !== 'string') continue;
      const p = typeof it.path === 'string' && it.path ? it.path : it.key;
      if (keys && !keys.includes(it.key)) continue; // a missing key: another rule's finding
      out.push({ rel: normalizePath(p).replace(/^\/+/, ''), key: it.key, source });
    }
    return true;
  }
  if (!keys) return false; // not in the linted set: its keys are unknown
  void optional;
  for (const k of keys) out.push({ rel: k, key: k, source });
  return true;
}

/** What a ConfigMap/Secret/projected/downwardAPI volume holds; undefined for other volume types. */
export function volumeContents(graph: Graph, v: VolumeInfo): VolumeContents | undefined {
  const s = v.spec as any;
  const ns = v.template.namespace;
  const files: SuppliedFile[] = [];
  if (isObj(s.configMap)) {
    const complete = objectFiles(graph, ns, 'ConfigMap', s.configMap.name, s.configMap.items, s.configMap.optional, files, v.resource);
    return { files, complete };
  }
  if (isObj(s.secret)) {
    const complete = objectFiles(graph, ns, 'Secret', s.secret.secretName, s.secret.items, s.secret.optional, files, v.resource);
    return { files, complete };
  }
  if (isObj(s.downwardAPI)) {
    for (const it of Array.isArray(s.downwardAPI.items) ? s.downwardAPI.items : []) {
      if (isObj(it) && typeof it.path === 'string') files.push({ rel: normalizePath(it.path).replace(/^\/+/, ''), key: it.fieldRef?.fieldPath ?? it.resourceFieldRef?.resource, source: { kind: 'downwardAPI' } });
    }
    return { files, complete: true };
  }
  if (isObj(s.projected)) {
    let complete = true;
    for (const src of Array.isArray(s.projected.sources) ? s.projected.sources : []) {
      if (!isObj(src)) continue;
      if (isObj(src.configMap)) complete = objectFiles(graph, ns, 'ConfigMap', src.configMap.name, src.configMap.items, src.configMap.optional, files, v.resource) && complete;
      else if (isObj(src.secret)) complete = objectFiles(graph, ns, 'Secret', src.secret.name, src.secret.items, src.secret.optional, files, v.resource) && complete;
      else if (isObj(src.downwardAPI)) {
        for (const it of Array.isArray(src.downwardAPI.items) ? src.downwardAPI.items : []) {
          if (isObj(it) && typeof it.path === 'string') files.push({ rel: normalizePath(it.path).replace(/^\/+/, ''), key: it.fieldRef?.fieldPath, source: { kind: 'downwardAPI' } });
        }
      } else if (isObj(src.serviceAccountToken)) {
        files.push({ rel: typeof src.serviceAccountToken.path === 'string' ? src.serviceAccountToken.path : 'token', source: { kind: 'serviceAccountToken' } });
      } else if (isObj(src.clusterTrustBundle)) {
        if (typeof src.clusterTrustBundle.path === 'string') files.push({ rel: src.clusterTrustBundle.path, source: { kind: 'clusterTrustBundle' } });
      } else complete = false;
    }
    return { files, complete };
  }
  return undefined;
}

export interface Landing extends MountHit {
  /** For volumes with known contents: the supplied file at that path, if any. */
  file?: SuppliedFile;
  /** The volume's contents are known completely (so a missing `file` means the file is not there). */
  known: boolean;
}

/** Which volume, and which ConfigMap/Secret key, an absolute path lands on in container `c`. */
export function landsOn(graph: Graph, c: ContainerInfo, path: string): Landing | undefined {
  const hit = mountFor(c, path);
  if (!hit) return undefined;
  const contents = hit.volume ? volumeContents(graph, hit.volume) : undefined;
  if (!contents) return { ...hit, known: false };
  const file = contents.files.find((f) => f.rel === hit.rel);
  return { ...hit, file, known: contents.complete };
}

export interface DirEntry {
  name: string;
  dir: boolean;
  mount: MountInfo;
  file?: SuppliedFile;
}

/**
 * The entries a container sees in directory `dir`, when they come from
 * volumes whose contents podlint knows (ConfigMap, Secret, projected,
 * downwardAPI), including mount points of other volumes directly inside it.
 * Undefined when `dir` is not on such a volume.
 */
export function filesAt(graph: Graph, c: ContainerInfo, dir: string): DirEntry[] | undefined {
  const d = normalizePath(dir);
  const hit = mountFor(c, d);
  if (!hit || !hit.volume) return undefined;
  const contents = volumeContents(graph, hit.volume);
  if (!contents || !contents.complete) return undefined;
  const out: DirEntry[] = [];
  const seen = new Set<string>();
  const prefix = hit.rel ? hit.rel + '/' : '';
  for (const f of contents.files) {
    if (!f.rel.startsWith(prefix) || f.rel === hit.rel) continue;
    const rest = f.rel.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, dir: slash !== -1, mount: hit.mount, file: slash === -1 ? f : undefined });
  }
  // Other mounts directly inside `dir` shadow or add entries.
  for (const m of c.mounts) {
    const mp = mountPathOf(m);
    if (!mp || mp === d || !isUnder(mp, d)) continue;
    const rest = mp.slice(d === '/' ? 1 : d.length + 1);
    const name = rest.split('/')[0]!;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, dir: true, mount: m });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
