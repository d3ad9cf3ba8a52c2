/**
 * `customRules` of podlint.config.yaml: CEL expressions a team writes, run as
 * rules with ids `custom/<id>`. Each expression is compiled once, when the
 * configuration is loaded (a syntax or type error is a configuration error).
 *
 * Variables an expression can use (docs/policies.md):
 *   object           the object being checked (metadata.namespace filled in)
 *   namespaceObject  its Namespace when that is in the linted set, else null
 *   objects          every object in the linted set (a list)
 * Functions:
 *   objectsOf(kind) / objectsOf(kind, namespace)   objects of a kind (in a namespace)
 *   getObject(kind, namespace, name)                one object, or null ('' namespace for cluster-scoped kinds)
 */
import type { GResource, Graph } from '../graph/model.js';
import type { Path } from '../load/nodes.js';
import type { Rule, RuleContext, Severity } from '../engine/types.js';
import { isObj } from '../util.js';
import { compile, celValue, registerScopeFunctions, CelEvalError, Reads, type CelProgram } from './cel.js';
import { deepestRead, parseFieldPath } from './position.js';
import { labelsOf } from './match.js';

export interface CustomRuleSpec {
  id: string;
  description?: string;
  match?: { kinds?: string[]; namespaces?: string[]; labels?: Record<string, string> };
  expression: string;
  message?: string;
  messageExpression?: string;
  /** Dot path (`spec.template.spec`, `spec.containers[0].image`) to point at when the expression fails. */
  path?: string;
  severity?: Severity;
}

/** The object set the `objects` API of the expressions reads (set by the rule before it evaluates). */
let currentGraph: Graph | undefined;
const objectLists = new WeakMap<Graph, { all: unknown[]; byKind: Map<string, GResource[]> }>();

function objectSet(): { all: unknown[]; byKind: Map<string, GResource[]> } {
  const g = currentGraph;
  if (!g) return { all: [], byKind: new Map() };
  let s = objectLists.get(g);
  if (!s) {
    const byKind = new Map<string, GResource[]>();
    for (const r of g.resources) if (!r.partial) (byKind.get(r.kind) ?? byKind.set(r.kind, []).get(r.kind)!).push(r);
    s = { all: g.resources.filter((r) => !r.partial).map((r) => cached(r)), byKind };
    objectLists.set(g, s);
  }
  return s;
}

const views = new WeakMap<GResource, unknown>();
function cached(r: GResource): unknown {
  let v = views.get(r);
  if (v === undefined) views.set(r, (v = celValue(admitted(r))));
  return v;
}

/** Functions of the `custom` scope (registered by src/policy/cel.ts). */
export const OBJECT_FUNCTIONS: [string, (...a: any[]) => unknown][] = [
  ['objectsOf(string): list', (kind: string) => (objectSet().byKind.get(kind) ?? []).map(cached)],
  ['objectsOf(string, string): list', (kind: string, ns: string) => (objectSet().byKind.get(kind) ?? []).filter((r) => r.namespace === ns).map(cached)],
  [
    'getObject(string, string, string): dyn',
    (kind: string, ns: string, name: string) => {
      const r = currentGraph?.get(kind, ns, name);
      return r && !r.partial ? cached(r) : null;
    },
  ],
];

registerScopeFunctions('custom', OBJECT_FUNCTIONS);

function admitted(r: GResource): Record<string, any> {
  const md = r.obj.metadata;
  if (r.clusterScoped || !isObj(md) || typeof md.namespace === 'string') return r.obj;
  return { ...r.obj, metadata: { ...md, namespace: r.namespace } };
}

export interface CompiledCustomRule {
  spec: CustomRuleSpec;
  prog: CelProgram;
  msg?: CelProgram;
  path?: Path;
}

/** Compile a custom rule's expressions; throws CelCompileError (with `field` naming the expression that failed). */
export function compileCustomRule(spec: CustomRuleSpec): CompiledCustomRule {
  const prog = tagged('expression', () => compile(spec.expression, 'custom'));
  const msg = spec.messageExpression !== undefined ? tagged('messageExpression', () => compile(spec.messageExpression!, 'custom')) : undefined;
  return { spec, prog, msg, path: spec.path ? parseDotPath(spec.path) : undefined };
}

function tagged<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    (e as any).field = field;
    throw e;
  }
}

export function parseDotPath(p: string): Path | undefined {
  return parseFieldPath(p.startsWith('.') || p.startsWith('[') ? p : '.' + p);
}

export function customRule(c: CompiledCustomRule, configFile: string): Rule {
  const { spec } = c;
  const id = `custom/${spec.id}`;
  return {
    meta: {
      id,
      description: spec.description ?? spec.message ?? `custom rule ${spec.id}: ${spec.expression}`,
      severity: spec.severity ?? 'error',
      category: 'patterns',
      docs: configFile,
    },
    check(ctx: RuleContext) {
      currentGraph = ctx.graph;
      try {
        for (const r of ctx.graph.resources) if (!r.partial && matches(spec, r)) evaluate(c, r, ctx);
      } finally {
        currentGraph = undefined;
      }
    },
  };
}

function matches(spec: CustomRuleSpec, r: GResource): boolean {
  const m = spec.match;
  if (!m) return true;
  if (m.kinds?.length && !m.kinds.includes(r.kind) && !m.kinds.includes(`${r.apiVersion}/${r.kind}`)) return false;
  if (m.namespaces?.length && (r.clusterScoped || !m.namespaces.includes(r.namespace))) return false;
  if (m.labels) {
    const l = labelsOf(r.obj);
    for (const [k, v] of Object.entries(m.labels)) if (String(l[k]) !== String(v) || !(k in l)) return false;
  }
  return true;
}

function evaluate(c: CompiledCustomRule, r: GResource, ctx: RuleContext) {
  const reads = new Reads();
  const ns = r.clusterScoped ? undefined : ctx.graph.get('Namespace', '', r.namespace);
  const vars = {
    object: celValue(admitted(r), reads),
    namespaceObject: ns ? cached(ns) : null,
    params: null,
    get objects() {
      return objectSet().all;
    },
  };
  let ok: unknown;
  try {
    ok = c.prog.eval(vars);
  } catch (e) {
    const msg = e instanceof CelEvalError ? e.message : String(e);
    ctx.report({ resource: r, path: deepestRead(reads.paths) ?? ['metadata', 'name'], message: `custom rule '${c.spec.id}': expression '${c.spec.expression}' resulted in error: ${msg}` });
    return;
  }
  if (ok === true) return;
  const at = (c.path && exists(r.obj, c.path) ? c.path : undefined) ?? deepestRead(reads.paths) ?? ['metadata', 'name'];
  let message = c.spec.message ?? `failed expression: ${c.spec.expression}`;
  if (c.msg) {
    try {
      const m = c.msg.eval({ ...vars, object: celValue(admitted(r)) });
      if (typeof m === 'string' && m.trim()) message = m;
    } catch {
      /* keep the static message */
    }
  }
  ctx.report({ resource: r, path: at, message });
}

function exists(obj: unknown, path: Path): boolean {
  let cur: any = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return false;
    cur = cur[seg];
  }
  return true;
}
