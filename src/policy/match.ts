/**
 * Admission matching (admissionregistration.k8s.io MatchResources) for an
 * object as it would be CREATEd: resourceRules, excludeResourceRules,
 * namespaceSelector (against the Namespace objects in the linted set) and
 * objectSelector.
 */
import type { GResource, Graph } from '../graph/model.js';
import { isObj } from '../util.js';
import { selectorMatches as labelSelectorMatches } from '../graph/build.js';
import type { LabelSelector } from '../graph/model.js';

/** metav1.LabelSelector semantics (the graph's matcher); an absent selector matches everything. */
export function selectorMatches(sel: LabelSelector | null | undefined, labels: Record<string, unknown>): boolean {
  if (!sel) return true;
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (v != null) strings[k] = String(v);
  return labelSelectorMatches(strings, sel);
}

const isEmptySelector = (s: unknown) => !isObj(s) || (!Object.keys((s as any).matchLabels ?? {}).length && !((s as any).matchExpressions ?? []).length);

/** The REST resource name of a kind (lower-case plural), from a CRD in the set or English rules. */
export function resourceName(kind: string, crdPlurals: Map<string, string>): string {
  const p = crdPlurals.get(kind);
  if (p) return p;
  const k = kind.toLowerCase();
  if (k === 'endpoints' || k.endsWith('data')) return k;
  if (/(s|x|z|ch|sh)$/.test(k)) return k + 'es';
  if (/[^aeiou]y$/.test(k)) return k.slice(0, -1) + 'ies';
  return k + 's';
}

export function groupVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

const listHas = (l: unknown, v: string) => Array.isArray(l) && (l.includes('*') || l.includes(v));

function ruleMatches(rule: any, r: GResource, resource: string): boolean {
  if (!isObj(rule)) return false;
  const { group, version } = groupVersion(r.apiVersion);
  if (!listHas(rule.operations, 'CREATE')) return false;
  if (!listHas(rule.apiGroups, group) || !listHas(rule.apiVersions, version)) return false;
  const resources: unknown[] = Array.isArray(rule.resources) ? rule.resources : [];
  // `pods/status`, `*/scale`: subresources are not the object's CREATE.
  if (!resources.some((x) => x === '*' || x === resource)) return false;
  if (Array.isArray(rule.resourceNames) && rule.resourceNames.length && !rule.resourceNames.includes(r.name)) return false;
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster' && !r.clusterScoped) return false;
  if (scope === 'Namespaced' && r.clusterScoped) return false;
  return true;
}

export type MatchOutcome = { matches: true } | { matches: false; unknownNamespace?: string };

/** Does a MatchResources (policy matchConstraints or binding matchResources) select this object? */
export function matchResources(m: any, r: GResource, graph: Graph, crdPlurals: Map<string, string>, requireRules: boolean): MatchOutcome {
  if (!isObj(m)) return requireRules ? { matches: false } : { matches: true };
  const resource = resourceName(r.kind, crdPlurals);
  const rules: unknown[] = Array.isArray((m as any).resourceRules) ? (m as any).resourceRules : [];
  if ((requireRules || rules.length) && !rules.some((rule) => ruleMatches(rule, r, resource))) return { matches: false };
  const ex: unknown[] = Array.isArray((m as any).excludeResourceRules) ? (m as any).excludeResourceRules : [];
  if (ex.some((rule) => ruleMatches(rule, r, resource))) return { matches: false };
  const objSel = (m as any).objectSelector;
  if (!isEmptySelector(objSel) && !selectorMatches(objSel, labelsOf(r.obj))) return { matches: false };
  const nsSel = (m as any).namespaceSelector;
  if (!isEmptySelector(nsSel)) {
    if (r.kind === 'Namespace' && r.apiVersion === 'v1') {
      if (!selectorMatches(nsSel, labelsOf(r.obj))) return { matches: false };
    } else if (!r.clusterScoped) {
      const ns = graph.get('Namespace', '', r.namespace);
      if (!ns) return { matches: false, unknownNamespace: r.namespace };
      if (!selectorMatches(nsSel, labelsOf(ns.obj))) return { matches: false };
    }
  }
  return { matches: true };
}

export function labelsOf(obj: any): Record<string, unknown> {
  const l = obj?.metadata?.labels;
  return isObj(l) ? (l as Record<string, unknown>) : {};
}
