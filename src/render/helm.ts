/**
 * Helm charts, rendered with `helm template` when helm is on PATH (never
 * `--dependency-update`, no network: a chart whose dependencies are not in
 * its `charts/` folder fails with helm's message). Each rendered document
 * carries helm's `# Source: <chart>/templates/<file>` comment; a finding is
 * placed on that template, on the line whose text is the rendered line's
 * (the same key and value written verbatim), else on the line of the same
 * key, else on the template's first line with the rendered path said.
 *
 * Rendered output committed to a repository (files whose documents carry
 * `# Source:` comments) gets the same placement when the chart's templates
 * are beside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { parse as parseYaml, type Node } from 'yaml';
import { lineText, makeSource, offsetAt, positionAt, type SourceFile } from '../load/source.js';
import { parseFull, type ParsedFile } from '../load/parse.js';
import { which } from './which.js';
import { runRenderer } from './spawn.js';
import type { Sources, Source } from './sources.js';
import type { Landing } from './landing.js';
import type { Placed } from './kustomize/origin.js';
import { describePath, type At } from './yamlpath.js';

export interface HelmOptions {
  values?: string[];
  set?: string[];
  release?: string;
  namespace?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function findHelm(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return which('helm', env);
}

/** The chart's own name (Chart.yaml `name`), else its folder's. */
function chartName(dir: string): string {
  for (const f of ['Chart.yaml', 'Chart.yml']) {
    try {
      const c = parseYaml(readFileSync(join(dir, f), 'utf8'), { logLevel: 'silent' }) as any;
      if (typeof c?.name === 'string' && c.name) return c.name;
    } catch {
      /* next */
    }
  }
  return dir.split(sep).pop() ?? 'chart';
}

/** Charts to render: those not inside another chart's `charts/` folder (a subchart renders with its parent). */
export function topCharts(charts: string[]): string[] {
  const all = [...new Set(charts.map((c) => resolve(c)))].sort();
  return all.filter((c) => !all.some((p) => p !== c && c.startsWith(join(p, 'charts') + sep)));
}

export function renderChart(helm: string, chart: string, opts: HelmOptions): { text: string } | { error: string } {
  const args = ['template', opts.release ?? chartName(chart), chart, '--namespace', opts.namespace ?? 'default'];
  for (const v of opts.values ?? []) args.push('--values', resolve(opts.cwd ?? process.cwd(), v));
  for (const s of opts.set ?? []) args.push('--set', s);
  const r = runRenderer('helm', helm, args, opts);
  if (!r.ok) return { error: r.stderr !== undefined ? r.stderr.trim().replace(/^Error: /, '').split('\n').slice(0, 6).join(' ').slice(0, 2000) : r.error };
  return { text: r.stdout };
}

/** `# Source: <path>` of each document of a rendered stream (undefined where none). */
export function sourceComments(parsed: ParsedFile): (string | undefined)[] {
  return parsed.docs.map((d) => {
    const m = /(?:^|\n)[ \t]*Source:[ \t]*(\S+)/.exec(d.commentBefore ?? '');
    if (m) return m[1];
    // the comment may sit in the text just before the document's contents
    const start = d.range[0];
    const before = parsed.file.text.slice(Math.max(0, start - 400), (d.contents as Node | null)?.range?.[0] ?? start);
    const all = [...before.matchAll(/^#[ \t]*Source:[ \t]*(\S+)[ \t]*$/gm)];
    return all.length ? all[all.length - 1]![1] : undefined;
  });
}

/** The file a `# Source:` path names, given the chart folder it was rendered from (its first segment is the chart's name). */
export function templateFile(chartDir: string, source: string): string {
  const rest = source.split('/').slice(1).join('/');
  return resolve(chartDir, rest);
}

/** For committed output: the chart folder whose templates the `# Source:` paths name, searched beside the file and above it. */
export function chartBeside(file: string, sources: (string | undefined)[]): string | undefined {
  const first = sources.find((s): s is string => !!s && s.includes('/templates/'));
  if (!first) return undefined;
  const name = first.split('/')[0]!;
  let dir = dirname(resolve(file));
  for (let i = 0; i < 4; i++) {
    let subdirs: string[] = [];
    try {
      subdirs = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
        .map((e) => join(dir, e.name));
    } catch {
      /* unreadable */
    }
    for (const cand of [join(dir, name), dir, ...subdirs]) {
      if (existsSync(join(cand, 'Chart.yaml')) && chartName(cand) === name && existsSync(templateFile(cand, first))) return cand;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The lines of a file, each with where its text starts (after its indentation), trimmed (source.ts keeps the line index). */
function linesOf(file: SourceFile, from = 1, to = Infinity): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  const last = Math.min(to, positionAt(file, file.text.length).line);
  for (let l = from; l <= last; l++) {
    const raw = lineText(file, l);
    const indent = raw.length - raw.trimStart().length;
    out.push({ start: offsetAt(file, l, 1) + indent, text: raw.trim() });
  }
  return out;
}

/**
 * Place an offset of a rendered document on its template: the line with the
 * same text (the n-th such line for the n-th in the document), else the line
 * of the same key, else the template's first line.
 */
export function placeOnTemplate(rendered: SourceFile, docRange: [number, number], offset: number, at: At | undefined, tpl: Source): Placed {
  const lineNo = positionAt(rendered, offset).line;
  const raw = lineText(rendered, lineNo);
  const text = raw.trim();
  const start = offsetAt(rendered, lineNo, 1) + (raw.length - raw.trimStart().length);
  const tplLines = linesOf(tpl.file);
  // the same line earlier in this document: its ordinal picks among equal template lines
  const before = linesOf(rendered, positionAt(rendered, docRange[0]).line, lineNo - 1);
  const pick = (pred: (s: string) => boolean) => {
    const hits = tplLines.filter((l) => pred(l.text));
    if (!hits.length) return undefined;
    return hits[Math.min(before.filter((l) => pred(l.text)).length, hits.length - 1)];
  };
  if (text) {
    const same = pick((s) => s === text);
    if (same) {
      const delta = same.start - start;
      const land: Landing = {
        src: tpl,
        range: [same.start, same.start + text.length],
        exact: true,
        renderedRange: [start, start + text.length],
        inner: (o) => o + delta,
      };
      return { landing: land };
    }
    const key = /^(-\s+)?([^:#{}\s][^:#{}]*?):(\s|$)/.exec(text);
    if (key) {
      const k = key[2]!;
      const sameKey = pick((s) => s.replace(/^-\s+/, '').startsWith(k + ':'));
      if (sameKey) return { landing: { src: tpl, range: [sameKey.start, sameKey.start + sameKey.text.length], exact: false }, note: `rendered as \`${text.slice(0, 120)}\`` };
    }
  }
  const where = at?.path.length ? ` at ${describePath(at.path)}` : '';
  return { landing: { src: tpl, range: [0, lineText(tpl.file, 1).length], exact: false }, note: `in the rendered output${where}` };
}

/** A rendered chart as the engine takes it. */
export function helmSet(chartDir: string, text: string, path: string, sources: Sources): { parsed: ParsedFile; place: (docIndex: number, at: At | undefined, offset: number) => Placed } {
  const file = makeSource(path, text);
  file.rendered = true;
  const parsed = parseFull(file);
  const srcs = sourceComments(parsed);
  return { parsed, place: (i, at, offset) => placeDoc(parsed, srcs, chartDir, sources, i, at, offset) };
}

export function placeDoc(parsed: ParsedFile, srcs: (string | undefined)[], chartDir: string, sources: Sources, i: number, at: At | undefined, offset: number): Placed {
  const s = srcs[i];
  const tpl = s ? sources.get(templateFile(chartDir, s)) : undefined;
  if (!tpl) return { note: `in the rendered output${s ? ` (${s})` : ''}` };
  const d = parsed.docs[i]!;
  return placeOnTemplate(parsed.file, [d.range[0], d.range[2]], offset, at, tpl);
}
