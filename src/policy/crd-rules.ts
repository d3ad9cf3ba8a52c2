/**
 * CRD validation rules: `x-kubernetes-validations` in the openAPIV3Schema of
 * the CRDs in the linted set, evaluated on each custom resource with `self`
 * bound to the node that carries the rule (k8s.io/apiextensions-apiserver
 * schema/cel). On CREATE there is no old object: transition rules (those
 * reading `oldSelf`) are skipped unless `optionalOldSelf: true`, which binds
 * `oldSelf` to optional.none(). Findings use the API server's field error
 * text: `<field>: Invalid value: <value>: <message>` (no value for objects and
 * arrays), `Forbidden: ...`, `Required value: ...` by `reason`.
 * Called by the `schema` rule (it is part of schema validation).
 */
import type { GResource, Graph } from '../graph/model.js';
import type { Path } from '../load/nodes.js';
import { isObj } from '../util.js';
import { CrdRegistry } from '../schema/crd.js';
import { compile, celValue, celOptionalNone, CelCompileError, CelEvalError, Reads } from './cel.js';
import { deepestRead, fieldNotation, parseFieldPath } from './position.js';
import { focusedResources } from '../graph/focus.js';

export interface CrdRuleFinding {
  resource: GResource;
  path: Path;
  message: string;
}

const hasRulesCache = new WeakMap<object, boolean>();
function hasRules(s: unknown, depth = 0): boolean {
  if (!isObj(s) || depth > 64) return false;
  const cached = hasRulesCache.get(s);
  if (cached !== undefined) return cached;
  let r = Array.isArray(s['x-kubernetes-validations']) && s['x-kubernetes-validations'].length > 0;
  if (!r && isObj(s.properties)) r = Object.values(s.properties).some((p) => hasRules(p, depth + 1));
  if (!r && isObj(s.items)) r = hasRules(s.items, depth + 1);
  if (!r && isObj(s.additionalProperties)) r = hasRules(s.additionalProperties, depth + 1);
  hasRulesCache.set(s, r);
  return r;
}

/** Quick test: does any CRD in the set carry validation rules? (nothing is compiled otherwise) */
export function hasCrdRules(graph: Graph): boolean {
  return graph.ofKind('CustomResourceDefinition').some((c) => c.file.text.includes('x-kubernetes-validations'));
}

export function checkCrdRules(graph: Graph, notice: (m: string) => void): CrdRuleFinding[] {
  const out: CrdRuleFinding[] = [];
  const registry = new CrdRegistry(graph);
  for (const r of focusedResources(graph)) {
    if (r.partial || r.kind === 'CustomResourceDefinition') continue;
    const v = registry.lookup(r.apiVersion, r.kind);
    if (!v?.raw || !hasRules(v.raw)) continue;
    walk(v.raw, r.obj, [], r, out, notice, 0);
  }
  return out;
}

/** The API server's field path: `.name` for properties, `[key]` for map entries, `[i]` for items. */
type Field = string;
const child = (f: Field, k: string) => (f ? `${f}.${k}` : k);

function walk(schema: any, value: unknown, path: Path, r: GResource, out: CrdRuleFinding[], notice: (m: string) => void, depth: number, field: Field = ''): void {
  if (!isObj(schema) || value === undefined || value === null || depth > 64 || !hasRules(schema)) return;
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules)) for (const rule of rules) if (isObj(rule)) evalRule(rule, schema, value, path, r, out, notice, field);
  if (isObj(value) && !Array.isArray(value)) {
    const props = isObj(schema.properties) ? schema.properties : {};
    for (const [k, s] of Object.entries(props)) if (k in value) walk(s, (value as any)[k], [...path, k], r, out, notice, depth + 1, child(field, k));
    if (isObj(schema.additionalProperties))
      for (const k of Object.keys(value))
        if (!(k in props)) walk(schema.additionalProperties, (value as any)[k], [...path, k], r, out, notice, depth + 1, `${field}[${k}]`);
  } else if (Array.isArray(value) && isObj(schema.items)) {
    value.forEach((item, i) => walk(schema.items, item, [...path, i], r, out, notice, depth + 1, `${field}[${i}]`));
  }
}

function evalRule(rule: Record<string, any>, schema: any, value: unknown, path: Path, r: GResource, out: CrdRuleFinding[], notice: (m: string) => void, field: Field): void {
  const src = rule.rule;
  if (typeof src !== 'string') return;
  const usesOld = /\boldSelf\b/.test(src);
  if (usesOld && rule.optionalOldSelf !== true) return; // a transition rule: no old object on CREATE
  let prog;
  try {
    prog = compile(src, 'crd');
  } catch (e) {
    if (!(e instanceof CelCompileError)) throw e;
    // The API server rejects such a CRD; the CRD's own schema check is not this rule's business.
    notice(`${r.file.path}: CRD rule '${src}' for ${r.kind} does not compile (${e.message}); skipped`);
    return;
  }
  const reads = new Reads();
  const vars: Record<string, unknown> = { self: celValue(value, reads, path) };
  if (usesOld) vars.oldSelf = celOptionalNone();
  let ok: unknown;
  try {
    ok = prog.eval(vars);
  } catch (e) {
    if (e instanceof CelEvalError && e.costExceeded) {
      out.push({ resource: r, path: path.length ? path : ['metadata', 'name'], message: `${prefix(field)}Invalid value: "${schema.type ?? 'object'}": validation failed due to running out of cost budget, no further validation rules will be run` });
    }
    // Other evaluation errors come from values the schema already rejects (wrong type, missing required field).
    return;
  }
  if (ok === true) return;
  let fieldPath = path;
  let fieldName = field;
  if (typeof rule.fieldPath === 'string' && rule.fieldPath) {
    const rel = parseFieldPath(rule.fieldPath);
    if (rel) {
      fieldPath = [...path, ...rel];
      fieldName = field + (field ? fieldNotation(rel).replace(/^(?=[^[])/, '.') : fieldNotation(rel));
    }
  }
  let detail = typeof rule.message === 'string' && rule.message.trim() ? rule.message.trim() : `failed rule: ${src.trim()}`;
  if (typeof rule.messageExpression === 'string') {
    try {
      const m = compile(rule.messageExpression, 'crd').eval({ ...vars, self: celValue(value) });
      if (typeof m === 'string' && m.trim() && !m.includes('\n')) detail = m.trim();
    } catch {
      /* falls back to message, as the API server does */
    }
  }
  const at = fieldPath !== path ? fieldPath : (deepestRead(reads.paths) ?? (path.length ? path : ['metadata', 'name']));
  const isComposite = schema.type === 'object' || schema.type === 'array' || (typeof value === 'object' && value !== null);
  let body: string;
  switch (rule.reason) {
    case 'FieldValueForbidden':
      body = `Forbidden: ${detail}`;
      break;
    case 'FieldValueRequired':
      body = `Required value: ${detail}`;
      break;
    case 'FieldValueDuplicate':
      body = `Duplicate value: ${isComposite ? '' : JSON.stringify(value)}`;
      break;
    default:
      body = isComposite ? `Invalid value: ${detail}` : `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  }
  out.push({ resource: r, path: at, message: `${prefix(fieldName)}${body}` });
}

const prefix = (field: Field) => (field ? `${field}: ` : '');
