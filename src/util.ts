/**
 * Small helpers over plain JavaScript values (the objects manifests are read
 * into) and the maps that index them, shared across podlint.
 */
import type { Path } from './load/nodes.js';

/** A mapping: an object that is not an array (nor null). */
export const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The value at `path` in `o`, or undefined where the path leaves objects and arrays. */
export function dig(o: unknown, path: Path): any {
  let cur: any = o;
  for (const seg of path) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = cur[seg as any];
  }
  return cur;
}

/** Append `v` to the list `m` holds for `k`, starting the list if there is none. */
export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/**
 * An unrendered envsubst/shell placeholder (`${VAR}`, `${VAR:-default}`,
 * `$VAR`): the file is a template filled before it reaches the API server,
 * so the text is not the value that will be validated (issue 13, cause 2).
 */
export const PLACEHOLDER = /\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-=?+][^}]*)?\}|\$[A-Za-z_][A-Za-z0-9_]*/;

/** Whether `v` is a string holding a placeholder (see PLACEHOLDER). */
export const hasPlaceholder = (v: unknown): boolean => typeof v === 'string' && PLACEHOLDER.test(v);
