import type { Fix } from './types.js';

/**
 * Apply non-overlapping fixes to `text`, ESLint style: sorted by range, a fix
 * overlapping one already taken is skipped (a later pass may apply it).
 */
export function applyFixes(text: string, fixes: Fix[]): { output: string; applied: Fix[]; skipped: Fix[] } {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  let out = '';
  let last = 0;
  let lastEnd = -1;
  for (const f of sorted) {
    const [s, e] = f.range;
    if (s < 0 || e > text.length || s > e || s < lastEnd || (s === lastEnd && s === e && applied.length && applied[applied.length - 1]!.range[0] === s)) {
      skipped.push(f);
      continue;
    }
    out += text.slice(last, s) + f.text;
    last = e;
    lastEnd = e;
    applied.push(f);
  }
  out += text.slice(last);
  return { output: out, applied, skipped };
}
