/**
 * Read one file from disk safely: bounded size, encoding checks, binary
 * detection. Returns the source text, or a per-file problem that the caller
 * reports while it goes on with the other files.
 */
import { openSync, fstatSync, readSync, closeSync, statSync, constants } from 'node:fs';
import { makeSource, type SourceFile } from './source.js';
import type { ParseProblem } from './parse.js';

/** Files larger than this are not parsed (see README "Guarantees"). */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface ReadProblem {
  message: string;
  /** Offset in the (replacement-decoded) text where the problem is, if any. */
  offset?: number;
}

export interface ReadOutcome {
  file: SourceFile;
  /** A problem that prevents linting the file at all. */
  fatal?: ReadProblem;
  /** A problem worth reporting while the file is still linted (e.g. invalid UTF-8). */
  problems: ReadProblem[];
}

/** Read problems as the parse problems `yaml-syntax` reports (a one-character range at the bad byte). */
export function encodingProblems(problems: ReadProblem[]): ParseProblem[] {
  return problems.map((p) => ({ message: p.message, start: p.offset ?? 0, end: (p.offset ?? 0) + 1, code: 'encoding' }));
}

export function readSource(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadOutcome {
  let fd: number;
  try {
    // stat first: opening a FIFO or device for reading could block forever.
    const pre = statSync(path);
    if (!pre.isFile()) return { file: makeSource(path, ''), fatal: { message: 'not a regular file' }, problems: [] };
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { file: makeSource(path, ''), fatal: { message: `cannot read file: ${code(e)}` }, problems: [] };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { file: makeSource(path, ''), fatal: { message: 'not a regular file' }, problems: [] };
    if (st.size > maxBytes) {
      return {
        file: makeSource(path, ''),
        fatal: { message: `file is ${mb(st.size)} MB, over the ${mb(maxBytes)} MB limit; not linted (raise it with --max-file-size)` },
        problems: [],
      };
    }
    const buf = Buffer.allocUnsafe(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n <= 0) break;
      off += n;
    }
    return decode(path, buf.subarray(0, off));
  } catch (e) {
    return { file: makeSource(path, ''), fatal: { message: `cannot read file: ${code(e)}` }, problems: [] };
  } finally {
    closeSync(fd);
  }
}

const mb = (n: number) => (n / (1024 * 1024)).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1);
const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decode bytes as UTF-8 with checks; exported for stdin. */
export function decode(path: string, buf: Uint8Array): ReadOutcome {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    const enc = buf[0] === 0xff ? (buf[2] === 0 && buf[3] === 0 ? 'UTF-32LE' : 'UTF-16LE') : 'UTF-16BE';
    return {
      file: makeSource(path, ''),
      fatal: { message: `file is ${enc} encoded; Kubernetes tools expect UTF-8. Convert it (iconv -f ${enc} -t UTF-8)` },
      problems: [],
    };
  }
  const probe = buf.subarray(0, 8192);
  const nul = probe.indexOf(0);
  if (nul !== -1) {
    return { file: makeSource(path, ''), fatal: { message: `binary file (NUL byte at offset ${nul}); not a YAML or JSON manifest` }, problems: [] };
  }
  try {
    return { file: makeSource(path, fatalDecoder.decode(buf)), problems: [] };
  } catch {
    const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8');
    const bad = text.indexOf('\ufffd');
    const hasBom = text.charCodeAt(0) === 0xfeff;
    const problems: ReadProblem[] = [{ message: 'invalid UTF-8 byte sequence (shown as U+FFFD); the API server rejects it', offset: bad < 0 ? 0 : bad - (hasBom ? 1 : 0) }];
    const rest = buf.indexOf(0);
    if (rest !== -1) return { file: makeSource(path, ''), fatal: { message: `binary file (NUL byte at offset ${rest})` }, problems: [] };
    return { file: makeSource(path, text), problems };
  }
}

/**
 * Standard input, read in chunks and stopped as soon as it passes the size
 * limit (the same --max-file-size as files): `podlint - < /dev/zero` ends at
 * once with an error instead of buffering gigabytes.
 */
export function readStdin(maxBytes = DEFAULT_MAX_FILE_BYTES, fd = 0): { bytes: Buffer } | { error: string } {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const c = (e as NodeJS.ErrnoException).code;
      if (c === 'EAGAIN') {
        // a non-blocking pipe with nothing yet: wait briefly, then read again
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (c === 'EOF') break;
      return { error: `cannot read standard input: ${code(e)}` };
    }
    if (n <= 0) break;
    total += n;
    if (total > maxBytes) return { error: `standard input is over the ${mb(maxBytes)} MB limit; not linted (raise it with --max-file-size)` };
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return { bytes: Buffer.concat(chunks, total) };
}
