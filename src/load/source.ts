/**
 * A source file as podlint sees it: its text (without a UTF-8 BOM) and a line
 * index that turns offsets into 1-based line/column pairs. Offsets everywhere in
 * podlint are UTF-16 code-unit offsets into `text`, as in ESLint.
 */
export interface SourceFile {
  /** Path as given by the user (or `<stdin>`). */
  path: string;
  /** Text with any leading UTF-8 BOM removed. */
  text: string;
  /** True when the file on disk started with a BOM (kept when fixes are written). */
  bom: boolean;
  /** Read from standard input (its path may be a --stdin-filename): never written by --fix. */
  stdin?: boolean;
  /** Output of a renderer (kustomize, helm): never written, its findings are placed on the sources (src/render). */
  rendered?: boolean;
  /** Offsets where each line starts; computed lazily. */
  lineStarts?: number[];
}

export interface Position {
  line: number;
  column: number;
}

export function makeSource(path: string, raw: string): SourceFile {
  const bom = raw.charCodeAt(0) === 0xfeff;
  return { path, text: bom ? raw.slice(1) : raw, bom };
}

function lineStarts(src: SourceFile): number[] {
  if (src.lineStarts) return src.lineStarts;
  const starts = [0];
  const t = src.text;
  let i = t.indexOf('\n');
  while (i !== -1) {
    starts.push(i + 1);
    i = t.indexOf('\n', i + 1);
  }
  src.lineStarts = starts;
  return starts;
}

/** 1-based line and column of an offset. CRLF counts as one line end. */
export function positionAt(src: SourceFile, offset: number): Position {
  const starts = lineStarts(src);
  const off = Math.max(0, Math.min(offset, src.text.length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= off) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: off - starts[lo]! + 1 };
}

/** Offset of a 1-based line/column. */
export function offsetAt(src: SourceFile, line: number, column: number): number {
  const starts = lineStarts(src);
  const l = Math.max(1, Math.min(line, starts.length));
  return Math.min(starts[l - 1]! + column - 1, src.text.length);
}

/** The text of a 1-based line without its line break. */
export function lineText(src: SourceFile, line: number): string {
  const starts = lineStarts(src);
  if (line < 1 || line > starts.length) return '';
  const start = starts[line - 1]!;
  const end = line < starts.length ? starts[line]! - 1 : src.text.length;
  let s = src.text.slice(start, end);
  if (s.endsWith('\r')) s = s.slice(0, -1);
  return s;
}
