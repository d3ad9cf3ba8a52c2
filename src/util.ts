/**
 * Small helpers over plain JavaScript values (the objects manifests are read
 * into) and the maps that index them, shared across podlint.
 */
import { sep } from 'node:path';
import type { Path } from './load/nodes.js';

/** `path` lies below the folder `dir` (both absolute, in the same form; `dir` itself is not below itself). */
export function isBelowDir(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

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

/** `s` without a trailing run of the characters in `chars` (a loop: `/[...]+$/` is quadratic on long runs). */
export function trimEndChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Does some line of `text`, after leading whitespace, start with `prefix` (as `/^\s*prefix/m`, in linear time)? */
export function someLineStartsWith(text: string, prefix: string, ignoreCase = false): boolean {
  const want = ignoreCase ? prefix.toLowerCase() : prefix;
  let i = 0;
  while (i <= text.length) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n' || text[i] === '\f' || text[i] === '\v')) i++;
    const head = text.slice(i, i + want.length);
    if ((ignoreCase ? head.toLowerCase() : head) === want) return true;
    const nl = text.indexOf('\n', i);
    if (nl < 0) return false;
    i = nl + 1;
  }
  return false;
}

/** `line` without a comment that starts at whitespace followed by `#` (as `.replace(/\s+#.*$/, '')`, in linear time). */
export function stripHashComment(line: string): string {
  for (let i = 1; i < line.length; i++) {
    if (line[i] !== '#' || !/\s/.test(line[i - 1]!)) continue;
    let s = i - 1;
    while (s > 0 && /\s/.test(line[s - 1]!)) s--;
    return line.slice(0, s);
  }
  return line;
}

/**
 * `list` at its exact size, for lists kept all run. A list grown by push
 * from [] keeps room for 17 items (V8's first growth), and an array extended
 * after a spread (`[...a, x]`) for about 20: some 150 bytes more than a list
 * of one or two needs. A heap snapshot of a sidecar-8k run held 15 MB of
 * such unused slots among 94 MB live, which the collector copies
 * (docs/performance.md).
 */
export function fit<T>(list: T[]): T[] {
  return list.length > 0 && list.length < 16 ? list.slice() : list;
}
