/**
 * A CRD whose schema holds a `pattern` RE2 cannot compile: the API server
 * rejects the CRD ("must be a valid regular expression, but isn't: error
 * parsing regexp: …"), so it is a `schema` error at the pattern. Only schema
 * positions are walked (properties, items, additionalProperties, allOf, anyOf,
 * oneOf, not), so a `default` or `example` holding a "pattern" key is not
 * mistaken for one. The RE2 engine is loaded only when a pattern is met.
 */
import type { GResource } from '../graph/model.js';
import type { Path } from '../load/nodes.js';
import { compilePattern } from './re2.js';

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
  const roots: { s: unknown; path: Path }[] = [];
  if (spec.validation && typeof spec.validation === 'object') roots.push({ s: spec.validation.openAPIV3Schema, path: ['spec', 'validation', 'openAPIV3Schema'] });
  if (Array.isArray(spec.versions)) spec.versions.forEach((v: any, i: number) => roots.push({ s: v?.schema?.openAPIV3Schema, path: ['spec', 'versions', i, 'schema', 'openAPIV3Schema'] }));
  // iterative walk: a CRD thousands of levels deep must not overflow the stack
  const stack = roots.reverse();
  while (stack.length) {
    const { s, path } = stack.pop()!;
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    const o = s as Record<string, unknown>;
    if (typeof o.pattern === 'string') {
      const c = compilePattern(o.pattern);
      if (!c.ok) {
        const at = [...path, 'pattern'];
        out.push({ path: at, message: `\`${fieldPath(at)}\` must be a valid regular expression (RE2, as the API server compiles it), but isn't: ${c.error}; the API server rejects this CustomResourceDefinition. Use RE2 syntax: no lookarounds (\`(?=\`, \`(?!\`, \`(?<=\`) and no backreferences (\`\\1\`).` });
      }
    }
    const next: { s: unknown; path: Path }[] = [];
    if (o.properties && typeof o.properties === 'object') for (const [k, v] of Object.entries(o.properties)) next.push({ s: v, path: [...path, 'properties', k] });
    if (o.items && typeof o.items === 'object') next.push({ s: o.items, path: [...path, 'items'] });
    if (o.additionalProperties && typeof o.additionalProperties === 'object') next.push({ s: o.additionalProperties, path: [...path, 'additionalProperties'] });
    for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((x, i) => next.push({ s: x, path: [...path, k, i] }));
    if (o.not && typeof o.not === 'object') next.push({ s: o.not, path: [...path, 'not'] });
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return out;
}
