/**
 * Findings on rendered objects, placed back on their sources: the file and
 * range of the node each came from (src/render/kustomize/origin.ts), with the
 * rendered object and path said in the message where only an ancestor or
 * nothing could be found. The same finding reached through several rendered
 * trees (a base under two overlays) is one finding naming them. A fix moves
 * with its finding only when both ends of its range land exactly on the
 * source and the text it replaces is the same there: `--fix` never writes
 * what it cannot place.
 */
import type { Node } from 'yaml';
import { positionAt } from '../load/source.js';
import type { Finding, Fix, Suggestion } from '../engine/types.js';
import type { RenderOutcome, RenderSet } from './index.js';
import type { Landing } from './landing.js';
import { nodeAt, describePath } from './yamlpath.js';
import type { Source } from './sources.js';

interface Placement {
  src: Source;
  start: number;
  end: number;
  note?: string;
}

/**
 * Where an offset of a rendered file lands on a source. The set's document
 * holding it is parsed (alone) for its nodes; the landing is returned in the
 * rendered file's own offsets.
 */
function landingAt(set: RenderSet, offset: number): { landing?: Landing; note?: string } {
  const doc = set.docAt(offset);
  const rel = offset - doc.base;
  const at = nodeAt(doc.root, rel);
  if (!at && set.kind === 'kustomize') return { note: 'in the rendered output' };
  const p = set.place(doc, at, rel);
  let note = p.note;
  if (p.landing && !p.landing.exact && !note && at) note = `set by ${set.kind === 'helm' ? 'the chart' : 'kustomize'} at ${describePath(at.path)}`;
  return { landing: p.landing && shift(p.landing, doc.base), note };
}

/** A landing computed on a document's own offsets, in the rendered file's. */
function shift(l: Landing, base: number): Landing {
  if (base === 0) return l;
  const inner = l.inner;
  return {
    ...l,
    renderedRange: l.renderedRange ? [l.renderedRange[0] + base, l.renderedRange[1] + base] : undefined,
    inner: inner ? (o) => inner(o - base) : undefined,
  };
}

function placeRange(set: RenderSet, start: number, end: number, anchor: Source | undefined): Placement | undefined {
  const a = landingAt(set, start);
  if (!a.landing) return anchor ? { src: anchor, start: 0, end: firstLineEnd(anchor), note: a.note } : undefined;
  const L = a.landing;
  const s = L.inner?.(start) ?? L.range[0];
  let e: number | undefined;
  if (L.renderedRange && end <= L.renderedRange[1]) e = L.inner?.(end) ?? L.range[1];
  else if (end > start) {
    const b = landingAt(set, end - 1);
    if (b.landing && b.landing.src === L.src) e = b.landing.inner?.(end) ?? b.landing.range[1];
  }
  e ??= L.range[1];
  return { src: L.src, start: s, end: Math.max(s, e), note: a.note };
}

/** An offset placed exactly on the source (inside a verbatim value, or at a node's edge), or undefined. */
function exactOffset(set: RenderSet, offset: number, side: 'start' | 'end'): { src: Source; at: number } | undefined {
  const probe = side === 'end' && offset > 0 ? offset - 1 : offset;
  const a = landingAt(set, probe);
  const L = a.landing;
  if (!L || !L.exact || !L.renderedRange) return undefined;
  if (L.inner) {
    const o = L.inner(offset);
    return o === undefined ? undefined : { src: L.src, at: o };
  }
  if (offset === L.renderedRange[0]) return { src: L.src, at: L.range[0] };
  if (offset === L.renderedRange[1]) return { src: L.src, at: L.range[1] };
  return undefined;
}

function placeFix(set: RenderSet, fix: Fix, target: Source): Fix | undefined {
  const [s, e] = fix.range;
  const text = set.parsed.file.text;
  if (s === e && fix.text.includes('\n')) return undefined; // an inserted block would need the source's indentation
  const a = exactOffset(set, s, 'start');
  const b = s === e ? a : exactOffset(set, e, 'end');
  if (!a || !b || a.src !== target || b.src !== target || b.at < a.at) return undefined;
  if (target.file.text.slice(a.at, b.at) !== text.slice(s, e)) return undefined;
  return { range: [a.at, b.at], text: fix.text };
}

function firstLineEnd(src: Source): number {
  const i = src.file.text.indexOf('\n');
  return i < 0 ? src.file.text.length : i;
}

/**
 * @param keep whether a finding placed on `src` from `set` is reported (a run given single files
 *   reports only on them; a folder holding the tree's top reports on every source, a base elsewhere too)
 */
export function placeFindings(findings: Finding[], outcome: RenderOutcome, keep?: (set: RenderSet, src: string) => boolean): Finding[] {
  if (outcome.sets.length === 0) return findings;
  const bySource = new Map<unknown, RenderSet>();
  for (const s of outcome.sets) bySource.set(s.parsed.file, s);
  const out: Finding[] = [];
  const merged = new Map<string, { f: Finding; labels: string[]; base: string; sets: Set<RenderSet> }>();
  for (const f of findings) {
    const set = bySource.get(f.file);
    if (!set) {
      out.push(f);
      continue;
    }
    const anchor = outcome.sources.get(set.anchor);
    let p: Placement | undefined;
    try {
      p = placeRange(set, f.start, f.end, anchor);
    } catch (e) {
      // a placement that fails is a finding on the tree's kustomization, never a crash
      p = anchor ? { src: anchor, start: 0, end: firstLineEnd(anchor), note: `in the rendered output; not placed: ${String((e as Error)?.message ?? e).slice(0, 200)}` } : undefined;
    }
    if (!p || (keep && !keep(set, p.src.abs))) continue;
    const s = positionAt(p.src.file, p.start);
    const e = positionAt(p.src.file, p.end);
    const src = p.src;
    const safeFix = (x: Fix): Fix | undefined => {
      try {
        return placeFix(set, x, src);
      } catch {
        return undefined;
      }
    };
    const fix = f.fix ? safeFix(f.fix) : undefined;
    const suggestions = f.suggestions
      ?.map((x): Suggestion | undefined => {
        const sf = safeFix(x.fix);
        return sf ? { desc: x.desc, fix: sf } : undefined;
      })
      .filter((x): x is Suggestion => !!x);
    const message = p.note ? `${f.message} (${set.label}: ${p.note})` : f.message;
    const placed: Finding = {
      ...f,
      file: p.src.file,
      start: p.start,
      end: p.end,
      line: s.line,
      column: s.column,
      endLine: e.line,
      endColumn: e.column,
      message,
      fix,
      suggestions: suggestions?.length ? suggestions : undefined,
    };
    // one finding per place and rule across trees (a base under two overlays); within one tree only exact repeats merge
    const key = `${f.ruleId}\u0000${p.src.abs}\u0000${p.start}\u0000${p.end}`;
    const prev = merged.get(key);
    if (prev && !prev.sets.has(set)) {
      prev.sets.add(set);
      prev.labels.push(set.label);
      continue;
    }
    if (prev && prev.f.message === message) continue;
    const entry = { f: placed, labels: [set.label], base: message, sets: new Set([set]) };
    merged.set(prev ? `${key}\u0000${message}` : key, entry);
    out.push(placed);
  }
  // merged across trees: said with the names the sources use, not one tree's
  const names = new Map<RenderSet, Map<string, string>>();
  for (const m of merged.values()) {
    if (m.labels.length < 2) continue;
    const first = [...m.sets][0]!;
    let n = names.get(first);
    if (!n) names.set(first, (n = first.names()));
    m.f.message = `${sourceNames(m.base, n)} [in ${m.labels.join(', ')}]`;
  }
  return out;
}

/** Replace rendered object names in a message by their source names (whole names only). */
function sourceNames(message: string, names: Map<string, string>): string {
  let out = message;
  for (const [rendered, source] of [...names].sort((a, b) => b[0].length - a[0].length)) {
    if (!out.includes(rendered)) continue;
    out = out.replace(new RegExp(`(^|[^A-Za-z0-9.-])${rendered.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9-])`, 'g'), `$1${source}`);
  }
  return out;
}
