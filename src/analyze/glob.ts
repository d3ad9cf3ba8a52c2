/**
 * Glob matching of one path segment (`*`, `?`, `[...]`/`[!...]`, as glob(3)
 * reads nginx `include` patterns) without a RegExp: the pattern comes from
 * the linted config, and a RegExp built from `*a*a*a…` backtracks
 * exponentially. The pattern is split at its stars; each piece between them
 * is placed at its leftmost match (the first anchored at the start, the last
 * at the end), which is exact for star patterns and never backtracks across
 * pieces: O(name length × pattern length). A file name is at most 255 bytes
 * (NAME_MAX), so a longer name matches nothing and the cost is linear in the
 * pattern.
 */

type Tok = { kind: 'char'; c: string } | { kind: 'any' } | { kind: 'set'; negate: boolean; ranges: [string, string][] };

/** Longest file name glob(3) can meet (NAME_MAX). */
export const MAX_NAME = 255;

function tokenize(p: string): Tok[][] {
  const pieces: Tok[][] = [[]];
  const chars = [...p];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const cur = pieces[pieces.length - 1]!;
    if (ch === '*') {
      if (cur.length || pieces.length === 1) pieces.push([]);
      continue;
    }
    if (ch === '?') {
      cur.push({ kind: 'any' });
      continue;
    }
    if (ch === '\\' && i + 1 < chars.length) {
      cur.push({ kind: 'char', c: chars[++i]! });
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      const negate = chars[j] === '!' || chars[j] === '^';
      if (negate) j++;
      const ranges: [string, string][] = [];
      let first = true;
      while (j < chars.length && (chars[j] !== ']' || first)) {
        first = false;
        const lo = chars[j]!;
        if (chars[j + 1] === '-' && j + 2 < chars.length && chars[j + 2] !== ']') {
          ranges.push([lo, chars[j + 2]!]);
          j += 3;
        } else {
          ranges.push([lo, lo]);
          j++;
        }
      }
      if (j < chars.length) {
        cur.push({ kind: 'set', negate, ranges });
        i = j;
        continue;
      }
      // no closing bracket: a literal `[`
    }
    cur.push({ kind: 'char', c: ch });
  }
  return pieces;
}

function tokMatches(t: Tok, c: string): boolean {
  if (t.kind === 'any') return c !== '/';
  if (t.kind === 'char') return t.c === c;
  const inSet = t.ranges.some(([lo, hi]) => c >= lo && c <= hi);
  return c !== '/' && inSet !== t.negate;
}

function pieceAt(piece: Tok[], name: string[], at: number): boolean {
  if (at + piece.length > name.length) return false;
  for (let k = 0; k < piece.length; k++) if (!tokMatches(piece[k]!, name[at + k]!)) return false;
  return true;
}

const compiled = new Map<string, Tok[][]>();

/** Does the segment `name` match the glob `pattern`? */
export function globMatch(pattern: string, name: string): boolean {
  if (name.length > MAX_NAME * 2) return false; // UTF-16 units: over NAME_MAX bytes for sure
  let pieces = compiled.get(pattern);
  if (!pieces) {
    pieces = tokenize(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, pieces);
  }
  const n = [...name];
  if (n.includes('/')) return false;
  // a leading dot is matched only by a literal dot (glob(3) without GLOB_PERIOD)
  if (n[0] === '.' && !(pieces[0]![0]?.kind === 'char' && (pieces[0]![0] as { c: string }).c === '.')) return false;
  if (pieces.length === 1) return pieces[0]!.length === n.length && pieceAt(pieces[0]!, n, 0);
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (!pieceAt(first, n, 0)) return false;
  let pos = first.length;
  const end = n.length - last.length;
  if (end < pos) return false;
  for (let k = 1; k < pieces.length - 1; k++) {
    const piece = pieces[k]!;
    let found = -1;
    for (let at = pos; at + piece.length <= end; at++) {
      if (pieceAt(piece, n, at)) {
        found = at;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + piece.length;
  }
  return pieceAt(last, n, end);
}
