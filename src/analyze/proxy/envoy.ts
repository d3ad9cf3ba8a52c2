/**
 * Envoy bootstrap configuration (YAML or JSON, v3 and v2 static resources):
 * listener and admin addresses, cluster endpoints, and the cluster names
 * routes and filters refer to. Positions are indices into the configuration
 * text. Never throws.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

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
}

function get(m: Node | null | undefined, key: string): Node | undefined {
  if (!m || !isMap(m)) return undefined;
  let found: Pair | undefined;
  for (const p of (m as YAMLMap).items) {
    const k = p.key;
    if (isScalar(k) && String(k.value) === key) found = p;
  }
  return (found?.value as Node | null | undefined) ?? undefined;
}

function pairOf(m: Node | undefined, key: string): Pair | undefined {
  if (!m || !isMap(m)) return undefined;
  let found: Pair | undefined;
  for (const p of (m as YAMLMap).items) if (isScalar(p.key) && String(p.key.value) === key) found = p;
  return found;
}

function items(n: Node | undefined): Node[] {
  return n && isSeq(n) ? (n.items as Node[]) : [];
}

function strVal(n: Node | undefined): string | undefined {
  return n && isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

function portVal(n: Node | undefined): number | undefined {
  if (!n || !isScalar(n)) return undefined;
  const v = n.value;
  const p = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,5}$/.test(v) ? +v : undefined;
  return p !== undefined && Number.isInteger(p) && p >= 0 && p <= 65535 ? p : undefined;
}

function range(n: Node | Pair | undefined): [number, number] | undefined {
  if (!n) return undefined;
  if ('range' in n && n.range) return [n.range[0], n.range[1]];
  const p = n as Pair;
  const k = (p.key as Node | undefined)?.range;
  const v = (p.value as Node | undefined)?.range;
  if (k && v) return [k[0], v[1]];
  return undefined;
}

/** Parse an Envoy bootstrap. Never throws. */
export function parseEnvoy(text: string): EnvoyConfig {
  const cfg: EnvoyConfig = { ok: false, listeners: [], endpoints: [], clusters: [], clusterRefs: [], dynamicClusters: false };
  let root: Node | undefined;
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
    if (doc.errors.length) return cfg;
    root = doc.contents as Node | undefined;
  } catch {
    return cfg;
  }
  if (!root || !isMap(root)) return cfg;
  cfg.ok = true;
  try {
    const dyn = get(root, 'dynamic_resources');
    if (get(dyn, 'cds_config') || get(dyn, 'ads_config')) cfg.dynamicClusters = true;
    const sr = get(root, 'static_resources');
    const socket = (addrNode: Node | undefined) => get(addrNode, 'socket_address');
    const listenerAt = (sa: Node | undefined, name: string | undefined, admin?: boolean) => {
      if (!sa) return;
      const protocol = strVal(get(sa, 'protocol'));
      if (protocol && protocol.toUpperCase() === 'UDP') return;
      const port = portVal(get(sa, 'port_value'));
      const r = range(pairOf(sa, 'port_value')) ?? range(sa);
      if (port === undefined || !r) return;
      const host = strVal(get(sa, 'address'));
      cfg.listeners.push({ name, host: host === '0.0.0.0' || host === '::' ? undefined : host, port, span: r, admin });
    };
    for (const l of items(get(sr, 'listeners'))) {
      const name = strVal(get(l, 'name'));
      listenerAt(socket(get(l, 'address')), name);
      for (const extra of items(get(l, 'additional_addresses'))) listenerAt(socket(get(extra, 'address')), name);
      collectClusterRefs(l, cfg.clusterRefs, 0);
    }
    listenerAt(socket(get(get(root, 'admin'), 'address')), 'admin', true);
    for (const c of items(get(sr, 'clusters'))) {
      const name = strVal(get(c, 'name'));
      if (name === undefined) continue;
      cfg.clusters.push(name);
      const addrs: Node[] = [];
      for (const e of items(get(get(c, 'load_assignment'), 'endpoints'))) {
        for (const lb of items(get(e, 'lb_endpoints'))) addrs.push(socket(get(get(lb, 'endpoint'), 'address')) as Node);
      }
      for (const h of items(get(c, 'hosts'))) addrs.push(socket(h) as Node); // v2
      for (const sa of addrs) {
        if (!sa) continue;
        const hostNode = get(sa, 'address');
        const host = strVal(hostNode);
        const hr = range(hostNode);
        if (!host || !hr) continue;
        const port = portVal(get(sa, 'port_value'));
        const start = range(pairOf(sa, 'address'))?.[0] ?? hr[0];
        const end = Math.max(hr[1], range(get(sa, 'port_value'))?.[1] ?? hr[1]);
        const plain = isScalar(hostNode) && hostNode.type === 'PLAIN';
        const quotedPlain = isScalar(hostNode) && (hostNode.type === 'QUOTE_DOUBLE' || hostNode.type === 'QUOTE_SINGLE') && text.slice(hr[0] + 1, hr[1] - 1) === host;
        const hostSpan: [number, number] = quotedPlain ? [hr[0] + 1, hr[1] - 1] : hr;
        const pr = range(get(sa, 'port_value'));
        cfg.endpoints.push({ cluster: name, host, port, hostSpan, span: [start, end], plain: plain || quotedPlain, portSpan: port !== undefined && pr && text.slice(pr[0], pr[1]) === String(port) ? pr : undefined });
      }
    }
  } catch {
    // keep what was collected
  }
  return cfg;
}

/** Keys naming a cluster inside listeners (routes, tcp_proxy, filters). */
function collectClusterRefs(n: Node | undefined, out: EnvoyClusterRef[], depth: number) {
  if (!n || depth > 60) return;
  if (isMap(n)) {
    for (const p of (n as YAMLMap).items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      const v = p.value as Node | undefined;
      if ((k === 'cluster' || k === 'cluster_name') && v && isScalar(v) && typeof v.value === 'string' && v.range) {
        const kr = (p.key as Node).range;
        out.push({ name: v.value, span: [v.range[0], v.range[1]], keyStart: kr ? kr[0] : v.range[0] });
      } else if (k === 'weighted_clusters') {
        for (const wc of items(get(v, 'clusters'))) {
          const nm = get(wc, 'name');
          if (nm && isScalar(nm) && typeof nm.value === 'string' && nm.range) out.push({ name: nm.value, span: [nm.range[0], nm.range[1]], keyStart: nm.range[0] });
        }
      } else collectClusterRefs(v, out, depth + 1);
    }
  } else if (isSeq(n)) for (const it of n.items) collectClusterRefs(it as Node, out, depth + 1);
}
