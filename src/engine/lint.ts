/**
 * The lint pipeline: discover -> read -> parse -> graph -> rules -> findings.
 * Bad input never stops the run: unreadable files and parse failures become
 * findings of their own file, and a rule that throws is reported as an
 * internal error instead of crashing podlint.
 */
import { discover, type DiscoverOptions } from '../load/discover.js';
import { makeSource, positionAt, type SourceFile } from '../load/source.js';
import { decode, readStdin } from '../load/read.js';
import { loadFiles, loadOutcome, type Loaded } from '../load/pool.js';
import { parseSource, type ParsedFile } from '../load/parse.js';
import { locate, rangeOf } from '../load/nodes.js';
import { buildGraph } from '../graph/build.js';
import { generatedNames, markPartials } from '../load/partial.js';
import type { Graph } from '../graph/model.js';
import type { Finding, Report, Rule, Severity, SeveritySetting } from './types.js';
import { allRules } from '../../rules/index.js';
import { suppressFindings, adjustSeverities, LATE_RULES } from './suppressions.js';
import { dirname, resolve as resolvePath, sep } from 'node:path';
import { statSync } from 'node:fs';
import picomatch from 'picomatch';
import { pushTo } from '../util.js';
import { capMessage } from './message.js';
import { visible } from '../format/escape.js';
import { committedOutput, emptyOutcome, renderTrees, type RenderMode, type RenderOutcome } from '../render/index.js';
import type { HelmOptions } from '../render/helm.js';
import { placeFindings } from '../render/map.js';

export type RuleSetting = SeveritySetting | [SeveritySetting, Record<string, unknown>?];

export interface LintOptions {
  /** Namespace for resources without one. */
  namespace?: string;
  /** Read and parse on a worker thread too: default by input size (see src/load/pool.ts). */
  workers?: boolean;
  /** Files larger than this many bytes are reported and not parsed (default 20 MiB). */
  maxFileBytes?: number;
  /** Target Kubernetes version (e.g. "1.36"); default: the shipped schema set. */
  kubernetesVersion?: string;
  /** Per-rule severity and options. Rules not listed use their default severity. */
  rules?: Record<string, RuleSetting>;
  /** Text to lint as standard input when `-` is among the paths. */
  stdinText?: () => string;
  /** The path standard input stands for (--stdin-filename); default `<stdin>`. */
  stdinPath?: string;
  /** Files held in memory read only as context (e.g. siblings from the git index). */
  contextTexts?: { path: string; text: string }[];
  discover?: DiscoverOptions;
  /** Restrict to these rules (used by tests). */
  only?: string[];
  /** Extra rules (tests). */
  extraRules?: Rule[];
  /** Per-file severity from configuration overrides; undefined keeps the run-wide one. */
  severityFor?: (ruleId: string, path: string) => SeveritySetting | undefined;
  /** Files or folders read only as context for cross-resource checks; their findings are not reported. */
  contextPaths?: string[];
  /** Paths (as in SourceFile.path) whose findings are not reported (set by lintPaths from contextPaths). */
  contextFiles?: ReadonlySet<string>;
  /**
   * Paths whose findings are wanted, all others being context (the language
   * server's re-lint of one file): rules that can iterate only the focused
   * files' objects do, lookups still see every file (src/graph/focus.ts).
   * Only these files get results. The findings on them are the same as without a focus.
   */
  focus?: ReadonlySet<string>;
  /**
   * The graph of exactly these parsed files, built by the caller (the language
   * server keeps one between edits: src/lsp/graph.ts), partial marks and
   * generated names included; otherwise it is built here.
   */
  graph?: Graph;
  /**
   * The folders the run was given (a folder argument itself, a file argument's
   * folder; set by lintPaths): a ValidatingAdmissionPolicy at one of them
   * applies to the whole set, one deeper to its own folder subtree.
   */
  roots?: string[];
  /** Honour podlint-disable comments and podlint.dev/ignore annotations (default true). */
  inlineConfig?: boolean;
  /** Called after each file is read and parsed (progress display). */
  onProgress?: (done: number, total: number) => void;
  /** Render the kustomize trees met and lint their output (default auto: when a renderer is on PATH). */
  kustomize?: RenderMode;
  /** Render the Helm charts met with `helm template` (default auto: when helm is on PATH). */
  helm?: RenderMode;
  /** Values files, --set values, release name and namespace for helm template. */
  helmOptions?: HelmOptions;
  /** Environment renderers are found and run with (PATH); default process.env. */
  renderEnv?: NodeJS.ProcessEnv;
  /** Renderer timeout in milliseconds (default 60 s). */
  renderTimeoutMs?: number;
  /** Set by lintPaths: the rendered trees, whose findings are placed on their sources. */
  render?: RenderOutcome;
  /** Set by lintPaths: source files (absolute) a render consumed that the walk met; reported even when clean. */
  renderReported?: ReadonlySet<string>;
  /** Set by lintPaths: whether a finding placed on a source (absolute) from a tree whose top is `anchor` is reported. */
  renderScope?: (anchor: string, source: string) => boolean;
}

export interface FileResult {
  file: SourceFile;
  findings: Finding[];
  /** The fixed text (--fix, --fix-dry-run), when fixes changed the file. */
  output?: string;
}

export interface LintResult {
  results: FileResult[];
  /** Notices for stderr: skipped templates, unknown kinds ... */
  notices: string[];
  graph: Graph;
  /** Path-level errors (missing paths) are fatal usage errors when nothing could be linted. */
  pathErrors: { path: string; message: string }[];
  /** Set when kustomize trees were rendered: findings sit on their source files (src/render). */
  rendered?: boolean;
}

export function lintPaths(paths: string[], opts: LintOptions = {}): LintResult {
  const d = discover(paths, opts.discover);
  let contextFiles: Set<string> | undefined;
  if (opts.contextPaths?.length) {
    const seen = new Set(d.files.map((f) => resolvePath(f)));
    contextFiles = new Set();
    const c = discover(opts.contextPaths, opts.discover);
    for (const f of c.files) if (!seen.has(resolvePath(f))) (seen.add(resolvePath(f)), d.files.push(f), contextFiles.add(f));
    d.errors.push(...c.errors);
  }
  let notices = d.notices.map(visible);
  let render: RenderOutcome | undefined;
  let renderReported: Set<string> | undefined;
  const display = () => new Map(d.files.map((f) => [resolvePath(f), f]));
  if ((d.kustomizations.length && opts.kustomize !== 'off') || (d.charts.length && opts.helm !== 'off')) {
    try {
      render = renderTrees(
        d.kustomizations,
        { kustomize: opts.kustomize, helm: opts.helm, helmOptions: opts.helmOptions, env: opts.renderEnv, timeoutMs: opts.renderTimeoutMs, display: display() },
        d.charts,
      );
    } catch (e) {
      // never a crash: the trees are linted file by file, as without a renderer
      notices.push(visible(`rendering kustomize trees and charts failed (${capMessage(String((e as Error)?.message ?? e))}); their files were linted one by one`));
      render = undefined;
    }
  }
  if (render) {
    // the templates of a chart helm rendered (and of its subcharts) were not skipped after all
    const rendered = [...render.renderedCharts];
    const taken = new Set([...d.chartNotices].filter(([c]) => rendered.some((r) => c === r || c.startsWith(r + sep))).flatMap(([, ns]) => ns.map(visible)));
    if (taken.size) notices = notices.filter((n) => !taken.has(n));
    notices.push(...render.notices.map(visible));
    d.errors.push(...render.errors);
    if (render.consumed.size) {
      renderReported = new Set();
      d.files = d.files.filter((f) => {
        const abs = resolvePath(f);
        if (!render!.consumed.has(abs)) return true;
        if (!contextFiles?.has(f)) renderReported!.add(abs);
        return false;
      });
    }
  }
  const parsed: ParsedFile[] = [];
  const readErrors: FileResult[] = [];
  const take = (l: Loaded) => {
    if ('fatal' in l) readErrors.push({ file: l.fatal.file, findings: [fatal(l.fatal.file, l.fatal.message)] });
    else parsed.push(l.parsed);
  };
  for (const l of loadFiles(d.files, { maxFileBytes: opts.maxFileBytes, onProgress: opts.onProgress, workers: opts.workers })) take(l);
  for (const t of opts.contextTexts ?? []) {
    const abs = resolvePath(t.path);
    // a sibling a render holds is in the run already, as kustomize built it
    if (d.files.some((f) => resolvePath(f) === abs) || render?.consumed.has(abs)) continue;
    (contextFiles ??= new Set()).add(t.path);
    take(loadOutcome(decode(t.path, Buffer.from(t.text, 'utf8'))));
  }
  if (d.stdin) {
    const path = opts.stdinPath ?? '<stdin>';
    if (opts.stdinText) parsed.push(parseSource(markStdin(makeSource(path, opts.stdinText()))));
    else {
      // Read in chunks and stop at the size limit: a runaway producer (`podlint - < /dev/zero`) is refused, not buffered.
      const r = readStdin(opts.maxFileBytes);
      if ('error' in r) d.errors.push({ path: path === '<stdin>' ? '<stdin>' : `${path} (standard input)`, message: r.error });
      else {
        const out = decode(path, r.bytes);
        markStdin(out.file);
        take(loadOutcome(out));
      }
    }
  }
  if (render) for (const set of render.sets) parsed.push(set.parsed);
  // rendered Helm output committed beside its chart: placed on the templates too
  if (opts.helm !== 'off' && parsed.some((p) => !p.file.rendered && p.file.text.includes('# Source: '))) {
    render ??= emptyOutcome(display());
    committedOutput(parsed, render);
  }
  const roots = lintRoots([...paths, ...(opts.contextPaths ?? [])]);
  const res = lintParsed(parsed, { ...opts, roots, ...(contextFiles ? { contextFiles } : {}), ...(render ? { render, renderReported, renderScope: renderScope(paths) } : {}) });
  res.notices.unshift(...notices);
  if (render?.sets.some((x) => !x.committed)) res.rendered = true;
  res.results.unshift(...readErrors.filter((r) => !contextFiles?.has(r.file.path)));
  // printed as lines on stderr: a folder's file names are untrusted
  res.pathErrors = d.errors.map((e) => ({ path: visible(e.path), message: visible(e.message) }));
  return res;
}

/**
 * Which placed findings a run reports: those on a file it was given or below
 * a folder it was given, and every finding of a tree whose top kustomization
 * (or chart) sits below a given folder (`podlint overlays/dev` reports the
 * base bugs its render shows). A run given single files (pre-commit) reports
 * only on them.
 */
function renderScope(paths: string[]): (anchor: string, source: string) => boolean {
  const given = givenPaths(paths);
  return (anchor, source) => given(source) || given(anchor);
}

/** Whether an absolute path is one of the files given, or below a folder (or a glob's base) given. */
export function givenPaths(paths: string[]): (abs: string) => boolean {
  const files = new Set<string>();
  const folders: string[] = [];
  for (const p of paths) {
    if (p === '-') continue;
    const abs = resolvePath(p);
    try {
      if (statSync(abs).isDirectory()) folders.push(abs.endsWith(sep) ? abs : abs + sep);
      else files.add(abs);
    } catch {
      // a glob: its static base is a folder (as discover expands it)
      folders.push(resolvePath(picomatch.scan(p).base || '.') + sep);
    }
  }
  return (abs) => files.has(abs) || folders.some((f) => abs.startsWith(f) || abs + sep === f);
}

function markStdin(f: SourceFile): SourceFile {
  f.stdin = true;
  return f;
}

/** Lint text held in memory (tests, editors). */
export function lintTexts(texts: { path: string; text: string }[], opts: LintOptions = {}): LintResult {
  return lintParsed(texts.map((t) => parseSource(makeSource(t.path, t.text))), opts);
}

function fatal(file: SourceFile, message: string): Finding {
  return { ruleId: null, severity: 2, message, file, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/**
 * The rules that run, with their severity and options. Some rules pick a
 * severity per finding (e.g. an absent object is a warning, a missing key an
 * error); a severity the user sets that differs from the rule's default
 * applies to all its findings (`forced`).
 */
export function activeRules(opts: LintOptions): { rule: Rule; severity: Severity; options: Record<string, unknown>; forced?: Severity }[] {
  const rules = [...allRules, ...(opts.extraRules ?? [])];
  const out = [];
  for (const rule of rules) {
    if (opts.only && !opts.only.includes(rule.meta.id)) continue;
    const setting = opts.rules?.[rule.meta.id];
    let sev: SeveritySetting = rule.meta.severity;
    let options: Record<string, unknown> = {};
    if (Array.isArray(setting)) {
      sev = setting[0];
      options = setting[1] ?? {};
    } else if (setting) sev = setting;
    if (sev === 'off') continue;
    out.push({ rule, severity: sev, options, forced: sev !== rule.meta.severity ? sev : undefined });
  }
  return out;
}

/** `TIMING=1` (as in ESLint) prints the time each rule took to stderr. */
let timing: Map<string, number> | undefined;
function reportTiming() {
  if (!timing) return;
  const rows = [...timing].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((n, r) => n + r[1], 0);
  process.stderr.write('Rule                              | Time (ms) | Relative\n');
  for (const [id, ms] of rows.slice(0, Number(process.env.TIMING) > 1 ? Number(process.env.TIMING) : 10)) {
    process.stderr.write(`${id.padEnd(34)}| ${ms.toFixed(1).padStart(9)} | ${((100 * ms) / (total || 1)).toFixed(1)}%\n`);
  }
}

function graphOf(parsed: ParsedFile[], opts: LintOptions): Graph {
  markPartials(parsed);
  const graph = buildGraph(parsed, { namespace: opts.namespace });
  graph.generated = generatedNames(parsed);
  return graph;
}

/** The folders named by the path arguments: a folder itself, a file's folder (absolute). */
function lintRoots(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') continue;
    const abs = resolvePath(p);
    let dir = abs;
    try {
      if (!statSync(abs).isDirectory()) dir = dirname(abs);
    } catch {
      dir = dirname(abs);
    }
    out.push(dir);
  }
  return out;
}

export function lintParsed(parsed: ParsedFile[], opts: LintOptions = {}): LintResult {
  timing = process.env.TIMING ? new Map() : undefined;
  const notices: string[] = [];
  // notices go to stderr as lines: untrusted text in them (file names, kinds) is escaped visibly
  for (const p of parsed) if (p.skipped) notices.push(visible(`${p.file.path}: ${p.skipped}`));
  const tg = timing ? performance.now() : 0;
  const graph = opts.graph ?? graphOf(parsed, opts);
  if (opts.roots) graph.roots = opts.roots;
  const focus = opts.focus;
  if (focus) graph.focus = new Set(parsed.filter((p) => focus.has(p.file.path)).map((p) => p.file));
  if (timing) timing.set('(graph)', performance.now() - tg);
  const findings: Finding[] = [];
  const suppressions: { file: SourceFile; start: number; end: number; except: string }[] = [];
  const noticeSet = new Set<string>();
  let sink = findings;
  const active = activeRules(opts);
  const late = active.filter((a) => LATE_RULES.has(a.rule.meta.id));
  const runRule = ({ rule, severity, options, forced }: (typeof active)[number]) => {
    const ctx = {
      graph,
      settings: { kubernetesVersion: opts.kubernetesVersion },
      options,
      report: (r: Report) => {
        const f = resolveReport(rule.meta.id, forced ?? r.severity ?? severity, r);
        if (f) sink.push(f);
      },
      suppressWithin: (file: SourceFile, start: number, end: number) => suppressions.push({ file, start, end, except: rule.meta.id }),
      notice: (raw: string) => {
        const msg = visible(capMessage(raw));
        if (!noticeSet.has(msg)) {
          noticeSet.add(msg);
          notices.push(msg);
        }
      },
    };
    try {
      const t0 = timing ? performance.now() : 0;
      rule.check(ctx);
      if (timing) timing.set(rule.meta.id, (timing.get(rule.meta.id) ?? 0) + performance.now() - t0);
    } catch (e) {
      const err = e as Error;
      // the message may quote input: escaped; the stack frames below it are podlint's own
      notices.push(`internal error in rule ${rule.meta.id}: ${visible(capMessage(String(err?.message ?? e)))}${frames(err)}`);
    }
  };
  for (const a of active) if (!LATE_RULES.has(a.rule.meta.id) && a.rule.meta.phase !== 'after-rules') runRule(a);
  for (const a of active) if (!LATE_RULES.has(a.rule.meta.id) && a.rule.meta.phase === 'after-rules') runRule(a);
  let kept = suppressions.length
    ? findings.filter((f) => !suppressions.some((s) => s.file === f.file && f.ruleId !== s.except && f.start >= s.start && f.start < s.end))
    : findings;
  // Findings on rendered objects move to the files they came from (src/render); those files then take part as any other.
  let withSources = parsed;
  if (opts.render) {
    const placed = placeRendered(parsed, kept, opts.render, opts.renderReported, opts.renderScope);
    kept = placed.findings;
    withSources = placed.parsed;
  }
  // Configuration overrides and inline suppressions; then the rules that report on suppressions.
  const known = new Set([...allRules, ...(opts.extraRules ?? [])].map((r) => r.meta.id));
  kept = suppressFindings(focus ? withSources.filter((p) => focus.has(p.file.path)) : withSources, graph, kept, known, opts);
  if (late.length) {
    sink = [];
    for (const a of late) runRule(a);
    kept = kept.concat(adjustSeverities(sink, opts));
  }
  const byFile = new Map<SourceFile, Finding[]>();
  for (const p of withSources) if (!p.file.rendered) byFile.set(p.file, []);
  for (const f of kept) {
    pushTo(byFile, f.file, f);
  }
  const results: FileResult[] = [];
  for (const [file, fs] of byFile) {
    if (opts.contextFiles?.has(file.path) || file.rendered || (focus && !focus.has(file.path))) continue;
    fs.sort((a, b) => a.start - b.start || a.end - b.end || String(a.ruleId).localeCompare(String(b.ruleId)));
    results.push({ file, findings: dedupe(fs) });
  }
  reportTiming();
  return { results, notices, graph, pathErrors: [] };
}

/**
 * Place the findings of rendered files on their sources, add the render
 * failures (at the kustomization, or the entry at fault), and return the
 * parsed files with the sources added (for suppressions and results: the
 * sources the walk met, and any other that holds a finding).
 */
function placeRendered(parsed: ParsedFile[], findings: Finding[], render: RenderOutcome, reported: ReadonlySet<string> | undefined, scope?: (anchor: string, source: string) => boolean) {
  const out = placeFindings(findings, render, scope && ((set, src) => scope(set.anchor, src)));
  const byAbs = new Map<string, ParsedFile>();
  for (const p of parsed) if (!p.file.rendered && !p.file.stdin) byAbs.set(resolvePath(p.file.path), p);
  const extra: ParsedFile[] = [];
  const known = new Set(parsed.map((p) => p.file));
  const add = (file: SourceFile) => {
    if (known.has(file)) return;
    known.add(file);
    extra.push({ file, docs: [], resources: [], problems: [] });
  };
  for (const f of render.failures) {
    const file = byAbs.get(f.file)?.file ?? render.sources.get(f.file)?.file;
    if (!file) continue;
    add(file);
    const [s, e] = f.range ?? [0, Math.max(0, file.text.indexOf('\n'))];
    const a = positionAt(file, s);
    const b = positionAt(file, e);
    out.push({ ruleId: null, severity: 2, message: capMessage(f.message), file, start: s, end: e, line: a.line, column: a.column, endLine: b.line, endColumn: b.column });
  }
  for (const f of out) add(f.file);
  for (const abs of reported ?? []) {
    const s = render.sources.get(abs);
    if (s) add(s.file);
  }
  return { findings: out, parsed: extra.length ? [...parsed, ...extra] : parsed };
}

/** The `at ...` lines of an error's stack (podlint's own frames), or ''. */
function frames(e: Error | undefined): string {
  const i = typeof e?.stack === 'string' ? e.stack.indexOf('\n    at ') : -1;
  return i < 0 ? '' : e!.stack!.slice(i);
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.ruleId}|${f.start}|${f.end}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function resolveReport(ruleId: string | null, severity: Severity, r: Report): Finding | undefined {
  let file = r.file ?? r.resource?.file;
  if (!file) return undefined;
  let range: [number, number] | undefined = r.range;
  if (!range && r.node) range = rangeOf(r.node);
  if (!range && r.resource) {
    const path = r.path ?? [];
    const l = locate(r.resource.node, path);
    if (l) {
      const part = r.part ?? 'value';
      if (part === 'key') range = rangeOf(l.pair?.key as any) ?? rangeOf(l.node);
      else if (part === 'pair') range = rangeOf(l.pair) ?? rangeOf(l.node);
      else range = rangeOf(l.node) ?? rangeOf(l.pair?.key as any);
    }
    if (!range) {
      // Fall back to the deepest existing ancestor.
      for (let n = path.length - 1; n >= 0 && !range; n--) {
        const a = locate(r.resource.node, path.slice(0, n));
        if (a) range = rangeOf(a.pair?.key as any) ?? rangeOf(a.node);
      }
    }
  }
  if (!range) range = [0, 0];
  const start = range[0];
  const end = Math.max(range[1], start);
  const s = positionAt(file, start);
  const e = positionAt(file, end);
  return {
    ruleId,
    severity: severity === 'error' ? 2 : 1,
    message: capMessage(r.message),
    file,
    start,
    end,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    fix: r.fix,
    suggestions: r.suggestions,
    resource: r.resource,
  };
}
