/**
 * A compact, structured-clone friendly form of a parsed file, so that a
 * worker thread can read and parse files while the main thread builds the
 * graph. The YAML AST is flattened to nested arrays (much cheaper to clone
 * than the `yaml` package's class instances) and rebuilt on the main thread
 * as real `yaml` nodes, so rules and analyses see exactly what a local parse
 * gives them: node types, ranges, scalar styles, flow flags. Files the fast
 * reader takes cross as its plain values instead (no nodes to copy).
 */
import { Alias, Pair, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { fastRead, fromFast, parseFull, type ParsedFile, type ParseProblem, type Resource } from './parse.js';
import type { FastDoc } from './fast.js';
import type { SourceFile } from './source.js';
import type { Path } from './nodes.js';
import { makeSource } from './source.js';
import { encodingProblems, type ReadProblem } from './read.js';

/** [0, start, valueEnd, end, styleCode, value] | [1|2, start, valueEnd, end, flow, items] | [3, start, valueEnd, end, source] */
export type WireNode = unknown[] | null;

const STYLES = [undefined, Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED] as const;
const STYLE_CODE = new Map<string | undefined, number>(STYLES.map((s, i) => [s, i]));

export interface WireFile {
  /** Index of the file in the discovery order. */
  index: number;
  path: string;
  text: string;
  bom: boolean;
  /** Set when the file could not be read at all. */
  fatal?: string;
  readProblems: ReadProblem[];
  problems: ParseProblem[];
  skipped?: string;
  /** Per document: error count and contents. */
  docs: { errors: number; contents: WireNode }[];
  /** Set instead of docs/resources when the fast reader took the file: its documents' plain values. */
  fast?: FastDoc[];
  resources: Omit<Resource, 'file' | 'doc' | 'node' | 'id'>[];
}

function rangeOf(n: Node): [number, number, number] {
  const r = n.range ?? [0, 0, 0];
  return [r[0], r[1], r[2] ?? r[1]];
}

export function toWire(n: unknown, depth = 0): WireNode {
  if (n === null || n === undefined || depth > 10_000) return null;
  if (isScalar(n)) {
    const [s, e, e2] = rangeOf(n);
    // Merge keys (`<<`) hold a Symbol, which cannot cross threads: send its text.
    const v = typeof n.value === 'symbol' ? (n.value.description ?? '') : n.value;
    return [0, s, e, e2, STYLE_CODE.get(n.type) ?? 0, v];
  }
  if (isMap(n)) {
    const [s, e, e2] = rangeOf(n);
    const items: WireNode[] = [];
    for (const p of n.items) items.push(toWire(p.key, depth + 1), toWire(p.value, depth + 1));
    return [1, s, e, e2, n.flow ? 1 : 0, items];
  }
  if (isSeq(n)) {
    const [s, e, e2] = rangeOf(n);
    const items: WireNode[] = [];
    for (const it of n.items) items.push(isPair(it) ? toWire(it.value, depth + 1) : toWire(it, depth + 1));
    return [2, s, e, e2, n.flow ? 1 : 0, items];
  }
  if (isAlias(n)) {
    const [s, e, e2] = rangeOf(n);
    return [3, s, e, e2, n.source];
  }
  return null;
}

export function fromWire(w: WireNode): Node | null {
  if (!w) return null;
  const range: [number, number, number] = [w[1] as number, w[2] as number, w[3] as number];
  switch (w[0]) {
    case 0: {
      const s = new Scalar(w[5]);
      s.range = range;
      const style = STYLES[w[4] as number];
      if (style) s.type = style;
      return s;
    }
    case 1: {
      const m = new YAMLMap();
      m.range = range;
      if (w[4]) m.flow = true;
      const items = w[5] as WireNode[];
      for (let i = 0; i < items.length; i += 2) m.items.push(new Pair(fromWire(items[i]!), fromWire(items[i + 1]!)));
      return m;
    }
    case 2: {
      const q = new YAMLSeq();
      q.range = range;
      if (w[4]) q.flow = true;
      for (const it of w[5] as WireNode[]) q.items.push(fromWire(it));
      return q;
    }
    case 3: {
      const a = new Alias(w[4] as string);
      a.range = range;
      return a;
    }
  }
  return null;
}

/**
 * Read a file in a worker: the fast reader's values when it takes the file
 * (plain data: cheap to send, and no nodes to rebuild), else a full parse in
 * wire form.
 */
export function sourceToWire(index: number, file: SourceFile, readProblems: ReadProblem[]): WireFile {
  const fast = fastRead(file.text);
  if (fast) return { index, path: file.path, text: file.text, bom: file.bom, readProblems, problems: [], docs: [], resources: [], fast };
  return fileToWire(index, parseFull(file), readProblems);
}

/** A parsed file as a worker sends it. */
export function fileToWire(index: number, pf: ParsedFile, readProblems: ReadProblem[] = []): WireFile {
  return {
    index,
    path: pf.file.path,
    text: pf.file.text,
    bom: pf.file.bom,
    readProblems,
    problems: pf.problems,
    skipped: pf.skipped,
    docs: pf.docs.map((d) => ({ errors: d.errors.length, contents: toWire(d.contents) })),
    resources: pf.resources.map((r) => ({
      docIndex: r.docIndex,
      listIndex: r.listIndex,
      basePath: r.basePath,
      obj: r.obj,
      apiVersion: r.apiVersion,
      kind: r.kind,
      name: r.name,
      metadataNamespace: r.metadataNamespace,
      partial: r.partial,
    })),
  };
}

/** The document stand-in rebuilt on the main thread: its contents and whether it had errors. */
interface WireDocument {
  contents: Node | null;
  errors: unknown[];
}

function walk(root: Node | null, path: Path): Node | null {
  let cur: Node | null = root;
  for (const seg of path) {
    if (!cur) return null;
    if (typeof seg === 'number') cur = isSeq(cur) ? ((cur.items[seg] as Node) ?? null) : null;
    else if (isMap(cur)) {
      const p = cur.items.find((x) => isScalar(x.key) && String(x.key.value) === seg);
      cur = (p?.value as Node) ?? null;
    } else cur = null;
  }
  return cur;
}

/** Rebuild a parsed file on the main thread. */
export function fileFromWire(w: WireFile): ParsedFile {
  const file = makeSource(w.path, '');
  file.text = w.text;
  file.bom = w.bom;
  if (w.fast) {
    const pf = fromFast(file, w.fast);
    pf.problems.push(...encodingProblems(w.readProblems));
    return pf;
  }
  const docs: WireDocument[] = w.docs.map((d) => ({ contents: fromWire(d.contents), errors: new Array(d.errors).fill(null) }));
  const out: ParsedFile = {
    file,
    docs: docs as unknown as Document.Parsed[],
    resources: [],
    problems: [...encodingProblems(w.readProblems), ...w.problems],
  };
  if (w.skipped !== undefined) out.skipped = w.skipped;
  for (const r of w.resources) {
    const doc = docs[r.docIndex]!;
    const node = walk(doc.contents, r.basePath) as YAMLMap | null;
    if (!node || !isMap(node)) continue;
    out.resources.push({
      ...r,
      id: `${w.path}#${r.docIndex}${r.listIndex !== undefined ? '.' + r.listIndex : ''}`,
      file,
      doc: doc as unknown as Document.Parsed,
      node,
    });
  }
  return out;
}
