/**
 * What prometheus-operator's ServiceMonitors and PodMonitors
 * (monitoring.coreos.com/v1) select: the namespaces (`namespaceSelector`:
 * `any`, `matchNames`, default the monitor's own), the Services (by their
 * metadata labels) or pod templates their `selector` matches, and, for a
 * selector matching nothing, the near candidates (label sets one typo away).
 */
import type { GResource, Graph, LabelSelector, PodTemplate, ServiceInfo } from '../graph/model.js';
import { selectorMatches } from '../graph/build.js';
import { nearNames } from '../engine/suggest.js';
import { selectTemplates, templatesIn } from './references.js';
import { isObj } from '../util.js';

export interface MonitorScope {
  /** undefined = every namespace. */
  namespaces?: Set<string>;
  selector: LabelSelector;
}

/**
 * kuttl and chainsaw test steps state expected objects in assertion files
 * (`01-assert.yaml`, `02-errors.yaml`): partial objects, of one step's
 * state, never applied. A monitor or Service there is no evidence.
 */
export function isTestAssertion(r: GResource): boolean {
  const base = r.file.path.slice(r.file.path.lastIndexOf('/') + 1);
  return /(^|[-_.])(assert|errors)([-_.][^/]*)?\.ya?ml$/i.test(base);
}

export function isMonitor(r: GResource): 'ServiceMonitor' | 'PodMonitor' | undefined {
  if (!r.apiVersion.startsWith('monitoring.coreos.com/')) return undefined;
  return r.kind === 'ServiceMonitor' || r.kind === 'PodMonitor' ? r.kind : undefined;
}

export function monitorScope(r: GResource): MonitorScope | undefined {
  const spec = r.obj.spec;
  if (!isObj(spec) || !isObj(spec.selector)) return undefined;
  const ns = spec.namespaceSelector;
  let namespaces: Set<string> | undefined = new Set([r.namespace]);
  if (isObj(ns)) {
    if (ns.any === true) namespaces = undefined;
    else if (Array.isArray(ns.matchNames) && ns.matchNames.length) namespaces = new Set(ns.matchNames.map(String));
  }
  return { namespaces, selector: spec.selector as LabelSelector };
}

const labelsOf = (r: GResource): Record<string, string> => {
  const out: Record<string, string> = {};
  const l = r.obj.metadata?.labels;
  if (isObj(l)) for (const [k, v] of Object.entries(l)) if (v != null) out[k] = String(v);
  return out;
};

const inScope = (s: MonitorScope, ns: string) => !s.namespaces || s.namespaces.has(ns);

/** Services of the scope whose metadata labels the selector matches. */
export function selectedServices(g: Graph, s: MonitorScope): ServiceInfo[] {
  return g.services.filter((svc) => inScope(s, svc.namespace) && !isTestAssertion(svc.resource) && selectorMatches(labelsOf(svc.resource), s.selector));
}

/** Pod templates of the scope the selector matches. */
export function selectedTemplates(g: Graph, s: MonitorScope): PodTemplate[] {
  if (s.namespaces) return [...s.namespaces].flatMap((ns) => selectTemplates(g, ns, s.selector));
  const nss = new Set(g.templates.map((t) => t.namespace));
  return [...nss].flatMap((ns) => selectTemplates(g, ns, s.selector));
}

export interface NearCandidate {
  label: string;
  /** The selector's matchLabels key whose value differs (a likely typo), with the candidate's value. */
  key: string;
  have: string;
}

/**
 * A candidate of the scope (Service or pod template) that matches every
 * matchLabels pair but one, whose value is near the selector's (a typo).
 * Only for selectors made of matchLabels alone.
 */
export function nearCandidate(g: Graph, s: MonitorScope, kind: 'ServiceMonitor' | 'PodMonitor'): NearCandidate | undefined {
  const sel = s.selector;
  if (Array.isArray(sel.matchExpressions) && sel.matchExpressions.length) return undefined;
  const pairs = Object.entries(isObj(sel.matchLabels) ? sel.matchLabels : {}).map(([k, v]) => [k, String(v)] as const);
  if (!pairs.length) return undefined;
  const cands: { label: string; labels: Record<string, string> }[] =
    kind === 'ServiceMonitor'
      ? g.services.filter((x) => inScope(s, x.namespace) && !isTestAssertion(x.resource)).map((x) => ({ label: `Service/${x.name}`, labels: labelsOf(x.resource) }))
      : (s.namespaces ? [...s.namespaces].flatMap((ns) => templatesIn(g, ns)) : g.templates).map((t) => ({ label: t.label, labels: t.labels }));
  for (const c of cands) {
    const off = pairs.filter(([k, v]) => c.labels[k] !== v);
    if (off.length !== 1) continue;
    const [k, v] = off[0]!;
    const have = c.labels[k];
    if (have !== undefined && nearNames(v, [have]).length) return { label: c.label, key: k, have };
  }
  return undefined;
}
