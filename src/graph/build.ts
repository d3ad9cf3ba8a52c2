/**
 * Build the graph from parsed files: index resources by kind/namespace/name,
 * extract pod templates from every workload kind, and record references as
 * edges. Lookups used by cross-resource rules are indexed so no rule needs to
 * scan all pods per Service.
 */
import type { ParsedFile } from '../load/parse.js';
import type { SourceFile } from '../load/source.js';
import type { Path } from '../load/nodes.js';
import type {
  ContainerGroup,
  ContainerInfo,
  Edge,
  EdgeKind,
  GResource,
  Graph,
  LabelSelector,
  PodTemplate,
  ServiceInfo,
  VolumeInfo,
} from './model.js';
import { isObj, dig, fit, pushTo } from '../util.js';
import { nearest } from './nearest.js';

export const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass',
  'CustomResourceDefinition', 'IngressClass', 'PriorityClass', 'PriorityLevelConfiguration', 'FlowSchema',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'APIService', 'CSIDriver', 'CSINode', 'RuntimeClass',
  'VolumeAttachment', 'PodSecurityPolicy', 'CertificateSigningRequest', 'ComponentStatus', 'ClusterTrustBundle',
  'DeviceClass', 'ResourceSlice', 'VolumeAttributesClass', 'StorageVersion', 'IPAddress', 'ServiceCIDR',
]);

/** Where the pod template lives in each workload kind. */
export const POD_SPEC_PATHS: Record<string, { spec: Path; labels: Path }> = {
  Pod: { spec: ['spec'], labels: ['metadata', 'labels'] },
  Deployment: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  Job: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  ReplicationController: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  DeploymentConfig: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  PodTemplate: { spec: ['template', 'spec'], labels: ['template', 'metadata', 'labels'] },
  CronJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    labels: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
  },
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, x] of Object.entries(v)) if (x != null) out[k] = String(x);
  return out;
}

export interface BuildOptions {
  /** Namespace for resources that set none (default `default`). */
  namespace?: string;
}

export function buildGraph(files: ParsedFile[], opts: BuildOptions = {}): Graph {
  const defaultNamespace = opts.namespace ?? 'default';
  return assembleGraph(files, files.map((f) => graphPart(f, defaultNamespace)), defaultNamespace);
}

/**
 * What one file contributes to the graph: its resources (namespaces set), pod
 * templates, Services and the references they make (unresolved). A pure
 * function of the file, its partial marks (src/load/partial.ts) and the
 * default namespace, so the language server keeps it between edits of other
 * files (src/lsp/graph.ts); assembleGraph() indexes and resolves the parts.
 */
export interface GraphPart {
  resources: GResource[];
  /** Namespaces its resources live in and its Namespace objects name, in order. */
  namespaces: string[];
  /** `kind/namespace/name` of each resource (undefined without a name). */
  keys: (string | undefined)[];
  templates: PodTemplate[];
  services: ServiceInfo[];
  /** References from pod templates, from Ingress backends and from HPA scale targets: the graph lists them in that order. */
  templateEdges: Edge[];
  ingressEdges: Edge[];
  hpaEdges: Edge[];
}

/** The lookup key of kind/namespace/name ('' namespace for cluster-scoped kinds). */
const keyOf = (kind: string, namespace: string, name: string) => `${kind}/${CLUSTER_SCOPED.has(kind) ? '' : namespace}/${name}`;

export function graphPart(f: ParsedFile, defaultNamespace: string): GraphPart {
  const part: GraphPart = { resources: [], namespaces: [], keys: [], templates: [], services: [], templateEdges: [], ingressEdges: [], hpaEdges: [] };
  const { resources, templates } = part;
  for (const r of f.resources) {
    if (r.partial) continue;
    const clusterScoped = CLUSTER_SCOPED.has(r.kind);
    const g = r as GResource;
    g.clusterScoped = clusterScoped;
    g.namespace = clusterScoped ? '' : r.metadataNamespace ?? defaultNamespace;
    resources.push(g);
    part.keys.push(r.name !== undefined ? `${r.kind}/${g.namespace}/${r.name}` : undefined);
    if (g.namespace && !part.namespaces.includes(g.namespace)) part.namespaces.push(g.namespace);
    if (r.kind === 'Namespace' && r.name && !part.namespaces.includes(r.name)) part.namespaces.push(r.name);
  }
  const addTemplateEdge = (e: Omit<Edge, 'to'>) => void part.templateEdges.push(e as Edge);

  for (const r of resources) {
    if (r.kind === 'ClusterServiceVersion' && r.apiVersion.startsWith('operators.coreos.com/')) {
      // OLM: the operator's real Deployments live in spec.install.spec.deployments.
      for (const d of csvDeployments(r)) {
        const t = buildTemplate(r, d.spec, d.labels, d.podSpec);
        // OLM installs the bundle into the OperatorGroup's namespace, with the bundle's Services:
        // the CSV's own metadata.namespace (often `placeholder`) is not where its pods run.
        t.namespace = defaultNamespace;
        t.label = `Deployment ${d.name ? `\`${d.name}\`` : '(unnamed)'} of ClusterServiceVersion/${r.name ?? '(unnamed)'}`;
        templates.push(t);
        templateEdges(t, addTemplateEdge);
      }
      continue;
    }
    const where = POD_SPEC_PATHS[r.kind];
    if (!where) continue;
    const spec = dig(r.obj, where.spec);
    if (!isObj(spec)) continue;
    const t = buildTemplate(r, where.spec, where.labels, spec);
    templates.push(t);
    templateEdges(t, addTemplateEdge);
  }

  for (const r of resources) {
    if (r.kind === 'Service') {
      const spec = isObj(r.obj.spec) ? r.obj.spec : {};
      part.services.push({
        resource: r,
        path: [],
        name: r.name ?? '',
        namespace: r.namespace,
        selector: isObj(spec.selector) ? stringMap(spec.selector) : undefined,
        type: str(spec.type) ?? 'ClusterIP',
        ports: arr(spec.ports).map((p, index) => ({
          resource: r,
          path: ['spec', 'ports', index],
          index,
          port: typeof p?.port === 'number' ? p.port : undefined,
          name: str(p?.name),
          protocol: str(p?.protocol) ?? 'TCP',
          targetPort: typeof p?.targetPort === 'number' || typeof p?.targetPort === 'string' ? p.targetPort : undefined,
        })),
      });
    } else if (r.kind === 'Ingress') {
      // Ingress backends -> Services
      const spec = isObj(r.obj.spec) ? r.obj.spec : {};
      const backend = (b: any, path: Path) => {
        const name = str(b?.service?.name) ?? str(b?.serviceName);
        if (!name) return;
        part.ingressEdges.push({ to: undefined, resource: r, path, kind: 'service', via: 'ingress-backend', targetKind: 'Service', targetNamespace: r.namespace, targetName: name, keys: [], optional: false });
      };
      backend(spec.defaultBackend ?? spec.backend, spec.defaultBackend ? ['spec', 'defaultBackend'] : ['spec', 'backend']);
      arr(spec.rules).forEach((rule, i) =>
        arr(rule?.http?.paths).forEach((p, j) => backend(p?.backend, ['spec', 'rules', i, 'http', 'paths', j, 'backend'])),
      );
    } else if (r.kind === 'HorizontalPodAutoscaler') {
      // HPA -> scale target
      const ref = r.obj.spec?.scaleTargetRef;
      if (isObj(ref) && str(ref.kind) && str(ref.name)) {
        part.hpaEdges.push({ to: undefined, resource: r, path: ['spec', 'scaleTargetRef'], kind: 'scale-target', via: 'scaleTargetRef', targetKind: str(ref.kind)!, targetNamespace: r.namespace, targetName: str(ref.name)!, keys: [], optional: false });
      }
    }
  }
  return part;
}

/** The graph of `files` from their parts (parts[i] is files[i]'s): indexes, resolved references, lookups. */
export function assembleGraph(files: ParsedFile[], parts: GraphPart[], defaultNamespace: string): Graph {
  return new GraphAssembly(false).update(files, parts, defaultNamespace);
}

/** Insert many items at `at` (no spread of a huge argument list). */
function spliceMany<T>(list: T[], at: number, items: T[]): void {
  const tail = list.splice(at);
  for (const x of items) list.push(x);
  for (const x of tail) list.push(x);
}

/** Lists keyed by strings, one level or two (namespace, then label pair). */
interface ListIndex<T> {
  get(key: string, sub?: string): T[] | undefined;
  set(key: string, sub: string | undefined, list: T[]): void;
  delete(key: string, sub?: string): void;
}

function flatIndex<T>(m: Map<string, T[]>): ListIndex<T> {
  return { get: (k) => m.get(k), set: (k, _s, l) => void m.set(k, l), delete: (k) => void m.delete(k) };
}

function nestedIndex<T>(m: Map<string, Map<string, T[]>>): ListIndex<T> {
  return {
    get: (k, s) => m.get(k)?.get(s!),
    set: (k, s, l) => {
      let inner = m.get(k);
      if (!inner) m.set(k, (inner = new Map()));
      inner.set(s!, l);
    },
    delete: (k, s) => {
      const inner = m.get(k);
      if (!inner) return;
      inner.delete(s!);
      if (inner.size === 0) m.delete(k);
    },
  };
}

/**
 * The graph's lists and indexes, kept between assemblies: update() with the
 * same files (paths, in order) replaces only the parts that changed — in
 * every list the items of one part are a block, in file order, so a part is
 * swapped by splicing its blocks — and resolves again only the references
 * whose target kind/namespace/name gained or lost an object. Each update()
 * returns a new Graph object (analyses cache per graph).
 */
export class GraphAssembly {
  private files: ParsedFile[] = [];
  private parts: GraphPart[] = [];
  private namespace: string | undefined;
  /** The part index of every item of the lists below. */
  private partOf = new Map<object, number>();
  private resources: GResource[] = [];
  private templates: PodTemplate[] = [];
  private services: ServiceInfo[] = [];
  private templateEdges: Edge[] = [];
  private ingressEdges: Edge[] = [];
  private hpaEdges: Edge[] = [];
  private allByKey = new Map<string, GResource[]>();
  private byKind = new Map<string, GResource[]>();
  private labelIndex = new Map<string, Map<string, PodTemplate[]>>();
  private nsTemplates = new Map<string, PodTemplate[]>();
  private servicesByKey = new Map<string, ServiceInfo[]>();
  private edgesTo = new Map<string, Set<Edge>>();
  private edgeKey = new Map<Edge, string>();

  /** `incremental`: keep what later updates need to swap parts (false: a one-off graph, the CLI's). */
  constructor(private readonly incremental = true) {}

  update(files: ParsedFile[], parts: GraphPart[], defaultNamespace: string): Graph {
    const same =
      this.namespace === defaultNamespace && files.length === this.files.length && files.every((f, i) => f.file.path === this.files[i]!.file.path);
    let changed: number[] = [];
    if (same) for (let i = 0; i < parts.length; i++) if (parts[i] !== this.parts[i]) changed.push(i);
    const full = !same || changed.length > 64;
    this.files = files;
    this.namespace = defaultNamespace;
    if (full) {
      this.parts = parts;
      this.bulk();
    } else {
      const touched = new Set<string>();
      for (const i of changed) this.replace(i, this.parts[i], parts[i]!, touched);
      this.parts = parts;
      for (const k of touched) for (const e of this.edgesTo.get(k) ?? []) this.resolveEdge(e);
    }
    return this.view(defaultNamespace);
  }

  /** Every list and index from the parts, in order. */
  private bulk(): void {
    this.clear();
    const push = <T>(m: Map<string, T[]>, k: string, x: T) => {
      const l = m.get(k);
      if (l) l.push(x);
      else m.set(k, [x]);
    };
    const track = this.incremental;
    this.parts.forEach((part, i) => {
      part.resources.forEach((g, j) => {
        this.resources.push(g);
        const key = part.keys[j];
        if (key !== undefined) push(this.allByKey, key, g);
        push(this.byKind, g.kind, g);
        if (track) this.partOf.set(g, i);
      });
      for (const t of part.templates) {
        this.templates.push(t);
        let idx = this.labelIndex.get(t.namespace);
        if (!idx) this.labelIndex.set(t.namespace, (idx = new Map()));
        for (const [k, v] of Object.entries(t.labels)) push(idx, `${k}=${v}`, t);
        push(this.nsTemplates, t.namespace, t);
        if (track) this.partOf.set(t, i);
      }
      for (const sv of part.services) {
        this.services.push(sv);
        push(this.servicesByKey, `${sv.namespace}/${sv.name}`, sv);
        if (track) this.partOf.set(sv, i);
      }
      for (const [list, edges] of [[this.templateEdges, part.templateEdges], [this.ingressEdges, part.ingressEdges], [this.hpaEdges, part.hpaEdges]] as const) {
        for (const e of edges) {
          list.push(e);
          if (!track) continue;
          this.partOf.set(e, i);
          const k = keyOf(e.targetKind, e.targetNamespace, e.targetName);
          this.edgeKey.set(e, k);
          const set = this.edgesTo.get(k);
          if (set) set.add(e);
          else this.edgesTo.set(k, new Set([e]));
        }
      }
    });
    for (const l of [this.templateEdges, this.ingressEdges, this.hpaEdges]) for (const e of l) this.resolveEdge(e);
  }

  private clear(): void {
    this.partOf.clear();
    for (const l of [this.resources, this.templates, this.services, this.templateEdges, this.ingressEdges, this.hpaEdges]) l.length = 0;
    for (const m of [this.allByKey, this.byKind, this.labelIndex, this.nsTemplates, this.servicesByKey, this.edgesTo, this.edgeKey]) m.clear();
  }

  private resolveFrom = (kind: string, namespace: string, name: string, from: GResource): GResource | undefined => {
    const all = this.allByKey.get(keyOf(kind, namespace, name));
    if (!all || all.length === 1) return all?.[0];
    return nearest(all, from)[0];
  };

  private resolveEdge(e: Edge): void {
    e.to = this.resolveFrom(e.targetKind, e.targetNamespace, e.targetName, e.resource);
  }

  /** First position in `list` (ordered by part) whose item belongs to part `i` or a later one. */
  private lowerBound(list: object[], i: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.partOf.get(list[mid]!)! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Replace part i's block of `list` (oldCount items) by `items`. */
  private swap<T extends object>(list: T[], i: number, oldCount: number, items: T[]): void {
    if (oldCount === 0 && items.length === 0) return;
    const at = this.lowerBound(list, i);
    if (oldCount === 0 && at === list.length) for (const x of items) list.push(x);
    else if (items.length <= 10_000) list.splice(at, oldCount, ...items);
    else {
      list.splice(at, oldCount);
      spliceMany(list, at, items);
    }
  }

  /** The same per key of an index: old and new items grouped by their keys. */
  private swapGroups<T extends object>(index: ListIndex<T>, i: number, old: T[], items: T[], keys: (x: T) => [string, string | undefined][]): void {
    const groups = new Map<string, { key: string; sub: string | undefined; old: number; items: T[] }>();
    const group = (key: string, sub: string | undefined) => {
      const id = sub === undefined ? key : `${key}\u0000${sub}`;
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { key, sub, old: 0, items: [] }));
      return g;
    };
    for (const x of old) for (const [k, s] of keys(x)) group(k, s).old++;
    for (const x of items) for (const [k, s] of keys(x)) group(k, s).items.push(x);
    for (const g of groups.values()) {
      const list = index.get(g.key, g.sub) ?? [];
      this.swap(list, i, g.old, g.items);
      if (list.length === 0) index.delete(g.key, g.sub);
      else if (g.old === 0) index.set(g.key, g.sub, list);
    }
  }

  private replace(i: number, old: GraphPart | undefined, next: GraphPart, touched: Set<string>): void {
    const none: never[] = [];
    const o = old ?? { resources: none, keys: none, templates: none, services: none, templateEdges: none, ingressEdges: none, hpaEdges: none, namespaces: none };
    const oldEdges = [...o.templateEdges, ...o.ingressEdges, ...o.hpaEdges];
    const newEdges = [...next.templateEdges, ...next.ingressEdges, ...next.hpaEdges];
    // old and new items (a part built again for the same parse shares its resource objects) belong to part i
    for (const l of [next.resources, next.templates, next.services, newEdges] as object[][]) for (const x of l) this.partOf.set(x, i);
    this.swap(this.resources, i, o.resources.length, next.resources);
    this.swap(this.templates, i, o.templates.length, next.templates);
    this.swap(this.services, i, o.services.length, next.services);
    this.swap(this.templateEdges, i, o.templateEdges.length, next.templateEdges);
    this.swap(this.ingressEdges, i, o.ingressEdges.length, next.ingressEdges);
    this.swap(this.hpaEdges, i, o.hpaEdges.length, next.hpaEdges);
    const oldKey = new Map(o.resources.map((r, j) => [r, o.keys[j]]));
    const newKey = new Map(next.resources.map((r, j) => [r, next.keys[j]]));
    this.swapGroups(flatIndex(this.allByKey), i, o.resources.filter((r) => oldKey.get(r) !== undefined), next.resources.filter((r) => newKey.get(r) !== undefined), (r) => [
      [(oldKey.has(r) && !newKey.has(r) ? oldKey.get(r) : newKey.get(r) ?? oldKey.get(r))!, undefined],
    ]);
    for (const k of o.keys) if (k !== undefined) touched.add(k);
    for (const k of next.keys) if (k !== undefined) touched.add(k);
    this.swapGroups(flatIndex(this.byKind), i, o.resources, next.resources, (r) => [[r.kind, undefined]]);
    const pairs = (t: PodTemplate): [string, string][] => Object.entries(t.labels).map(([k, v]) => [t.namespace, `${k}=${v}`]);
    this.swapGroups(nestedIndex(this.labelIndex), i, o.templates, next.templates, pairs);
    this.swapGroups(flatIndex(this.nsTemplates), i, o.templates, next.templates, (t) => [[t.namespace, undefined]]);
    this.swapGroups(flatIndex(this.servicesByKey), i, o.services, next.services, (s) => [[`${s.namespace}/${s.name}`, undefined]]);
    for (const e of oldEdges) {
      const k = this.edgeKey.get(e);
      if (k === undefined) continue;
      this.edgeKey.delete(e);
      const set = this.edgesTo.get(k);
      set?.delete(e);
      if (set?.size === 0) this.edgesTo.delete(k);
    }
    for (const e of newEdges) {
      const k = keyOf(e.targetKind, e.targetNamespace, e.targetName);
      this.edgeKey.set(e, k);
      const set = this.edgesTo.get(k);
      if (set) set.add(e);
      else this.edgesTo.set(k, new Set([e]));
      touched.add(k);
    }
    const keep = new Set<object>([...next.resources, ...next.templates, ...next.services, ...newEdges]);
    for (const l of [o.resources, o.templates, o.services, oldEdges] as object[][]) for (const x of l) if (!keep.has(x)) this.partOf.delete(x);
  }

  private view(defaultNamespace: string): Graph {
    const files = this.files;
    const allByKey = this.allByKey;
    const byKind = this.byKind;
    const labelIndex = this.labelIndex;
    const nsTemplates = this.nsTemplates;
    const servicesByKey = this.servicesByKey;
    const resources = this.resources.slice();
    const templates = this.templates.slice();
    const services = this.services.slice();
    const edges = [...this.templateEdges, ...this.ingressEdges, ...this.hpaEdges];
    const namespaces = new Set<string>();
    for (const part of this.parts) for (const n of part.namespaces) namespaces.add(n);
    const resolveFrom = this.resolveFrom;
    const edgesTo = this.incremental ? this.edgesTo : undefined;
    const names = new Map<string, string[]>();
    const parts = this.parts;
    let partOfFile: Map<SourceFile, GraphPart> | undefined;
  const templatesMatching = (namespace: string, selector: Record<string, string>): PodTemplate[] => {
    const entries = Object.entries(selector);
    if (entries.length === 0) return [];
    const idx = labelIndex.get(namespace);
    if (!idx) return [];
    let smallest: PodTemplate[] | undefined;
    for (const [k, v] of entries) {
      const l = idx.get(`${k}=${v}`);
      if (!l) return [];
      if (!smallest || l.length < smallest.length) smallest = l;
    }
    return smallest!.filter((t) => entries.every(([k, v]) => t.labels[k] === v));
  };
  const templatesMatchingSelector = (namespace: string, sel: LabelSelector): PodTemplate[] => {
    const ml = stringMap(sel.matchLabels);
    const exprs = arr(sel.matchExpressions);
    const base = Object.keys(ml).length > 0 ? templatesMatching(namespace, ml) : nsTemplates.get(namespace) ?? [];
    return exprs.length ? base.filter((t) => matchExpressions(t.labels, exprs)) : base;
  };
  let reverse: Map<PodTemplate, ServiceInfo[]> | undefined;

  return {
    files,
    resources,
    templates,
    services,
    edges,
    defaultNamespace,
    named: (kind, namespace, name) => allByKey.get(`${kind}/${namespace}/${name}`),
    referencesTo: edgesTo && ((kind, namespace, name) => edgesTo.get(keyOf(kind, namespace, name)) ?? []),
    objectsOf: (file) => {
      partOfFile ??= new Map(files.map((f, i) => [f.file, parts[i]!]));
      const p = partOfFile.get(file);
      return p && { resources: p.resources, templates: p.templates, services: p.services, edges: [...p.templateEdges, ...p.ingressEdges, ...p.hpaEdges] };
    },
    namespaces,
    get: (kind, namespace, name) => allByKey.get(keyOf(kind, namespace, name))?.[0],
    resolve: resolveFrom,
    ofKind: (kind) => byKind.get(kind) ?? [],
    namesOf: (kind, namespace) => {
      const k = `${kind}/${namespace}`;
      let l = names.get(k);
      if (!l) names.set(k, (l = (byKind.get(kind) ?? []).filter((r) => r.namespace === namespace && r.name !== undefined).map((r) => r.name!)));
      return l.slice();
    },
    service: (namespace, name) => {
      const l = servicesByKey.get(`${namespace}/${name}`);
      return l?.[l.length - 1];
    },
    templatesMatching,
    templatesMatchingSelector,
    servicesSelecting: (t) => {
      if (!reverse) {
        reverse = new Map();
        for (const s of services) {
          if (!s.selector) continue;
          for (const m of templatesMatching(s.namespace, s.selector)) {
            pushTo(reverse, m, s);
          }
        }
      }
      return reverse.get(t) ?? [];
    },
  };
}
}

export function matchExpressions(labels: Record<string, string>, exprs: any[]): boolean {
  for (const e of exprs) {
    const key = str(e?.key);
    if (!key) continue;
    const values = arr(e?.values).map(String);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e?.operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Does a metav1.LabelSelector match these labels? (`{}` matches everything.) */
export function selectorMatches(labels: Record<string, string>, sel: LabelSelector): boolean {
  const ml = stringMap(sel.matchLabels);
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  return matchExpressions(labels, arr(sel.matchExpressions));
}

function buildTemplate(r: GResource, specPath: Path, labelsPath: Path, spec: Record<string, any>): PodTemplate {
  const t: PodTemplate = {
    resource: r,
    path: specPath,
    labelsPath,
    label: `${r.kind}/${r.name ?? '(unnamed)'}`,
    spec: spec as any,
    labels: stringMap(dig(r.obj, labelsPath)),
    namespace: r.namespace,
    containers: [],
    volumes: [],
    volumesByName: new Map(),
  };
  arr(spec.volumes).forEach((v, index) => {
    if (!isObj(v)) return;
    const name = str(v.name) ?? '';
    const sourceType = Object.keys(v).find((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
    const vi: VolumeInfo = { resource: r, template: t, path: specPath.concat('volumes', index), index, name, spec: v as any, sourceType, mounts: [] };
    t.volumes.push(vi);
    if (!t.volumesByName.has(name)) t.volumesByName.set(name, vi);
  });
  if (r.kind === 'StatefulSet') {
    // volumeClaimTemplates give the pod volumes named after each claim template.
    arr(r.obj.spec?.volumeClaimTemplates).forEach((vct, i) => {
      const name = str(vct?.metadata?.name);
      if (!name) return;
      const vi: VolumeInfo = {
        resource: r,
        template: t,
        path: ['spec', 'volumeClaimTemplates', i, 'metadata'],
        index: t.volumes.length,
        name,
        spec: { name, persistentVolumeClaim: { claimName: name } } as any,
        sourceType: 'volumeClaimTemplate',
        mounts: [],
      };
      t.volumes.push(vi);
      if (!t.volumesByName.has(name)) t.volumesByName.set(name, vi);
    });
  }
  for (const group of ['initContainers', 'containers', 'ephemeralContainers'] as ContainerGroup[]) {
    arr(spec[group]).forEach((c, index) => {
      if (!isObj(c)) return;
      const path = specPath.concat(group, index);
      const nativeSidecar = group === 'initContainers' && c.restartPolicy === 'Always';
      const ci: ContainerInfo = {
        resource: r,
        template: t,
        group,
        index,
        path,
        spec: c as any,
        name: str(c.name) ?? '',
        image: str(c.image),
        longRunning: group === 'containers' || nativeSidecar,
        nativeSidecar,
        mounts: [],
        ports: [],
        env: [],
      };
      arr(c.volumeMounts).forEach((m, mi) => {
        if (!isObj(m)) return;
        const name = str(m.name) ?? '';
        const mount = {
          resource: r,
          container: ci,
          index: mi,
          path: path.concat('volumeMounts', mi),
          name,
          mountPath: str(m.mountPath),
          subPath: str(m.subPath) ?? str(m.subPathExpr),
          readOnly: m.readOnly === true,
          volume: t.volumesByName.get(name),
        };
        mount.volume?.mounts.push(mount);
        ci.mounts.push(mount);
      });
      arr(c.ports).forEach((p, pi) => {
        if (!isObj(p)) return;
        ci.ports.push({
          resource: r,
          container: ci,
          index: pi,
          path: path.concat('ports', pi),
          containerPort: typeof p.containerPort === 'number' ? p.containerPort : undefined,
          name: str(p.name),
          protocol: str(p.protocol) ?? 'TCP',
        });
      });
      arr(c.env).forEach((e, ei) => {
        if (!isObj(e)) return;
        ci.env.push({ resource: r, container: ci, index: ei, path: path.concat('env', ei), name: str(e.name) ?? '', value: str(e.value) });
      });
      ci.mounts = fit(ci.mounts);
      ci.ports = fit(ci.ports);
      ci.env = fit(ci.env);
      t.containers.push(ci);
    });
  }
  t.containers = fit(t.containers);
  t.volumes = fit(t.volumes);
  for (const v of t.volumes) v.mounts = fit(v.mounts);
  return t;
}


function templateEdges(t: PodTemplate, add: (e: Omit<Edge, 'to'>) => void) {
  const r = t.resource;
  const ns = t.namespace;
  // explicit fields, not a spread of a shared base (a spread clone is slow in the unoptimized code most runs execute)
  const ref = (kind: EdgeKind, targetKind: string, via: string, path: Path, name: string | undefined, optional: unknown, keys: { key: string; path: Path }[] = []) => {
    if (!name) return;
    add({ resource: r, template: t, targetNamespace: ns, path, kind, via, targetKind, targetName: name, keys, optional: optional === true });
  };
  const itemKeys = (items: unknown, path: Path) =>
    arr(items).flatMap((it, i) => (str(it?.key) ? [{ key: str(it.key)!, path: path.concat('items', i, 'key') }] : []));
  for (const v of t.volumes) {
    const s = v.spec as any;
    if (isObj(s.configMap)) ref('configmap', 'ConfigMap', 'volume', v.path.concat('configMap', 'name'), str(s.configMap.name), s.configMap.optional, itemKeys(s.configMap.items, v.path.concat('configMap')));
    if (isObj(s.secret)) ref('secret', 'Secret', 'volume', v.path.concat('secret', 'secretName'), str(s.secret.secretName), s.secret.optional, itemKeys(s.secret.items, v.path.concat('secret')));
    if (isObj(s.persistentVolumeClaim)) ref('pvc', 'PersistentVolumeClaim', 'volume', v.path.concat('persistentVolumeClaim', 'claimName'), str(s.persistentVolumeClaim.claimName), false);
    if (isObj(s.projected)) {
      arr(s.projected.sources).forEach((src, i) => {
        const p = v.path.concat('projected', 'sources', i);
        if (isObj(src?.configMap)) ref('configmap', 'ConfigMap', 'projected', p.concat('configMap', 'name'), str(src.configMap.name), src.configMap.optional, itemKeys(src.configMap.items, p.concat('configMap')));
        if (isObj(src?.secret)) ref('secret', 'Secret', 'projected', p.concat('secret', 'name'), str(src.secret.name), src.secret.optional, itemKeys(src.secret.items, p.concat('secret')));
      });
    }
  }
  for (const c of t.containers) {
    const cs = c.spec as any;
    arr(cs.envFrom).forEach((ef, i) => {
      const p = c.path.concat('envFrom', i);
      if (isObj(ef?.configMapRef)) ref('configmap', 'ConfigMap', 'envFrom', p.concat('configMapRef', 'name'), str(ef.configMapRef.name), ef.configMapRef.optional);
      if (isObj(ef?.secretRef)) ref('secret', 'Secret', 'envFrom', p.concat('secretRef', 'name'), str(ef.secretRef.name), ef.secretRef.optional);
    });
    arr(cs.env).forEach((e, i) => {
      const vf = e?.valueFrom;
      if (!isObj(vf)) return;
      const p = c.path.concat('env', i, 'valueFrom');
      if (isObj(vf.configMapKeyRef)) {
        const k = str(vf.configMapKeyRef.key);
        ref('configmap', 'ConfigMap', 'env', p.concat('configMapKeyRef', 'name'), str(vf.configMapKeyRef.name), vf.configMapKeyRef.optional, k ? [{ key: k, path: p.concat('configMapKeyRef', 'key') }] : []);
      }
      if (isObj(vf.secretKeyRef)) {
        const k = str(vf.secretKeyRef.key);
        ref('secret', 'Secret', 'env', p.concat('secretKeyRef', 'name'), str(vf.secretKeyRef.name), vf.secretKeyRef.optional, k ? [{ key: k, path: p.concat('secretKeyRef', 'key') }] : []);
      }
    });
  }
  const spec = t.spec as any;
  const sa = str(spec.serviceAccountName) ?? str(spec.serviceAccount);
  if (sa) ref('serviceaccount', 'ServiceAccount', 'serviceAccountName', t.path.concat(spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount'), sa, false);
  arr(spec.imagePullSecrets).forEach((s, i) => ref('secret', 'Secret', 'imagePullSecrets', t.path.concat('imagePullSecrets', i, 'name'), str(s?.name), true));
}

/** The pod templates of an OLM ClusterServiceVersion's install strategy (`spec.install.spec.deployments[].spec.template`). */
export function csvDeployments(r: GResource): { name: string | undefined; spec: Path; labels: Path; podSpec: Record<string, any> }[] {
  const out: { name: string | undefined; spec: Path; labels: Path; podSpec: Record<string, any> }[] = [];
  arr(r.obj.spec?.install?.spec?.deployments).forEach((d, i) => {
    const podSpec = d?.spec?.template?.spec;
    if (!isObj(podSpec)) return;
    const base: Path = ['spec', 'install', 'spec', 'deployments', i, 'spec', 'template'];
    out.push({ name: str(d.name), spec: base.concat('spec'), labels: base.concat('metadata', 'labels'), podSpec });
  });
  return out;
}
