/**
 * Which of several same-named objects a reference means (issue 13, cause 5):
 * a repository of independent samples defines ConfigMap `nginx-conf` in many
 * folders, and each sample means its own. The nearest definition wins: the
 * same file, then the same folder, then the closest ancestor folder, then the
 * folder sharing the longest ancestry. Ties (duplicates equally near) are all
 * kept, in graph order: then which one wins depends on apply order.
 */
import { dirname, resolve, sep } from 'node:path';

interface HasFile {
  file: { path: string };
}

const dirCache = new Map<string, string[]>();
function dirParts(path: string): string[] {
  let v = dirCache.get(path);
  if (!v) {
    v = dirname(resolve(path)).split(sep).filter(Boolean);
    if (dirCache.size > 50_000) dirCache.clear();
    dirCache.set(path, v);
  }
  return v;
}

/**
 * Distance from the referring file to a candidate's file: 0 same file, then
 * 2 x (folders climbed to the common ancestor) + 1, one less when the
 * candidate sits in that ancestor itself (the same folder, an ancestor).
 */
export function distance(fromPath: string, toPath: string): number {
  if (fromPath === toPath) return 0;
  const a = dirParts(fromPath);
  const b = dirParts(toPath);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const up = a.length - common;
  return 2 * up + (b.length > common ? 2 : 1);
}

/**
 * The candidates nearest to `from` (all that tie), in their given order. With
 * `folder`, the same file and the same folder tie (a selector means every
 * pod of the folder's app, whichever file holds it).
 */
export function nearest<T extends HasFile>(candidates: readonly T[], from: HasFile, folder = false): T[] {
  if (candidates.length <= 1) return [...candidates];
  let best = Infinity;
  const d = candidates.map((c) => {
    let x = distance(from.file.path, c.file.path);
    if (folder && x === 0) x = 1;
    if (x < best) best = x;
    return x;
  });
  return candidates.filter((_, i) => d[i] === best);
}
