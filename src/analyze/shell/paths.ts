/** Path helpers of the shell analysis. */
import { trimEndChars } from '../../util.js';

export function normalizePath(p: string): string {
  if (isNormal(p)) return p;
  const abs = p.startsWith('/');
  const out: string[] = [];
  // segment by segment with indexOf (split('/') on a run of 80,000 slashes is slow)
  for (let i = 0; i <= p.length; ) {
    let j = p.indexOf('/', i);
    if (j === -1) j = p.length;
    if (j > i) {
      const seg = p.slice(i, j);
      if (seg === '..') {
        if (out.length && out[out.length - 1] !== '..') out.pop();
        else if (!abs) out.push('..');
      } else if (seg !== '.') out.push(seg);
    }
    i = j + 1;
  }
  return (abs ? '/' : '') + out.join('/') || (abs ? '/' : '.');
}

/**
 * `p` is already what normalizePath makes of it: no empty, `.` or `..` segment, no trailing slash (`/`
 * itself is normal). With native searches rather than a loop over the characters: it runs for every path
 * a script names, mostly in code V8 has not optimized.
 */
function isNormal(p: string): boolean {
  const n = p.length;
  if (n === 0) return false;
  if (n === 1) return p !== '.';
  if (p.endsWith('/') || p.includes('//') || p.includes('/./') || p.includes('/../') || p.endsWith('/.') || p.endsWith('/..')) return false;
  // a relative path's first segment has no `/` before it
  return !(p === '..' || p.startsWith('./') || p.startsWith('../'));
}

export function joinPath(dir: string, rel: string): string {
  return normalizePath(`${dir}/${rel}`);
}

/** Holds a glob character (`*`, `?`, `[`). */
export const GLOB_RE = /[*?[]/;

/** The last path segment. */
export function base(v: string): string {
  // includes() first: V8 runs lastIndexOf in its runtime (a call out of generated code), and most names have no '/'
  if (!v.includes('/')) return v;
  const i = v.lastIndexOf('/');
  return i === -1 ? v : v.slice(i + 1);
}

/** `v` without trailing slashes (what `/\/+$/` removes, in linear time: that RegExp is quadratic on a long run of `/`). */
export function trimSlashes(v: string): string {
  return trimEndChars(v, '/');
}

/** A URL without its query and fragment (from the first `?` or `#`). */
export function cutQuery(v: string): string {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 63 || c === 35) return v.slice(0, i);
  }
  return v;
}
