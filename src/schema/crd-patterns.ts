/**
 * A CRD whose schema holds a `pattern` RE2 cannot compile: the API server
 * rejects the CRD ("must be a valid regular expression, but isn't: error
 * parsing regexp: …"), so it is a `schema` error at the pattern. Only schema
 * positions are walked (properties, items, additionalProperties, allOf, anyOf,
 * oneOf, not), so a `default` or `example` holding a "pattern" key is not
 * mistaken for one. The RE2 engine is loaded only when a pattern is met.
 */
import type { GResource } from '../graph/model.js';
import { locate, rangeOf, type Path } from '../load/nodes.js';
import { noteLimit } from '../analyze/limits.js';
import { compilePattern } from './re2.js';

/** convertCrdSchema (src/schema/crd.ts) treats schemas nested deeper than this as `{}`. */
export const MAX_CRD_SCHEMA_DEPTH = 64;

export interface PatternIssue {
  path: Path;
  message: string;
}

/** Go's field path of a schema node, as the API server words its errors. */
function fieldPath(path: Path): string {
  const segs: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    if (typeof p === 'number') segs[segs.length - 1] += `[${p}]`;
    else if (path[i - 1] === 'properties') segs[segs.length - 1] += `[${p}]`;
    else segs.push(p);
  }
  return segs.join('.');
}

export function crdPatternIssues(r: GResource): PatternIssue[] {
  const spec = r.obj?.spec;
  if (!spec || typeof spec !== 'object') return [];
  const out: PatternIssue[] = [];
  const roots: { s: unknown; path: Path; depth: number }[] = [];
  if (spec.validation && typeof spec.validation === 'object') roots.push({ s: spec.validation.openAPIV3Schema, path: ['spec', 'validation', 'openAPIV3Schema'], depth: 0 });
  if (Array.isArray(spec.versions)) spec.versions.forEach((v: any, i: number) => roots.push({ s: v?.schema?.openAPIV3Schema, path: ['spec', 'versions', i, 'schema', 'openAPIV3Schema'], depth: 0 }));
  // iterative walk: a CRD thousands of levels deep must not overflow the stack
  const stack = roots.reverse();
  while (stack.length) {
    const { s, path, depth } = stack.pop()!;
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    const o = s as Record<string, unknown>;
    if (depth > MAX_CRD_SCHEMA_DEPTH) {
      if (Object.keys(o).length === 0) continue;
      const l = locate(r.node, path);
      const range = rangeOf(l?.pair?.key as any) ?? rangeOf(l?.node);
      if (range) noteLimit({ resource: r, range, message: `this CustomResourceDefinition's schema nests deeper than ${MAX_CRD_SCHEMA_DEPTH} levels; values of its custom resources under this schema are not checked` });
      continue;
    }
    if (typeof o.pattern === 'string') {
      const c = compilePattern(o.pattern);
      if (!c.ok) {
        const at = [...path, 'pattern'];
        out.push({ path: at, message: `\`${fieldPath(at)}\` must be a valid regular expression (RE2, as the API server compiles it), but isn't: ${c.error}; the API server rejects this CustomResourceDefinition. Use RE2 syntax: no lookarounds (\`(?=\`, \`(?!\`, \`(?<=\`) and no backreferences (\`\\1\`).` });
      }
    }
    const next: { s: unknown; path: Path; depth: number }[] = [];
    const d = depth + 1;
    if (o.properties && typeof o.properties === 'object') for (const [k, v] of Object.entries(o.properties)) next.push({ s: v, path: [...path, 'properties', k], depth: d });
    if (o.items && typeof o.items === 'object') next.push({ s: o.items, path: [...path, 'items'], depth: d });
    if (o.additionalProperties && typeof o.additionalProperties === 'object') next.push({ s: o.additionalProperties, path: [...path, 'additionalProperties'], depth: d });
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((x, i) => next.push({ s: x, path: [...path, k, i], depth: d }));
    if (o.not && typeof o.not === 'object') next.push({ s: o.not, path: [...path, 'not'], depth: d });
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return out;
}
