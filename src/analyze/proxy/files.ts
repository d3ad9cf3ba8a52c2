/**
 * The configuration files a container sees through its ConfigMap, Secret and
 * projected volume mounts: which file (ConfigMap key) sits at which absolute
 * path, with its text and a map from offsets in that text back to the
 * manifest, so a finding can point at a line inside an embedded config.
 */
import { isScalar, type Node } from 'yaml';
import type { ContainerInfo, GResource, Graph, MountInfo, VolumeInfo } from '../../graph/model.js';
import { locate, nodeThunk, scalarOffset, rangeOf, type Path } from '../../load/nodes.js';
import type { SourceFile } from '../../load/source.js';
import { fit, isObj } from '../../util.js';
import { normalizePath } from '../shell/paths.js';

/** A range in a manifest file. */
export interface TextRef {
  file: SourceFile;
  range: [number, number];
}

/** Text embedded in a manifest (a ConfigMap value, a command string) with a map back to the file. */
export interface EmbeddedText {
  text: string;
  file: SourceFile;
  /** Map [start, end) of `text` to a range of `file`. */
  ref(start: number, end: number): TextRef;
  /** File offsets of text[start, end) when the file holds exactly those characters there (safe to edit). */
  exact(start: number, end: number): [number, number] | undefined;
}

/** Embedded text held by a scalar node of `file`. */
export function scalarText(file: SourceFile, node: Node | (() => Node | undefined), text: string): EmbeddedText {
  const nodeOf = typeof node === 'function' ? node : () => node;
  const off = (i: number) => {
    const n = nodeOf();
    return n ? scalarOffset(file.text, n, Math.max(0, Math.min(i, text.length))) : 0;
  };
  return {
    text,
    file,
    ref(start, end) {
      // the range is computed when read: for the fast reader's resources it needs the file's nodes
      let range: [number, number] | undefined;
      return {
        file,
        get range() {
          if (!range) {
            const s = off(start);
            range = [s, Math.max(s, off(end))];
          }
          return range;
        },
      };
    },
    exact(start, end) {
      const s = off(start);
      const e = off(end);
      return file.text.slice(s, e) === text.slice(start, end) ? [s, e] : undefined;
    },
  };
}

/** A reference into `text` whose span is computed only when its range is read. */
export function lazyRef(text: EmbeddedText, span: () => [number, number]): TextRef {
  let ref: TextRef | undefined;
  return {
    file: text.file,
    get range() {
      if (!ref) {
        const [s, e] = span();
        ref = text.ref(s, e);
      }
      return ref.range;
    },
  };
}

/** Embedded text whose positions are unknown (base64 data): every range is the whole node. */
function opaqueText(file: SourceFile, range: () => [number, number], text: string): EmbeddedText {
  return { text, file, ref: () => ({ file, range: range() }), exact: () => undefined };
}

/** One file of a volume. */
export interface VolumeEntry {
  /** Path inside the volume (relative, normalized). */
  relPath: string;
  source: 'configMap' | 'secret' | 'other';
  /** The ConfigMap or Secret supplying it. */
  resource?: GResource;
  /** Its key in the ConfigMap/Secret. */
  key?: string;
  /** YAML path of the key in `resource` (e.g. ['data', 'haproxy.cfg']). */
  keyPath?: Path;
  /** YAML path, in the pod's resource, of the `items[].path` that placed it. */
  itemPath?: Path;
  volume: VolumeInfo;
  content?: EmbeddedText;
}

export interface VolumeContents {
  entries: VolumeEntry[];
  /** False when part of the volume's content is unknown (a ConfigMap outside the set, an emptyDir ...). */
  complete: boolean;
}

/** A file as a container sees it. */
export interface ContainerFile {
  path: string;
  entry: VolumeEntry;
  mount: MountInfo;
}

export type Lookup =
  /** No mount covers the path: the image's own file system. */
  | { kind: 'image'; path: string }
  | { kind: 'file'; path: string; file: ContainerFile }
  /** The path is a directory of a mount (files below it). */
  | { kind: 'dir'; path: string; mount: MountInfo }
  /** A mount with known content covers the path, and it holds no such file. */
  | { kind: 'absent'; path: string; mount: MountInfo; siblings: ContainerFile[] }
  /** A mount covers the path but its content is unknown. */
  | { kind: 'unknown'; path: string; mount: MountInfo };

/**
 * Normalize a path as an absolute one: collapse `//`, `.` and `..`, drop a trailing slash (a relative
 * path is taken from `/`). The shell analysis' normalizePath, which returns a path already normal as it is.
 */
export function normPath(p: string): string {
  return normalizePath(p.charCodeAt(0) === 47 ? p : '/' + p);
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Is `p` equal to or below directory `dir`? */
export function within(p: string, dir: string): boolean {
  return dir === '/' || p === dir || p.startsWith(dir + '/');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function relNorm(p: string): string {
  return normPath(p).slice(1);
}

function dataEntries(
  graph: Graph,
  volume: VolumeInfo,
  kind: 'ConfigMap' | 'Secret',
  name: string | undefined,
  items: unknown,
  itemsPath: Path,
): VolumeContents {
  if (!name) return { entries: [], complete: false };
  const r = graph.resolve(kind, volume.template.namespace, name, volume.resource);
  // absent, or a key-less kustomize base an overlay completes: contents unknown
  if (!r || r.openKeys) return { entries: [], complete: false };
  const keys = new Map<string, { keyPath: Path; content?: EmbeddedText }>();
  const add = (field: string, decode: boolean) => {
    const data = r.obj[field];
    if (!isObj(data)) return;
    for (const [k, v] of Object.entries(data)) {
      const keyPath: Path = [field, k];
      let content: EmbeddedText | undefined;
      // a lazy resource's string values are scalar nodes: find the node only when a position is asked for
      const node = r.lazy ? undefined : locate(r.node, keyPath)?.node;
      const at = r.lazy ? nodeThunk(r, keyPath) : () => node;
      if (typeof v === 'string' && (r.lazy || node)) {
        if (!decode && (r.lazy || isScalar(node))) content = scalarText(r.file, at, v);
        else if (decode) {
          try {
            content = opaqueText(r.file, () => rangeOf(at()) ?? [0, 0], Buffer.from(v, 'base64').toString('utf8'));
          } catch {
            content = undefined;
          }
        }
      }
      const prev = keys.get(k);
      // stringData wins over data (as the API server merges them)
      if (!prev || field === 'stringData') keys.set(k, { keyPath, content: content ?? prev?.content });
    }
  };
  if (kind === 'ConfigMap') {
    add('binaryData', true);
    add('data', false);
  } else {
    add('data', true);
    add('stringData', false);
  }
  const entries: VolumeEntry[] = [];
  const source = kind === 'ConfigMap' ? 'configMap' : 'secret';
  if (Array.isArray(items) && items.length > 0) {
    items.forEach((it, i) => {
      const key = str(it?.key);
      const path = str(it?.path);
      if (!key || !path) return;
      const k = keys.get(key);
      if (!k) return; // a missing key: the pod does not start (another rule's finding)
      entries.push({ relPath: relNorm(path), source, resource: r, key, keyPath: k.keyPath, itemPath: itemsPath.concat('items', i, 'path'), volume, content: k.content });
    });
  } else {
    for (const [key, k] of keys) entries.push({ relPath: relNorm(key), source, resource: r, key, keyPath: k.keyPath, volume, content: k.content });
  }
  return { entries, complete: true };
}

function otherItems(volume: VolumeInfo, items: unknown): VolumeEntry[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((it) => (str(it?.path) ? [{ relPath: relNorm(it.path), source: 'other' as const, volume }] : []));
}

const volumeCache = new WeakMap<VolumeInfo, VolumeContents>();

/** The files a volume holds, when they are known (ConfigMap, Secret, projected, downwardAPI volumes). */
export function volumeContents(graph: Graph, v: VolumeInfo): VolumeContents {
  const cached = volumeCache.get(v);
  if (cached) return cached;
  const s = v.spec as any;
  let out: VolumeContents;
  if (isObj(s.configMap)) out = dataEntries(graph, v, 'ConfigMap', str(s.configMap.name), s.configMap.items, v.path.concat('configMap'));
  else if (isObj(s.secret)) out = dataEntries(graph, v, 'Secret', str(s.secret.secretName), s.secret.items, v.path.concat('secret'));
  else if (isObj(s.downwardAPI)) out = { entries: otherItems(v, s.downwardAPI.items), complete: true };
  else if (isObj(s.projected)) {
    const entries: VolumeEntry[] = [];
    let complete = true;
    (Array.isArray(s.projected.sources) ? s.projected.sources : []).forEach((src: any, i: number) => {
      const p = v.path.concat('projected', 'sources', i);
      let part: VolumeContents | undefined;
      if (isObj(src?.configMap)) part = dataEntries(graph, v, 'ConfigMap', str(src.configMap.name), src.configMap.items, p.concat('configMap'));
      else if (isObj(src?.secret)) part = dataEntries(graph, v, 'Secret', str(src.secret.name), src.secret.items, p.concat('secret'));
      else if (isObj(src?.downwardAPI)) part = { entries: otherItems(v, src.downwardAPI.items), complete: true };
      else if (isObj(src?.serviceAccountToken) && str(src.serviceAccountToken.path)) {
        part = { entries: [{ relPath: relNorm(src.serviceAccountToken.path), source: 'other', volume: v }], complete: true };
      } else if (isObj(src?.clusterTrustBundle) && str(src.clusterTrustBundle.path)) {
        part = { entries: [{ relPath: relNorm(src.clusterTrustBundle.path), source: 'other', volume: v }], complete: true };
      } else part = { entries: [], complete: false };
      entries.push(...part.entries);
      if (!part.complete) complete = false;
    });
    out = { entries, complete };
  } else out = { entries: [], complete: false };
  out.entries = fit(out.entries); // kept all run: at its exact size
  volumeCache.set(v, out);
  return out;
}

export interface ContainerFiles {
  container: ContainerInfo;
  /** Every file known from the container's mounts, as the container sees it. */
  files: ContainerFile[];
  lookup(path: string): Lookup;
  /** Files directly inside `dir` (the covering mount's, plus file mounts placed in it). */
  list(dir: string): { files: ContainerFile[]; complete: boolean; mount?: MountInfo };
}

interface MountView {
  mount: MountInfo;
  at: string;
  /** Files this mount places, keyed by absolute path. */
  files: Map<string, ContainerFile>;
  complete: boolean;
}

const filesCache = new WeakMap<ContainerInfo, ContainerFiles>();

/** The container's view of its mounted files. */
export function containerFiles(graph: Graph, c: ContainerInfo): ContainerFiles {
  const cached = filesCache.get(c);
  if (cached) return cached;
  let views: MountView[] = [];
  for (const m of c.mounts) {
    if (!m.mountPath) continue;
    const at = normPath(m.mountPath);
    const view: MountView = { mount: m, at, files: new Map(), complete: false };
    views.push(view);
    if (!m.volume) continue;
    const vc = volumeContents(graph, m.volume);
    const subExpr = typeof (c.spec as any).volumeMounts?.[m.index]?.subPathExpr === 'string';
    if (subExpr) continue; // $(VAR) expansions: unknown
    view.complete = vc.complete;
    const sub = m.subPath ? relNorm(m.subPath) : '';
    for (const e of vc.entries) {
      let path: string | undefined;
      if (!sub) path = at === '/' ? '/' + e.relPath : `${at}/${e.relPath}`;
      else if (e.relPath === sub) path = at;
      else if (e.relPath.startsWith(sub + '/')) path = `${at}/${e.relPath.slice(sub.length + 1)}`;
      if (path) view.files.set(normPath(path), { path: normPath(path), entry: e, mount: m });
    }
  }
  views = fit(views); // kept all run (in the closures below): at its exact size
  // A mount at a deeper path shadows a mount above it; among equal paths the last one wins.
  const covering = (p: string): MountView | undefined => {
    let best: MountView | undefined;
    for (const v of views) if (within(p, v.at) && (!best || v.at.length >= best.at.length)) best = v;
    return best;
  };
  let files: ContainerFile[] = [];
  for (const v of views) for (const f of v.files.values()) if (covering(f.path) === v) files.push(f);
  files = fit(files); // kept all run (cached per container): at its exact size
  const out: ContainerFiles = {
    container: c,
    files,
    lookup(path) {
      const p = normPath(path);
      const v = covering(p);
      if (!v) return { kind: 'image', path: p };
      const f = v.files.get(p);
      if (f) return { kind: 'file', path: p, file: f };
      if ([...v.files.keys()].some((k) => k !== p && within(k, p))) return { kind: 'dir', path: p, mount: v.mount };
      if (!v.complete) return { kind: 'unknown', path: p, mount: v.mount };
      const dir = dirname(p);
      const siblings = [...v.files.values()].filter((x) => dirname(x.path) === dir);
      return { kind: 'absent', path: p, mount: v.mount, siblings };
    },
    list(dir) {
      const d = normPath(dir);
      const v = covering(d);
      const found = files.filter((f) => dirname(f.path) === d);
      return { files: found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), complete: !!v && v.complete && !views.some((w) => w !== v && within(w.at, d) && !w.complete), mount: v?.mount };
    },
  };
  filesCache.set(c, out);
  return out;
}
