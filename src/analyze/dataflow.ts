/**
 * Data flow between the containers of one pod through their shared volumes:
 * who writes and who reads which file of which volume, from the shell
 * analysis (`shell.ts`) and the filesystem view (`fsview.ts`). Pod-local only:
 * regular containers and native sidecars run concurrently, init containers
 * run before them (a file an init container writes is there for the others).
 *
 * `podFlow(t)` (cached per pod template) finds:
 * - `mismatches`: a path a container reads or writes that lies on none of its
 *   mounts, although one of its mounts holds a shared volume where the file
 *   is evidently meant to be:
 *   - `relative`: `output/data.txt` beside `mountPath: /output`. It only
 *     lands on the volume if the working directory is `/`: an error when
 *     `workingDir` (or a `cd` in the script) says otherwise, a warning when
 *     the image's WORKDIR decides;
 *   - `typo`: `/metric/raw.txt` beside `/metrics` (one path component near
 *     the mount's: edit distance, case, plural). An error when another
 *     container accesses that file on the volume (corroborated) or the
 *     misspelt directory is not a standard one (`/metric`, `/log`, not
 *     `/var/log/apt`); a warning otherwise.
 * - `unwritten`: a read of a file on a shared emptyDir volume that no
 *   container of the pod writes, when every container that can write the
 *   volume runs commands podlint fully understands (a container running an
 *   unknown program, or the image's entrypoint, may write anything: then
 *   nothing is reported). A file a mismatched writer evidently meant to
 *   write is not reported again (one root cause, one finding).
 */
import { distance } from 'fastest-levenshtein';
import type { ContainerInfo, Graph, MountInfo, PodTemplate, VolumeInfo } from '../graph/model.js';
import { analyzeExecs, compileGlob, fileRangeOf, normalizePath, type CommandAnalysis, type FileAccess, type Glob } from './shell/index.js';
import { mountFor, mountPathOf, sharedVolume, volumeContents, volumeType, type SuppliedFile } from './fsview.js';
import { pushTo } from '../util.js';
import { agentReads, type AgentRead } from './agents/index.js';
import { globBase, globMatch, globReachesUnder } from './agents/glob.js';

export interface Access {
  container: ContainerInfo;
  analysis: CommandAnalysis;
  access: FileAccess;
}

/**
 * A path a log/metrics agent's configuration reads (agents/index.ts) that
 * lies on none of the agent's mounts, one path component away from a mount
 * of a shared volume (`/var/log/ap/*.log` beside `/var/log/app`). An error
 * when a file another container writes on that volume matches the glob (or
 * the misspelt directory is not a standard one), a warning otherwise.
 */
export interface AgentMismatch {
  container: ContainerInfo;
  read: AgentRead;
  severity: 'error' | 'warn';
  mount: MountInfo;
  volume: VolumeInfo;
  /** The glob on that mount (what the user most likely meant). */
  suggested: string;
  /** A file another container writes on the volume that the suggested glob matches. */
  peer?: { container: ContainerInfo; path: string };
}

export interface PathMismatch extends Access {
  kind: 'relative' | 'typo';
  severity: 'error' | 'warn';
  /** The shared mount the file was evidently meant for. */
  mount: MountInfo;
  volume: VolumeInfo;
  /** The path on that mount (what the user most likely meant). */
  suggested: string;
  /** The file's path inside the volume. */
  rel: string;
  /** Where the access really goes, when known. */
  resolved?: string;
  /** Another container's access to the same file on the volume. */
  peer?: Access & { path: string };
  /** The ConfigMap/Secret file behind the suggested path (a read from such a volume). */
  supplied?: SuppliedFile;
}

export interface UnwrittenRead extends Access {
  mount: MountInfo;
  volume: VolumeInfo;
  rel: string;
  /** Containers that can write the volume (all analysed, none writes the file). */
  writers: ContainerInfo[];
  /** Near files written on the volume, as paths in the reader's view. */
  near: string[];
}

export interface PodFlow {
  mismatches: PathMismatch[];
  agentMismatches: AgentMismatch[];
  unwritten: UnwrittenRead[];
}

const UNINTERESTING = /^\/(dev|proc|sys)(\/|$)/;
/** System directories images have: a path in them is not a misspelt mount path. */
const SYSTEM_DIRS = new Set([
  '/etc/ssl', '/etc/ssl/certs', '/etc/pki', '/etc/nginx', '/etc/default', '/etc/init.d', '/var/log', '/var/lib', '/var/run', '/var/cache',
  '/var/tmp', '/var/spool', '/var/www', '/var/mail', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib64', '/usr/local', '/usr/share',
  '/usr/include', '/usr/src', '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib', '/usr/local/share', '/usr/local/etc', '/run/secrets', '/run/lock',
]);
const STANDARD_TOP = new Set(['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var']);

/** One volume-relative file a container touches. */
interface Entry extends Access {
  kind: 'read' | 'write';
  rel?: string;
  /** Relative path with unknown working directory: covers any rel ending with it. */
  suffix?: string;
  any?: boolean;
  glob?: Glob;
}

function covers(e: Entry, rel: string): boolean {
  if (e.suffix !== undefined) return rel === e.suffix || rel.endsWith('/' + e.suffix);
  if (e.rel === undefined) return false;
  if (e.rel === rel) return true;
  if (e.any && (e.rel === '' || rel.startsWith(e.rel + '/'))) return true;
  if (e.glob && e.glob.test(rel)) return true;
  return false;
}

/** Is segment `a` a near miss of `b` (typo, case, plural)? */
function nearSeg(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (a + 's' === b || b + 's' === a) return true;
  if (Math.min(a.length, b.length) < 3) return false;
  const limit = Math.max(1, Math.floor(Math.max(a.length, b.length) / 4));
  return distance(a, b) <= limit || transposed(a, b);
}

/** `a` is `b` with two adjacent characters swapped (`outptu` / `output`). */
function transposed(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

const cache = new WeakMap<PodTemplate, PodFlow>();

export function podFlow(graph: Graph, t: PodTemplate): PodFlow {
  const hit = cache.get(t);
  if (hit) return hit;
  const flow = compute(graph, t);
  cache.set(t, flow);
  return flow;
}

function containersOf(t: PodTemplate): ContainerInfo[] {
  return t.containers.filter((c) => c.group !== 'ephemeralContainers');
}

function compute(graph: Graph, t: PodTemplate): PodFlow {
  const flow: PodFlow = { mismatches: [], agentMismatches: [], unwritten: [] };
  const containers = containersOf(t);
  // Only pods with a shared volume have data flow between containers.
  const shared = t.volumes.filter(sharedVolume);
  if (shared.length === 0) return flow;
  const sharedSet = new Set(shared);

  const accesses: Access[] = [];
  // indexed loops here: for-of allocates an iterator and a result per item in the unoptimized code most runs execute
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i]!;
    const as = analyzeExecs(c);
    for (let j = 0; j < as.length; j++) {
      const a = as[j]!;
      for (let k = 0; k < a.writes.length; k++) accesses.push({ container: c, analysis: a, access: a.writes[k]! });
      for (let k = 0; k < a.reads.length; k++) accesses.push({ container: c, analysis: a, access: a.reads[k]! });
    }
  }

  // Volume-relative entries, per shared volume.
  const entries = new Map<VolumeInfo, Entry[]>();
  const add = (v: VolumeInfo, e: Entry) => {
    pushTo(entries, v, e);
  };
  for (let i = 0; i < accesses.length; i++) {
    const acc = accesses[i]!;
    const c = acc.container;
    const x = acc.access;
    const kind = x.kind;
    if (x.abs !== undefined) {
      const h = mountFor(c, x.abs);
      if (!h?.volume || !sharedSet.has(h.volume)) continue;
      if (kind === 'write' && h.mount.readOnly) continue;
      const e: Entry = { container: c, analysis: acc.analysis, access: x, kind, rel: h.rel, any: x.any };
      if (x.glob) e.glob = compileGlob(h.rel);
      add(h.volume, e);
      if (x.into) add(h.volume, { container: c, analysis: acc.analysis, access: x, kind, rel: h.rel ? `${h.rel}/${x.into}` : x.into });
    } else if (x.cwd === 'image' || x.cwd === 'dynamic') {
      // A relative path with an unknown working directory may land on any of the container's shared mounts.
      for (let j = 0; j < c.mounts.length; j++) {
        const m = c.mounts[j]!;
        if (!m.volume || !sharedSet.has(m.volume) || (kind === 'write' && m.readOnly)) continue;
        add(m.volume, { container: c, analysis: acc.analysis, access: x, kind, suffix: normalizePath(x.value).replace(/^(\.\.\/)+/, '') });
      }
    }
  }

  // Mismatches.
  for (let i = 0; i < accesses.length; i++) {
    const m = mismatch(graph, accesses[i]!, sharedSet, entries);
    if (m) flow.mismatches.push(m);
  }

  // Paths agents' configurations read.
  for (const c of containers) {
    for (const r of agentReads(graph, c)) {
      const m = agentMismatch(c, r, sharedSet, entries);
      if (m) flow.agentMismatches.push(m);
    }
  }

  // Unwritten reads.
  const claimed = (v: VolumeInfo, rel: string) => flow.mismatches.some((m) => m.volume === v && m.rel === rel && m.access.kind === 'write');
  const writerCache = new Map<VolumeInfo, { writers: ContainerInfo[]; known: boolean }>();
  const writersOf = (v: VolumeInfo) => {
    let w = writerCache.get(v);
    if (!w) {
      const writers: ContainerInfo[] = [];
      let known = true;
      for (const mt of v.mounts) {
        const c = mt.container;
        if (c.group === 'ephemeralContainers' || mt.readOnly || writers.includes(c)) continue;
        writers.push(c);
        const execs = analyzeExecs(c);
        if (!execs.some((a) => a.origin === 'command')) known = false; // the image's entrypoint runs
        for (const a of execs) if (a.opaque.length > 0 || a.parseError !== undefined || a.dynamicWrites > 0) known = false;
      }
      writerCache.set(v, (w = { writers, known }));
    }
    return w;
  };
  const reported = new Set<string>();
  for (let i = 0; i < accesses.length; i++) {
    const acc = accesses[i]!;
    const c = acc.container;
    const x = acc.access;
    if (x.kind !== 'read' || x.optional || x.via === 'test' || x.abs === undefined || x.glob || x.dir) continue;
    const h = mountFor(c, x.abs);
    if (!h?.volume || !sharedSet.has(h.volume) || volumeType(h.volume) !== 'emptyDir' || !h.rel) continue;
    const v = h.volume;
    const { writers, known } = writersOf(v);
    if (!known) continue;
    const es = entries.get(v) ?? [];
    if (es.some((e) => e.kind === 'write' && covers(e, h.rel))) continue;
    if (claimed(v, h.rel)) continue;
    const key = `${c.name}\u0000${fileRangeOf(x)?.[0]}\u0000${h.rel}`;
    if (reported.has(key)) continue;
    reported.add(key);
    // Near files written on the volume, in the reader's view.
    const written = [...new Set(es.filter((e) => e.kind === 'write' && e.rel && !e.any && !e.glob).map((e) => e.rel!))];
    const sub = h.mount.subPath ? normalizePath(h.mount.subPath).replace(/^\/+/, '') : '';
    const near: string[] = [];
    for (const r of written) {
      if (!nearFile(h.rel, r)) continue;
      if (sub && !r.startsWith(sub + '/')) continue;
      near.push(normalizePath(`${h.mountPath}/${sub ? r.slice(sub.length + 1) : r}`));
    }
    flow.unwritten.push({ ...acc, mount: h.mount, volume: v, rel: h.rel, writers, near: near.sort() });
  }
  return flow;
}

/** Near file paths: same directory and a near file name, or the same name in a near directory. */
function nearFile(a: string, b: string): boolean {
  if (a === b) return false;
  const limit = Math.max(1, Math.floor(a.length / 3));
  if (distance(a, b) <= limit) return true;
  const ba = a.slice(a.lastIndexOf('/') + 1);
  const bb = b.slice(b.lastIndexOf('/') + 1);
  return ba === bb;
}

function mismatch(graph: Graph, acc: Access, shared: Set<VolumeInfo>, entries: Map<VolumeInfo, Entry[]>): PathMismatch | undefined {
  const { container: c, access: x } = acc;
  if (x.via === 'test' || x.via === 'mkdir') return undefined;
  if (x.abs !== undefined) {
    if (UNINTERESTING.test(x.abs)) return undefined;
    if (mountFor(c, x.abs)) return undefined; // on a mount: fine
  }
  if (x.glob && /[*?[]/.test(x.value.slice(0, x.value.lastIndexOf('/') + 1))) return undefined;
  const peerOf = (v: VolumeInfo, rel: string): PathMismatch['peer'] => {
    for (const e of entries.get(v) ?? []) {
      if (e.container === c) continue;
      if (x.kind === 'read' ? e.kind !== 'write' : false) continue;
      if (e.suffix !== undefined) continue;
      if (!covers(e, rel) && !(e.kind === 'read' && e.rel === rel)) continue;
      const h = e.access.abs;
      return { container: e.container, analysis: e.analysis, access: e.access, path: h ?? e.access.value };
    }
    return undefined;
  };
  const suppliedOf = (v: VolumeInfo, rel: string): SuppliedFile | undefined =>
    x.kind === 'read' ? volumeContents(graph, v)?.files.find((f) => f.rel === rel) : undefined;

  // Relative path that lands on a shared mount only when rooted at `/`.
  if (x.cwd !== 'absolute' && x.cwd !== 'dynamic') {
    const v = x.value;
    if (v === '.' || v.startsWith('../') || v === '..') return undefined;
    const rooted = normalizePath('/' + v);
    const h = mountFor(c, rooted);
    if (!h?.volume || !shared.has(h.volume) || h.mountPath === '/') return undefined;
    if (x.kind === 'write' && h.mount.readOnly) return undefined;
    const severity = x.cwd === 'image' ? 'warn' : 'error';
    const peer = peerOf(h.volume, h.rel);
    const supplied = suppliedOf(h.volume, h.rel);
    // The image may well hold a relative file it reads (config/app.yaml under its WORKDIR):
    // a read is only taken as meant for the volume when the volume has that file.
    if (x.kind === 'read' && !peer && !supplied) return undefined;
    return { ...acc, kind: 'relative', severity, mount: h.mount, volume: h.volume, suggested: rooted, rel: h.rel, resolved: x.abs, peer, supplied };
  }
  if (x.abs === undefined) return undefined;

  // A path one component away from a shared mount.
  const segs = x.abs.split('/').filter(Boolean);
  const found: { m: MountInfo; mp: string; j: number }[] = [];
  for (const m of c.mounts) {
    if (!m.volume || !shared.has(m.volume)) continue;
    const mp = mountPathOf(m);
    if (!mp || mp === '/') continue;
    const ms = mp.split('/').filter(Boolean);
    if (segs.length < ms.length) continue;
    let diff = -1;
    let ok = true;
    for (let j = 0; j < ms.length; j++) {
      if (segs[j] === ms[j]) continue;
      if (diff !== -1 || !nearSeg(segs[j]!, ms[j]!)) {
        ok = false;
        break;
      }
      diff = j;
    }
    if (ok && diff !== -1) found.push({ m, mp, j: diff });
  }
  if (found.length !== 1) return undefined;
  const { m, mp, j } = found[0]!;
  // A path in a real system directory (`/var/lib/x` beside a mount at `/var/lbi`) is not a typo.
  if ((j === 0 && STANDARD_TOP.has(segs[0]!)) || SYSTEM_DIRS.has('/' + segs.slice(0, j + 1).join('/'))) return undefined;
  const ms = mp.split('/').filter(Boolean);
  const suggested = normalizePath(`${mp}/${segs.slice(ms.length).join('/')}`);
  const h = mountFor(c, suggested);
  if (!h?.volume || h.mount !== m) return undefined;
  if (x.kind === 'write' && m.readOnly) return undefined;
  const peer = peerOf(h.volume, h.rel);
  const supplied = suppliedOf(h.volume, h.rel);
  const evident = peer !== undefined || supplied !== undefined || (j === 0 && !STANDARD_TOP.has(segs[0]!));
  return { ...acc, kind: 'typo', severity: evident ? 'error' : 'warn', mount: m, volume: h.volume, suggested, rel: h.rel, resolved: x.abs, peer, supplied };
}

/** Does the glob reach any of the container's mounts? */
function globOnMount(c: ContainerInfo, glob: string, base: string): boolean {
  for (const m of c.mounts) {
    const mp = mountPathOf(m);
    if (mp === undefined) continue;
    if (mp === '/' || base === mp || base.startsWith(mp + '/')) return true;
    if (mp.startsWith(base === '/' ? '/' : base + '/') && globReachesUnder(glob, mp)) return true;
  }
  return false;
}

function agentMismatch(c: ContainerInfo, r: AgentRead, shared: Set<VolumeInfo>, entries: Map<VolumeInfo, Entry[]>): AgentMismatch | undefined {
  const glob = normalizePath(r.path);
  if (UNINTERESTING.test(glob)) return undefined;
  const { base } = globBase(glob);
  if (globOnMount(c, glob, base)) return undefined;
  // Match the glob against each shared mount segment by segment: wildcard
  // segments must match, one literal segment may be a near miss (the typo).
  const segs = glob.split('/').filter(Boolean);
  const found: { m: MountInfo; mp: string; j: number }[] = [];
  for (const m of c.mounts) {
    if (!m.volume || !shared.has(m.volume)) continue;
    const mp = mountPathOf(m);
    if (!mp || mp === '/') continue;
    const ms = mp.split('/').filter(Boolean);
    let diff = -1;
    let ok = true;
    for (let j = 0; j < ms.length; j++) {
      const g = segs[j];
      if (g === '**') break;
      if (g === undefined || (j === segs.length - 1 && j < ms.length - 1)) {
        ok = false;
        break;
      }
      if (g === ms[j]) continue;
      if (/[*?[{]/.test(g)) {
        if (globMatch(g, ms[j]!)) continue;
        ok = false;
        break;
      }
      if (diff !== -1 || !nearSeg(g, ms[j]!)) {
        ok = false;
        break;
      }
      diff = j;
    }
    if (ok && diff !== -1) found.push({ m, mp, j: diff });
  }
  if (found.length !== 1) return undefined;
  const { m, mp, j } = found[0]!;
  if ((j === 0 && STANDARD_TOP.has(segs[0]!)) || SYSTEM_DIRS.has('/' + segs.slice(0, j + 1).join('/'))) return undefined;
  const ms = mp.split('/').filter(Boolean);
  // The glob with the misspelt segment corrected, and its part below the mount.
  const fixed = segs.map((x, i) => (i === j ? ms[j]! : x));
  const suggested = '/' + fixed.join('/');
  const star = fixed.indexOf('**');
  const rest = star >= 0 && star < ms.length ? fixed.slice(star).join('/') : fixed.slice(ms.length).join('/');
  const v = m.volume!;
  const sub = m.subPath ? normalizePath(m.subPath).replace(/^\/+/, '').replace(/^\.$/, '') : '';
  const relGlob = [sub, rest].filter(Boolean).join('/');
  let peer: AgentMismatch['peer'];
  for (const e of entries.get(v) ?? []) {
    if (e.container === c || e.kind !== 'write' || !e.rel || e.any || e.glob) continue;
    if (relGlob && globMatch(relGlob, e.rel)) {
      peer = { container: e.container, path: e.access.abs ?? e.access.value };
      break;
    }
  }
  const evident = peer !== undefined || (j === 0 && !STANDARD_TOP.has(segs[0]!));
  return { container: c, read: r, severity: evident ? 'error' : 'warn', mount: m, volume: v, suggested, peer };
}
