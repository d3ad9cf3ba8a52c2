/**
 * Read YAML as Kubernetes reads it. kubectl and the API server
 * (sigs.k8s.io/yaml, a fork of go-yaml v2) and kustomize (kyaml, go-yaml v3)
 * parse with Go ports of libyaml, whose scanner does not check indentation
 * inside a quoted scalar or a flow collection: continuation lines, and the
 * closing quote or bracket, may sit at any column. Workflow examples rely on
 * it:
 *
 *     args: ["
 *       echo {{inputs.parameters.message}}
 *     "]
 *
 * The `yaml` package requires those lines to be indented deeper than the
 * enclosing block and rejects the file. Such lines are only ever whitespace
 * to YAML (leading white space of a continuation line is folded away, and
 * indentation means nothing in flow context), so a file the `yaml` package
 * rejected is read again with them indented one column deeper than their
 * block: `reindentContinuations` returns that text and where it inserted
 * spaces, and `toOriginal` maps an offset of the new text back to the file,
 * so every node keeps the range of what is written.
 *
 * The scanner knows what it must to find those constructs and nothing else:
 * comments, block scalars (skipped by indentation), plain scalars (a quote
 * inside `echo "hi"` opens nothing), quoted scalars with their escapes, flow
 * collections with nesting, and `---`/`...` markers (libyaml ends a document
 * there even inside a quoted scalar: then nothing is changed).
 */
import { Scalar, visit, YAMLParseError, type Document, type Node } from 'yaml';

export interface Reindented {
  text: string;
  /** Offsets in the original text where spaces were inserted, ascending. */
  at: number[];
  /** Cumulative number of spaces inserted up to and including at[i]. */
  total: number[];
}

const SPACE = 32;
const TAB = 9;
const NL = 10;
const CR = 13;

function isBlank(c: number | undefined): boolean {
  return c === undefined || c === SPACE || c === TAB || c === NL || c === CR;
}

/**
 * The text with every continuation line of a multi-line quoted scalar or flow
 * collection (opened in block context) indented deeper than the block that
 * holds it; undefined when no line needs it, or the text is beyond this
 * scanner (then the caller keeps the `yaml` package's errors).
 */
export function reindentContinuations(src: string): Reindented | undefined {
  const n = src.length;
  const inserts: [number, number][] = [];
  /** Column of the block node holding the open construct (its lines must go deeper). */
  let owner = -1;
  let quote = 0; // 0, '"' or "'" as char codes
  let flow = 0; // flow collection depth
  let blockScalar = -2; // >= -1: inside a block scalar whose parent sits at that column
  let quoteCol = -1; // column where the open quoted scalar starts (a key when `: ` follows it)
  let lineStart = 0;
  while (lineStart < n) {
    let lineEnd = src.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = n;
    let p = lineStart;
    while (p < lineEnd && src.charCodeAt(p) === SPACE) p++;
    const indent = p - lineStart;
    const blank = p >= lineEnd || src.charCodeAt(p) === CR || (src.charCodeAt(p) === TAB && /^[ \t\r]*$/.test(src.slice(p, lineEnd)));
    const marker = indent === 0 && /^(?:---|\.\.\.)(?:[ \t\r]|$)/.test(src.slice(lineStart, Math.min(lineEnd, lineStart + 4)));
    if (blockScalar >= -1) {
      if (blank || (indent > blockScalar && !marker)) {
        lineStart = lineEnd + 1;
        continue;
      }
      blockScalar = -2;
    }
    if (quote || flow) {
      if (marker) return undefined; // libyaml ends the document here: not a shape to repair
      if (!blank && indent <= owner) inserts.push([lineStart, owner + 1 - indent]);
    } else if (marker) {
      lineStart = lineEnd + 1;
      continue;
    }
    // scan the line's tokens
    let token = !(quote || flow); // at a place where a block node may start
    let lineOwner = quote || flow ? owner : indent; // block context: the column of the last key or `- ` on this line
    while (p < lineEnd) {
      const c = src.charCodeAt(p);
      if (quote === 34) {
        // double-quoted: backslash escapes the next character (also a line break)
        if (c === 92) p += 2;
        else if (c === 34) {
          quote = 0;
          p++;
          if (!flow) token = keyEnds(src, p, lineEnd);
          if (!flow && token) lineOwner = quoteCol;
        } else p++;
        continue;
      }
      if (quote === 39) {
        if (c === 39 && src.charCodeAt(p + 1) === 39) p += 2;
        else if (c === 39) {
          quote = 0;
          p++;
          if (!flow) token = keyEnds(src, p, lineEnd);
          if (!flow && token) lineOwner = quoteCol;
        } else p++;
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) {
        p++;
        continue;
      }
      if (c === 35 /* # */ && (p === lineStart || isBlank(src.charCodeAt(p - 1)))) break; // comment
      if (flow) {
        if (c === 34 || c === 39) {
          quote = c;
          p++;
        } else if (c === 91 || c === 123) {
          flow++;
          p++;
        } else if (c === 93 || c === 125) {
          flow--;
          p++;
          if (!flow) token = false;
        } else if (c === 44 || c === 58 || c === 63) p++; // , : ?
        else {
          // a plain scalar in flow context: up to , [ ] { } or ": " or " #"
          while (p < lineEnd) {
            const d = src.charCodeAt(p);
            if (d === 44 || d === 91 || d === 93 || d === 123 || d === 125) break;
            if (d === 58 && (isBlank(src.charCodeAt(p + 1)) || src.charCodeAt(p + 1) === 44)) break;
            if (d === 35 && isBlank(src.charCodeAt(p - 1))) break;
            p++;
          }
        }
        continue;
      }
      // block context
      if (!token) {
        // rest of a plain scalar (or after a closed flow collection / quoted scalar): look for `: ` starting a value
        if (c === 58 && isBlank(src.charCodeAt(p + 1))) {
          token = true;
          p++;
          continue;
        }
        p++;
        continue;
      }
      const col = p - lineStart;
      if ((c === 45 /* - */ || c === 63 /* ? */) && isBlank(src.charCodeAt(p + 1))) {
        lineOwner = col;
        p++;
        continue;
      }
      if (c === 58 /* : */ && isBlank(src.charCodeAt(p + 1))) {
        p++;
        continue;
      }
      if (c === 34 || c === 39) {
        quote = c;
        owner = lineOwner;
        quoteCol = col;
        p++;
        continue;
      }
      if (c === 91 || c === 123) {
        flow = 1;
        owner = lineOwner;
        p++;
        continue;
      }
      if (c === 124 || c === 62) {
        // | or >: the block scalar's content is the following lines deeper than its parent
        blockScalar = lineOwner;
        break;
      }
      if (c === 38 || c === 33 || c === 42) {
        // &anchor, !tag, *alias: skip the token
        while (p < lineEnd && !isBlank(src.charCodeAt(p))) p++;
        if (c === 42) token = false;
        continue;
      }
      // a plain scalar: a key when `: ` follows it on this line
      const start = col;
      let q = p;
      let isKey = false;
      while (q < lineEnd) {
        const d = src.charCodeAt(q);
        if (d === 58 && isBlank(src.charCodeAt(q + 1))) {
          isKey = true;
          break;
        }
        if (d === 35 && isBlank(src.charCodeAt(q - 1))) break;
        q++;
      }
      if (isKey) {
        lineOwner = start;
        p = q + 1;
        token = true;
      } else {
        p = q;
        token = false;
      }
    }
    if (quote || flow) {
      // the construct continues on the next line
    } else owner = -1;
    lineStart = lineEnd + 1;
  }
  if (!inserts.length) return undefined;
  let text = '';
  let from = 0;
  const at: number[] = [];
  const total: number[] = [];
  let sum = 0;
  for (const [o, k] of inserts) {
    text += src.slice(from, o) + ' '.repeat(k);
    from = o;
    sum += k;
    at.push(o);
    total.push(sum);
  }
  text += src.slice(from);
  return { text, at, total };

}

/** After a closed quoted scalar in block context: is it a key (`"a": b`)? Then a value may follow. */
function keyEnds(s: string, p: number, end: number): boolean {
  let i = p;
  while (i < end && (s.charCodeAt(i) === SPACE || s.charCodeAt(i) === TAB)) i++;
  return s.charCodeAt(i) === 58 && isBlank(s.charCodeAt(i + 1));
}

/** An offset of the re-indented text, in the original text (inside inserted spaces: where they were inserted). */
export function toOriginal(r: Reindented, x: number): number {
  // the last insertion whose new position is <= x
  let lo = 0;
  let hi = r.at.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const before = mid > 0 ? r.total[mid - 1]! : 0;
    if (r.at[mid]! + before <= x) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (k < 0) return x;
  if (x < r.at[k]! + r.total[k]!) return r.at[k]!;
  return x - r.total[k]!;
}

/**
 * Where libyaml (and so go-yaml) reads a parsed text differently from the
 * `yaml` package, applied to yaml's documents:
 * - a block scalar whose last line ends the file without a line break has no
 *   final line break (`|` at the end of a file not ending in a newline);
 * - a document after a `...` end marker must start with `---`
 *   ("did not find expected <document start>").
 */
export function asLibyaml(text: string, docs: Document.Parsed[]): void {
  const lastLine = text.lastIndexOf('\n') + 1;
  if (lastLine < text.length && docs.length) {
    visit(docs[docs.length - 1]!, {
      Scalar(_, n) {
        if ((n.type !== Scalar.BLOCK_LITERAL && n.type !== Scalar.BLOCK_FOLDED) || !n.range || n.range[1] < text.length) return;
        if (typeof n.value !== 'string' || !n.value.endsWith('\n')) return;
        // is the unterminated last line content (beyond the content's indentation), not just indentation?
        const body = text.slice(n.range[0], text.length);
        const first = /\n( *)[^ \n]/.exec(body);
        const indent = first ? first[1]!.length : 0;
        const tail = text.slice(lastLine);
        if (/^ *$/.test(tail) && tail.length <= indent) return;
        n.value = n.value.slice(0, -1);
      },
    });
  }
  for (let i = 1; i < docs.length; i++) {
    const d = docs[i]!;
    const c = d.contents as Node | null;
    if (!c || d.directives?.docStart || !docs[i - 1]!.directives?.docEnd) continue;
    const at = c.range ? c.range[0] : 0;
    d.errors.push(new YAMLParseError([at, at + 1], 'UNEXPECTED_TOKEN', 'did not find expected <document start>: a document after `...` must begin with `---`'));
  }
}
