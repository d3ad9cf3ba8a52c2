/**
 * A focused lint (the language server re-linting one file): the graph holds
 * the whole set (the file and its workspace context) so that every lookup —
 * by name, by label selector, "did you mean" — sees what the CLI sees, but
 * only the findings of the focused files are wanted. Rules that are safe to
 * focus iterate the collections below instead of the graph's own; without a
 * focus (the CLI) these are the graph's collections, unchanged.
 *
 * What "safe" means, per collection:
 * - focusedFiles / focusedResources / focusedServices / focusedEdges /
 *   focusedOfKind: the objects of the focused files. For rules whose findings
 *   land on the object iterated (its file), and whose verdict on one object
 *   does not depend on having iterated the others.
 * - readingTemplates: the focused files' pod templates plus every template
 *   that reads a ConfigMap or Secret of a focused file (volume, projected
 *   source, envFrom, env valueFrom: every way a pod reads one, as the graph's
 *   edges record them). For rules that report inside the embedded text
 *   (a proxy config, an agent config) of a ConfigMap the pod mounts, i.e. on a
 *   file other than the template's. Relative order is the graph's, so a rule
 *   that keeps the first of several identical findings keeps the same one.
 *
 * A rule not written against these runs over everything (the safe default).
 */
import type { ParsedFile } from '../load/parse.js';
import type { SourceFile } from '../load/source.js';
import type { Edge, GResource, Graph, PodTemplate, ServiceInfo } from './model.js';

interface Focused {
  files: ParsedFile[];
  resources: GResource[];
  templates: PodTemplate[];
  reading?: PodTemplate[];
  services: ServiceInfo[];
  edges: Edge[];
  byKind: Map<string, GResource[]>;
}

const memo = new WeakMap<Graph, Focused>();

function focused(g: Graph): Focused | undefined {
  const f = g.focus;
  if (!f) return undefined;
  let m = memo.get(g);
  if (m) return m;
  const files = g.files.filter((p) => f.has(p.file));
  const own = g.objectsOf ? files.map((p) => g.objectsOf!(p.file)) : [];
  if (own.every((o) => o)) {
    // the graph keeps each file's objects (graph order within the file, files in graph order): the same as filtering
    m = { files, resources: [], templates: [], services: [], edges: [], byKind: new Map() };
    const edges: Edge[][] = [[], [], []];
    for (const o of own as NonNullable<(typeof own)[number]>[]) {
      m.resources.push(...o.resources);
      m.templates.push(...o.templates);
      m.services.push(...o.services);
      // graph.edges lists the pod templates' references, then Ingress backends, then HPA targets
      for (const e of o.edges) edges[e.via === 'ingress-backend' ? 1 : e.via === 'scaleTargetRef' ? 2 : 0]!.push(e);
    }
    m.edges = edges.flat();
  } else {
    m = {
      files,
      resources: g.resources.filter((r) => f.has(r.file)),
      templates: g.templates.filter((t) => f.has(t.resource.file)),
      services: g.services.filter((s) => f.has(s.resource.file)),
      edges: g.edges.filter((e) => f.has(e.resource.file)),
      byKind: new Map(),
    };
  }
  for (const r of m.resources) {
    const l = m.byKind.get(r.kind);
    if (l) l.push(r);
    else m.byKind.set(r.kind, [r]);
  }
  memo.set(g, m);
  return m;
}

export const focusedFiles = (g: Graph): ParsedFile[] => focused(g)?.files ?? g.files;
export const focusedResources = (g: Graph): GResource[] => focused(g)?.resources ?? g.resources;
export const focusedTemplates = (g: Graph): PodTemplate[] => focused(g)?.templates ?? g.templates;
export const focusedServices = (g: Graph): ServiceInfo[] => focused(g)?.services ?? g.services;
export const focusedEdges = (g: Graph): Edge[] => focused(g)?.edges ?? g.edges;
export const focusedOfKind = (g: Graph, kind: string): GResource[] => (focused(g) ? focused(g)!.byKind.get(kind) ?? [] : g.ofKind(kind));

/** Whether a finding on `file` is wanted (always, without a focus). */
export const inFocus = (g: Graph, file: SourceFile): boolean => !g.focus || g.focus.has(file);

export function readingTemplates(g: Graph): PodTemplate[] {
  const m = focused(g);
  if (!m) return g.templates;
  if (m.reading) return m.reading;
  // A pod reads a ConfigMap or Secret of its own namespace, by name: exactly the references to it.
  const readers = new Set<PodTemplate>();
  const mine = m.resources.filter((r) => (r.kind === 'ConfigMap' || r.kind === 'Secret') && r.name !== undefined);
  if (mine.length && g.referencesTo) {
    for (const r of mine) for (const e of g.referencesTo(r.kind, r.namespace, r.name!)) if (e.template) readers.add(e.template);
  } else if (mine.length) {
    // no index: by name in any namespace (over-approximating only costs time)
    const names = { ConfigMap: new Set<string>(), Secret: new Set<string>() } as Record<string, Set<string>>;
    for (const r of mine) names[r.kind]!.add(r.name!);
    for (const e of g.edges) if (e.template && names[e.targetKind]?.has(e.targetName)) readers.add(e.template);
  }
  m.reading = readers.size ? g.templates.filter((t) => g.focus!.has(t.resource.file) || readers.has(t)) : m.templates;
  return m.reading;
}
