/** The interpreter's state (variables, working directory), the words it evaluates, and the collector of what a script does. */
import { DEFAULT_PORTS, findEndpoints } from '../env-endpoints.js';
import { GLOB_RE, joinPath, normalizePath } from './paths.js';
import { fit } from '../../util.js';
import type { CwdKind, Endpoint, FileAccess, LimitNote, Range, ScriptAnalysis, ShellCommand, ShellListener } from './types.js';

export interface Cwd {
  kind: CwdKind;
  dir?: string;
}
export interface State {
  vars: Map<string, string | null>;
  cwd: Cwd;
}
// forEach and explicit fields rather than new Map(map) and a spread: both iterate (an iterator result per entry) or clone
// generically in the unoptimized code most of a run executes, for every branch of every script
export function copyState(s: State): State {
  const vars = new Map<string, string | null>();
  s.vars.forEach(copyVar, vars);
  const cwd: Cwd = { kind: s.cwd.kind };
  if (s.cwd.dir !== undefined) cwd.dir = s.cwd.dir;
  return { vars, cwd };
}
function copyVar(this: Map<string, string | null>, v: string | null, k: string) {
  this.set(k, v);
}

/** A word being interpreted. */
export interface W {
  value?: string;
  range: Range;
  src: number;
  /** Offset (in src) where value[0] sits when the value maps 1:1 onto the source. */
  lin?: number;
  glob?: boolean;
}

/** A word standing for a value derived from `w` (same place, other text). */
export function derived(w: W, value: string): W {
  return { value, src: w.src, range: w.lin !== undefined && w.value !== undefined ? [w.lin, w.lin + w.value.length] : w.range };
}

export function sub(w: W, start: number, end: number): W {
  const value = w.value?.slice(start, end);
  if (w.lin !== undefined) return { value, range: [w.lin + start, w.lin + end], src: w.src, lin: w.lin + start, glob: value !== undefined && GLOB_RE.test(value) && w.glob };
  return { value, range: w.range, src: w.src, glob: w.glob };
}

export function merge(st: State, branches: State[]): void {
  const keys = new Set<string>();
  for (const b of branches) for (const k of b.vars.keys()) keys.add(k);
  for (const k of keys) {
    const vals = branches.map((b) => (b.vars.has(k) ? b.vars.get(k) : st.vars.has(k) ? st.vars.get(k) : undefined));
    const first = vals[0];
    if (vals.every((v) => v === first) && first !== undefined) st.vars.set(k, first);
    else st.vars.set(k, null);
  }
  const c0 = branches[0]?.cwd;
  if (c0 && branches.every((b) => b.cwd.kind === c0.kind && b.cwd.dir === c0.dir)) st.cwd = { ...c0 };
  else st.cwd = { kind: 'dynamic' };
}

const SEEN_STRIDE = 7;
const SEEN_SCAN = 24;
const seenKey = (kind: string, src: number, start: number, end: number, via: string, abs: string | undefined, value: string) => `${kind}\0${src}\0${start}\0${end}\0${via}\0${abs}\0${value}`;

export class Collector implements ScriptAnalysis {
  commands: ShellCommand[] = [];
  writes: FileAccess[] = [];
  reads: FileAccess[] = [];
  endpoints: Endpoint[] = [];
  listeners: ShellListener[] = [];
  opaque: string[] = [];
  dynamicWrites = 0;
  parseError?: string;
  /** Paths tested with `[ -f X ]` outside wait loops: reads of them are optional. */
  tested = new Set<string>();
  functions = new Set<string>();
  limits: LimitNote[] = [];
  /**
   * Accesses recorded so far, as the place and path they were recorded with
   * (flat: SEEN_STRIDE slots each); `seenSet` takes over past SEEN_SCAN of
   * them. A scan of a few entries costs less than a key string and a Set
   * entry per access, which was a tenth of the analysis' allocation.
   */
  private seen: (string | number | undefined)[] = [];
  private seenSet?: Set<string>;

  /** A limit stopped the analysis of [start, end) of source `src`. */
  limit(src: number, range: Range, message: string): void {
    this.limits.push({ src, range, message });
  }

  access(kind: 'read' | 'write', w: W, st: State, via: string, extra?: Partial<FileAccess>): void {
    if (w.value === undefined) {
      if (kind === 'write') this.dynamicWrites++;
      return;
    }
    const value = w.value;
    if (!value || value === '-' || value.length > 4096 || value.includes('\n') || value.includes('\0')) return;
    if (value.startsWith('~')) return;
    let abs: string | undefined;
    let cwd: CwdKind = 'absolute';
    let cwdDir: string | undefined;
    if (value.startsWith('/')) abs = normalizePath(value);
    else {
      cwd = st.cwd.kind;
      cwdDir = st.cwd.dir;
      if (cwdDir !== undefined && (cwd === 'script' || cwd === 'workingDir' || cwd === 'absolute')) abs = joinPath(cwdDir, value);
    }
    const range: Range = w.lin !== undefined ? [w.lin, w.lin + value.length] : w.range;
    const list = kind === 'read' ? this.reads : this.writes;
    // A loop body interpreted once per item: keep one item per place and path.
    if (this.recorded(kind, w.src, range[0], range[1], via, abs, value)) return;
    const item: FileAccess = extra ? { value, abs, cwd, cwdDir, kind, via, range, src: w.src, ...extra } : { value, abs, cwd, cwdDir, kind, via, range, src: w.src };
    if (w.glob || GLOB_RE.test(value)) item.glob = true;
    list.push(item);
  }

  /** Whether this access was recorded before (same kind, place, via and path); records it if not. */
  private recorded(kind: string, src: number, start: number, end: number, via: string, abs: string | undefined, value: string): boolean {
    const set = this.seenSet;
    if (set) {
      const key = seenKey(kind, src, start, end, via, abs, value);
      if (set.has(key)) return true;
      set.add(key);
      return false;
    }
    const a = this.seen;
    for (let i = 0; i < a.length; i += SEEN_STRIDE) {
      if (a[i + 2] === start && a[i + 3] === end && a[i + 1] === src && a[i] === kind && a[i + 4] === via && a[i + 5] === abs && a[i + 6] === value) return true;
    }
    if (a.length >= SEEN_SCAN * SEEN_STRIDE) {
      const s = new Set<string>();
      for (let i = 0; i < a.length; i += SEEN_STRIDE) s.add(seenKey(a[i] as string, a[i + 1] as number, a[i + 2] as number, a[i + 3] as number, a[i + 4] as string, a[i + 5] as string | undefined, a[i + 6] as string));
      s.add(seenKey(kind, src, start, end, via, abs, value));
      this.seenSet = s;
      this.seen = [];
      return false;
    }
    a.push(kind, src, start, end, via, abs, value);
    return false;
  }

  endpoint(w: W, via: string, opts: { bare?: boolean; defaultScheme?: string } = {}): void {
    if (w.value === undefined) return;
    const v = w.value;
    let ms = findEndpoints(v, { bare: opts.bare });
    if (opts.defaultScheme && ms.length === 0 && !v.includes('://')) {
      // curl localhost:8080/x, curl localhost
      const m = /^([^\s/?#]+)/.exec(v);
      if (m && !m[1]!.includes('$')) {
        const hp = findEndpoints(m[1]!.includes(':') ? m[1]! : `${m[1]}:${DEFAULT_PORTS[opts.defaultScheme]}`, { bare: true });
        if (hp.length === 1) {
          const e = hp[0]!;
          const explicit = m[1]!.includes(':');
          ms = [{ ...e, explicitPort: explicit, scheme: opts.defaultScheme, start: 0, end: m[1]!.length }];
        }
      }
    }
    for (const m of ms) {
      const r = sub(w, m.start, m.end);
      this.endpoints.push({ host: m.host, port: m.port, explicitPort: m.explicitPort, scheme: m.scheme, via, range: r.range, src: r.src });
    }
  }

  hostPort(hostW: W | undefined, portW: W | undefined, via: string, defaultPort?: number, defaultHost?: string): void {
    const host = hostW ? hostW.value : defaultHost;
    if (host === undefined || !host || !/^[A-Za-z0-9_.:\[\]-]+$/.test(host)) return;
    let port = defaultPort;
    let explicit = false;
    if (portW) {
      if (portW.value === undefined || !/^\d{1,5}$/.test(portW.value)) return;
      port = Number(portW.value);
      explicit = true;
    }
    if (port === undefined || port < 1 || port > 65535) return;
    const at = hostW ?? portW;
    if (!at) return;
    const ep: Endpoint = { host, port, explicitPort: explicit, via, range: at.range, src: at.src };
    if (hostW && portW && portW.src === hostW.src) {
      ep.portRange = portW.range;
      if (portW.range[0] > hostW.range[0]) ep.range = [hostW.range[0], portW.range[1]];
    }
    this.endpoints.push(ep);
  }

  listen(w: W, port: number, via: string): void {
    if (port >= 1 && port <= 65535) this.listeners.push({ port, via, range: w.range, src: w.src });
  }

  unknown(name: string): void {
    if (!this.opaque.includes(name)) this.opaque.push(name);
  }

  result(): ScriptAnalysis {
    for (const r of this.reads) if (!r.optional && r.via !== 'test' && r.via !== 'wait' && r.abs && this.tested.has(r.abs)) r.optional = true;
    // the lists at their exact size: analyses are kept all run (src/util.ts)
    const o: ScriptAnalysis = {
      commands: fit(this.commands),
      writes: fit(this.writes),
      reads: fit(this.reads),
      endpoints: fit(this.endpoints),
      listeners: fit(this.listeners),
      opaque: fit(this.opaque),
      dynamicWrites: this.dynamicWrites,
    };
    if (this.parseError !== undefined) o.parseError = this.parseError;
    if (this.limits.length) o.limits = this.limits;
    return o;
  }
}
