/**
 * Where a failing expression points: the deepest field path it read that
 * exists (reads are recorded only for fields present in the object). Among
 * paths of equal depth, one inside a later list element wins (all()/exists()
 * stop at the first element that fails, so that is the last one read);
 * otherwise the first read wins (`self.a % self.b == 0` points at `a`).
 */
import type { Path } from '../load/nodes.js';

export function deepestRead(paths: readonly Path[]): Path | undefined {
  let best: Path | undefined;
  for (const p of paths) {
    if (!best || p.length > best.length || (p.length === best.length && laterElement(p, best))) best = p;
  }
  return best;
}

function laterElement(a: Path, b: Path): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    return typeof x === 'number' && typeof y === 'number' && x > y;
  }
  return false;
}

/**
 * A CRD rule's `fieldPath` (`.spec.foo`, `.list[0]`, `['a.b']`) as a path
 * relative to the node carrying the rule; undefined when it cannot be read.
 */
export function parseFieldPath(fp: string): Path | undefined {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < fp.length) {
    if (fp[i] === '.') {
      const m = /^\.([A-Za-z_$][\w$-]*)/.exec(fp.slice(i));
      if (!m) return undefined;
      out.push(m[1]!);
      i += m[0].length;
    } else if (fp[i] === '[') {
      const m = /^\[(?:(\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(fp.slice(i));
      if (!m) return undefined;
      out.push(m[1] !== undefined ? Number(m[1]) : (m[2] ?? m[3]!).replace(/\\(.)/g, '$1'));
      i += m[0].length;
    } else return undefined;
  }
  return out;
}

/** A path in the API server's field notation: `spec.containers[1].image`. */
export function fieldNotation(path: Path): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s ? `.${seg}` : seg;
  return s;
}
