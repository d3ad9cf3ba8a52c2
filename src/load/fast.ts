/**
 * A lean YAML reader for the shapes Kubernetes manifests are written in:
 * block mappings and sequences, plain, quoted and block scalars, flow
 * collections (JSON files), comments and `---` separators. It goes from the
 * text straight to plain JavaScript values in one pass over character codes,
 * building no tokens, CST or nodes — about 4x less work than the `yaml`
 * package's parseAllDocuments + toJS, whose lexer alone costs about a fifth
 * of its time and whose CST parser and composer the rest.
 *
 * It is deliberately incomplete and strict: the moment it meets anything
 * outside that subset — anchors, aliases, tags, directives, complex keys,
 * duplicate keys, merge keys, tabs in indentation, lone CRs, explicit block
 * indentation, anything that might be an error — it gives up (returns undefined) and the caller parses the file with
 * the `yaml` package as before. So whenever it answers, the answer is what
 * `yaml` would have produced (values resolved by the same YAML 1.1 schema
 * tags); a differential test checks that on the corpus and on mutated and
 * generated inputs.
 *
 * It keeps no positions: a resource's `yaml` nodes are built on demand (only
 * for files where something is reported or a fix is written).
 */
import { Document, isScalar, type DocumentOptions, type SchemaOptions } from 'yaml';
import { PARSE_OPTIONS } from './yaml-options.js';
import { fit } from '../util.js';

/** One document: where its content starts, and its value (null when empty). */
export interface FastDoc {
  start: number;
  /** Where the document's text ends: the start of the next `---`/`...` line, or the end of the text. */
  end: number;
  value: unknown;
  /** Some key in the document starts with `$` (kustomize patch directives do). */
  dollarKeys?: boolean;
}

/** Thrown (as this one object, without a stack) to give up. */
const BAIL: unique symbol = Symbol('bail');

// ---------------------------------------------------------------------------
// Plain scalar resolution: the very tags (and order) yaml's composer uses.

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

/**
 * First characters with which a plain scalar may be something other than a
 * string under podlint's YAML 1.1 tags (go-yaml's resolution, see
 * yaml-options.ts) or YAML 1.2 core: null, booleans, numbers — so every other
 * first character skips the tag tests. A unit test checks the set against
 * the tags' patterns.
 */
export const MAYBE_TYPED = new Uint8Array(128);
for (const ch of '~nNyYtTfFoO0123456789+-.') MAYBE_TYPED[ch.charCodeAt(0)] = 1;

let tagError = false;
const onTagError = () => {
  tagError = true;
};

/** Resolves plain scalars as yaml's composer does for one set of document options. */
class Resolver {
  private tags: ScalarTag[] | undefined;
  private options: unknown;
  private readonly cache = new Map<string, unknown>();
  constructor(private readonly docOptions: DocumentOptions & SchemaOptions) {}

  private schemaTags(): ScalarTag[] {
    if (!this.tags) {
      const doc = new Document(null, this.docOptions);
      const schema = doc.schema as unknown as { tags: ScalarTag[]; compat?: unknown };
      if (schema.compat) throw new Error('podlint: unexpected compat schema');
      this.tags = schema.tags.filter((t) => t.default === true && t.test);
      this.options = doc.options;
    }
    return this.tags;
  }

  resolve(s: string): unknown {
    if (s.length > 0) {
      const c = s.charCodeAt(0);
      if (c >= 128 || MAYBE_TYPED[c] === 0) return s;
    }
    const hit = this.cache.get(s);
    if (hit !== undefined || this.cache.has(s)) return hit;
    let v: unknown = s;
    for (const tag of this.schemaTags()) {
      if (tag.test!.test(s)) {
        tagError = false;
        const r = tag.resolve(s, onTagError, this.options);
        if (tagError) throw BAIL;
        v = isScalar(r) ? r.value : r;
        break;
      }
    }
    if (v !== null && typeof v === 'object') throw BAIL; // not a plain value
    if (typeof v === 'bigint') throw BAIL;
    if (this.cache.size < 4096 && s.length <= 40) this.cache.set(s, v);
    return v;
  }
}

/** Manifests: podlint's options (YAML 1.1). Embedded configs (Envoy): yaml's defaults (YAML 1.2 core). */
const RESOLVERS = { '1.1': new Resolver(PARSE_OPTIONS), '1.2': new Resolver({}) };

/**
 * Plain keys read before (under the manifests' resolver), by length and first character: the same few
 * dozen keys make up most lines of every manifest (`name`, `image`, `containerPort` ...). A key found here
 * is compared in place and its string reused, already internalized by its first use as a property name;
 * otherwise each key is a fresh slice that resolve(), hasOwnProperty and the property store hash again and
 * look up in V8's string table.
 */
const KNOWN_KEYS = new Map<number, { raw: string; key: string }[]>();
let knownKeyCount = 0;
const MAX_KNOWN_KEYS = 2048;
const keySlot = (len: number, first: number) => len * 65536 + first;

function knownKey(t: string, i: number, end: number): string | undefined {
  const list = KNOWN_KEYS.get(keySlot(end - i, t.charCodeAt(i)));
  if (list) for (let k = 0; k < list.length; k++) if (t.startsWith(list[k]!.raw, i)) return list[k]!.key;
  return undefined;
}

function rememberKey(raw: string, key: string): void {
  if (knownKeyCount >= MAX_KNOWN_KEYS || raw.length > 64 || raw.length === 0) return;
  const slot = keySlot(raw.length, raw.charCodeAt(0));
  const list = KNOWN_KEYS.get(slot);
  if (list && list.length >= 8) return;
  // own copies, not slices of this file's text (which a slice keeps alive): the property name's copy
  const own = ownCopy(raw);
  const entry = { raw: own, key: key === raw ? own : ownCopy(key) };
  if (list) list.push(entry);
  else KNOWN_KEYS.set(slot, [entry]);
  knownKeyCount++;
}

/** `s` as V8's internalized string: a copy that holds no reference to the text `s` may be a slice of. */
function ownCopy(s: string): string {
  const o: Record<string, true> = {};
  o[s] = true;
  return Object.keys(o)[0] ?? s;
}

/** A mapping key as toJS turns it into an object key. */
export function keyOf(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

/** `o[key] = v`, also for a key named `__proto__` (an own property, as toJS makes it, never the prototype). */
export function putKey(o: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
  else o[key] = v;
}

// ---------------------------------------------------------------------------

const NL = 10;
const SP = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQ = 34;
const SQ = 39;

/** Characters that cannot start a plain scalar (or start something this reader does not take). */
const BAD_START = new Uint8Array(128);
for (const ch of '[]{},#&*!|>%@`\'"?') BAD_START[ch.charCodeAt(0)] = 1;
const FLOW_IND = new Uint8Array(128);
for (const ch of ',[]{}') FLOW_IND[ch.charCodeAt(0)] = 1;

class Reader {
  readonly t: string;
  readonly n: number;
  /** Cursor: the next content line not yet consumed. */
  ls = 0; // its start
  ind = 0; // its indentation
  at = -1; // offset of its first non-blank character; -1 at the end of the text
  marker = false; // the line is a `---` or `...` document marker
  dollarKeys = false; // a key starting with `$` was read in the current document

  constructor(
    t: string,
    readonly r: Resolver,
  ) {
    this.t = t;
    this.n = t.length;
  }

  c(i: number): number {
    return i < this.n ? this.t.charCodeAt(i) : -1;
  }

  /** Is the character at i a space, tab, line end or the end of the text? */
  ws(i: number): boolean {
    const c = this.c(i);
    return c === SP || c === NL || c === TAB || c === -1;
  }

  lineEnd(i: number): number {
    const e = this.t.indexOf('\n', i);
    return e === -1 ? this.n : e;
  }

  /** Move the cursor to the first content line at or after line start p. */
  seek(p: number): void {
    const t = this.t;
    const n = this.n;
    for (;;) {
      if (p >= n) {
        this.at = -1;
        this.marker = false;
        return;
      }
      let q = p;
      while (q < n && t.charCodeAt(q) === SP) q++;
      const c = q < n ? t.charCodeAt(q) : -1;
      if (c === TAB) throw BAIL; // tabs in indentation, even on blank lines: yaml's call
      if (c === -1) {
        this.at = -1;
        this.marker = false;
        return;
      }
      if (c === NL) {
        p = q + 1;
        continue;
      }
      if (c === HASH) {
        p = this.lineEnd(q) + 1;
        continue;
      }
      this.ls = p;
      this.ind = q - p;
      this.at = q;
      this.marker =
        q === p &&
        ((c === DASH && t.startsWith('---', q)) || (c === 46 && t.startsWith('...', q))) &&
        this.ws(q + 3);
      return;
    }
  }

  /** Consume the rest of the line from i: only blanks and a comment may follow. */
  endLine(i: number): void {
    const t = this.t;
    const start = i;
    while (i < this.n && (t.charCodeAt(i) === SP || t.charCodeAt(i) === TAB)) i++;
    const c = this.c(i);
    if (c === HASH) {
      if (i === start) throw BAIL; // `"a"#b`: not a comment
      i = this.lineEnd(i);
    } else if (c !== NL && c !== -1) throw BAIL;
    this.seek(i + 1);
  }

  /** After a value that ended its line: a more indented line would continue it or be an error. */
  noDeeper(owner: number): void {
    if (this.at !== -1 && !this.marker && this.ind > owner) throw BAIL;
  }

  /** Add a key to a mapping being read: a duplicate is left to yaml (it reports it); `$` keys are noted. */
  setKey(o: Record<string, unknown>, key: string, v: unknown): void {
    if (Object.prototype.hasOwnProperty.call(o, key)) throw BAIL;
    if (key.charCodeAt(0) === 36) this.dollarKeys = true;
    putKey(o, key, v);
  }

  isDash(i: number): boolean {
    return this.c(i) === DASH && this.ws(i + 1);
  }

  // -------------------------------------------------------------------------

  documents(): FastDoc[] {
    const docs: FastDoc[] = [];
    this.seek(0);
    let explicit = false; // a `---` opened a document that has no content yet
    let markerEnd = 0;
    let closable = false; // a document is open that `...` may close
    let ended = false; // the last marker was `...`: content needs a `---` first (libyaml)
    for (;;) {
      if (this.at === -1) {
        if (explicit) docs.push({ start: markerEnd, end: this.n, value: null });
        return docs;
      }
      if (this.marker) {
        const open = this.c(this.at) === DASH; // `---` opens a document, `...` closes one
        if (!open && !closable) throw BAIL; // `...` with no document before it
        if (explicit) docs.push({ start: markerEnd, end: this.ls, value: null });
        explicit = open;
        closable = open;
        ended = !open;
        markerEnd = this.at + 3;
        this.endLine(this.at + 3); // `--- # comment` only; content after `---` is left to yaml
        continue;
      }
      const c = this.c(this.at);
      if (c === 37 /* % */) throw BAIL;
      if (ended) throw BAIL; // a document after `...` without `---`: an error, left to yaml
      const start = this.at;
      this.dollarKeys = false;
      const value = this.blockNode(this.ind, this.at, -1);
      docs.push({ start, end: this.at === -1 ? this.n : this.ls, value, dollarKeys: this.dollarKeys || undefined });
      explicit = false;
      closable = true;
      if (this.at !== -1 && !this.marker) throw BAIL; // something after the root node
    }
  }

  /** A node that starts at the beginning of its own line (column ind, first character at `at`). */
  blockNode(ind: number, at: number, owner: number): unknown {
    if (this.isDash(at)) return this.seq(ind, at);
    const c = this.c(at);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const r = this.flow(at, owner);
      this.endLine(r.end);
      this.noDeeper(owner);
      return r.value;
    }
    if (this.isKeyLine(at)) return this.map(ind, at);
    if (owner < 0) throw BAIL; // a scalar document
    return this.inline(at, owner);
  }

  /** Does a mapping key start at i (`key:` followed by a blank or the line end)? */
  isKeyLine(i: number): boolean {
    const t = this.t;
    const c = this.c(i);
    if (c === DQ || c === SQ) {
      const e = this.quotedEnd(i);
      let j = e;
      while (j < this.n && (t.charCodeAt(j) === SP || t.charCodeAt(j) === TAB)) j++;
      return this.c(j) === COLON && this.ws(j + 1);
    }
    const e = this.lineEnd(i);
    for (let j = i; j < e; j++) {
      const d = t.charCodeAt(j);
      if (d === COLON && this.ws(j + 1)) return true;
      if (d === HASH && j > i && (t.charCodeAt(j - 1) === SP || t.charCodeAt(j - 1) === TAB)) return false;
    }
    return false;
  }

  /** A block mapping whose keys are at column ind; the first key starts at `at`. */
  map(ind: number, at: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    let k = at;
    for (;;) {
      const colon = this.key(k);
      const key = this.lastKey;
      let q = colon + 1;
      const t = this.t;
      while (q < this.n && (t.charCodeAt(q) === SP || t.charCodeAt(q) === TAB)) q++;
      const c = this.c(q);
      let v: unknown;
      if (c === NL || c === -1 || c === HASH) {
        if (c === HASH && q === colon + 1) throw BAIL;
        this.seek(c === HASH ? this.lineEnd(q) + 1 : q + 1);
        v = this.indented(ind, true);
      } else {
        v = this.inline(q, ind);
      }
      this.setKey(obj, key, v);
      if (this.at === -1 || this.marker || this.ind < ind) return obj;
      if (this.ind > ind) throw BAIL;
      if (this.isDash(this.at)) throw BAIL; // `- item` where a key belongs
      k = this.at;
    }
  }

  lastKey = '';

  /** Read the key at i; set lastKey and return the offset of its `:`. */
  key(i: number): number {
    const t = this.t;
    const c = this.c(i);
    if (c === DQ || c === SQ) {
      const e = this.quotedEnd(i);
      this.lastKey = this.quotedValue(i, e);
      let j = e;
      while (j < this.n && (t.charCodeAt(j) === SP || t.charCodeAt(j) === TAB)) j++;
      if (this.c(j) !== COLON || !this.ws(j + 1)) throw BAIL;
      return j;
    }
    if (c < 128 && BAD_START[c] === 1) throw BAIL;
    if ((c === DASH || c === COLON) && this.ws(i + 1)) throw BAIL;
    const e = this.lineEnd(i);
    let j = i;
    for (; j < e; j++) {
      const d = t.charCodeAt(j);
      if (d === COLON && this.ws(j + 1)) break;
      if (d === HASH && j > i && (t.charCodeAt(j - 1) === SP || t.charCodeAt(j - 1) === TAB)) throw BAIL;
    }
    if (j >= e) throw BAIL; // not a key: a scalar where a key belongs
    let end = j;
    while (end > i && (t.charCodeAt(end - 1) === SP || t.charCodeAt(end - 1) === TAB)) end--;
    if (end - i > 1024) throw BAIL;
    const manifest = this.r === RESOLVERS['1.1'];
    const known = manifest ? knownKey(t, i, end) : undefined;
    if (known !== undefined) {
      this.lastKey = known;
      return j;
    }
    const raw = t.slice(i, end);
    if (raw === '<<') throw BAIL; // merge key
    this.lastKey = keyOf(this.r.resolve(raw));
    if (manifest) rememberKey(raw, this.lastKey);
    return j;
  }

  /** The value of a key whose line ends after the `:` (cursor on the next content line). */
  indented(ind: number, inMap: boolean): unknown {
    if (this.at === -1 || this.marker) return null;
    if (this.ind > ind) return this.blockNode(this.ind, this.at, ind);
    if (this.ind === ind && inMap && this.isDash(this.at)) return this.seq(ind, this.at);
    return null;
  }

  /** A block sequence whose dashes are at column ind; the first at `at`. */
  seq(ind: number, at: number): unknown[] {
    const arr: unknown[] = [];
    const t = this.t;
    for (;;) {
      let q = at + 1;
      while (q < this.n && t.charCodeAt(q) === SP) q++;
      const c = this.c(q);
      let v: unknown;
      if (c === TAB) throw BAIL;
      if (c === NL || c === -1 || c === HASH) {
        if (c === HASH && q === at + 1) throw BAIL;
        this.seek(c === HASH ? this.lineEnd(q) + 1 : q + 1);
        v = this.indented(ind, false);
      } else {
        const col = q - this.ls;
        if (this.isDash(q)) v = this.seq(col, q);
        else if (c !== 91 && c !== 123 && this.isKeyLine(q)) v = this.map(col, q); // (`- {a: 1}` is a flow mapping)
        else v = this.inline(q, ind);
      }
      arr.push(v);
      // at its exact size (fit): a list grown by push keeps room for 17 items, and the documents live all run
      if (this.at === -1 || this.marker || this.ind < ind) return fit(arr);
      if (this.ind > ind) throw BAIL;
      if (!this.isDash(this.at)) return fit(arr);
      at = this.at;
    }
  }

  /** A value that starts at q on a line already begun (after `key: ` or `- `); owner is the indentation it belongs to. */
  inline(q: number, owner: number): unknown {
    const c = this.c(q);
    if (c === DQ || c === SQ) {
      const e = this.quotedEnd(q, owner);
      const v = this.quotedValue(q, e);
      this.endLine(e);
      this.noDeeper(owner);
      return v;
    }
    if (c === 91 || c === 123) {
      const r = this.flow(q, owner);
      this.endLine(r.end);
      this.noDeeper(owner);
      return r.value;
    }
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(q, owner);
    if (c < 128 && BAD_START[c] === 1) throw BAIL;
    if ((c === DASH || c === COLON) && this.ws(q + 1)) throw BAIL;
    // plain scalar, to the line end or a comment
    const t = this.t;
    const e = this.lineEnd(q);
    const j = this.plainLine(q, e);
    let raw = t.slice(q, this.plainEnd);
    let next = e + 1; // start of the line after the scalar
    if (j === e) {
      // no comment on the line: the scalar may go on, folded, on more indented lines
      let blanks = 0;
      let p = e + 1;
      while (p < this.n) {
        let k = p;
        while (k < this.n && t.charCodeAt(k) === SP) k++;
        const d = this.c(k);
        if (d === NL) {
          blanks++;
          p = k + 1;
          continue;
        }
        if (d === -1 || d === HASH || k - p <= owner) break;
        // (indicators are plain text on a continuation line; a few starts are left to yaml)
        if (d === TAB || ((d === DASH || d === COLON || d === 63) && this.ws(k + 1))) throw BAIL;
        const le = this.lineEnd(k);
        const x = this.plainLine(k, le);
        raw += (blanks ? '\n'.repeat(blanks) : ' ') + t.slice(k, this.plainEnd);
        blanks = 0;
        p = le + 1;
        next = p;
        if (x < le) break; // a comment ends it
      }
    }
    this.seek(Math.min(next, this.n));
    this.noDeeper(owner);
    return this.r.resolve(raw);
  }

  plainEnd = 0;

  /**
   * One line of a plain scalar, from i to the line end e: sets plainEnd past
   * its last non-blank character and returns where the scan stopped (e, or
   * the `#` of a comment).
   */
  plainLine(i: number, e: number): number {
    const t = this.t;
    let end = i;
    let j = i;
    for (; j < e; j++) {
      const d = t.charCodeAt(j);
      if (d === SP || d === TAB) continue;
      if (d === HASH && j > i && (t.charCodeAt(j - 1) === SP || t.charCodeAt(j - 1) === TAB)) break;
      if (d === COLON && this.ws(j + 1)) throw BAIL; // a mapping inside a plain scalar: an error
      if (d === 13) throw BAIL;
      end = j + 1;
    }
    this.plainEnd = end;
    return j;
  }

  /**
   * Offset just past the closing quote of the quoted scalar at i. Without an
   * owner indentation it must end on its line (keys); with one it may go on
   * over lines indented past it.
   */
  quotedEnd(i: number, owner?: number): number {
    const t = this.t;
    const q = t.charCodeAt(i);
    let j = i + 1;
    for (;;) {
      if (j >= this.n) throw BAIL;
      const d = t.charCodeAt(j);
      if (d === 13) throw BAIL;
      if (d === NL) {
        if (owner === undefined) throw BAIL;
        let k = j + 1;
        while (k < this.n && t.charCodeAt(k) === SP) k++;
        const e = this.c(k);
        if (e !== NL && k - j - 1 <= owner) throw BAIL; // not indented enough
        if (k === j + 1 && (t.startsWith('---', k) || t.startsWith('...', k))) throw BAIL;
        j++;
        continue;
      }
      if (d === q) {
        if (q === SQ && t.charCodeAt(j + 1) === SQ) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      if (q === DQ && d === 92 /* \ */) j += t.charCodeAt(j + 1) === NL ? 1 : 2;
      else j++;
    }
  }

  quotedValue(i: number, end: number): string {
    const t = this.t;
    const body = t.slice(i + 1, end - 1);
    const single = t.charCodeAt(i) === SQ;
    if (body.includes('\n')) return foldQuoted(body, single);
    if (single) return body.includes("'") ? body.replace(/''/g, "'") : body;
    return body.includes('\\') ? unescapeDouble(body) : body;
  }

  /** A block scalar whose header (`|`, `>-` ...) is at q; owner is the indentation its content must exceed. */
  blockScalar(q: number, owner: number): string {
    const t = this.t;
    const folded = t.charCodeAt(q) === 62;
    let chomp = 0; // 0 clip, 1 strip, 2 keep
    let i = q + 1;
    for (;;) {
      const d = this.c(i);
      if (d === DASH && chomp === 0) chomp = 1;
      else if (d === 43 /* + */ && chomp === 0) chomp = 2;
      else break;
      i++;
    }
    const hd = this.c(i);
    if (hd !== SP && hd !== TAB && hd !== NL && hd !== -1) throw BAIL; // explicit indentation and anything else
    const he = this.lineEnd(i);
    for (let j = i; j < he; j++) {
      const d = t.charCodeAt(j);
      if (d === HASH) break;
      if (d !== SP && d !== TAB) throw BAIL;
    }
    if (he >= this.n) throw BAIL;
    // the content indentation: that of the first non-blank line
    let p = he + 1;
    let indent = -1;
    let maxBlank = 0;
    while (p < this.n) {
      let k = p;
      while (k < this.n && t.charCodeAt(k) === SP) k++;
      const d = this.c(k);
      if (d === NL) {
        maxBlank = Math.max(maxBlank, k - p);
        p = k + 1;
        continue;
      }
      if (d === -1) break;
      if (d === TAB || d === 13) throw BAIL;
      indent = k - p;
      break;
    }
    if (indent <= owner || indent < 1 || maxBlank > indent) throw BAIL; // empty or oddly indented
    const parts: string[] = [];
    let broken = true; // the last text line ends with a line break (at the end of the file it may not: then none is added)
    p = he + 1;
    while (p < this.n) {
      const le = this.lineEnd(p);
      let k = p;
      while (k < le && t.charCodeAt(k) === SP) k++;
      if (k === le) {
        if (k - p > indent) throw BAIL; // a spaces-only line longer than the indentation
        if (le < this.n) parts.push(''); // (blanks at the very end, with no line break, are no line)
        p = le + 1;
        continue;
      }
      if (k - p < indent) break;
      const line = t.slice(p + indent, le);
      if (line.includes('\r')) throw BAIL;
      parts.push(line);
      broken = le < this.n;
      p = le + 1;
    }
    let last = parts.length;
    while (last > 0 && parts[last - 1] === '') last--;
    if (last === 0) throw BAIL;
    let s: string;
    if (!folded) s = last === parts.length ? parts.join('\n') : parts.slice(0, last).join('\n');
    else {
      // a line break between two text lines folds to a space (n blank lines between: n line breaks);
      // around a more-indented line (one starting with a blank) line breaks are kept
      s = '';
      let blanks = 0;
      let seen = false;
      let prevMore = false;
      for (let x = 0; x < last; x++) {
        const line = parts[x]!;
        if (line === '') {
          blanks++;
          continue;
        }
        const more = line.charCodeAt(0) === SP || line.charCodeAt(0) === TAB;
        if (seen) s += more || prevMore ? '\n'.repeat(blanks + 1) : blanks ? '\n'.repeat(blanks) : ' ';
        else if (blanks) s += '\n'.repeat(blanks);
        s += line;
        blanks = 0;
        seen = true;
        prevMore = more;
      }
    }
    const breaks = (broken ? 1 : 0) + parts.length - last;
    if (chomp === 0) s += broken ? '\n' : '';
    else if (chomp === 2) s += '\n'.repeat(breaks);
    this.seek(Math.min(p, this.n));
    this.noDeeper(owner);
    return s;
  }

  // -------------------------------------------------------------------------
  // Flow collections: `[a, b]`, `{a: 1}`, JSON.

  /** Skip blanks, line breaks and comments inside a flow collection; continuation lines must be indented past owner. */
  flowSkip(i: number, owner: number): number {
    const t = this.t;
    for (;;) {
      if (i >= this.n) throw BAIL; // unterminated
      const d = t.charCodeAt(i);
      if (d === SP || d === TAB) {
        i++;
        continue;
      }
      if (d === HASH) {
        const prev = t.charCodeAt(i - 1);
        if (prev !== SP && prev !== TAB && prev !== NL) throw BAIL;
        i = this.lineEnd(i);
        continue;
      }
      if (d === NL) {
        i++;
        let k = i;
        while (k < this.n && t.charCodeAt(k) === SP) k++;
        const e = this.c(k);
        if (e !== NL && e !== HASH && e !== -1 && e !== TAB) {
          if (k - i <= owner) throw BAIL;
          if (k === i && (t.startsWith('---', k) || t.startsWith('...', k))) throw BAIL;
        }
        continue;
      }
      if (d === 13) throw BAIL;
      return i;
    }
  }

  flow(i: number, owner: number): { value: unknown; end: number } {
    const t = this.t;
    const open = t.charCodeAt(i);
    if (open === 91) {
      const arr: unknown[] = [];
      let p = this.flowSkip(i + 1, owner);
      if (t.charCodeAt(p) === 93) return { value: arr, end: p + 1 };
      for (;;) {
        const r = this.flowValue(p, owner);
        arr.push(r.value);
        p = this.flowSkip(r.end, owner);
        const d = t.charCodeAt(p);
        if (d === 44 /* , */) {
          p = this.flowSkip(p + 1, owner);
          if (t.charCodeAt(p) === 93) return { value: arr, end: p + 1 };
          continue;
        }
        if (d === 93) return { value: arr, end: p + 1 };
        throw BAIL; // `[a: b]` and anything else
      }
    }
    const obj: Record<string, unknown> = {};
    let p = this.flowSkip(i + 1, owner);
    if (t.charCodeAt(p) === 125) return { value: obj, end: p + 1 };
    for (;;) {
      const k = this.flowScalar(p, owner, true);
      p = this.flowSkip(k.end, owner);
      if (t.charCodeAt(p) !== COLON) throw BAIL; // `{a, b}`: keys without values
      if (!k.quoted && !this.ws(p + 1)) {
        const d = this.c(p + 1);
        if (!(d < 128 && d >= 0 && FLOW_IND[d] === 1)) throw BAIL;
      }
      p = this.flowSkip(p + 1, owner);
      const d = t.charCodeAt(p);
      if (d === 44 || d === 125) throw BAIL; // empty value
      const v = this.flowValue(p, owner);
      this.setKey(obj, k.quoted ? (k.value as string) : keyOf(k.value), v.value);
      p = this.flowSkip(v.end, owner);
      const e = t.charCodeAt(p);
      if (e === 44) {
        p = this.flowSkip(p + 1, owner);
        if (t.charCodeAt(p) === 125) return { value: obj, end: p + 1 };
        continue;
      }
      if (e === 125) return { value: obj, end: p + 1 };
      throw BAIL;
    }
  }

  flowValue(p: number, owner: number): { value: unknown; end: number } {
    const d = this.t.charCodeAt(p);
    if (d === 91 || d === 123) return this.flow(p, owner);
    const r = this.flowScalar(p, owner, false);
    // `"a": b` inside a sequence is a single-pair mapping: not taken
    return r;
  }

  flowScalar(p: number, owner: number, isKey: boolean): { value: unknown; end: number; quoted: boolean } {
    const t = this.t;
    const c = t.charCodeAt(p);
    if (c === DQ || c === SQ) {
      const e = isKey ? this.quotedEnd(p) : this.quotedEnd(p, owner);
      return { value: this.quotedValue(p, e), end: e, quoted: true };
    }
    if (c < 128 && BAD_START[c] === 1) throw BAIL;
    if ((c === DASH || c === COLON) && this.ws(p + 1)) throw BAIL;
    let j = p;
    let end = p;
    for (; j < this.n; j++) {
      const d = t.charCodeAt(j);
      if (d === NL) break;
      if (d === SP || d === TAB) continue;
      if (d < 128 && FLOW_IND[d] === 1) break;
      if (d === HASH && (t.charCodeAt(j - 1) === SP || t.charCodeAt(j - 1) === TAB)) break;
      if (d === COLON) {
        const e = this.c(j + 1);
        if (e === SP || e === TAB || e === NL || e === -1 || (e >= 0 && e < 128 && FLOW_IND[e] === 1)) break;
      }
      if (d === 13) throw BAIL;
      end = j + 1;
    }
    if (end === p) throw BAIL;
    if (j < this.n && t.charCodeAt(j) === NL) {
      // the scalar must end here: what follows the line break has to close or separate it
      const k = this.flowSkip(j, owner);
      const d = t.charCodeAt(k);
      if (!(d === 44 || d === 93 || d === 125 || (d === COLON && isKey))) throw BAIL;
    }
    const raw = t.slice(p, end);
    if (isKey && raw === '<<') throw BAIL;
    return { value: this.r.resolve(raw), end, quoted: false };
  }
}

/**
 * A quoted scalar that spans lines: each line break folds to a space, or to
 * n line breaks after n blank lines; blanks around a break are dropped; in
 * double quotes an escaped line break (`\` at the end of a line) joins the
 * lines with nothing between.
 */
function foldQuoted(body: string, single: boolean): string {
  let out = '';
  let keep = 0; // out.length up to the last character that is not foldable blank space
  let i = 0;
  const n = body.length;
  while (i < n) {
    const ch = body.charCodeAt(i);
    if (ch === NL) {
      out = out.slice(0, keep);
      let blanks = 0;
      i++;
      for (;;) {
        while (i < n && (body.charCodeAt(i) === SP || body.charCodeAt(i) === TAB)) i++;
        if (i < n && body.charCodeAt(i) === NL) {
          blanks++;
          i++;
          continue;
        }
        break;
      }
      out += blanks ? '\n'.repeat(blanks) : ' ';
      keep = out.length;
      continue;
    }
    if (!single && ch === 92) {
      if (body.charCodeAt(i + 1) === NL) {
        i += 2;
        while (i < n && (body.charCodeAt(i) === SP || body.charCodeAt(i) === TAB)) i++;
        keep = out.length;
        continue;
      }
      out += escapeAt(body, i);
      i = escapeEnd;
      keep = out.length;
      continue;
    }
    if (single && ch === SQ) {
      out += "'";
      i += 2;
      keep = out.length;
      continue;
    }
    out += body[i];
    i++;
    if (ch !== SP && ch !== TAB) keep = out.length;
  }
  return out;
}

const ESC: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

let escapeEnd = 0;

/** The character of the escape sequence at s[i] (a backslash); sets escapeEnd past it. */
function escapeAt(s: string, i: number): string {
  const e = s[i + 1];
  if (e === undefined) throw BAIL;
  const simple = ESC[e];
  if (simple !== undefined) {
    escapeEnd = i + 2;
    return simple;
  }
  const len = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (!len) throw BAIL;
  const hex = s.slice(i + 2, i + 2 + len);
  if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw BAIL;
  escapeEnd = i + 2 + len;
  return String.fromCodePoint(code);
}

function unescapeDouble(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const j = s.indexOf('\\', i);
    if (j === -1) return out + s.slice(i);
    out += s.slice(i, j) + escapeAt(s, j);
    i = escapeEnd;
  }
}

const UNTAKEN = /[\ufeff\u0085\u2028\u2029]|\r(?!\n)/;

/**
 * The documents of `text` as plain values, or undefined when the text uses
 * anything this reader does not take (then parse it with `yaml`). CRLF line
 * ends are read as LF (as yaml does), with offsets mapped back to the text.
 */
export function fastDocuments(text: string, version: '1.1' | '1.2' = '1.1'): FastDoc[] | undefined {
  // byte-order marks inside the text, lone CRs and YAML 1.1's other line breaks (NEL, LS, PS): left to yaml
  if (UNTAKEN.test(text)) return undefined;
  const crlf = text.includes('\r');
  try {
    const docs = new Reader(crlf ? text.replace(/\r\n/g, '\n') : text, RESOLVERS[version]).documents();
    if (!crlf) return docs;
    const lf = lfOffsets(text);
    return docs.map((d) => ({ ...d, start: lf(d.start), end: lf(d.end) }));
  } catch (e) {
    if (e === BAIL || e instanceof RangeError) return undefined;
    throw e;
  }
}

/** Maps an offset in the LF-only form of `text` (CRLF or mixed line ends) to its offset in `text`. */
function lfOffsets(text: string): (o: number) => number {
  const crs: number[] = []; // LF-form offsets of the CRs taken out
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) crs.push(i - crs.length);
  return (o) => {
    let lo = 0;
    let hi = crs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (crs[mid]! < o) lo = mid + 1;
      else hi = mid;
    }
    return o + lo;
  };
}
