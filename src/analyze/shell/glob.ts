/**
 * Shell glob matching (`*`, `?`, `[...]`, `[!...]`; `*` and `?` never match
 * `/`; the pattern is a value after quote removal, so a backslash is literal)
 * without building a RegExp from the pattern: globs come from the manifests
 * under review, and a backtracking RegExp such as `^[^/]*a[^/]*a…$`
 * takes exponential time on a hostile pattern (issue 16). Each path segment
 * is matched greedily chunk by chunk (the classic wildcard algorithm with one
 * remembered star), O(pattern × text) in the worst case.
 */

interface Tok {
  kind: 'lit' | 'any' | 'star' | 'class';
  ch?: string;
  set?: { neg: boolean; items: (string | [string, string])[] };
}

function tokens(p: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'any' });
    else if (c === '[') {
      let j = i + 1;
      let neg = false;
      if (p[j] === '!' || p[j] === '^') {
        neg = true;
        j++;
      }
      const start = j;
      if (p[j] === ']') j++;
      while (j < p.length && p[j] !== ']') j++;
      if (j >= p.length) {
        out.push({ kind: 'lit', ch: '[' });
        continue;
      }
      const body = p.slice(start, j);
      const items: (string | [string, string])[] = [];
      for (let k = 0; k < body.length; k++) {
        const a = body[k]!;
        if (body[k + 1] === '-' && k + 2 < body.length) {
          items.push([a, body[k + 2]!]);
          k += 2;
        } else items.push(a);
      }
      out.push({ kind: 'class', set: { neg, items } });
      i = j;
    } else out.push({ kind: 'lit', ch: c });
  }
  return out;
}

function one(t: Tok, c: string): boolean {
  if (t.kind === 'lit') return t.ch === c;
  if (t.kind === 'any') return true;
  if (t.kind === 'class') {
    const hit = t.set!.items.some((x) => (typeof x === 'string' ? x === c : c >= x[0] && c <= x[1]));
    return hit !== t.set!.neg;
  }
  return false;
}

function segment(pat: Tok[], s: string): boolean {
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < s.length) {
    if (p < pat.length && pat[p]!.kind !== 'star' && one(pat[p]!, s[i]!)) {
      p++;
      i++;
    } else if (p < pat.length && pat[p]!.kind === 'star') {
      starP = p++;
      starI = i;
    } else if (starP !== -1) {
      p = starP + 1;
      i = ++starI;
    } else return false;
  }
  while (p < pat.length && pat[p]!.kind === 'star') p++;
  return p === pat.length;
}

export interface Glob {
  /** Does the whole of `path` match? */
  test(path: string): boolean;
}

/** Compile a shell glob into a matcher (no RegExp involved). */
export function compileGlob(pattern: string): Glob {
  const segs = pattern.split('/').map(tokens);
  return {
    test(path: string): boolean {
      const parts = path.split('/');
      if (parts.length !== segs.length) return false;
      for (let k = 0; k < parts.length; k++) if (!segment(segs[k]!, parts[k]!)) return false;
      return true;
    },
  };
}
