/**
 * Unrendered environment-variable templates: files meant for `envsubst`
 * (or a shell heredoc, docker-compose style tooling) hold `${VAR}`,
 * `${VAR:-9002}` or `$VAR` where a value will be substituted. podlint reads
 * them as what they will become where it can:
 * - a placeholder with a default (`${VAR:-x}`, `${VAR-x}`, `${VAR:=x}`,
 *   `${VAR=x}`) is checked as its default;
 * - one without a default is not type-checked (its value is unknown);
 * - a file whose values are mostly placeholders is a template: skipped with
 *   a notice, as `{{ }}` files are.
 * Kubernetes' own `$(VAR)` references in command/args/env are not
 * placeholders.
 */

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
/** `${VAR}` or `${VAR<op>default}` (op: `:-`, `-`, `:=`, `=`), anywhere in a string. */
const BRACED = new RegExp(`\\$\\{(${NAME})(?:(:?[-=])([^}]*))?\\}`, 'g');
/** `$VAR` as the whole value. */
const BARE_WHOLE = new RegExp(`^\\$${NAME}$`);

export interface Placeholders {
  /** The string as envsubst with defaults would write it (placeholders without a default left as they are). */
  rendered: string;
  /** Some placeholder has no default: the rendered value is unknown. */
  unknown: boolean;
  /** The whole value is one placeholder. */
  whole: boolean;
}

/** The placeholders of a string; undefined when it holds none. */
export function placeholdersIn(s: string): Placeholders | undefined {
  if (!s.includes('$')) return undefined;
  if (BARE_WHOLE.test(s)) return { rendered: s, unknown: true, whole: true };
  let found = false;
  let unknown = false;
  let count = 0;
  BRACED.lastIndex = 0;
  const rendered = s.replace(BRACED, (m, _name: string, op: string | undefined, def: string | undefined) => {
    found = true;
    count++;
    if (op === undefined) {
      unknown = true;
      return m;
    }
    return def ?? '';
  });
  if (!found) return undefined;
  const whole = count === 1 && new RegExp(`^\\$\\{${NAME}(?::?[-=][^}]*)?\\}$`).test(s);
  return { rendered, unknown, whole };
}

/** A leaf value that is (mostly) a placeholder: one without blanks (not a script that happens to use `${X}`). */
function isPlaceholderLeaf(v: unknown): boolean {
  return typeof v === 'string' && !/\s/.test(v) && placeholdersIn(v) !== undefined;
}

/**
 * Do the placeholders make up most of these objects' values? (leaf values,
 * apiVersion and kind aside; at least 3 placeholders and more than half of the values.)
 */
export function mostlyPlaceholders(objs: readonly unknown[], text?: string): boolean {
  // No more leaves can hold placeholders than the text has: once the leaves seen reach twice that, the answer is no
  // (an install bundle with a few `$` in its descriptions is not walked to the end).
  let bound = Infinity;
  if (text !== undefined) {
    // from the text first (no walk, one pass): the lines holding a placeholder, among all lines
    bound = 0;
    let lastLine = -1;
    for (let d = text.indexOf('$'); d >= 0; d = text.indexOf('$', d + 1)) {
      let c = text.charCodeAt(d + 1);
      if (c === 123 /* { */) c = text.charCodeAt(d + 2);
      if (c !== 95 && !(c >= 65 && c <= 90) && !(c >= 97 && c <= 122)) continue;
      const line = text.lastIndexOf('\n', d);
      if (line !== lastLine) {
        bound++;
        lastLine = line;
      }
    }
    // a file mostly of placeholders has them on a good share of its lines (structure lines hold no leaf)
    if (bound < 3) return false;
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (++lines > bound * 5) return false;
  }
  let leaves = 0;
  let held = 0;
  const walk = (v: unknown, depth: number, key?: string): boolean => {
    if (depth > 64) return true;
    if (Array.isArray(v)) {
      for (const x of v) if (!walk(x, depth + 1)) return false;
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) if (!walk((v as Record<string, unknown>)[k], depth + 1, k)) return false;
    } else if (!(depth === 1 && (key === 'apiVersion' || key === 'kind'))) {
      leaves++;
      if (isPlaceholderLeaf(v)) held++;
      if (leaves >= 2 * bound) return false;
    }
    return true;
  };
  for (const o of objs) if (!walk(o, 0)) return false;
  return held >= 3 && held * 2 > leaves;
}


export const ENV_TEMPLATE_NOTICE =
  'holds environment-variable placeholders (`${VAR}`) in most of its values; skipped as a template (render it first, e.g. `envsubst < FILE | podlint -`)';
