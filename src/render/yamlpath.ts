/**
 * YAML paths across a rendered object and the sources it came from: the
 * path of the node at an offset, list items named by their merge key (a
 * container by `name`, a mount by `mountPath`) instead of an index that a
 * patch may have shifted, and the walk of such a path in a source document.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { scalarOffset } from '../load/nodes.js';

/** A list item chosen by a key of its own (`name: app`) or by index. */
export type Seg = string | number | { key: string; value: string };
export type SelPath = Seg[];

/** Where an offset falls: the node's path, whether on a key, and the node. */
export interface At {
  path: (string | number)[];
  /** Offset is on a map key (the path's last segment names it). */
  onKey: boolean;
  node: Node;
  pair?: Pair;
}

const within = (n: { range?: [number, number, number?] | null } | null | undefined, off: number): boolean =>
  !!n?.range && off >= n.range[0] && off < Math.max(n.range[1], n.range[0] + 1);

/** The deepest node of `root` containing `offset`. */
export function nodeAt(root: Node | null | undefined, offset: number): At | undefined {
  if (!root || !within(root as any, offset)) return undefined;
  const path: (string | number)[] = [];
  let cur: Node = root;
  let pair: Pair | undefined;
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(cur)) {
      let next: Node | undefined;
      for (const p of cur.items) {
        const k = p.key as Node | null;
        const key = isScalar(k) ? String(k.value ?? '') : undefined;
        if (key === undefined) continue;
        if (within(k, offset)) return { path: [...path, key], onKey: true, node: k!, pair: p };
        const v = p.value as Node | null;
        if (v && within(v, offset)) {
          path.push(key);
          pair = p;
          next = v;
          break;
        }
      }
      if (!next) return { path, onKey: false, node: cur, pair };
      cur = next;
    } else if (isSeq(cur)) {
      let next: Node | undefined;
      cur.items.forEach((it, i) => {
        if (!next && within(it as Node, offset)) {
          path.push(i);
          next = it as Node;
        }
      });
      if (!next) return { path, onKey: false, node: cur, pair };
      pair = undefined;
      cur = next;
    } else return { path, onKey: false, node: cur, pair };
  }
  return { path, onKey: false, node: cur, pair };
}

/** Merge keys kustomize (and the API server's strategic merge) use for lists of objects. */
const MERGE_KEYS = ['name', 'mountPath', 'containerPort', 'devicePath', 'ip', 'topologyKey', 'port'];

/** The path with each list index replaced by the item's merge key, read off `root` (the rendered object). */
export function selectorPath(root: Node, path: readonly (string | number)[]): SelPath {
  const out: SelPath = [];
  let cur: Node | null | undefined = root;
  for (const seg of path) {
    if (typeof seg === 'number' && isSeq(cur)) {
      const item = cur.items[seg] as Node | null;
      let sel: Seg = seg;
      if (isMap(item)) {
        for (const k of MERGE_KEYS) {
          const v = item.get(k, true);
          if (isScalar(v) && v.value !== null && typeof v.value !== 'object') {
            sel = { key: k, value: String(v.value) };
            break;
          }
        }
      }
      out.push(sel);
      cur = item;
    } else {
      out.push(seg);
      cur = isMap(cur) ? (cur.get(seg, true) as Node | null) : undefined;
    }
  }
  return out;
}

export interface Found {
  /** How many segments matched (path.length when all did). */
  depth: number;
  node?: Node;
  pair?: Pair;
}

/** Walk a source node along a selector path as far as it goes. */
export function walkSel(root: Node | null | undefined, path: SelPath): Found {
  let cur: Node | null | undefined = root;
  let pair: Pair | undefined;
  let depth = 0;
  for (const seg of path) {
    if (!cur) break;
    let next: Node | null | undefined;
    let nextPair: Pair | undefined;
    if (typeof seg === 'string') {
      if (!isMap(cur)) break;
      for (const p of cur.items) {
        const k = p.key as Node | null;
        if (isScalar(k) && String(k.value ?? '') === seg) {
          nextPair = p;
          next = p.value as Node | null;
        }
      }
      if (!nextPair) break;
    } else if (typeof seg === 'number') {
      if (!isSeq(cur) || seg >= cur.items.length) break;
      next = cur.items[seg] as Node | null;
    } else {
      if (!isSeq(cur)) break;
      next = (cur.items as Node[]).find((it) => {
        if (!isMap(it)) return false;
        const v = it.get(seg.key, true);
        return isScalar(v) && String(v.value) === seg.value;
      });
      if (!next) break;
    }
    pair = nextPair;
    cur = next;
    depth++;
    if (!cur && depth < path.length) break;
  }
  return { depth, node: cur ?? undefined, pair: depth > 0 && typeof path[depth - 1] === 'string' ? pair : undefined };
}

/** The index into a scalar's value that an offset of `text` falls on (inverse of scalarOffset). */
export function indexAt(text: string, node: Node, offset: number): number | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const n = node.value.length;
  let lo = 0;
  let hi = n;
  if (scalarOffset(text, node, 0) > offset) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (scalarOffset(text, node, mid) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export const rangeOfNode = (n: Node | Pair | null | undefined): [number, number] | undefined => {
  if (!n) return undefined;
  if (isPair(n)) {
    const k = (n.key as Node | null)?.range;
    const v = (n.value as Node | null)?.range;
    if (k && v) return [k[0], v[1]];
    return k ? [k[0], k[1]] : v ? [v[0], v[1]] : undefined;
  }
  const r = (n as Node).range;
  return r ? [r[0], r[1]] : undefined;
};

export function describePath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}
