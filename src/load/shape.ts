/**
 * File-level facts the syntax rules need from a file's YAML documents —
 * duplicate keys, documents that are not Kubernetes objects — computed once
 * per file and memoized. Files of the fast reader (fast.ts) have no nodes to
 * walk: their shape is set from its values when they are read (it declines
 * files with duplicate keys, so theirs is always empty).
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedFile } from './parse.js';

export interface DuplicateKey {
  key: string;
  /** Range of the second (reported) key. */
  start: number;
  end: number;
  /** Offset of the first occurrence. */
  firstStart: number;
}

export interface InvalidDocument {
  /** 0-based document index. */
  index: number;
  /** What is wrong, e.g. "is a list, not an object". */
  what: string;
  start: number;
  end: number;
}

export interface FileShape {
  duplicateKeys: DuplicateKey[];
  invalidDocuments: InvalidDocument[];
}

const memo = new WeakMap<ParsedFile, FileShape>();

/** Seed the memo (a worker computed the shape while it had the nodes). */
export function setShape(pf: ParsedFile, shape: FileShape): void {
  memo.set(pf, shape);
}

export function shapeOf(pf: ParsedFile): FileShape {
  let s = memo.get(pf);
  if (!s) {
    s = { duplicateKeys: duplicateKeys(pf), invalidDocuments: invalidDocuments(pf) };
    memo.set(pf, s);
  }
  return s;
}

function duplicateKeys(pf: ParsedFile): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  for (const doc of pf.docs) {
    if (doc.errors.length) continue;
    const stack: unknown[] = [doc.contents];
    while (stack.length) {
      const n = stack.pop();
      if (isMap(n)) {
        const seen = new Map<string, Node>();
        for (const p of n.items) {
          const k = p.key as Node | null;
          // merge keys (`<<`, a Symbol in the yaml AST) may repeat
          if (isScalar(k) && k.value !== '<<' && typeof k.value !== 'symbol') {
            const key = String(k.value);
            const first = seen.get(key);
            if (first && k.range && first.range) out.push({ key, start: k.range[0], end: k.range[1], firstStart: first.range[0] });
            else if (!first) seen.set(key, k);
          }
          if (p.value) stack.push(p.value);
        }
      } else if (isSeq(n)) {
        for (const it of n.items) stack.push(isPair(it) ? it.value : it);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function invalidDocuments(pf: ParsedFile): InvalidDocument[] {
  const out: InvalidDocument[] = [];
  if (pf.resources.length === 0 || pf.resources.some((r) => r.partial)) return out;
  pf.docs.forEach((doc, index) => {
    if (doc.errors.length) return;
    const c = doc.contents as Node | null;
    if (!c || (isScalar(c) && (c.value === null || c.value === ''))) return; // empty document
    let what: string | undefined;
    if (isScalar(c)) what = 'is a plain value, not an object';
    else if (isSeq(c)) what = 'is a list, not an object';
    else if (isMap(c)) {
      const hasV = c.has('apiVersion');
      const hasK = c.has('kind');
      if (!hasV || !hasK) what = `has no ${!hasV && !hasK ? '`apiVersion` and `kind`' : !hasV ? '`apiVersion`' : '`kind`'}`;
      else {
        const v = c.get('apiVersion');
        const k = c.get('kind');
        if (typeof v !== 'string' || !v || typeof k !== 'string' || !k) what = 'has an empty or non-string `apiVersion`/`kind`';
      }
    }
    if (!what) return;
    const start = c.range ? c.range[0] : 0;
    const end = c.range ? c.range[0] + Math.min(1, c.range[1] - c.range[0]) : 0;
    out.push({ index, what, start, end });
  });
  return out;
}
