/**
 * Shared analyses for the cross-resource reference rules (issue 4): how a
 * reference is described in messages, which keys a ConfigMap or Secret
 * provides, which objects exist in every namespace without being linted, the
 * `missing` option (severity of references to objects absent from the linted
 * set), and label-selector helpers. Nothing here reports; the rules do.
 */
import type { Edge, GResource, Graph, LabelSelector, PodTemplate, ServiceInfo } from '../graph/model.js';
import type { Path } from '../load/nodes.js';
import type { Fix, RuleContext, Severity } from '../engine/types.js';
import { nearNames } from '../engine/suggest.js';
import { POD_SPEC_PATHS, selectorMatches } from '../graph/build.js';
import { dig, isObj, pushTo } from '../util.js';
import { nearest } from '../graph/nearest.js';
import { focusedEdges } from '../graph/focus.js';


/** Backticked list: `a`, `b`, `c` (truncated after `max` with "and N more"). */
export function list(items: string[], max = 6): string {
  const shown = items.slice(0, max).map((s) => `\`${s}\``);
  const rest = items.length - shown.length;
  return shown.join(', ') + (rest > 0 ? ` and ${rest} more` : '');
}

/** " Did you mean `a` or `b`?" or ''. */
export function meanText(near: string[]): string {
  return near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : '';
}

// ---------------------------------------------------------------------------
// The `missing` option: severity of a reference to an object absent from the linted set.

export type MissingMode = Severity | 'off';

export const MISSING_SCHEMA = {
  type: 'object',
  properties: { missing: { enum: ['warn', 'error', 'off'] } },
  additionalProperties: false,
};

/**
 * The `missing` option as set by the user, or undefined when unset. An invalid
 * value produces a notice and is ignored.
 */
export function missingOption(ctx: RuleContext, ruleId: string): MissingMode | undefined {
  const m = ctx.options?.missing;
  if (m === undefined || m === null) return undefined;
  if (m === 'warn' || m === 'error' || m === 'off') return m;
  if (m === 'warning' || m === 1) return 'warn';
  if (m === 2) return 'error';
  if (m === 0) return 'off';
  ctx.notice(`rule ${ruleId}: option \`missing\` must be one of warn, error, off (got ${JSON.stringify(m)}); using the default`);
  return undefined;
}

// ---------------------------------------------------------------------------
// Objects that exist in every namespace without being in any manifest.

/** Names of objects the cluster creates in every namespace, by kind. */
const IMPLICIT: Record<string, Record<string, string[]>> = {
  // The ServiceAccount admission controller / token controller creates `default` in every namespace.
  ServiceAccount: { default: [] },
  // The root CA publisher (Kubernetes >= 1.20) creates this ConfigMap in every namespace.
  ConfigMap: { 'kube-root-ca.crt': ['ca.crt'] },
};

/** Is `kind/name` an object every namespace has (e.g. ServiceAccount `default`)? */
export function isImplicit(kind: string, name: string): boolean {
  return !!IMPLICIT[kind] && Object.prototype.hasOwnProperty.call(IMPLICIT[kind], name);
}

/** Keys of an implicit object, if it is one. */
export function implicitKeys(kind: string, name: string): string[] | undefined {
  return isImplicit(kind, name) ? IMPLICIT[kind]![name] : undefined;
}

/** Keys the token controller fills into a Secret of type kubernetes.io/service-account-token. */
const SA_TOKEN_KEYS = ['token', 'ca.crt', 'namespace'];

/**
 * The keys a ConfigMap (`data`, `binaryData`) or Secret (`data`, `stringData`,
 * plus the keys the cluster fills in for service-account-token Secrets) provides.
 */
export function dataKeys(r: GResource): string[] {
  const o = r.obj;
  const keys: string[] = [];
  const add = (v: unknown) => {
    if (isObj(v)) for (const k of Object.keys(v)) if (!keys.includes(k)) keys.push(k);
  };
  if (r.kind === 'ConfigMap') {
    add(o.data);
    add(o.binaryData);
  } else if (r.kind === 'Secret') {
    add(o.data);
    add(o.stringData);
    if (o.type === 'kubernetes.io/service-account-token') for (const k of SA_TOKEN_KEYS) if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

// ---------------------------------------------------------------------------
// Describing references in messages.

const CONTAINER_GROUPS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The container an edge's path lies in, if any. */
function containerOf(e: Edge) {
  const t = e.template;
  if (!t) return undefined;
  const tp = t.path.length;
  const group = e.path[tp];
  const index = e.path[tp + 1];
  if (typeof group !== 'string' || !CONTAINER_GROUPS.has(group) || typeof index !== 'number') return undefined;
  return t.containers.find((c) => c.group === group && c.index === index);
}

/** The pod volume an edge's path lies in, if any. */
function volumeOf(e: Edge) {
  const t = e.template;
  if (!t) return undefined;
  const tp = t.path.length;
  if (e.path[tp] !== 'volumes' || typeof e.path[tp + 1] !== 'number') return undefined;
  return t.volumes.find((v) => v.path.length === tp + 2 && v.path[tp + 1] === e.path[tp + 1]);
}

/**
 * How the reference is made, for messages: "volume `config` of Deployment/web",
 * "env var `DB_PASSWORD` of container `app` in Deployment/web", ...
 */
export function describeEdge(e: Edge): string {
  const owner = e.template?.label ?? `${e.resource.kind}/${e.resource.name ?? '(unnamed)'}`;
  switch (e.via) {
    case 'volume':
    case 'projected': {
      const v = volumeOf(e);
      const kind = e.via === 'projected' ? 'projected volume' : 'volume';
      return v ? `${kind} \`${v.name}\` of ${owner}` : `a ${kind} of ${owner}`;
    }
    case 'envFrom': {
      const c = containerOf(e);
      return c ? `\`envFrom\` of container \`${c.name}\` in ${owner}` : `\`envFrom\` in ${owner}`;
    }
    case 'env': {
      const c = containerOf(e);
      const tp = e.template?.path.length ?? 0;
      const envIndex = e.path[tp + 3];
      const env = c && typeof envIndex === 'number' ? (c.spec as any).env?.[envIndex] : undefined;
      const name = typeof env?.name === 'string' ? `env var \`${env.name}\`` : 'an env var';
      return c ? `${name} of container \`${c.name}\` in ${owner}` : `${name} in ${owner}`;
    }
    case 'serviceAccountName':
      return `\`serviceAccountName\` of ${owner}`;
    case 'imagePullSecrets':
      return `\`imagePullSecrets\` of ${owner}`;
    default:
      return owner;
  }
}

/** Group edges by (resource, target name): one finding per root cause. Keeps source order. */
export function groupByTarget(edges: Edge[]): Edge[][] {
  const groups = new Map<string, Edge[]>();
  for (const e of edges) {
    const k = `${e.resource.id}\u0000${e.targetKind}\u0000${e.targetName}`;
    pushTo(groups, k, e);
  }
  return [...groups.values()];
}

/** The edges of one kind that point at no object of the linted set (and at no implicit one). */
export function absentEdges(graph: Graph, kind: Edge['kind']): Edge[] {
  return focusedEdges(graph).filter(
    (e) =>
      e.kind === kind &&
      !e.to &&
      !e.optional &&
      !isImplicit(e.targetKind, e.targetName) &&
      !graph.generated?.has(`${e.targetKind}/${e.targetName}`) && // made by a kustomize generator
      !isClaimTemplateEdge(e) &&
      !overriddenByClaimTemplate(e),
  );
}

/**
 * In a StatefulSet, the controller replaces every pod volume whose name equals
 * a volumeClaimTemplate's name with that claim, so what such a volume names
 * (a claim, a ConfigMap ...) is never used.
 */
export function overriddenByClaimTemplate(e: Edge): boolean {
  if (e.resource.kind !== 'StatefulSet' || (e.via !== 'volume' && e.via !== 'projected')) return false;
  const v = volumeOf(e);
  if (!v) return false;
  const vcts = e.resource.obj.spec?.volumeClaimTemplates;
  return Array.isArray(vcts) && vcts.some((c: any) => c?.metadata?.name === v.name);
}

const namedCache = new WeakMap<Graph, Map<string, GResource[]>>();

/**
 * Every object of the linted set with this kind, namespace and name. Usually
 * one; several when the set holds duplicates (then a reference is satisfied
 * when any of them satisfies it: which one wins depends on apply order).
 * With `from`, only the definitions nearest to that resource's file
 * (src/graph/nearest.ts): another sample's same-named copy is not meant.
 */
export function allNamed(graph: Graph, kind: string, namespace: string, name: string, from?: GResource): GResource[] {
  const all = allNamedAnywhere(graph, kind, namespace, name);
  return from && all.length > 1 ? nearest(all, from) : all;
}

function allNamedAnywhere(graph: Graph, kind: string, namespace: string, name: string): GResource[] {
  if (graph.named) return graph.named(kind, namespace, name) ?? [];
  let m = namedCache.get(graph);
  if (!m) {
    m = new Map();
    for (const r of graph.resources) {
      if (r.name === undefined) continue;
      const k = `${r.kind}/${r.namespace}/${r.name}`;
      pushTo(m, k, r);
    }
    namedCache.set(graph, m);
  }
  return m.get(`${kind}/${namespace}/${name}`) ?? [];
}

const servicesCache = new WeakMap<Graph, Map<GResource, ServiceInfo[]>>();

/** Every Service of the linted set with this namespace and name (duplicates included). */
export function allServices(graph: Graph, namespace: string, name: string, from?: GResource): ServiceInfo[] {
  const rs = allNamed(graph, 'Service', namespace, name, from);
  if (!rs.length) return [];
  // index the services by resource once: filtering graph.services per lookup is quadratic
  let byResource = servicesCache.get(graph);
  if (!byResource) {
    byResource = new Map();
    for (const s of graph.services) {
      pushTo(byResource, s.resource, s);
    }
    servicesCache.set(graph, byResource);
  }
  const out: ServiceInfo[] = [];
  for (const r of new Set(rs)) out.push(...(byResource.get(r) ?? []));
  // (duplicates are rare: keep graph order for them)
  return out.length > 1 ? out.sort((a, b) => graph.services.indexOf(a) - graph.services.indexOf(b)) : out;
}

/**
 * StatefulSet volumeClaimTemplates appear as pod volumes (the graph models
 * them so mounts resolve); the claims they stand for are created by the
 * StatefulSet controller and are never "absent".
 */
export function isClaimTemplateEdge(e: Edge): boolean {
  return e.resource.kind === 'StatefulSet' && e.path[0] === 'spec' && e.path[1] === 'volumeClaimTemplates';
}

export interface AbsentReportOptions {
  ctx: RuleContext;
  ruleId: string;
  /** Default severity of a finding about an absent object when the `missing` option is unset; undefined = the rule's configured severity. */
  fallback?: Severity;
  /** Offer a rename fix when exactly one near name exists. */
  fixable: boolean;
  /** How to fix, one short clause without the final period (appended after any "Did you mean"). */
  advice: string;
  /** Builds the rename fix (engine/fixes.ts `replaceScalarFix`). */
  replaceFix: (resource: GResource, path: Path, value: string) => Fix | undefined;
  /** The kind referenced, for the summary notice ("Secret"). */
  kind: string;
}

// ---------------------------------------------------------------------------
// The absent-object policy (issue 13, cause 6), shared by every rule that
// reports a reference to an object, or a selector to pods, outside the linted
// set. Most such objects exist at runtime (Secrets made by `kubectl create
// secret`, cert-manager or an operator; pods an operator creates), so:
// - `missing` unset (the default): report only a near miss (a near name, a
//   selector one label or value off: a typo), and count the rest in one
//   summary notice per rule that says how to list them;
// - `missing: warn` / `missing: error`: report every one, at that severity;
// - `missing: off`: report none (near misses included) and print no notice.

/**
 * The near names that make an absent object a near miss (a typo) for the
 * policy: stricter than "did you mean" hints, since a loose match between
 * unrelated names (`hf-secret` / `chap-secret`) would report objects that
 * simply exist at run time. Edit distance at most max(1, floor(len/5)), an
 * adjacent swap counting 1 (`web-as` / `web-sa`), or a case-insensitive match.
 */
export function typoNames(name: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(1, Math.floor(name.length / 5));
  return nearNames(name, candidates).filter((c) => c.toLowerCase() === name.toLowerCase() || editDistance(name, c) <= limit);
}

/** Levenshtein distance with adjacent transpositions (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** How to set a rule's `missing` option, for messages and notices. */
export function missingSetting(ruleId: string, mode: MissingMode): string {
  return `\`rules: {${ruleId}: [warn, {missing: ${mode}}]}\` in podlint.config.yaml`;
}

export interface AbsentPolicy {
  /** The `missing` option as set (undefined = default). */
  readonly mode: MissingMode | undefined;
  /**
   * Whether to report one absent object or unmatched selector: `nearMiss` when
   * the set holds a near name or a near-matching pod template. Returns the
   * severity to report with (undefined inside = the rule's severity), or
   * `false` when it is only counted for the summary.
   */
  decide(nearMiss: boolean): { severity: Severity | undefined } | false;
  /** Print the summary notice for what was counted (call once, at the end of the rule). */
  finish(): void;
}

/** What the summary notice counts, singular and plural: ["reference names a Secret", "references name Secrets"]. */
export type Counted = readonly [one: string, many: string];

/** The summary phrase for references to objects of a kind. */
export function referencesTo(kind: string): Counted {
  return [`reference names a ${kind}`, `references name ${kind}s`];
}

/** The summary phrase for selectors that match no pod template of the set. */
export const SELECTORS: Counted = ['selector matches only pods', 'selectors match only pods'];

/** The absent-object policy of one rule run; `what` names what the summary notice counts. */
export function absentPolicy(ctx: RuleContext, ruleId: string, what: Counted, fallback?: Severity): AbsentPolicy {
  const mode = missingOption(ctx, ruleId);
  let counted = 0;
  return {
    mode,
    decide(nearMiss) {
      if (mode === 'off') return false;
      if (mode === 'warn' || mode === 'error') return { severity: mode };
      if (nearMiss) return { severity: fallback };
      counted++;
      return false;
    },
    finish() {
      if (counted === 0) return;
      ctx.notice(
        `${ruleId}: ${counted} ${counted === 1 ? what[0] : what[1]} outside the linted set (made at runtime or by an operator?), not reported; to list them set ${missingSetting(ruleId, 'warn')}.`,
      );
    },
  };
}

/**
 * Report references (grouped per resource and target) to objects absent from
 * the linted set, following the absent-object policy.
 */
export function reportAbsent(groups: Edge[][], o: AbsentReportOptions): void {
  const policy = absentPolicy(o.ctx, o.ruleId, referencesTo(o.kind), o.fallback);
  for (const g of groups) {
    const e = g[0]!;
    const names = o.ctx.graph.namesOf(e.targetKind, e.targetNamespace);
    const d = policy.decide(typoNames(e.targetName, names).length > 0);
    if (!d) continue;
    const near = nearNames(e.targetName, names);
    const more = g.length > 1 ? ` (${g.length} references; this is the first)` : '';
    const ns = e.targetNamespace !== o.ctx.graph.defaultNamespace ? ` in namespace \`${e.targetNamespace}\`` : '';
    const tail = near.length ? `${meanText(near)} ${o.advice}.` : ` ${o.advice}; if it is made at runtime, set ${missingSetting(o.ruleId, 'off')}.`;
    o.ctx.report({
      resource: e.resource,
      path: e.path,
      message: `${e.targetKind} \`${e.targetName}\`${ns}, used by ${describeEdge(e)}${more}, is not among the linted manifests.${tail}`,
      severity: d.severity,
      fix: o.fixable && near.length === 1 ? o.replaceFix(e.resource, e.path, near[0]!) : undefined,
    });
  }
  policy.finish();
}

/**
 * Report keys named by references to present ConfigMaps/Secrets that the
 * object does not provide. One finding per (resource, object, key).
 */
export function reportMissingKeys(ctx: RuleContext, kind: 'configmap' | 'secret'): void {
  const seen = new Set<string>();
  for (const e of focusedEdges(ctx.graph)) {
    if (e.kind !== kind || e.optional || e.keys.length === 0 || overriddenByClaimTemplate(e)) continue;
    const target = e.to;
    const implicit = implicitKeys(e.targetKind, e.targetName);
    if (!target && !implicit) continue;
    const targets = target ? allNamed(ctx.graph, e.targetKind, e.targetNamespace, e.targetName, e.resource) : [];
    // a key-less ConfigMap/Secret of a kustomize base: its keys come from an overlay
    if (targets.some((t) => t.openKeys)) continue;
    const keys = target ? [...new Set(targets.flatMap(dataKeys))] : implicit!;
    for (const k of e.keys) {
      if (keys.includes(k.key)) continue;
      const id = `${e.resource.id}\u0000${e.targetName}\u0000${k.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const near = nearNames(k.key, keys);
      const what = target ? `${e.targetKind} \`${e.targetName}\`` : `${e.targetKind} \`${e.targetName}\` (created by the cluster)`;
      const has = keys.length ? `its keys are ${list(keys)}` : `it has no ${e.targetKind === 'Secret' ? '`data` or `stringData`' : '`data` or `binaryData`'}`;
      const effect =
        e.via === 'env'
          ? 'the container will not start (CreateContainerConfigError)'
          : 'the pod will not start (the volume cannot be mounted)';
      const hint = near.length ? meanText(near) : ` Add the key to the ${e.targetKind}, fix the key, or set \`optional: true\`.`;
      ctx.report({
        resource: e.resource,
        path: k.path,
        message: `Key \`${k.key}\` is not in ${what}, used by ${describeEdge(e)}: ${has}, so ${effect}.${hint}`,
      });
    }
  }
}

// ---------------------------------------------------------------------------
// Selectors.

/** A label selector as written `{a: b}` rendered `a=b, c=d`. */
export function selectorText(sel: Record<string, string>): string {
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** A metav1.LabelSelector rendered for messages. */
export function labelSelectorText(sel: LabelSelector): string {
  const parts: string[] = [];
  if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) parts.push(`${k}=${v}`);
  if (Array.isArray(sel.matchExpressions))
    for (const e of sel.matchExpressions) {
      if (!isObj(e)) continue;
      const vals = Array.isArray(e.values) ? e.values.map(String) : [];
      if (e.operator === 'Exists') parts.push(String(e.key));
      else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
      else parts.push(`${e.key} ${e.operator === 'NotIn' ? 'notin' : 'in'} (${vals.join(', ')})`);
    }
  return parts.join(', ');
}

/** Labels controllers add to the pods they create, and whether a template's pods can carry a value. */
const CONTROLLER_LABELS: Record<string, (t: PodTemplate, value: string | undefined) => boolean> = {
  'statefulset.kubernetes.io/pod-name': (t, v) =>
    t.resource.kind === 'StatefulSet' && (v === undefined || (v.startsWith(`${t.resource.name}-`) && /^\d+$/.test(v.slice(String(t.resource.name).length + 1)))),
  'apps.kubernetes.io/pod-index': (t, v) => (t.resource.kind === 'StatefulSet' || isJobish(t)) && (v === undefined || /^\d+$/.test(v)),
  'controller-revision-hash': (t) => t.resource.kind === 'StatefulSet' || t.resource.kind === 'DaemonSet',
  'pod-template-generation': (t) => t.resource.kind === 'DaemonSet',
  'pod-template-hash': (t) => t.resource.kind === 'Deployment',
  'job-name': (t, v) => jobName(t, v),
  'batch.kubernetes.io/job-name': (t, v) => jobName(t, v),
  'controller-uid': (t) => isJobish(t),
  'batch.kubernetes.io/controller-uid': (t) => isJobish(t),
  'batch.kubernetes.io/job-completion-index': (t, v) => isJobish(t) && (v === undefined || /^\d+$/.test(v)),
};
function isJobish(t: PodTemplate): boolean {
  return t.resource.kind === 'Job' || t.resource.kind === 'CronJob';
}
function jobName(t: PodTemplate, v: string | undefined): boolean {
  if (v === undefined) return isJobish(t);
  if (t.resource.kind === 'Job') return v === t.resource.name;
  if (t.resource.kind === 'CronJob') return v.startsWith(`${t.resource.name}-`);
  return false;
}

/**
 * Pod templates of `namespace` a label selector (a Service's plain map, or a
 * metav1.LabelSelector) matches, counting the labels controllers add to the
 * pods they create (`statefulset.kubernetes.io/pod-name`, `pod-template-hash`,
 * `job-name` ...) when the template's kind adds them with a plausible value.
 */
export function selectTemplates(graph: Graph, namespace: string, sel: LabelSelector): PodTemplate[] {
  const direct = graph.templatesMatchingSelector(namespace, sel);
  if (direct.length) return direct;
  const ml: Record<string, string> = {};
  if (isObj(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) if (v != null) ml[k] = String(v);
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.filter(isObj) : [];
  const ctrlKeys = [...Object.keys(ml), ...exprs.map((e) => String(e.key))].filter((k) => k in CONTROLLER_LABELS);
  if (ctrlKeys.length === 0) return [];
  const rest: LabelSelector = {
    matchLabels: Object.fromEntries(Object.entries(ml).filter(([k]) => !(k in CONTROLLER_LABELS))),
    matchExpressions: exprs.filter((e) => !(String(e.key) in CONTROLLER_LABELS)) as LabelSelector['matchExpressions'],
  };
  return graph.templatesMatchingSelector(namespace, rest).filter((t) => {
    const labels = { ...t.labels };
    for (const [k, v] of Object.entries(ml)) if (k in CONTROLLER_LABELS && !(k in labels) && CONTROLLER_LABELS[k]!(t, v)) labels[k] = v;
    const ctrlExprs = exprs.filter((e) => String(e.key) in CONTROLLER_LABELS && !(String(e.key) in t.labels));
    // An expression on a controller label the template's controller adds (value unknown) is taken as satisfied.
    if (ctrlExprs.some((e) => !CONTROLLER_LABELS[String(e.key)]!(t, undefined))) return false;
    const sel2: LabelSelector = { matchLabels: ml, matchExpressions: exprs.filter((e) => !ctrlExprs.includes(e)) as LabelSelector['matchExpressions'] };
    return selectorMatches(labels, sel2);
  });
}

const specLessCache = new WeakMap<Graph, Map<string, { r: GResource; labels: Record<string, string> }[]>>();
/** A workload's pod template labels (null: none), per resource: the language server assembles a graph per edit from the same resources. */
const workloadLabels = new WeakMap<GResource, Record<string, string> | null>();

/**
 * A workload of `namespace` whose pod template has labels matching the selector
 * but no pod spec (so the graph holds no template for it). Such a manifest is
 * broken in another way; a selector aimed at it is not "matching nothing".
 */
export function specLessWorkloadMatching(graph: Graph, namespace: string, sel: LabelSelector): GResource | undefined {
  let m = specLessCache.get(graph);
  if (!m) {
    m = new Map();
    const withTemplate = new Set(graph.templates.map((t) => t.resource));
    for (const r of graph.resources) {
      const where = POD_SPEC_PATHS[r.kind];
      if (!where || withTemplate.has(r)) continue;
      let labels = workloadLabels.get(r);
      if (labels === undefined) {
        const cur = dig(r.obj, where.labels);
        labels = null;
        if (isObj(cur)) {
          labels = {};
          for (const [k, v] of Object.entries(cur)) if (v != null) labels[k] = String(v);
        }
        workloadLabels.set(r, labels);
      }
      if (labels) pushTo(m, r.namespace, { r, labels });
    }
    specLessCache.set(graph, m);
  }
  return (m.get(namespace) ?? []).find((x) => selectorMatches(x.labels, sel))?.r;
}

/** All pod templates of a namespace (via the label index: `{}` matches all). */
export function templatesIn(graph: Graph, namespace: string): PodTemplate[] {
  return graph.templatesMatchingSelector(namespace, {});
}

/**
 * For a selector that matched nothing: the template that comes closest (the
 * most selector pairs matched), e.g. text " The closest is Deployment/web,
 * which has `app: webapp`." and the selector keys that differ. Only computed
 * on failure.
 */
export function nearestTemplate(graph: Graph, namespace: string, selector: Record<string, string>): { text: string; keys: string[]; nearMiss: boolean } {
  const pairs = Object.entries(selector);
  let best: { t: PodTemplate; score: number } | undefined;
  for (const t of templatesIn(graph, namespace)) {
    // An equal pair counts 2, a near value or a near key with the same value (a likely typo) 1; unrelated values nothing.
    let score = 0;
    for (const [k, v] of pairs) {
      const have = t.labels[k];
      if (have === v) score += 2;
      else if (have !== undefined && nearNames(v, [have]).length) score += 1;
      else if (have === undefined && nearKey(t, k, v)) score += 1;
    }
    if (score > 0 && (!best || score > best.score)) best = { t, score };
  }
  if (!best) return { text: '', keys: [], nearMiss: false };
  const t = best.t;
  const keys = pairs.filter(([k, v]) => t.labels[k] !== v).map(([k]) => k);
  if (keys.length === 0) return { text: '', keys: [], nearMiss: false };
  const diffs = keys.map((k) => {
    const nk = t.labels[k] === undefined ? nearKey(t, k, selector[k]!) : undefined;
    return t.labels[k] !== undefined
      ? `\`${k}: ${t.labels[k]}\``
      : nk
        ? `\`${nk}: ${t.labels[nk]}\``
        : CONTROLLER_LABELS[k]?.(t, undefined)
          ? `\`${k}\` set by its controller, never to \`${selector[k]}\``
          : `no label \`${k}\``;
  });
  // A near miss (a typo, the bug users want): exactly one pair off, by a near value or a near key.
  const k0 = keys[0]!;
  const nearMiss =
    keys.length === 1 &&
    ((t.labels[k0] !== undefined && typoNames(selector[k0]!, [t.labels[k0]!]).length > 0) || (t.labels[k0] === undefined && !!nearKey(t, k0, selector[k0]!, true)));
  return { text: ` The closest is ${t.label}, which has ${diffs.join(' and ')}.`, keys, nearMiss };
}

/** A label key of the template near `key` (a typo) carrying the same value. */
function nearKey(t: PodTemplate, key: string, value: string, typo = false): string | undefined {
  const cands = Object.keys(t.labels).filter((k) => t.labels[k] === value && !(k in CONTROLLER_LABELS));
  return (typo ? typoNames : nearNames)(key, cands)[0];
}

// ---------------------------------------------------------------------------
// Pods created by operators from custom resources.

const BUILTIN_GROUP = /(^|\.)k8s\.io$|^(apps|batch|policy|autoscaling|extensions)$/;

/** Is this resource an instance of a custom resource type (group with a dot, not *.k8s.io)? */
export function isCustomResource(r: GResource): boolean {
  const slash = r.apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = r.apiVersion.slice(0, slash);
  return group.includes('.') && !BUILTIN_GROUP.test(group);
}

const operatorCache = new WeakMap<Graph, Map<string, { r: GResource; labels: Record<string, string> }[]>>();
/** A custom resource's label sets, per resource (as workloadLabels). */
const operatorEntries = new WeakMap<GResource, { r: GResource; labels: Record<string, string> }[]>();

/** Label sets that custom resources of a namespace carry (metadata, podMetadata, template labels). */
function operatorLabelSets(graph: Graph): Map<string, { r: GResource; labels: Record<string, string> }[]> {
  let m = operatorCache.get(graph);
  if (m) return m;
  m = new Map();
  for (const r of graph.resources) {
    let entries = operatorEntries.get(r);
    if (!entries) {
      entries = [];
      if (isCustomResource(r)) {
        const sets = [r.obj.metadata?.labels, r.obj.spec?.podMetadata?.labels, r.obj.spec?.template?.metadata?.labels];
        for (const s of sets) {
          if (!isObj(s)) continue;
          const labels: Record<string, string> = {};
          for (const [k, v] of Object.entries(s)) if (v != null) labels[k] = String(v);
          entries.push({ r, labels });
        }
      }
      operatorEntries.set(r, entries);
    }
    for (const e of entries) pushTo(m, r.namespace, e);
  }
  operatorCache.set(graph, m);
  return m;
}

/**
 * A custom resource in `namespace` whose labels satisfy the selector: operators
 * (Prometheus, Alertmanager, ...) create pods carrying their resource's labels,
 * so a selector matching it most likely matches pods the linted set cannot show.
 */
export function operatorOwnerMatching(graph: Graph, namespace: string, matches: (labels: Record<string, string>) => boolean): GResource | undefined {
  for (const { r, labels } of operatorLabelSets(graph).get(namespace) ?? []) if (matches(labels)) return r;
  return undefined;
}
