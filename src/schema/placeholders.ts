/**
 * Schema validation of a resource that holds environment-variable
 * placeholders (src/load/placeholders.ts): validated as envsubst with
 * defaults would render it. `port: ${PORT:-9002}` is checked as the integer
 * 9002 and `images: ${IMAGES:-[]}` as an empty list (a quoted
 * `"${PORT:-9002}"` renders to the string "9002"), and a
 * placeholder without a default (`${PORT}`, `$PORT`) is not value-checked.
 * Only resources whose errors sit at such a value pay for this.
 */
import { isScalar, parseDocument, Scalar } from 'yaml';
import type { GResource } from '../graph/model.js';
import { locate, type Path } from '../load/nodes.js';
import { placeholdersIn } from '../load/placeholders.js';
import { PARSE_OPTIONS } from '../load/yaml-options.js';
import type { AjvError } from './load.js';

export interface EnvView {
  /** The resource's value with defaults substituted. */
  obj: unknown;
  /** Instance pointers of values with a placeholder that has no default: not value-checked. */
  unchecked: Set<string>;
  /** Instance pointer -> the placeholder text, for values checked as their default. */
  defaults: Map<string, string>;
}

const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
export const pointerOf = (path: Path) => (path.length ? '/' + path.map((s) => esc(String(s))).join('/') : '');

function valueAt(obj: unknown, pointer: string): unknown {
  let cur: any = obj;
  if (!pointer) return cur;
  for (const raw of pointer.slice(1).split('/')) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

/** The keywords that judge a value itself (not the fields around it). */
const VALUE_KEYWORDS = new Set(['type', 'enum', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'anyOf', 'oneOf', 'not']);

/** A plain (unquoted) default resolves as YAML would read it once substituted: `9002` is a number, `[]` a list. */
function resolvePlain(text: string): unknown {
  try {
    const d = parseDocument(text, PARSE_OPTIONS);
    return d.errors.length ? text : d.toJS({ maxAliasCount: 10 });
  } catch {
    return text;
  }
}

/** The rendered view of a resource, when one of the errors is at a value holding a placeholder; else undefined. */
export function envView(r: GResource, errors: readonly AjvError[]): EnvView | undefined {
  const hit = errors.some((e) => {
    const v = valueAt(r.obj, e.instancePath);
    return typeof v === 'string' && placeholdersIn(v) !== undefined;
  });
  if (!hit) return undefined;
  const unchecked = new Set<string>();
  const defaults = new Map<string, string>();
  const render = (v: unknown, path: Path, depth: number): unknown => {
    if (depth > 64) return v;
    if (Array.isArray(v)) return v.map((x, i) => render(x, [...path, i], depth + 1));
    if (v !== null && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) Object.defineProperty(o, k, { value: render(x, [...path, k], depth + 1), enumerable: true, writable: true, configurable: true });
      return o;
    }
    if (typeof v !== 'string') return v;
    const p = placeholdersIn(v);
    if (!p) return v;
    const ptr = pointerOf(path);
    if (p.unknown) {
      unchecked.add(ptr);
      return v;
    }
    defaults.set(ptr, v);
    if (!p.whole) return p.rendered;
    let plain = true;
    try {
      const n = locate(r.node, path)?.node;
      plain = !n || !isScalar(n) || !n.type || n.type === Scalar.PLAIN;
    } catch {
      // no nodes: read it as plain
    }
    return plain ? resolvePlain(p.rendered) : p.rendered;
  };
  return { obj: render(r.obj, [], 0), unchecked, defaults };
}

/** The errors of the rendered view that stand: none about the value of a placeholder without a default. */
export function standingErrors(view: EnvView, errors: readonly AjvError[]): AjvError[] {
  return errors.filter((e) => !(view.unchecked.has(e.instancePath) && VALUE_KEYWORDS.has(e.keyword)));
}
