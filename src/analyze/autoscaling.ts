/**
 * What HorizontalPodAutoscalers of the set scale and on what: the target's
 * pod template, the utilization metrics that need container requests, and
 * the minimum replicas. autoscaling/v1 (`targetCPUUtilizationPercentage`),
 * v2beta1 (`targetAverageUtilization`), v2beta2 and v2 (`target.type:
 * Utilization`); an HPA without metrics scales on 80% CPU utilization.
 * KEDA ScaledObjects (keda.sh) create an HPA: their `cpu` and `memory`
 * triggers with `metricType: Utilization` (or the older `metadata.type`)
 * become such metrics (`containerName` makes it a container metric).
 */
import type { Edge, GResource, Graph, PodTemplate } from '../graph/model.js';
import type { Path } from '../load/nodes.js';
import { isObj } from '../util.js';

export interface UtilizationMetric {
  resource: string;
  /** `ContainerResource` metrics: the one container whose request counts. */
  container?: string;
  /** Where the metric is written (the HPA's `scaleTargetRef` for the default metric). */
  path: Path;
  implicit: boolean;
}

export interface HpaTarget {
  hpa: GResource;
  target?: GResource;
  template?: PodTemplate;
  metrics: UtilizationMetric[];
  minReplicas: number;
  /**
   * Resources whose utilization the HPA's recorded status shows the controller
   * computing (an object read back from a cluster, `kubectl get -o yaml`): its
   * target had the requests there, whatever manifest of the set it resolves to.
   */
  measured: Set<string>;
}

const cache = new WeakMap<Graph, HpaTarget[]>();

export function hpaTargets(graph: Graph): HpaTarget[] {
  let out = cache.get(graph);
  if (out) return out;
  out = [];
  // the first scale-target edge of each HPA, the first template of each resource (as find() would give)
  // (a graph that keeps each file's objects: the HPA's file's references, in graph order; else one pass over all)
  let edgeOf: Map<GResource, Edge> | undefined;
  const scaleEdge = (hpa: GResource): Edge | undefined => {
    const own = graph.objectsOf?.(hpa.file);
    if (own) return own.edges.find((e) => e.resource === hpa && e.kind === 'scale-target');
    if (!edgeOf) {
      edgeOf = new Map();
      for (const e of graph.edges) if (e.kind === 'scale-target' && !edgeOf.has(e.resource)) edgeOf.set(e.resource, e);
    }
    return edgeOf.get(hpa);
  };
  let templateOf: Map<GResource, PodTemplate> | undefined;
  const templateFor = (r: GResource): PodTemplate | undefined => {
    if (!templateOf) {
      templateOf = new Map();
      for (const t of graph.templates) if (!templateOf.has(t.resource)) templateOf.set(t.resource, t);
    }
    return templateOf.get(r);
  };
  for (const hpa of graph.ofKind('HorizontalPodAutoscaler')) {
    const spec = hpa.obj.spec;
    if (!isObj(spec)) continue;
    const e = scaleEdge(hpa);
    const target = e?.to;
    const template = target ? templateFor(target) : undefined;
    const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
    out.push({ hpa, target, template, metrics: utilizationMetrics(hpa), minReplicas: min, measured: measuredUtilization(hpa) });
  }
  for (const so of graph.ofKind('ScaledObject')) {
    if (!so.apiVersion.startsWith('keda.sh/')) continue;
    const spec = so.obj.spec;
    const ref = spec?.scaleTargetRef;
    if (!isObj(ref) || typeof ref.name !== 'string') continue;
    const kind = typeof ref.kind === 'string' ? ref.kind : 'Deployment';
    const target = graph.get(kind, so.namespace, ref.name);
    const template = target ? templateFor(target) : undefined;
    const metrics: UtilizationMetric[] = [];
    const triggers = Array.isArray(spec.triggers) ? spec.triggers : [];
    triggers.forEach((tr: any, i: number) => {
      if (!isObj(tr) || (tr.type !== 'cpu' && tr.type !== 'memory')) return;
      const util = tr.metricType === 'Utilization' || (tr.metricType === undefined && tr.metadata?.type === 'Utilization');
      if (!util) return;
      const container = typeof tr.metadata?.containerName === 'string' && tr.metadata.containerName ? tr.metadata.containerName : undefined;
      metrics.push({ resource: tr.type, container, path: ['spec', 'triggers', i, 'type'], implicit: false });
    });
    // The HPA KEDA creates has minReplicas = minReplicaCount (at least 1 with cpu/memory triggers).
    const min = typeof spec.minReplicaCount === 'number' ? Math.max(1, spec.minReplicaCount) : 1;
    out.push({ hpa: so, target, template, metrics, minReplicas: min, measured: new Set() });
  }
  cache.set(graph, out);
  return out;
}

/**
 * Utilization the status records as computed: v1 `currentCPUUtilizationPercentage`
 * and its `autoscaling.alpha.kubernetes.io/current-metrics` annotation, v2beta1
 * `currentAverageUtilization`, v2beta2/v2 `current.averageUtilization`
 * (Resource and ContainerResource metrics).
 */
function measuredUtilization(hpa: GResource): Set<string> {
  const out = new Set<string>();
  const status = hpa.obj.status;
  if (isObj(status) && typeof status.currentCPUUtilizationPercentage === 'number') out.add('cpu');
  let metrics: unknown[] = isObj(status) && Array.isArray(status.currentMetrics) ? status.currentMetrics : [];
  const ann = hpa.obj.metadata?.annotations?.['autoscaling.alpha.kubernetes.io/current-metrics'];
  if (typeof ann === 'string') {
    try {
      const parsed = JSON.parse(ann);
      if (Array.isArray(parsed)) metrics = [...metrics, ...parsed];
    } catch {
      // not JSON: no evidence
    }
  }
  for (const m of metrics) {
    if (!isObj(m)) continue;
    const r = isObj(m.resource) ? m.resource : isObj(m.containerResource) ? m.containerResource : undefined;
    if (!r || typeof r.name !== 'string') continue;
    const util = r.currentAverageUtilization ?? (isObj(r.current) ? r.current.averageUtilization : undefined);
    if (typeof util === 'number') out.add(r.name);
  }
  return out;
}

function utilizationMetrics(hpa: GResource): UtilizationMetric[] {
  const spec = hpa.obj.spec;
  const v1 = hpa.apiVersion === 'autoscaling/v1';
  if (v1) {
    const set = typeof spec.targetCPUUtilizationPercentage === 'number';
    return [{ resource: 'cpu', path: set ? ['spec', 'targetCPUUtilizationPercentage'] : ['spec', 'scaleTargetRef'], implicit: !set }];
  }
  const metrics = spec.metrics;
  if (metrics == null || (Array.isArray(metrics) && metrics.length === 0)) return [{ resource: 'cpu', path: ['spec', 'scaleTargetRef'], implicit: true }];
  if (!Array.isArray(metrics)) return [];
  const out: UtilizationMetric[] = [];
  metrics.forEach((m: any, i: number) => {
    if (!isObj(m)) return;
    const src = m.type === 'Resource' ? m.resource : m.type === 'ContainerResource' ? m.containerResource : undefined;
    if (!isObj(src) || typeof src.name !== 'string') return;
    const util = src.target?.type === 'Utilization' || typeof src.targetAverageUtilization === 'number';
    if (!util) return;
    const key = m.type === 'Resource' ? 'resource' : 'containerResource';
    out.push({
      resource: src.name,
      container: m.type === 'ContainerResource' && typeof src.container === 'string' ? src.container : undefined,
      path: ['spec', 'metrics', i, key, 'name'],
      implicit: false,
    });
  });
  return out;
}

/** Does a LimitRange of the namespace default this container resource's request (`defaultRequest`, or `default`, which defaults it)? */
export function limitRangeDefaults(graph: Graph, namespace: string, resource: string): GResource | undefined {
  for (const lr of graph.ofKind('LimitRange')) {
    if (lr.namespace !== namespace) continue;
    const limits = lr.obj.spec?.limits;
    if (!Array.isArray(limits)) continue;
    for (const l of limits) {
      if (!isObj(l) || l.type !== 'Container') continue;
      if ((isObj(l.defaultRequest) && l.defaultRequest[resource] != null) || (isObj(l.default) && l.default[resource] != null)) return lr;
    }
  }
  return undefined;
}
