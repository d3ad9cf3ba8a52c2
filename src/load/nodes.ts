/**
 * Small helpers over the `yaml` package's AST: walk to a path, find the
 * pair whose key is at fault, and map an offset inside a scalar's value back
 * to the source text (for embedded configs such as haproxy.cfg block scalars).
 */
import { isMap, isPair, isScalar, isSeq, Scalar, type Node, type Pair } from 'yaml';

export type PathSeg = string | number;
export type Path = readonly PathSeg[];

export interface Located {
  /** The value node at the path (may be undefined when the key exists with no value). */
  node?: Node;
  /** The pair holding the value when the last segment is a map key. */
  pair?: Pair;
}

/** Walk `root` along `path`. Returns undefined when the path does not exist. */
export function locate(root: Node | null | undefined, path: Path): Located | undefined {
  let cur: Node | null | undefined = root;
  let pair: Pair | undefined;
  for (const seg of path) {
    if (!cur) return undefined;
    pair = undefined;
    if (typeof seg === 'number') {
      if (!isSeq(cur)) return undefined;
      const item = cur.items[seg];
      if (item === undefined) return undefined;
      cur = item as Node | null;
    } else {
      if (!isMap(cur)) return undefined;
      let found: Pair | undefined;
      for (const p of cur.items) {
        const k = p.key;
        const kv = isScalar(k) ? k.value : k;
        // last wins, like the API server; keys match as toJS makes them strings (a null key is '')
        if (kv === seg || (isScalar(k) && (kv == null ? seg === '' : String(kv) === seg))) found = p;
      }
      if (!found) return undefined;
      pair = found;
      cur = found.value as Node | null;
    }
  }
  return { node: cur ?? undefined, pair };
}

/**
 * The node at `path` in a resource, looked up on first call. For resources of
 * the fast reader the lookup builds the file's nodes, so analyses hand these
 * to the positions they compute and only a reported finding pays for them.
 */
export function nodeThunk(r: { readonly node: Node }, path: Path): () => Node | undefined {
  let done = false;
  let n: Node | undefined;
  return () => {
    if (!done) {
      n = locate(r.node, path)?.node;
      done = true;
    }
    return n;
  };
}

/** Range [start, end) of a node, if it has one. */
export function rangeOf(n: Node | Pair | null | undefined): [number, number] | undefined {
  if (!n) return undefined;
  if (isPair(n)) {
    const k = rangeOf(n.key as Node);
    const v = rangeOf(n.value as Node);
    if (k && v) return [k[0], v[1]];
    return k ?? v;
  }
  const r = (n as Node).range;
  if (!r) return undefined;
  return [r[0], r[1]];
}

/** The key node of the pair at `path` (the last segment must be a string). */
export function keyNode(root: Node | null | undefined, path: Path): Node | undefined {
  const l = locate(root, path);
  return (l?.pair?.key as Node | undefined) ?? undefined;
}

/**
 * For a scalar node, map an index into its parsed string value to an offset
 * in the source text. Exact for block literals (`|`), plain and simple quoted
 * single-line scalars; best effort for folded and multi-line flow scalars.
 */
export function scalarOffset(text: string, node: Node, index: number): number {
  const r = node.range;
  if (!r || !isScalar(node)) return r ? r[0] : 0;
  let ix = offsetIndexes.get(node);
  if (!ix || ix.text !== text || ix.start !== r[0] || ix.end !== r[1]) offsetIndexes.set(node, (ix = buildIndex(text, node as Scalar, r[0], r[1])));
  return ix.at(index);
}

/**
 * The map from value indexes to file offsets of one scalar, built once (one
 * walk of its source) and answered by binary search: a config embedded in a
 * ConfigMap may hold thousands of findings, and walking the scalar again for
 * each made the cost grow with size × findings.
 */
interface OffsetIndex {
  text: string;
  start: number;
  end: number;
  at(index: number): number;
}

const offsetIndexes = new WeakMap<Node, OffsetIndex>();

function buildIndex(text: string, node: Scalar, start: number, end: number): OffsetIndex {
  const type = node.type;
  let at: (index: number) => number;
  if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) at = blockIndex(text, start, end);
  else if (type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE) at = flowIndex(text, start + 1, end - 1, type === Scalar.QUOTE_DOUBLE ? '"' : "'");
  else at = flowIndex(text, start, end, '');
  return { text, start, end, at };
}

/** Index of the last element of the sorted `xs` that is <= x (xs[0] <= x assumed). */
function lastAtMost(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function flowIndex(text: string, start: number, end: number, quote: string): (index: number) => number {
  // Walk the source once, counting value characters. Escapes and line folding
  // are approximated: an escape sequence or a folded line break counts as one
  // char. Between two such breaks, value and source advance together, so only
  // the breaks are recorded: value index vs[k] sits at source offset is[k].
  const vs = [0];
  const is = [start];
  let v = 0;
  let i = start;
  while (i < end) {
    const c = text[i]!;
    if (quote === '"' && c === '\\') {
      i += 2;
    } else if (quote === "'" && c === "'" && text[i + 1] === "'") {
      i += 2;
    } else if (c === '\r' || c === '\n') {
      // line folding: newline + indentation -> one space
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    } else {
      i++;
      v++;
      continue;
    }
    v++;
    vs.push(v);
    is.push(i);
  }
  return (index) => {
    if (index <= 0) return start > end ? end : start;
    const k = lastAtMost(vs, index);
    return Math.min(is[k]! + (index - vs[k]!), end);
  };
}

/**
 * Block scalars: one value line per source line, each source line indented
 * by the first content line's indentation (an explicit indentation indicator
 * is approximated the same way). A folded scalar's line breaks become single
 * spaces, so the same character count holds for it too.
 */
function blockIndex(text: string, start: number, end: number): (index: number) => number {
  // header line: `|`, `|-`, `|+2`, `>` ... then content lines.
  let i = text.indexOf('\n', start);
  if (i === -1 || i >= end) return () => start;
  i++;
  let indent = -1;
  {
    let j = i;
    while (j < end) {
      let k = j;
      while (text[k] === ' ') k++;
      if (text[k] === '\n' || text[k] === '\r') {
        j = text.indexOf('\n', k) + 1;
        if (j === 0) break;
        continue;
      }
      indent = k - j;
      break;
    }
  }
  if (indent < 0) return () => i;
  // per line: the value index of its last character (+1) and where its content starts
  const lastV: number[] = [];
  const firstV: number[] = [];
  const contentStarts: number[] = [];
  let v = 0;
  let lineStart = i;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const contentEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const contentStart = Math.min(lineStart + indent, contentEnd);
    const len = contentEnd - contentStart;
    firstV.push(v);
    lastV.push(v + len);
    contentStarts.push(contentStart);
    v += Math.max(0, len) + 1; // +1 for the line break (or folding space)
    lineStart = lineEnd + 1;
    if (lineStart >= end) break;
  }
  const fallback = Math.min(end, text.length);
  return (index) => {
    // the first line whose last value index is >= index
    let lo = 0;
    let hi = lastV.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lastV[mid]! >= index) hi = mid;
      else lo = mid + 1;
    }
    if (lo === lastV.length) return fallback;
    return contentStarts[lo]! + (index - firstV[lo]!);
  };
}
