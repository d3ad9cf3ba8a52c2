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
    s = { duplicateKeys: duplicateKeys(pf), invalidDocuments: invalidDocuments(pf, pf.docs.map(nodeRoot)) };
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

/** A document's content, as invalidDocuments needs it: its start, its end (for a one-character range) and its plain root. */
export interface DocumentRoot {
  start: number;
  end: number;
  /** The root as a plain value; for a mapping, an object holding at least its apiVersion and kind. */
  root: unknown;
}

/**
 * The documents that are not Kubernetes objects, in a file that holds at
 * least one resource and no kustomize patch (a folder of patches or of other
 * YAML is not a set of manifests). Shared by both readers: the fast reader's
 * values and yaml's nodes (via nodeRoot).
 */
export function invalidDocuments(pf: ParsedFile, docs: readonly (DocumentRoot | undefined)[]): InvalidDocument[] {
  const out: InvalidDocument[] = [];
  if (pf.resources.length === 0 || pf.resources.some((r) => r.partial)) return out;
  docs.forEach((d, index) => {
    const what = d && rootProblem(d.root);
    if (what) out.push({ index, what, start: d.start, end: d.end });
  });
  return out;
}

/** Why a document root is not a Kubernetes object; undefined when it is one, or is empty. */
function rootProblem(v: unknown): string | undefined {
  if (v === null || v === undefined || v === '') return undefined; // empty document
  if (Array.isArray(v)) return 'is a list, not an object';
  if (typeof v !== 'object') return 'is a plain value, not an object';
  const o = v as Record<string, unknown>;
  const hasV = Object.prototype.hasOwnProperty.call(o, 'apiVersion');
  const hasK = Object.prototype.hasOwnProperty.call(o, 'kind');
  if (!hasV || !hasK) return `has no ${!hasV && !hasK ? '`apiVersion` and `kind`' : !hasV ? '`apiVersion`' : '`kind`'}`;
  if (typeof o.apiVersion !== 'string' || !o.apiVersion || typeof o.kind !== 'string' || !o.kind) return 'has an empty or non-string `apiVersion`/`kind`';
  return undefined;
}

/** A yaml document's content as a DocumentRoot (undefined for documents with errors or of another node type). */
function nodeRoot(doc: { errors: unknown[]; contents: unknown }): DocumentRoot | undefined {
  const c = doc.contents as Node | null;
  if (doc.errors.length || !c) return undefined;
  const start = c.range ? c.range[0] : 0;
  const end = c.range ? c.range[0] + Math.min(1, c.range[1] - c.range[0]) : 0;
  // (a scalar whose value is an object, such as !!binary, is still a plain value)
  if (isScalar(c)) return { start, end, root: c.value !== null && typeof c.value === 'object' ? true : c.value };
  if (isSeq(c)) return { start, end, root: [] };
  if (!isMap(c)) return undefined;
  const root: Record<string, unknown> = {};
  for (const key of ['apiVersion', 'kind']) if (c.has(key)) root[key] = c.get(key);
  return { start, end, root };
}
