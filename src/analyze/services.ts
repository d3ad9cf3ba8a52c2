/**
 * Resolve a host name as a pod would (cluster DNS with the pod's search path)
 * to a Service of the linted set.
 *
 * - `name` resolves in the pod's own namespace;
 * - `name.ns`, `name.ns.svc`, `name.ns.svc.<cluster-domain>` (e.g. `cluster.local`)
 *   name Service `name` in namespace `ns`;
 * - `pod.name`, `pod.name.ns`, `pod.name.ns.svc[.<domain>]` name one pod behind a
 *   (headless) Service;
 * - `localhost`, `127.0.0.0/8`, `::1` (and the any-address) are the pod itself;
 * - IP addresses and every other host name are external and left alone.
 *
 * A two-label name `a.b` is only taken as `service.namespace` when `b` is a
 * namespace of the linted set (or `a` is a Service in `b`); otherwise it is an
 * external name such as `example.com`.
 */
import { isIP } from 'node:net';
import type { Graph, PodTemplate, ServiceInfo } from '../graph/model.js';
import { nearNames } from '../engine/suggest.js';
import { pushTo } from '../util.js';

export type HostResolution =
  /** A Service of the set. */
  | { kind: 'service'; host: string; name: string; namespace: string; service: ServiceInfo; podHostname?: string; form: NameForm }
  /** An in-cluster Service name that names no Service of the set. */
  | { kind: 'missing'; host: string; name: string; namespace: string; form: NameForm; near: string[]; elsewhere: string[] }
  /** The pod's own network namespace. */
  | { kind: 'localhost'; host: string }
  /** An IP address or a name outside the cluster. */
  | { kind: 'external'; host: string }
  /** Not a literal host (a variable, a template). */
  | { kind: 'dynamic'; host: string };

/** How the host names a Service: `bare` is `name`, `ns` is `name.ns`, `svc` is `name.ns.svc[.domain]`. */
export type NameForm = 'bare' | 'ns' | 'svc';

/** Services every cluster has without a manifest: the API server's and cluster DNS. */
const IMPLICIT_SERVICES = new Set(['default/kubernetes', 'kube-system/kube-dns']);

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Is `host` a loopback or any-address (the pod itself)? */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === 'localhost.localdomain') return true;
  if (h === '::1' || h === '::' || h === '0:0:0:0:0:0:0:1' || h === '0.0.0.0') return true;
  if (isIP(h) === 4 && h.startsWith('127.')) return true;
  return false;
}

const namespaceCache = new WeakMap<Graph, Set<string>>();
/** Namespaces the linted set knows of: Namespace objects and namespaces resources live in. */
export function knownNamespaces(graph: Graph): Set<string> {
  if (graph.namespaces) return graph.namespaces;
  let s = namespaceCache.get(graph);
  if (s) return s;
  s = new Set<string>();
  for (const r of graph.resources) {
    if (r.namespace) s.add(r.namespace);
    if (r.kind === 'Namespace' && r.name) s.add(r.name);
  }
  namespaceCache.set(graph, s);
  return s;
}

const serviceNamesCache = new WeakMap<Graph, Map<string, string[]>>();
/** Namespaces holding a Service of this name (for "it lives in namespace x"). */
function namespacesWithService(graph: Graph, name: string): string[] {
  let m = serviceNamesCache.get(graph);
  if (!m) {
    m = new Map();
    for (const s of graph.services) {
      pushTo(m, s.name, s.namespace);
    }
    serviceNamesCache.set(graph, m);
  }
  return m.get(name) ?? [];
}

/** Resolve `host` as seen from a pod in `fromNamespace`. */
export function resolveHost(graph: Graph, host: string, fromNamespace: string): HostResolution {
  const raw = host;
  if (!host || /[${}%<>@\s"'`]/.test(host)) return { kind: 'dynamic', host: raw };
  if (isLocalHost(host)) return { kind: 'localhost', host: raw };
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIP(h.replace(/^\[|\]$/g, ''))) return { kind: 'external', host: raw };
  const labels = h.split('.');
  if (labels.some((l) => !DNS_LABEL.test(l))) return { kind: 'external', host: raw };
  const namespaces = knownNamespaces(graph);
  const found = (name: string, namespace: string, form: NameForm, podHostname?: string): HostResolution | undefined => {
    const service = graph.service(namespace, name);
    return service ? { kind: 'service', host: raw, name, namespace, service, form, podHostname } : undefined;
  };
  const missing = (name: string, namespace: string, form: NameForm): HostResolution =>
    IMPLICIT_SERVICES.has(`${namespace}/${name}`)
      ? { kind: 'external', host: raw }
      : {
          kind: 'missing',
          host: raw,
          name,
          namespace,
          form,
          near: nearNames(name, graph.namesOf('Service', namespace)),
          elsewhere: namespacesWithService(graph, name).filter((n) => n !== namespace).sort(),
        };

  const svcAt = labels.indexOf('svc');
  if (svcAt >= 2) {
    // name.ns.svc[.domain] or pod.name.ns.svc[.domain]
    if (svcAt > 3) return { kind: 'external', host: raw };
    const name = labels[svcAt - 2]!;
    const ns = labels[svcAt - 1]!;
    const pod = svcAt === 3 ? labels[0] : undefined;
    return found(name, ns, 'svc', pod) ?? missing(name, ns, 'svc');
  }
  if (svcAt !== -1) return { kind: 'external', host: raw };
  if (labels.length === 1) {
    return found(labels[0]!, fromNamespace, 'bare') ?? missing(labels[0]!, fromNamespace, 'bare');
  }
  if (labels.length === 2) {
    const [a, b] = labels as [string, string];
    // name.ns, else pod.service (a pod of a headless Service in the pod's namespace)
    const r = found(a, b, 'ns') ?? found(b, fromNamespace, 'bare', a);
    if (r) return r;
    if (namespaces.has(b)) return missing(a, b, 'ns');
    return { kind: 'external', host: raw };
  }
  if (labels.length === 3) {
    // pod.service.ns
    const [a, b, c] = labels as [string, string, string];
    if (namespaces.has(c)) {
      const r = found(b, c, 'ns', a);
      if (r) return r;
    }
    return { kind: 'external', host: raw };
  }
  return { kind: 'external', host: raw };
}

export type PortCheck =
  | { ok: true }
  /** The Service does not expose the port; `ports` are the ports it has. */
  | { ok: false; ports: number[] };

/** Is the Service headless (`clusterIP: None`)? */
export function isHeadless(s: ServiceInfo): boolean {
  const ip = s.resource.obj?.spec?.clusterIP;
  return typeof ip === 'string' && ip.toLowerCase() === 'none';
}

/**
 * Does connecting to `port` (TCP) through this Service reach something? A
 * ClusterIP Service forwards only its `ports[].port`. A headless Service (or
 * a name of one of its pods) resolves to pod IPs, so its pods' ports count
 * too. ExternalName Services and Services without ports are not checked.
 */
export function checkServicePort(graph: Graph, s: ServiceInfo, port: number, direct = false): PortCheck {
  if (s.type === 'ExternalName') return { ok: true };
  const tcp = s.ports.filter((p) => p.protocol.toUpperCase() === 'TCP');
  if (s.ports.length === 0) return { ok: true };
  if (tcp.some((p) => p.port === port)) return { ok: true };
  if (direct || isHeadless(s)) {
    if (tcp.some((p) => p.targetPort === port)) return { ok: true };
    const pods: PodTemplate[] = s.selector ? graph.templatesMatching(s.namespace, s.selector) : [];
    // Without the pods we cannot know which ports they open.
    if (pods.length === 0) return { ok: true };
    for (const t of pods) {
      for (const c of t.containers) {
        if (!c.longRunning) continue;
        // a container that declares no ports may listen anywhere
        if (c.ports.length === 0 || c.ports.some((p) => p.containerPort === port)) return { ok: true };
      }
    }
    const named = tcp.some((p) => typeof p.targetPort === 'string');
    if (named) return { ok: true };
  }
  const ports = [...new Set(tcp.map((p) => p.port).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
  if (ports.length === 0) return { ok: true };
  return { ok: false, ports };
}
