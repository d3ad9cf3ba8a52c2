/**
 * `--fix` and `--fix-dry-run`: lint, apply the fixes findings carry, lint
 * again, until nothing changes (at most 10 passes). Fixes are text edits on
 * node ranges of the `yaml` CST, so everything outside them (comments,
 * quoting, layout) stays byte for byte. A pass's edits to a file are kept only
 * if the file still parses with no more YAML errors than before; files are
 * written atomically (a temp file in the same folder, then rename), keeping
 * their mode and BOM, and never when they changed on disk meanwhile. A file
 * with several hard links is written in place instead (a rename would split
 * it: the other names would keep the old text), see writeInPlace.
 */
import { chmodSync, chownSync, closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { applyFixes } from './apply-fixes.js';
import { givenPaths, lintParsed, lintPaths, type FileResult, type LintOptions, type LintResult } from './lint.js';
import { parseSource, type ParsedFile } from '../load/parse.js';
import type { SourceFile } from '../load/source.js';
import type { Fix } from './types.js';

export const MAX_FIX_PASSES = 10;

export interface FixOptions {
  /** Compute the fixed text without writing files. */
  dryRun: boolean;
  /** Apply only the fixes of error-severity findings (--quiet). */
  errorsOnly?: boolean;
  maxPasses?: number;
}

export interface FixOutcome {
  /** The final lint result; `results[].output` holds the fixed text of changed files. */
  result: LintResult;
  /** Files written (not in dry-run). */
  written: string[];
  /** Files podlint would not or could not write, with the reason (for stderr). */
  problems: { path: string; message: string }[];
  passes: number;
  /** Text of each linted file before fixing (without BOM). */
  originals: Map<string, string>;
}

const syntaxErrors = (p: ParsedFile) => p.problems.filter((x) => x.code === 'yaml-syntax').length;

/** Is `next` an acceptable replacement for `prev` (it parses no worse)? */
function acceptable(prev: ParsedFile, next: ParsedFile): boolean {
  if (next.skipped && !prev.skipped) return false;
  if (syntaxErrors(next) > syntaxErrors(prev)) return false;
  if (next.resources.length < prev.resources.length) return false;
  return true;
}

function reparse(prev: ParsedFile, text: string): ParsedFile {
  const file: SourceFile = { path: prev.file.path, text, bom: prev.file.bom };
  return parseSource(file);
}

/** Apply `fixes` to one file, keeping only what leaves it parseable. */
export function fixOneFile(prev: ParsedFile, fixes: Fix[]): ParsedFile | undefined {
  const all = applyFixes(prev.file.text, fixes);
  if (all.applied.length === 0 || all.output === prev.file.text) return undefined;
  const next = reparse(prev, all.output);
  if (acceptable(prev, next)) return next;
  // Some fix breaks the file: keep the fixes that do not, one by one.
  const accepted: Fix[] = [];
  let best: ParsedFile | undefined;
  for (const f of all.applied.slice(0, 50)) {
    const trial = applyFixes(prev.file.text, [...accepted, f]);
    if (trial.applied.length !== accepted.length + 1) continue;
    const p = reparse(prev, trial.output);
    if (acceptable(prev, p)) {
      accepted.push(f);
      best = p;
    }
  }
  return best && best.file.text !== prev.file.text ? best : undefined;
}

/** Lint `paths`, fix, re-lint until stable; write the files unless dry-run. */
export function lintAndFix(paths: string[], lint: LintOptions, opts: FixOptions): FixOutcome {
  const first = lintPaths(paths, lint);
  if (first.rendered) return fixWithRenders(paths, lint, opts, first);
  const parsed: ParsedFile[] = [...first.graph.files];
  const reported = new Set(first.results.map((r) => r.file.path));
  const contextFiles = new Set(parsed.filter((p) => !reported.has(p.file.path)).map((p) => p.file.path));
  // Results without a parsed file (unreadable files) are carried over unchanged.
  const parsedPaths = new Set(parsed.map((p) => p.file.path));
  const carried: FileResult[] = first.results.filter((r) => !parsedPaths.has(r.file.path));
  const original = new Map(parsed.map((p) => [p.file.path, p.file]));
  const fixable = (p: ParsedFile) => !p.skipped && !contextFiles.has(p.file.path) && !p.problems.some((x) => (x.code as string) === 'encoding');

  let res = first;
  let passes = 0;
  const max = opts.maxPasses ?? MAX_FIX_PASSES;
  while (passes < max) {
    const byPath = new Map<string, Fix[]>();
    for (const r of res.results) {
      for (const f of r.findings) {
        if (!f.fix || (opts.errorsOnly && f.severity !== 2)) continue;
        const l = byPath.get(r.file.path) ?? [];
        l.push(f.fix);
        byPath.set(r.file.path, l);
      }
    }
    let changed = false;
    for (let i = 0; i < parsed.length; i++) {
      const p = parsed[i]!;
      const fixes = byPath.get(p.file.path);
      if (!fixes || !fixable(p)) continue;
      const next = fixOneFile(p, fixes);
      if (next) {
        parsed[i] = next;
        changed = true;
      }
    }
    if (!changed) break;
    passes++;
    res = lintParsed(parsed, contextFiles.size ? { ...lint, contextFiles } : lint);
  }

  const final: LintResult = { ...res, results: [...carried, ...res.results], notices: mergeNotices(first.notices, res.notices), pathErrors: first.pathErrors };
  const written: string[] = [];
  const problems: { path: string; message: string }[] = [];
  for (const r of final.results) {
    const before = original.get(r.file.path);
    if (!before || before.text === r.file.text) continue;
    r.output = (r.file.bom ? '\ufeff' : '') + r.file.text;
    if (opts.dryRun || r.file.path === '<stdin>' || before.stdin) continue;
    const err = writeAtomically(r.file.path, (before.bom ? '\ufeff' : '') + before.text, r.output);
    if (err) problems.push({ path: r.file.path, message: err });
    else written.push(r.file.path);
  }
  return { result: final, written, problems, passes, originals: new Map([...original].map(([k, v]) => [k, v.text])) };
}

/**
 * `--fix` on a run that rendered kustomize trees: fixes land on the source
 * files (a rendered object is never written; src/render/map.ts keeps only
 * fixes placed exactly on a source node), so each pass writes the fixed
 * sources and renders again. With --fix-dry-run nothing can be rendered from
 * unwritten text: one pass, its fixed texts reported.
 */
function fixWithRenders(paths: string[], lint: LintOptions, opts: FixOptions, first: LintResult): FixOutcome {
  const original = new Map<string, SourceFile>();
  const current = new Map<string, SourceFile>();
  const written = new Set<string>();
  const problems: { path: string; message: string }[] = [];
  let res = first;
  let passes = 0;
  const max = opts.maxPasses ?? MAX_FIX_PASSES;
  // a base outside the paths given (`podlint --fix overlays/dev` reports ../../base) is reported, not written
  const given = givenPaths(paths);
  while (passes < max) {
    let changed = false;
    for (const r of res.results) {
      const fixes = r.findings.filter((f) => f.fix && !(opts.errorsOnly && f.severity !== 2)).map((f) => f.fix!);
      if (!fixes.length || r.file.stdin || r.file.rendered || r.file.path === '<stdin>' || !given(resolve(r.file.path))) continue;
      if (!original.has(r.file.path)) original.set(r.file.path, r.file);
      const next = fixOneFile(parseSource(r.file), fixes);
      if (!next) continue;
      if (!opts.dryRun) {
        const err = writeAtomically(r.file.path, (r.file.bom ? '\ufeff' : '') + r.file.text, (r.file.bom ? '\ufeff' : '') + next.file.text);
        if (err) {
          problems.push({ path: r.file.path, message: err });
          continue;
        }
        written.add(r.file.path);
      }
      current.set(r.file.path, next.file);
      changed = true;
    }
    if (!changed) break;
    passes++;
    if (opts.dryRun) break;
    res = lintPaths(paths, lint);
  }
  const results = res.results.map((r) => {
    const now = opts.dryRun ? current.get(r.file.path) : r.file;
    const before = original.get(r.file.path);
    if (!before || !now || now.text === before.text) return r;
    return { ...r, output: (now.bom ? '\ufeff' : '') + now.text };
  });
  return {
    result: { ...res, results, notices: mergeNotices(first.notices, res.notices), pathErrors: first.pathErrors },
    written: [...written],
    problems,
    passes,
    originals: new Map([...original].map(([k, v]) => [k, v.text])),
  };
}

function mergeNotices(a: string[], b: string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((n) => !seen.has(n) && (seen.add(n), true))];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Replace `path`'s content by `text` if it still holds `expected`: write a
 * temp file beside it (same folder, so rename is atomic), copy the mode,
 * then rename over the real file (through symlinks). Returns an error message or undefined.
 */
export function writeAtomically(path: string, expected: string, text: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    return `not fixed: cannot resolve the file (${code(e)})`;
  }
  let current: string;
  let st;
  try {
    st = statSync(real);
    current = strictUtf8.decode(readFileSync(real));
  } catch (e) {
    return `not fixed: cannot read the file again (${code(e)})`;
  }
  if (current !== expected) return 'not fixed: the file changed on disk while podlint ran';
  if (st.nlink > 1) return writeInPlace(real, expected, text);
  const tmp = join(dirname(real), `.${basename(real)}.podlint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode: st.mode & 0o7777 });
    chmodSync(tmp, st.mode & 0o7777);
    try {
      if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.gid !== process.getgid?.())) chownSync(tmp, st.uid, st.gid);
    } catch {
      /* keep our ownership when we may not give it away */
    }
    renameSync(tmp, real);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean up */
    }
    return `not fixed: cannot write the file (${code(e)})`;
  }
  return undefined;
}

/**
 * Write a hard-linked file in place, so every name sees the fix. Still safe
 * against partial writes: the new text is first written in full to a temp
 * file beside it (proving the file system has room for it, and keeping a
 * complete copy should podlint be killed mid-write); then the file is
 * overwritten from its start, truncated, synced and read back. On any error,
 * or when the read-back differs, the original text (held in memory) is
 * written back the same way and the fix is reported as not applied. The temp
 * file is removed at the end.
 */
export function writeInPlace(real: string, expected: string, text: string): string | undefined {
  const tmp = join(dirname(real), `.${basename(real)}.podlint-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean up */
    }
    return `not fixed: cannot write the file (${code(e)})`;
  }
  let err: string | undefined;
  try {
    overwrite(real, text);
    if (readFileSync(real, 'utf8') !== text) throw Object.assign(new Error('the file reads back different'), { code: 'EIO' });
  } catch (e) {
    err = `not fixed: cannot write the file in place (${code(e)})`;
    try {
      overwrite(real, expected);
      err += '; its original text was restored';
    } catch (e2) {
      err += `; restoring its original text failed too (${code(e2)}): the fixed text is in ${tmp}`;
      return err;
    }
  }
  try {
    unlinkSync(tmp);
  } catch {
    /* already gone */
  }
  return err;
}

/** Replace a file's bytes from offset 0, without a new inode (so hard links and ownership are kept). */
function overwrite(path: string, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  const fd = openSync(path, 'r+');
  try {
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off, off);
    ftruncateSync(fd, buf.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;
