/**
 * Parse one source file into YAML documents and Kubernetes resources.
 * `kind: List` (and `*List`) items become resources of their own. Documents
 * without apiVersion/kind are skipped silently.
 *
 * Most files go through the fast reader (fast.ts): plain values at once, and
 * `yaml` nodes (with every source range) for a document only when something
 * asks for its resource's `doc` or `node`. Files it declines are parsed with
 * `yaml` up front, as are all files with PODLINT_FAST=0.
 */
import { parseAllDocuments, visit, isMap, isSeq, isScalar, type Document, type Node, type YAMLMap, type ToJSOptions } from 'yaml';
import type { SourceFile } from './source.js';
import type { Path } from './nodes.js';
import { PARSE_OPTIONS } from './yaml-options.js';
import { isObj } from '../util.js';
import { fastDocuments, keyOf, putKey, type FastDoc } from './fast.js';
import { locate } from './nodes.js';
import { invalidDocuments, setShape } from './shape.js';
import { asLibyaml, reindentContinuations, toOriginal } from './lenient.js';
import { ENV_TEMPLATE_NOTICE, mostlyPlaceholders } from './placeholders.js';

export interface Resource {
  /** Unique, stable within a run: `${file.path}#${doc}[.${item}]`. */
  id: string;
  file: SourceFile;
  /** Index of the YAML document in the file (0-based). */
  docIndex: number;
  /** Index of the item inside a `kind: List` document, if any. */
  listIndex?: number;
  doc: Document.Parsed;
  /** The resource's mapping node. */
  node: YAMLMap;
  /** Path from the document root to `node` (e.g. ['items', 3] for List items). */
  basePath: Path;
  /** Plain JavaScript value of the resource. */
  obj: Record<string, any>;
  apiVersion: string;
  kind: string;
  name: string | undefined;
  /** Namespace as written (undefined when unset). */
  metadataNamespace: string | undefined;
  /** True when the resource is a kustomize patch or otherwise partial. */
  partial?: boolean;
  /** A key-less ConfigMap/Secret of a kustomize tree: an overlay may add its keys (src/load/partial.ts). */
  openKeys?: boolean;
  /** A kustomize patch of the tree targets this object (src/load/partial.ts): fields may be added by it. */
  patched?: boolean;
  /**
   * True when the fast reader read the resource: `doc` and `node` are built on
   * first use (by parsing the file in full), so code that runs for every
   * resource should reach for them only when it reports. Its values then come
   * straight from scalar nodes: no aliases, merge keys or tags.
   */
  lazy?: boolean;
}

export interface ParseProblem {
  message: string;
  /** Offsets in the source text. */
  start: number;
  end: number;
  /** `yaml-syntax` for parse errors; other codes for bounded-resource failures. */
  code: 'yaml-syntax' | 'alias-limit' | 'encoding';
}

export interface ParsedFile {
  file: SourceFile;
  docs: Document.Parsed[];
  resources: Resource[];
  problems: ParseProblem[];
  /** Set when the file was skipped (e.g. a template); the reason is a notice. */
  skipped?: string;
  /** Set when the file holds partial objects (a test-harness step, a kustomize patch: src/load/partial.ts). */
  partial?: 'chainsaw' | 'kuttl' | 'kyverno-test' | 'kustomize-patch';
}

/** Maximum alias expansions per document (bounds "billion laughs" inputs). */
export const MAX_ALIAS_COUNT = 100;

const TOJS: ToJSOptions = { maxAliasCount: MAX_ALIAS_COUNT };

class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

function plain(n: unknown): unknown {
  if (n === null || n === undefined) return null;
  if (isScalar(n)) return n.value;
  if (isMap(n)) {
    if (n.tag) throw UNSUPPORTED; // !!omap, !!set ...: yaml's own conversion
    const o: Record<string, unknown> = {};
    for (const p of n.items) {
      const k = p.key;
      if (!isScalar(k)) throw UNSUPPORTED;
      const kv = k.value;
      if (typeof kv === 'symbol' || (kv === '<<' && (!k.type || k.type === 'PLAIN'))) throw UNSUPPORTED; // merge key
      const key = keyOf(kv);
      const v = plain(p.value);
      putKey(o, key, v);
    }
    return o;
  }
  if (isSeq(n)) {
    if (n.tag) throw UNSUPPORTED;
    return n.items.map(plain);
  }
  throw UNSUPPORTED; // aliases
}

/**
 * The document as plain JavaScript, like `doc.toJS()` but about twice as
 * fast: a direct walk of maps, sequences and scalars (whose values the
 * composer already resolved). Undefined when the document uses what only
 * `toJS` handles — aliases, merge keys, complex keys, !!set/!!omap — and the
 * caller falls back to it. A unit test checks both agree on real manifests.
 */
export function plainValue(contents: unknown): unknown {
  try {
    return plain(contents);
  } catch (e) {
    if (e === UNSUPPORTED || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** Does any mapping in the document use a collection as a key (what `{{ x }}` parses to)? */
function hasCollectionKey(node: unknown, depth = 0): boolean {
  if (depth > 200 || !node) return false;
  if (isMap(node)) {
    for (const p of node.items) {
      if (p.key && (isMap(p.key) || isSeq(p.key))) return true;
      if (hasCollectionKey(p.value, depth + 1)) return true;
    }
  } else if (isSeq(node)) {
    for (const it of node.items) if (hasCollectionKey(it, depth + 1)) return true;
  }
  return false;
}

export function hasTemplateSyntax(text: string): boolean {
  return text.includes('{{');
}

/** Go-template actions that shape the YAML around them (Helm's `{{- if }}`, `{{ range }}`, `{{ include }}` ...). */
const CONTROL_ACTION = /^[ \t]*\{\{-?\s*(?:if|else|end|range|with|define|template|include|block|toYaml|tpl|\/\*)\b/m;

/**
 * The text with every `{{ ... }}` action replaced by text of the same length
 * that YAML reads as inert: a comment when the action is alone on its line,
 * else a plain word.
 */
function maskActions(text: string): string {
  // `{{ … }}` actions, found by indexOf (a lazy `/\{\{[\s\S]*?\}\}/g` is quadratic on runs of `{`)
  let out = '';
  let pos = 0;
  for (;;) {
    const at = text.indexOf('{{', pos);
    if (at < 0) break;
    const close = text.indexOf('}}', at + 2);
    if (close < 0) break;
    const m = text.slice(at, close + 2);
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const alone = /^[ \t]*$/.test(text.slice(lineStart, at));
    out += text.slice(pos, at) + m.replace(/[^\n]/g, (_c, i: number) => (i === 0 && alone ? '#' : alone ? ' ' : 'x'));
    pos = close + 2;
  }
  return out + text.slice(pos);
}

/** Does the file parse (without errors) once its `${...}` placeholders are blanked out (`{port: ${PORT}}` closes the mapping early)? */
function failsAsEnvTemplate(text: string): boolean {
  const masked = text.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=][^}\n]*)?\}/g, (m) => 'x'.repeat(m.length));
  return masked !== text && errorCount(yamlDocuments(masked)) === 0;
}

/**
 * Does a file with `{{ }}` fail to parse because of its template actions (a
 * Helm chart's templates/, a Go-template file)? A file whose actions sit
 * inside valid strings — Argo Workflows parameters — and that fails for some
 * other reason is not a template: its errors are reported.
 */
function failsAsTemplate(text: string, docs: Document.Parsed[]): boolean {
  if (docs.some((d) => hasCollectionKey(d.contents))) return true; // `key: {{ x }}` parses as a mapping with a mapping key
  if (!docs.some((d) => d.errors.length)) return false;
  if (CONTROL_ACTION.test(text)) return true;
  return errorCount(yamlDocuments(maskActions(text))) < errorCount(docs);
}

/** PODLINT_FAST=0 turns the fast reader off (every file through yaml, nodes built up front): for comparisons and debugging. */
export function fastReaderEnabled(): boolean {
  return process.env.PODLINT_FAST !== '0';
}

/** The fast reader's documents of a text, unless it is off, the text holds template syntax, or the reader declines it. */
export function fastRead(text: string): FastDoc[] | undefined {
  return fastReaderEnabled() && !hasTemplateSyntax(text) ? fastDocuments(text) : undefined;
}

export function parseSource(file: SourceFile): ParsedFile {
  const fast = fastRead(file.text);
  return fast ? fromFast(file, fast) : parseFull(file);
}

/**
 * A file the fast reader took: its plain values now, its `yaml` documents
 * (and each resource's nodes) only when something asks for them — a finding's
 * position, a fix, a suppression annotation. Until then no node exists.
 */
export function fromFast(file: SourceFile, fast: FastDoc[]): ParsedFile {
  let docs: Document.Parsed[] | undefined;
  const alone: (Document.Parsed | undefined)[] = [];
  const out = { file, resources: [], problems: [] } as unknown as ParsedFile;
  Object.defineProperty(out, 'docs', {
    enumerable: true,
    configurable: true,
    get: () => (docs ??= fullDocuments(file)),
  });
  // One document's nodes: parse just its text (a finding in a 2 MB install bundle needs one document, not all)
  const docAt = (i: number): Document.Parsed | undefined => {
    if (docs) return docs[i];
    const d = alone[i] ?? documentAlone(file, fast[i]!);
    if (d) return (alone[i] = d);
    return out.docs[i];
  };
  fast.forEach((d, docIndex) => {
    if (isObj(d.value)) addResources(out, docIndex, d.value, [], undefined, docAt, d.dollarKeys === true);
  });
  if (envTemplate(out)) return out;
  setShape(out, { duplicateKeys: [], invalidDocuments: invalidDocuments(out, fast.map((d) => ({ start: d.start, end: d.start + 1, root: d.value }))) });
  return out;
}

/**
 * Parse the text of one document on its own and move its nodes' ranges to
 * the document's place in the file. Undefined if that does not give exactly
 * one clean document (then the whole file is parsed).
 */
function documentAlone(file: SourceFile, d: FastDoc): Document.Parsed | undefined {
  const from = file.text.lastIndexOf('\n', d.start - 1) + 1;
  if (process.env.PODLINT_TRACE) process.stderr.write(`podlint: trace: parsing one document of ${file.path} (${d.end - from} of ${file.text.length} chars) for positions\n`);
  const parsed = yamlDocuments(file.text.slice(from, d.end));
  if (parsed.length !== 1 || parsed[0]!.errors.length) return undefined;
  const doc = parsed[0]!;
  if (from > 0) {
    const shift = (r: [number, number, number] | undefined) => (r ? ([r[0] + from, r[1] + from, r[2] + from] as [number, number, number]) : r);
    visit(doc, {
      Node(_, n) {
        n.range = shift(n.range ?? undefined);
      },
    });
    doc.range = shift(doc.range)!;
  }
  return doc;
}

function parseYaml(text: string): Document.Parsed[] {
  const d = parseAllDocuments(text, PARSE_OPTIONS) as unknown as Document.Parsed[];
  return Array.isArray(d) ? d : [d as unknown as Document.Parsed];
}

const errorCount = (docs: Document.Parsed[]) => docs.reduce((n, d) => n + d.errors.length, 0);

/**
 * Every document of a text, parsed by yaml with podlint's options — as
 * Kubernetes' parsers read it: when `yaml` rejects continuation lines of a
 * quoted scalar or flow collection that libyaml accepts (lenient.ts), the
 * text is parsed again with those lines indented, and every range is moved
 * back to the file's own offsets; then the other differences of libyaml
 * (asLibyaml) are applied.
 */
function yamlDocuments(text: string): Document.Parsed[] {
  const docs = yamlAsIs(text);
  asLibyaml(text, docs);
  return docs;
}

function yamlAsIs(text: string): Document.Parsed[] {
  const docs = parseYaml(text);
  if (!docs.some((d) => d.errors.length)) return docs;
  const r = reindentContinuations(text);
  if (!r) return docs;
  const again = parseYaml(r.text);
  if (errorCount(again) >= errorCount(docs)) return docs;
  const back = (range: [number, number, number] | null | undefined) =>
    range ? ([toOriginal(r, range[0]), toOriginal(r, range[1]), toOriginal(r, range[2])] as [number, number, number]) : range;
  for (const doc of again) {
    visit(doc, {
      Node(_, n) {
        n.range = back(n.range ?? undefined);
      },
    });
    doc.range = back(doc.range)!;
    for (const e of [...doc.errors, ...doc.warnings]) e.pos = [toOriginal(r, e.pos[0]), toOriginal(r, e.pos[1])];
  }
  return again;
}

function fullDocuments(file: SourceFile): Document.Parsed[] {
  if (process.env.PODLINT_TRACE) process.stderr.write(`podlint: trace: parsing ${file.path} in full for positions${process.env.PODLINT_TRACE === 'stack' ? '\n' + new Error().stack : ''}\n`);
  return yamlDocuments(file.text);
}

/** Parse a file with the yaml package, building every node up front. */
export function parseFull(file: SourceFile): ParsedFile {
  const out: ParsedFile = { file, docs: [], resources: [], problems: [] };
  let docs: Document.Parsed[];
  try {
    docs = yamlDocuments(file.text);
  } catch (e) {
    out.problems.push({ message: `cannot parse: ${cleanYamlMessage((e as Error).message)}`, start: 0, end: 0, code: 'yaml-syntax' });
    return out;
  }
  if (file.text.includes('${') && docs.some((d) => d.errors.length) && failsAsEnvTemplate(file.text)) {
    out.skipped = ENV_TEMPLATE_NOTICE.replace('in most of its values', 'that break its YAML (`{a: ${X}}`)');
    return out;
  }
  if (hasTemplateSyntax(file.text) && failsAsTemplate(file.text, docs)) {
    out.skipped = 'contains template syntax ({{ }}) and is not valid YAML; skipped (render it first, e.g. `helm template . | podlint -`)';
    return out;
  }
  out.docs = docs;
  docs.forEach((doc, docIndex) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const [s, e] = errorRange(file.text, err.pos ?? [0, 0], err.code);
        out.problems.push({ message: cleanYamlMessage(err.message), start: s, end: e, code: 'yaml-syntax' });
      }
      return; // a broken document is not linted further
    }
    const contents = doc.contents as Node | null;
    if (!contents || !isMap(contents)) return; // scalars, sequences, empty docs: not Kubernetes objects
    let obj: unknown;
    try {
      obj = plainValue(contents) ?? doc.toJS(TOJS);
    } catch (e) {
      const msg = (e as Error).message;
      const r = contents.range ?? [0, 0];
      out.problems.push({
        message: /alias/i.test(msg) ? `too many alias expansions (limit ${MAX_ALIAS_COUNT}): ${msg}` : `cannot read document: ${msg}`,
        start: r[0],
        end: r[0],
        code: /alias/i.test(msg) ? 'alias-limit' : 'yaml-syntax',
      });
      return;
    }
    addResources(out, docIndex, obj, [], undefined, { doc, node: contents });
  });
  envTemplate(out);
  return out;
}

/** A file that is mostly `${VAR}` placeholders is an envsubst template: skipped with a notice (its resources dropped). */
function envTemplate(out: ParsedFile): boolean {
  if (!out.resources.length || !out.file.text.includes('$') || !mostlyPlaceholders(out.resources.map((r) => r.obj), out.file.text)) return false;
  out.skipped = ENV_TEMPLATE_NOTICE;
  out.resources = [];
  out.problems = [];
  return true;
}

const DOC_AT = Symbol('docAt');
type LazyResource = Resource & { [DOC_AT]: (docIndex: number) => Document.Parsed | undefined };
/**
 * `doc` and `node` of a resource the fast reader read: its document parsed by
 * `yaml` on first use. Getters shared by every such resource (a pair of
 * closures each gave every resource an object shape of its own).
 */
const LAZY_DOC: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: LazyResource) {
    return this[DOC_AT](this.docIndex);
  },
};
const LAZY_NODE: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: LazyResource) {
    const doc = this[DOC_AT](this.docIndex);
    const n = this.basePath.length ? locate(doc?.contents as Node, this.basePath)?.node : doc?.contents;
    if (!n || !isMap(n)) throw new Error(`podlint: internal error: no mapping for ${this.id} when the file was parsed in full`);
    return n;
  },
};

/**
 * Add the resource(s) of one document. `nodes` are its yaml nodes when the
 * file was parsed in full; without them (fast reader) `doc` and `node` are
 * getters that parse the file on first use.
 */
function addResources(
  out: ParsedFile,
  docIndex: number,
  obj: unknown,
  basePath: Path,
  listIndex: number | undefined,
  nodes: { doc: Document.Parsed; node: YAMLMap } | ((docIndex: number) => Document.Parsed | undefined),
  /** False when no key of the document starts with `$` (the fast reader knows): then it is no kustomize patch. */
  mayBePatch = true,
) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
  const o = obj as Record<string, any>;
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || !o.apiVersion || !o.kind) return;
  if (/List$/.test(o.kind) && Array.isArray(o.items) && listIndex === undefined) {
    if (typeof nodes === 'function') {
      o.items.forEach((item: unknown, i: number) => {
        if (isObj(item)) addResources(out, docIndex, item, [...basePath, 'items', i], i, nodes, mayBePatch);
      });
      return;
    }
    const itemsNode = nodes.node.get('items', true) as Node | undefined;
    if (itemsNode && isSeq(itemsNode)) {
      o.items.forEach((item: unknown, i: number) => {
        const n = itemsNode.items[i];
        if (n && isMap(n)) addResources(out, docIndex, item, [...basePath, 'items', i], i, { doc: nodes.doc, node: n as YAMLMap });
      });
    }
    return;
  }
  const md = o.metadata && typeof o.metadata === 'object' ? o.metadata : {};
  const name = typeof md.name === 'string' ? md.name : md.name != null ? String(md.name) : undefined;
  const ns = typeof md.namespace === 'string' && md.namespace ? md.namespace : undefined;
  // `doc` and `node` are added last: as data properties, or as the shared getters (defining a getter over a
  // data property would turn the object into a dictionary)
  const r = {
    id: `${out.file.path}#${docIndex}${listIndex !== undefined ? '.' + listIndex : ''}`,
    file: out.file,
    docIndex,
    listIndex,
    basePath,
    obj: o,
    apiVersion: o.apiVersion,
    kind: o.kind,
    name,
    metadataNamespace: ns,
    partial: mayBePatch && isPatchLike(o),
  } as Resource;
  if (typeof nodes === 'function') {
    r.lazy = true;
    (r as LazyResource)[DOC_AT] = nodes;
    Object.defineProperty(r, 'doc', LAZY_DOC);
    Object.defineProperty(r, 'node', LAZY_NODE);
  } else {
    r.doc = nodes.doc;
    r.node = nodes.node;
  }
  out.resources.push(r);
}

/** Kustomize strategic-merge patches carry `$patch` or `$setElementOrder` directives. */
function isPatchLike(o: Record<string, any>): boolean {
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): boolean => {
    if (depth > 8 || !v || typeof v !== 'object' || seen.has(v)) return false;
    seen.add(v);
    if (Array.isArray(v)) return v.some((x) => walk(x, depth + 1));
    for (const k of Object.keys(v)) {
      if (k === '$patch' || k.startsWith('$setElementOrder') || k === '$retainKeys' || k.startsWith('$deleteFromPrimitiveList')) return true;
      if (walk((v as any)[k], depth + 1)) return true;
    }
    return false;
  };
  return walk(o, 0);
}

/**
 * Point a parse error at something visible: skip the indentation the parser
 * blames, and for an unterminated flow collection point at its opening bracket.
 */
function errorRange(text: string, pos: [number, number], code: string): [number, number] {
  let [s, e] = pos;
  s = Math.max(0, Math.min(s, text.length));
  e = Math.max(s, Math.min(e, text.length));
  if (code === 'MISSING_CHAR' || s >= text.length) {
    // unterminated [ or {: find the nearest unmatched opener before s
    let depth = 0;
    for (let i = Math.min(s, text.length) - 1; i >= 0; i--) {
      const c = text[i];
      if (c === '}' || c === ']') depth++;
      else if (c === '{' || c === '[') {
        if (depth === 0) return [i, i + 1];
        depth--;
      }
    }
    // otherwise the last non-blank character
    let i = Math.min(s, text.length) - 1;
    while (i > 0 && /\s/.test(text[i]!)) i--;
    return [Math.max(0, i), Math.max(0, i) + 1];
  }
  while (s < e && (text[s] === ' ' || text[s] === '\t')) s++;
  if (s === e) {
    let i = s;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
      s = i;
      e = i + 1;
    }
  }
  return [s, Math.max(e, s)];
}

function cleanYamlMessage(m: string): string {
  if (/Maximum call stack/i.test(m)) return 'nesting too deep for the parser (thousands of levels); the document is not linted';
  // The yaml package appends " at line X, column Y" and a code frame; positions are ours.
  return m.replace(/ at line \d+, column \d+:[\s\S]*$/, '').replace(/\n[\s\S]*$/, '').trim();
}

