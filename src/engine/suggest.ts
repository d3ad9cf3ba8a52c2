import { distance } from 'fastest-levenshtein';

/**
 * The closest candidate to `name`, if it is near enough to be a likely typo:
 * edit distance at most max(1, floor(len/3)), or one is a case-insensitive
 * match, or one name is contained in the other with a separator.
 * Returns every candidate at the best distance so callers can tell whether
 * exactly one exists (fixes are only offered then).
 */
export function nearNames(name: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best = Infinity;
  let out: string[] = [];
  const lower = name.toLowerCase();
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    let d = distance(name, c);
    if (c.toLowerCase() === lower) d = 0.5;
    if (d > limit) continue;
    if (d < best) {
      best = d;
      out = [c];
    } else if (d === best) out.push(c);
  }
  return out.sort();
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearNames(name, candidates);
  if (near.length === 0) return '';
  return ` Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?`;
}
