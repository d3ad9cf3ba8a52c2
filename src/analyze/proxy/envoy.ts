/**
 * Envoy bootstrap configuration (YAML or JSON, v3 and v2 static resources):
 * listener and admin addresses, cluster endpoints, and the cluster names
 * routes and filters refer to. Positions are indices into the configuration
 * text. Never throws.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { fastDocuments } from '../../load/fast.js';
import { locate, rangeOf, type PathSeg } from '../../load/nodes.js';
import { isObj } from '../../util.js';

export interface EnvoyListener {
  name?: string;
  host?: string;
  port: number;
  /** The `socket_address` mapping (or its `port_value`). */
  span: [number, number];
  admin?: boolean;
}

export interface EnvoyEndpoint {
  cluster: string;
  host: string;
  port?: number;
  /** The `address:` value (the host). */
  hostSpan: [number, number];
  /** From the `address` key to the end of `port_value`'s value. */
  span: [number, number];
  /** The host scalar is plain (safe to replace in place). */
  plain: boolean;
  /** The `port_value` value. */
  portSpan?: [number, number];
  /** The `port_value` key and value (where a finding about the port points). */
  portPairSpan?: [number, number];
}

export interface EnvoyClusterRef {
  name: string;
  /** The name's scalar. */
  span: [number, number];
  /** Start of the `cluster:` key (the directive). */
  keyStart: number;
}

export interface EnvoyConfig {
  /** The text parsed as YAML/JSON. */
  ok: boolean;
  listeners: EnvoyListener[];
  endpoints: EnvoyEndpoint[];
  clusters: string[];
  clusterRefs: EnvoyClusterRef[];
  /** Clusters may come from CDS/ADS: unknown names are not errors. */
  dynamicClusters: boolean;
  /** Pieces not analysed because a depth limit stopped the reader (reported by `analysis-limit`). */
  limits: { span: [number, number]; message: string }[];
}

/** Cluster references nested deeper than this in a listener are not looked for. */
export const MAX_ENVOY_DEPTH = 60;

/**
 * Configurations nested deeper than this are not read: real ones nest about 20
 * levels, and the YAML reader's cost grows faster than the text with depth
 * (800 levels: ~0.1 s; about 1,000 exhaust its stack).
 */
export const MAX_ENVOY_NESTING = 128;

/**
 * The nesting depth of YAML/JSON text, estimated in one pass (flow brackets
 * open at a point, plus block indentation levels and `- ` entries); counting
 * stops above `cap`. Quoted strings and comments are skipped.
 */
export function nestingDepth(text: string, cap: number): number {
  const n = text.length;
  const indents: number[] = [];
  let flow = 0;
  let max = 0;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (j < n && text[j] === ' ') j++;
      // `- - x` opens one level per dash
      let k = j;
      while (text[k] === '-' && text[k + 1] === ' ') k += 2;
      if (flow === 0 && k < n && text[k] !== '\n' && text[k] !== '\r' && text[k] !== '#') {
        const col = j - i;
        while (indents.length && indents[indents.length - 1]! >= col) indents.pop();
        for (let c = col; c <= col + (k - j); c += 2) indents.push(c);
      }
      i = k;
      continue;
    }
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      while (i + 1 < n && text[i + 1] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      flow++;
    } else if ((c === ']' || c === '}') && flow > 0) {
      flow--;
    }
    const d = flow + indents.length;
    if (d > max && (max = d) > cap) return max;
    i++;
  }
  return Math.max(max, flow + indents.length);
}

const tooDeep = (e: unknown) => e instanceof RangeError || (e instanceof Error && /call stack/i.test(e.message));

const ENVOY_YAML = { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' } as const;

/**
 * A place in the configuration, read either from yaml nodes or from plain
 * values (the fast reader's). With plain values the nodes — for positions —
 * are found by path in a document parsed only when a position is read.
 */
interface Cursor {
  get(key: string): Cursor | undefined;
  items(): Cursor[];
  /** A mapping's entries in order (key undefined when it is not a scalar). */
  entries(): [string | undefined, Cursor][];
  str(): string | undefined;
  num(): unknown;
  node(): Node | undefined;
  /** The pair holding this value, when it is a mapping value. */
  pair(): Pair | undefined;
}

class NodeCursor implements Cursor {
  constructor(
    readonly n: Node,
    readonly p?: Pair,
  ) {}
  get(key: string): Cursor | undefined {
    const l = locate(this.n, [key]);
    return l?.node ? new NodeCursor(l.node, l.pair) : undefined;
  }
  items(): Cursor[] {
    return isSeq(this.n) ? (this.n.items as (Node | null)[]).filter((x): x is Node => !!x).map((x) => new NodeCursor(x)) : [];
  }
  entries(): [string | undefined, Cursor][] {
    if (!isMap(this.n)) return [];
    const out: [string | undefined, Cursor][] = [];
    for (const p of (this.n as YAMLMap).items) if (p.value) out.push([isScalar(p.key) ? String(p.key.value) : undefined, new NodeCursor(p.value as Node, p)]);
    return out;
  }
  str(): string | undefined {
    return isScalar(this.n) && typeof this.n.value === 'string' ? this.n.value : undefined;
  }
  num(): unknown {
    return isScalar(this.n) ? this.n.value : undefined;
  }
  node(): Node {
    return this.n;
  }
  pair(): Pair | undefined {
    return this.p;
  }
}


class ValueCursor implements Cursor {
  constructor(
    readonly v: unknown,
    readonly path: PathSeg[],
    readonly root: () => Node | undefined,
  ) {}
  get(key: string): Cursor | undefined {
    return isObj(this.v) && Object.prototype.hasOwnProperty.call(this.v, key) ? new ValueCursor(this.v[key], [...this.path, key], this.root) : undefined;
  }
  items(): Cursor[] {
    return Array.isArray(this.v) ? this.v.map((x, i) => new ValueCursor(x, [...this.path, i], this.root)) : [];
  }
  entries(): [string | undefined, Cursor][] {
    return isObj(this.v) ? Object.keys(this.v).map((k) => [k, new ValueCursor((this.v as Record<string, unknown>)[k], [...this.path, k], this.root)]) : [];
  }
  str(): string | undefined {
    return typeof this.v === 'string' ? this.v : undefined;
  }
  num(): unknown {
    return this.v !== null && typeof this.v === 'object' ? undefined : this.v;
  }
  node(): Node | undefined {
    return locate(this.root(), this.path)?.node;
  }
  pair(): Pair | undefined {
    return locate(this.root(), this.path)?.pair;
  }
}

function portOf(c: Cursor | undefined): number | undefined {
  if (!c) return undefined;
  const v = c.num();
  const p = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,5}$/.test(v) ? +v : undefined;
  return p !== undefined && Number.isInteger(p) && p >= 0 && p <= 65535 ? p : undefined;
}

/**
 * Give `obj` the position properties `keys` that `at()` computes: now when
 * `eager` (undefined when `at()` finds none: the item is skipped), else on
 * first read.
 */
function positions<T extends object, P extends Record<string, unknown>>(obj: T, eager: boolean, keys: readonly (keyof P & string)[], at: () => P | undefined): (T & P) | undefined {
  if (eager) {
    const p = at();
    return p ? Object.assign(obj, p) : undefined;
  }
  let done: P | undefined;
  // (a value of the fast reader always has its node; the fallback only keeps a surprise from throwing)
  const get = () => (done ??= at() ?? (NO_POSITIONS as unknown as P));
  for (const k of keys) Object.defineProperty(obj, k, { enumerable: true, configurable: true, get: () => get()[k] });
  return obj as T & P;
}
const NO_POSITIONS = { span: [0, 0], hostSpan: [0, 0], plain: false, portSpan: undefined, keyStart: 0 };

/** Parse an Envoy bootstrap. Never throws. */
export function parseEnvoy(text: string): EnvoyConfig {
  const cfg: EnvoyConfig = { ok: false, listeners: [], endpoints: [], clusters: [], clusterRefs: [], dynamicClusters: false, limits: [] };
  const whole: [number, number] = [0, text.length];
  const deepMessage = 'nested too deep for the YAML reader (its stack ran out); the configuration is not analysed';
  if (nestingDepth(text, MAX_ENVOY_NESTING) > MAX_ENVOY_NESTING) {
    cfg.limits.push({ span: whole, message: `nested deeper than ${MAX_ENVOY_NESTING} levels, the most the Envoy analysis reads; the configuration is not analysed` });
    return cfg;
  }
  let root: Cursor;
  // Plain values from the fast reader when it takes the text (no nodes unless a position is read), else yaml's nodes.
  const fast = fastDocuments(text, '1.2');
  if (fast && fast.length === 1 && isObj(fast[0]!.value)) {
    let doc: Node | undefined | null;
    root = new ValueCursor(fast[0]!.value, [], () => (doc === undefined ? (doc = parseDocument(text, ENVOY_YAML).contents as Node | null) : doc) ?? undefined);
  } else {
    try {
      const doc = parseDocument(text, ENVOY_YAML);
      if (doc.errors.some(tooDeep)) cfg.limits.push({ span: whole, message: deepMessage });
      if (doc.errors.length || !doc.contents || !isMap(doc.contents)) return cfg;
      root = new NodeCursor(doc.contents as Node);
    } catch (e) {
      if (tooDeep(e)) cfg.limits.push({ span: whole, message: deepMessage });
      return cfg;
    }
  }
  const eager = root instanceof NodeCursor;
  cfg.ok = true;
  try {
    const dyn = root.get('dynamic_resources');
    if (dyn?.get('cds_config') || dyn?.get('ads_config')) cfg.dynamicClusters = true;
    const sr = root.get('static_resources');
    const socket = (addr: Cursor | undefined) => addr?.get('socket_address');
    const listenerAt = (sa: Cursor | undefined, name: string | undefined, admin?: boolean) => {
      if (!sa) return;
      const protocol = sa.get('protocol')?.str();
      if (protocol && protocol.toUpperCase() === 'UDP') return;
      const portC = sa.get('port_value');
      const port = portOf(portC);
      if (port === undefined) return;
      const host = sa.get('address')?.str();
      const l = positions({ name, host: host === '0.0.0.0' || host === '::' ? undefined : host, port, admin }, eager, ['span'], () => {
        const span = rangeOf(portC?.pair()) ?? rangeOf(sa.node());
        return span && { span };
      });
      if (l) cfg.listeners.push(l);
    };
    for (const l of sr?.get('listeners')?.items() ?? []) {
      const name = l.get('name')?.str();
      listenerAt(socket(l.get('address')), name);
      for (const extra of l.get('additional_addresses')?.items() ?? []) listenerAt(socket(extra.get('address')), name);
      collectClusterRefs(l, cfg.clusterRefs, eager, 0, cfg.limits);
    }
    listenerAt(socket(root.get('admin')?.get('address')), 'admin', true);
    for (const c of sr?.get('clusters')?.items() ?? []) {
      const name = c.get('name')?.str();
      if (name === undefined) continue;
      cfg.clusters.push(name);
      const addrs: (Cursor | undefined)[] = [];
      for (const e of c.get('load_assignment')?.get('endpoints')?.items() ?? []) {
        for (const lb of e.get('lb_endpoints')?.items() ?? []) addrs.push(socket(lb.get('endpoint')?.get('address')));
      }
      for (const h of c.get('hosts')?.items() ?? []) addrs.push(socket(h)); // v2
      for (const sa of addrs) {
        if (!sa) continue;
        const hostC = sa.get('address');
        const host = hostC?.str();
        if (!host) continue;
        const portC = sa.get('port_value');
        const port = portOf(portC);
        const e = positions({ cluster: name, host, port }, eager, ['hostSpan', 'span', 'plain', 'portSpan', 'portPairSpan'], () => {
          const hostNode = hostC!.node();
          const hr = rangeOf(hostNode);
          if (!hr) return undefined;
          const start = rangeOf(hostC!.pair())?.[0] ?? hr[0];
          const pr = rangeOf(portC?.node());
          const end = Math.max(hr[1], pr?.[1] ?? hr[1]);
          const plain = isScalar(hostNode) && hostNode.type === 'PLAIN';
          const quotedPlain = isScalar(hostNode) && (hostNode.type === 'QUOTE_DOUBLE' || hostNode.type === 'QUOTE_SINGLE') && text.slice(hr[0] + 1, hr[1] - 1) === host;
          const hostSpan: [number, number] = quotedPlain ? [hr[0] + 1, hr[1] - 1] : hr;
          const portSpan = port !== undefined && pr && text.slice(pr[0], pr[1]) === String(port) ? pr : undefined;
          const pk = rangeOf(portC?.pair()?.key as Node | undefined);
          const portPairSpan: [number, number] | undefined = pr ? [pk?.[0] ?? pr[0], pr[1]] : undefined;
          return { hostSpan, span: [start, end] as [number, number], plain: plain || quotedPlain, portSpan, portPairSpan };
        });
        if (e) cfg.endpoints.push(e);
      }
    }
  } catch (e) {
    // keep what was collected
    if (tooDeep(e)) cfg.limits.push({ span: whole, message: 'nested too deep for the analysis (its stack ran out); the rest of the configuration is not analysed' });
  }
  return cfg;
}

/** Keys naming a cluster inside listeners (routes, tcp_proxy, filters). */
function collectClusterRefs(n: Cursor | undefined, out: EnvoyClusterRef[], eager: boolean, depth: number, limits: EnvoyConfig['limits']) {
  if (!n) return;
  if (depth > MAX_ENVOY_DEPTH) {
    limits.push({ span: rangeOf(n.node()) ?? [0, 0], message: `a listener nests deeper than ${MAX_ENVOY_DEPTH} levels; cluster references from here on are not checked` });
    return;
  }
  const ref = (c: Cursor, name: string, keyStart: (span: [number, number]) => number) => {
    const r = positions({ name }, eager, ['span', 'keyStart'], () => {
      const span = rangeOf(c.node());
      return span && { span, keyStart: keyStart(span) };
    });
    if (r) out.push(r);
  };
  for (const [k, v] of n.entries()) {
    const name = v.str();
    if ((k === 'cluster' || k === 'cluster_name') && name !== undefined) {
      ref(v, name, (span) => rangeOf(v.pair()?.key as Node | undefined)?.[0] ?? span[0]);
    } else if (k === 'weighted_clusters') {
      for (const wc of v.get('clusters')?.items() ?? []) {
        const nm = wc.get('name');
        const wname = nm?.str();
        if (nm && wname !== undefined) ref(nm, wname, (span) => span[0]);
      }
    } else collectClusterRefs(v, out, eager, depth + 1, limits);
  }
  for (const it of n.items()) collectClusterRefs(it, out, eager, depth + 1, limits);
}
