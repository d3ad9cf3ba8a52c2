/**
 * Inline suppressions, ESLint style:
 *
 *   # podlint-disable-next-line rule-a, rule-b -- why
 *   key: value  # podlint-disable-line rule-a
 *   # podlint-disable rule-a      ... # podlint-enable rule-a
 *   metadata: { annotations: { podlint.dev/ignore: "rule-a,rule-b" } }
 *
 * A directive without rule ids applies to every rule. Findings a directive
 * covers are dropped; directives (and rule ids inside them) that covered
 * nothing, name unknown rules, or enable what was never disabled are kept as
 * "unused" records that the `unused-suppression` rule reports after the other
 * rules ran. Comments are read from the `yaml` CST, so a `#` inside a block
 * scalar (a shell script, a haproxy.cfg) is never mistaken for a directive.
 */
import { Parser } from 'yaml';
import { isScalar, type Node } from 'yaml';
import type { Graph, GResource } from '../graph/model.js';
import type { ParsedFile } from '../load/parse.js';
import { locate, scalarOffset } from '../load/nodes.js';
import { lineText, positionAt, offsetAt, type SourceFile } from '../load/source.js';
import { nearNames } from './suggest.js';
import type { Finding, Fix } from './types.js';

/** Rules whose findings are produced after suppressions were applied (they report on the suppressions themselves). */
export const LATE_RULES: ReadonlySet<string> = new Set(['unused-suppression']);

export const IGNORE_ANNOTATION = 'podlint.dev/ignore';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'annotation';

export interface DirectiveId {
  id: string;
  start: number;
  end: number;
}

export interface Directive {
  kind: DirectiveKind;
  file: SourceFile;
  /** Range of the whole comment (or of the annotation value). */
  start: number;
  end: number;
  line: number;
  /** Rule ids named; empty means every rule. */
  ids: DirectiveId[];
  /** For disable-next-line / disable-line: the line it applies to (undefined: none). */
  targetLine?: number;
  resource?: GResource;
}

/** A suppression problem for the `unused-suppression` rule to report. */
export interface UnusedSuppression {
  file: SourceFile;
  range: [number, number];
  message: string;
  fix?: Fix;
}

export interface SuppressionOptions {
  /** Every rule id podlint knows. */
  knownRules: ReadonlySet<string>;
  /** True when the rule is switched off for the file: directives naming it are then not judged. */
  isOff: (ruleId: string, file: SourceFile) => boolean;
  /** Read comment directives and annotations at all (false with --no-inline-config). */
  enabled?: boolean;
}

interface Entry {
  directive: Directive;
  /** Rule id, or '*' for every rule. */
  id: string;
  idRange?: [number, number];
  used: boolean;
}

const unusedByGraph = new WeakMap<Graph, UnusedSuppression[]>();

/** Suppression problems found by the last `applySuppressions` run on this graph. */
export function unusedSuppressions(graph: Graph): UnusedSuppression[] {
  return unusedByGraph.get(graph) ?? [];
}

const DIRECTIVE_RE = /^#\s*podlint-(disable-next-line|disable-line|disable|enable)(?=\s|$)(.*)$/;

/** Parse the rule list of a directive: ids separated by commas or spaces, an optional `-- reason` after. */
export function parseIdList(body: string, bodyOffset: number): DirectiveId[] {
  let list = body;
  const reason = /(^|\s)--(\s|$)/.exec(list);
  if (reason) list = list.slice(0, reason.index);
  const out: DirectiveId[] = [];
  const re = /[^\s,]+/g;
  for (let m; (m = re.exec(list)); ) out.push({ id: m[0], start: bodyOffset + m.index, end: bodyOffset + m.index + m[0].length });
  return out;
}

/** All comment tokens of a file, from the yaml CST (never from inside scalars). */
export function commentTokens(text: string): { offset: number; source: string }[] {
  const out: { offset: number; source: string }[] = [];
  let tokens: unknown[];
  try {
    tokens = [...new Parser().parse(text)];
  } catch {
    return out;
  }
  const stack: unknown[] = [...tokens];
  let guard = 0;
  while (stack.length && guard++ < 5_000_000) {
    const t = stack.pop();
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (const x of t) if (x && typeof x === 'object') stack.push(x);
      continue;
    }
    const o = t as Record<string, unknown>;
    if (o.type === 'comment' && typeof o.source === 'string' && typeof o.offset === 'number') {
      out.push({ offset: o.offset, source: o.source });
      continue;
    }
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** The comment directives of one file. */
export function fileDirectives(file: SourceFile): Directive[] {
  const text = file.text;
  if (!text.includes('podlint-')) return [];
  const out: Directive[] = [];
  // the next content line after a run of comment lines is the same for all of them: walk the run once
  let runFrom = 0;
  let runTarget: number | undefined;
  const nextContent = (line: number) => {
    if (line >= runFrom && (runTarget === undefined ? runFrom > 0 : line < runTarget)) return runTarget;
    runFrom = line;
    return (runTarget = nextContentLine(file, line));
  };
  for (const c of commentTokens(text)) {
    const src = c.source.trimEnd(); // not /\s+$/: quadratic on a run of spaces before a last word
    const m = DIRECTIVE_RE.exec(src);
    if (!m) continue;
    const kind = m[1] as DirectiveKind;
    const bodyOffset = c.offset + src.length - m[2]!.length;
    const line = positionAt(file, c.offset).line;
    const d: Directive = { kind, file, start: c.offset, end: c.offset + src.length, line, ids: parseIdList(m[2]!, bodyOffset) };
    if (kind === 'disable-line') d.targetLine = line;
    else if (kind === 'disable-next-line') d.targetLine = nextContent(line);
    out.push(d);
  }
  return out;
}

/** The next line after `line` holding content (blank and comment-only lines are skipped). */
function nextContentLine(file: SourceFile, line: number): number | undefined {
  const last = positionAt(file, file.text.length).line;
  for (let n = line + 1; n <= last; n++) {
    const t = lineText(file, n).trim();
    if (t === '' || t.startsWith('#')) continue;
    return n;
  }
  return undefined;
}

/** `podlint.dev/ignore` annotations of the resources. */
export function annotationDirectives(resources: GResource[]): Directive[] {
  const out: Directive[] = [];
  for (const r of resources) {
    const ann = r.obj?.metadata?.annotations;
    if (!ann || typeof ann !== 'object' || !(IGNORE_ANNOTATION in ann)) continue;
    const value = ann[IGNORE_ANNOTATION];
    const l = locate(r.node, ['metadata', 'annotations', IGNORE_ANNOTATION]);
    const node = l?.node as Node | undefined;
    const range = node?.range ?? (l?.pair?.key as Node | undefined)?.range;
    if (!range) continue;
    const ids: DirectiveId[] = [];
    const str = value == null ? '' : String(value);
    if (str.trim() !== '*' && str.trim().toLowerCase() !== 'all') {
      const re = /[^\s,]+/g;
      for (let m; (m = re.exec(str)); ) {
        const s = node && isScalar(node) ? scalarOffset(r.file.text, node, m.index) : range[0];
        const e = node && isScalar(node) ? scalarOffset(r.file.text, node, m.index + m[0].length) : range[1];
        ids.push({ id: m[0], start: s, end: Math.max(e, s) });
      }
    }
    out.push({ kind: 'annotation', file: r.file, start: range[0], end: range[1], line: positionAt(r.file, range[0]).line, ids, resource: r });
  }
  return out;
}

interface Segment {
  start: number;
  all: Entry | null;
  rules: Map<string, Entry>;
  except: Set<string>;
}

interface FileState {
  lineEntries: Map<number, Entry[]>;
  segments: Segment[];
  annotations: { resource: GResource; start: number; end: number; entries: Entry[] }[];
}

/**
 * Drop the findings that suppressions cover and record the suppressions that
 * covered nothing (read them with `unusedSuppressions(graph)`).
 */
export function applySuppressions(parsed: ParsedFile[], graph: Graph, findings: Finding[], opts: SuppressionOptions): Finding[] {
  const problems: UnusedSuppression[] = [];
  unusedByGraph.set(graph, problems);
  if (opts.enabled === false) return findings;

  const states = new Map<SourceFile, FileState>();
  const allEntries: Entry[] = [];
  const unmatchedEnables: { d: Directive; ids: DirectiveId[] }[] = [];
  const stateOf = (file: SourceFile): FileState => {
    let s = states.get(file);
    if (!s) states.set(file, (s = { lineEntries: new Map(), segments: [], annotations: [] }));
    return s;
  };
  const entriesOf = (d: Directive): Entry[] => {
    const es = d.ids.length ? d.ids.map((x) => ({ directive: d, id: x.id, idRange: [x.start, x.end] as [number, number], used: false })) : [{ directive: d, id: '*', used: false }];
    allEntries.push(...es);
    return es;
  };

  for (const p of parsed) {
    const ds = fileDirectives(p.file);
    if (!ds.length) continue;
    const st = stateOf(p.file);
    let cur: Segment = { start: 0, all: null, rules: new Map(), except: new Set() };
    st.segments.push(cur);
    const next = (at: number): Segment => {
      const s: Segment = { start: at, all: cur.all, rules: new Map(cur.rules), except: new Set(cur.except) };
      st.segments.push(s);
      return s;
    };
    for (const d of ds) {
      if (d.kind === 'disable-line' || d.kind === 'disable-next-line') {
        const es = entriesOf(d);
        if (d.targetLine !== undefined) {
          const l = st.lineEntries.get(d.targetLine) ?? [];
          l.push(...es);
          st.lineEntries.set(d.targetLine, l);
        }
      } else if (d.kind === 'disable') {
        const es = entriesOf(d);
        cur = next(d.start);
        for (const e of es) {
          if (e.id === '*') {
            if (!cur.all) cur.all = e;
            cur.except.clear();
          } else {
            if (!cur.rules.has(e.id)) cur.rules.set(e.id, e);
            cur.except.delete(e.id);
          }
        }
      } else if (d.kind === 'enable') {
        cur = next(d.start);
        if (d.ids.length === 0) {
          if (!cur.all && cur.rules.size === 0) unmatchedEnables.push({ d, ids: [] });
          cur.all = null;
          cur.rules.clear();
          cur.except.clear();
        } else {
          const bad: DirectiveId[] = [];
          for (const x of d.ids) {
            if (cur.rules.has(x.id)) cur.rules.delete(x.id);
            else if (cur.all && !cur.except.has(x.id)) cur.except.add(x.id);
            else if (opts.knownRules.has(x.id)) bad.push(x);
          }
          if (bad.length) unmatchedEnables.push({ d, ids: bad });
        }
      }
    }
    if (st.segments.length === 1) st.segments = [];
    // unknown ids in enable directives are reported with the others below
    for (const d of ds) if (d.kind === 'enable') for (const x of d.ids) if (!opts.knownRules.has(x.id)) allEntries.push({ directive: d, id: x.id, idRange: [x.start, x.end], used: true });
  }

  let renderedAnnotations: Map<GResource, Entry[]> | undefined;
  for (const d of annotationDirectives(graph.resources)) {
    const r = d.resource!;
    const range = r.node.range;
    if (!range) continue;
    const a = { resource: r, start: range[0], end: range[2] ?? range[1], entries: entriesOf(d) };
    stateOf(r.file).annotations.push(a);
    if (r.file.rendered) (renderedAnnotations ??= new Map()).set(r, a.entries);
  }

  if (states.size === 0) return findings;

  const kept: Finding[] = [];
  for (const f of findings) {
    const st = f.ruleId ? states.get(f.file) : undefined;
    // a finding placed from a rendered object onto its source: the object's own annotation still applies
    const fromRendered = f.ruleId && f.resource && f.resource.file !== f.file ? renderedAnnotations?.get(f.resource as GResource) : undefined;
    if ((!st && !fromRendered) || !f.ruleId) {
      kept.push(f);
      continue;
    }
    const id = f.ruleId;
    let suppressed = false;
    const mark = (e: Entry | null | undefined) => {
      if (e && (e.id === '*' || e.id === id)) {
        e.used = true;
        suppressed = true;
      }
    };
    for (const e of fromRendered ?? []) mark(e);
    if (!st) {
      if (!suppressed) kept.push(f);
      continue;
    }
    for (const e of st.lineEntries.get(f.line) ?? []) mark(e);
    if (st.segments.length) {
      const seg = segmentAt(st.segments, f.start);
      if (seg) {
        const byRule = seg.rules.get(id);
        if (byRule) mark(byRule);
        else if (seg.all && !seg.except.has(id)) mark(seg.all);
      }
    }
    for (const a of st.annotations) {
      if (f.resource === a.resource || (f.start >= a.start && f.start < a.end)) {
        for (const e of a.entries) mark(e);
      }
    }
    if (!suppressed) kept.push(f);
  }

  // What covered nothing, per directive.
  const byDirective = new Map<Directive, Entry[]>();
  for (const e of allEntries) {
    const l = byDirective.get(e.directive) ?? [];
    l.push(e);
    byDirective.set(e.directive, l);
  }
  for (const [d, es] of byDirective) {
    const unknown = es.filter((e) => e.id !== '*' && !opts.knownRules.has(e.id));
    for (const e of unknown) problems.push(unknownProblem(d, e, opts.knownRules));
    if (d.kind === 'enable') continue;
    const judged = es.filter((e) => e.id === '*' || (opts.knownRules.has(e.id) && !opts.isOff(e.id, d.file)));
    const unused = judged.filter((e) => !e.used);
    if (unused.length === 0) continue;
    if (unused.length === es.length) problems.push(wholeUnused(d, es));
    else for (const e of unused) problems.push(idUnused(d, e));
  }
  for (const u of unmatchedEnables) problems.push(unmatchedEnable(u.d, u.ids));
  problems.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : a.range[0] - b.range[0]));
  return kept;
}

function segmentAt(segs: Segment[], offset: number): Segment | undefined {
  let lo = 0;
  let hi = segs.length - 1;
  if (hi < 0 || segs[0]!.start > offset) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return segs[lo];
}

const code = (s: string) => `\`${s}\``;
const list = (ids: string[]) => ids.map(code).join(', ');

function where(d: Directive): string {
  switch (d.kind) {
    case 'disable-line':
      return 'on this line';
    case 'disable-next-line':
      return d.targetLine !== undefined ? `on line ${d.targetLine}` : 'after it (no line follows)';
    case 'disable':
      return 'after it';
    default:
      return d.resource ? `in ${d.resource.kind}/${d.resource.name ?? '(unnamed)'}` : '';
  }
}

function label(d: Directive): string {
  return d.kind === 'annotation' ? `${code(IGNORE_ANNOTATION)} annotation` : `${code('podlint-' + d.kind)} directive`;
}

function wholeUnused(d: Directive, es: Entry[]): UnusedSuppression {
  const ids = es.filter((e) => e.id !== '*').map((e) => e.id);
  const what = ids.length ? `no ${list(ids)} problem is reported ${where(d)}` : `no problem is reported ${where(d)}`;
  const how = d.kind === 'annotation' ? 'Remove the annotation.' : 'Remove the comment.';
  return {
    file: d.file,
    range: [d.start, d.end],
    message: `Unused ${label(d)}: ${what}. ${how}`,
    fix: d.kind === 'annotation' ? undefined : removeCommentFix(d),
  };
}

function idUnused(d: Directive, e: Entry): UnusedSuppression {
  return {
    file: d.file,
    range: e.idRange ?? [d.start, d.end],
    message: `${code(e.id)} in this ${label(d)} suppresses nothing: no ${code(e.id)} problem is reported ${where(d)}. Remove ${code(e.id)} from it.`,
    fix: d.kind === 'annotation' ? undefined : removeIdFix(d, e),
  };
}

function unknownProblem(d: Directive, e: Entry, known: ReadonlySet<string>): UnusedSuppression {
  const near = nearNames(e.id, known);
  const hint = near.length ? ` Did you mean ${near.map(code).join(' or ')}?` : ' See `podlint --list-rules`.';
  return {
    file: d.file,
    range: e.idRange ?? [d.start, d.end],
    message: `${code(e.id)} in this ${label(d)} is not a podlint rule, so it suppresses nothing.${hint}`,
    fix: near.length === 1 && e.idRange && d.kind !== 'annotation' ? { range: e.idRange, text: near[0]! } : undefined,
  };
}

function unmatchedEnable(d: Directive, ids: DirectiveId[]): UnusedSuppression {
  if (ids.length === 0 || ids.length === d.ids.length) {
    return {
      file: d.file,
      range: [d.start, d.end],
      message: `Unused ${label(d)}: ${ids.length ? list(ids.map((x) => x.id)) + ' is' : 'nothing is'} not disabled here by an earlier \`podlint-disable\`. Remove the comment.`,
      fix: removeCommentFix(d),
    };
  }
  const x = ids[0]!;
  return {
    file: d.file,
    range: [x.start, x.end],
    message: `${code(x.id)} in this ${label(d)} is not disabled here by an earlier \`podlint-disable\`. Remove ${code(x.id)} from it.`,
    fix: removeIdFix(d, { directive: d, id: x.id, idRange: [x.start, x.end], used: false }),
  };
}

/** Remove a whole comment: its line when the comment stands alone, else the comment and the spaces before it. */
function removeCommentFix(d: Directive): Fix {
  const text = d.file.text;
  const lineStart = offsetAt(d.file, d.line, 1);
  let lineEnd = text.indexOf('\n', d.end);
  lineEnd = lineEnd === -1 ? text.length : lineEnd + 1;
  const before = text.slice(lineStart, d.start);
  const after = text.slice(d.end, lineEnd);
  if (before.trim() === '' && after.trim() === '') return { range: [lineStart, lineEnd], text: '' };
  let s = d.start;
  while (s > lineStart && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  return { range: [s, d.end], text: '' };
}

/** Remove one rule id from a directive's list, with the separator that follows (or precedes) it. */
function removeIdFix(d: Directive, e: Entry): Fix | undefined {
  if (!e.idRange) return undefined;
  const i = d.ids.findIndex((x) => x.start === e.idRange![0]);
  if (i < 0) return undefined;
  if (i + 1 < d.ids.length) return { range: [d.ids[i]!.start, d.ids[i + 1]!.start], text: '' };
  if (i > 0) return { range: [d.ids[i - 1]!.end, d.ids[i]!.end], text: '' };
  return removeCommentFix(d);
}

/** What the engine passes to `suppressFindings` (a subset of LintOptions). */
export interface EngineSuppressionOptions {
  rules?: Record<string, unknown>;
  severityFor?: (ruleId: string, path: string) => 'off' | 'warn' | 'error' | undefined;
  inlineConfig?: boolean;
}

/**
 * The engine's step between the rules and the late rules: apply per-file
 * severities (configuration overrides), then the inline suppressions.
 */
export function suppressFindings(parsed: ParsedFile[], graph: Graph, findings: Finding[], knownRules: ReadonlySet<string>, opts: EngineSuppressionOptions): Finding[] {
  const adjusted = adjustSeverities(findings, opts);
  const baseOff = (id: string) => {
    const s = opts.rules?.[id];
    return (Array.isArray(s) ? s[0] : s) === 'off';
  };
  return applySuppressions(parsed, graph, adjusted, {
    knownRules,
    enabled: opts.inlineConfig !== false,
    isOff: (id, file) => {
      const s = opts.severityFor?.(id, file.path);
      return s ? s === 'off' : baseOff(id);
    },
  });
}

/** Per-file severities from configuration overrides: 'off' drops a finding, 'warn'/'error' set its severity. */
export function adjustSeverities(findings: Finding[], opts: EngineSuppressionOptions): Finding[] {
  const sf = opts.severityFor;
  if (!sf) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const s = f.ruleId ? sf(f.ruleId, f.file.path) : undefined;
    if (s === 'off') continue;
    if (s) f.severity = s === 'error' ? 2 : 1;
    out.push(f);
  }
  return out;
}
