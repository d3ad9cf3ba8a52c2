/**
 * A workspace folder as the language server sees it: every manifest the CLI
 * would lint there (same discovery, ignore files and configuration), parsed
 * once and kept up to date from open buffers (which win) and from disk.
 *
 * Re-linting one document lints it against the graph of the whole folder
 * (the CLI's), kept between edits (src/lsp/graph.ts), focused on the document
 * (src/graph/focus.ts). What files relate to which — those that define a
 * name, label or kind a file mentions, those that mention what it defines,
 * near-miss names of its references, and the files every lint reads
 * (Namespaces, policies) — is tracked as tokens (src/lsp/tokens.ts): it tells
 * which graph parts to rebuild after a change (the files that read a name the
 * changed file defines) and which other open documents to re-lint.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { discover } from '../load/discover.js';
import { makeSource } from '../load/source.js';
import { decode } from '../load/read.js';
import { loadOutcome } from '../load/pool.js';
import { parseSource, type ParsedFile } from '../load/parse.js';
import { lintParsed, type FileResult, type LintOptions } from '../engine/lint.js';
import { resolveConfig, type ResolvedConfig } from '../config/resolve.js';
import { allRules } from '../../rules/index.js';
import { fileTokens, type FileTokens } from './tokens.js';
import { IncrementalGraph } from './graph.js';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

interface Entry {
  path: string;
  parsed?: ParsedFile;
  /** A read error (binary file, too large …): reported as the file's only finding. */
  fatal?: string;
  /** What it defines and mentions; undefined until needed (then also in the indexes): see flush(). */
  tokens?: FileTokens;
  /** Text of the open buffer, when the editor has the file open. */
  open?: string;
  /** Position in the CLI's walk order (graphs are built in that order, as the CLI builds them). */
  order: number;
}

export interface WorkspaceOptions {
  /** Configuration file to use instead of the nearest one (podlint.configFile setting). */
  configPath?: string;
  maxFileBytes?: number;
}

const EMPTY: FileTokens = { defined: new Set(), mentioned: new Set(), refNames: new Set(), selectorPairs: new Set(), global: false };

export class Workspace {
  readonly root: string;
  private entries = new Map<string, Entry>();
  /** token -> files defining it / mentioning it */
  private definedBy = new Map<string, Set<string>>();
  private mentionedBy = new Map<string, Set<string>>();
  /** Defined names by length, for near-miss lookups. */
  private namesByLength = new Map<number, Set<string>>();
  /** Label key -> values defined in the workspace (near-value lookups for selectors). */
  private labelValues = new Map<string, Set<string>>();
  private globals = new Set<string>();
  /** What the last lint of each file read (for dependents()). */
  private lastRelated = new Map<string, Set<string>>();
  /** Each changed file before its last change, as tokens or as the parse to take them from (dependents(): who related to what it was). */
  private previous = new Map<string, FileTokens | ParsedFile>();
  /** Files whose tokens are not computed or indexed yet: tokenizing a large buffer on every keystroke is done only when something asks. */
  private pending = new Set<string>();
  private walkOrder = new Map<string, number>();
  /** Files the walk skipped on purpose (kustomize patches, Helm templates): never linted. */
  private skipped = new Set<string>();
  /** The workspace graph, kept between edits (src/lsp/graph.ts). */
  private graphs = new IncrementalGraph();
  /** Every parsed file in walk order (the list the CLI lints), until the set changes. */
  private ordered?: ParsedFile[];
  config!: ResolvedConfig;
  configError?: string;
  notices: string[] = [];

  constructor(
    root: string,
    private opts: WorkspaceOptions = {},
  ) {
    this.root = resolve(root);
    this.loadConfig();
  }

  /** (Re)read the configuration; keeps the previous one when the new one is broken. */
  loadConfig(): void {
    try {
      this.config = resolveConfig({ cwd: this.root, configPath: this.opts.configPath }, allRules);
      this.configError = undefined;
    } catch (e) {
      this.configError = (e as Error).message;
      this.config ??= resolveConfig({ cwd: this.root, noConfig: true }, allRules);
    }
  }

  setOptions(opts: WorkspaceOptions): void {
    this.opts = opts;
    this.loadConfig();
  }

  contains(path: string): boolean {
    const rel = relative(this.root, path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  }

  /** Walk the folder and parse every manifest (open buffers are kept). */
  index(): void {
    const d = discover([this.root], { ignored: this.config.ignored });
    this.notices = d.notices;
    const keep = new Map<string, string>();
    for (const e of this.entries.values()) if (e.open !== undefined) keep.set(e.path, e.open);
    for (const p of [...this.entries.keys()]) this.drop(p);
    this.graphs.reset();
    this.skipped = new Set(d.patches);
    const files = new Set(d.files.map((f) => resolve(f)));
    this.walkOrder = new Map([...files].map((f, i) => [f, i]));
    for (const f of files) {
      const open = keep.get(f);
      this.put(f, open);
    }
    for (const [p, text] of keep) if (!files.has(p) && this.lintable(p)) this.put(p, text);
    // Helm templates and the like: walked over but not returned.
    for (const n of d.notices) {
      const m = /^(.*?): /.exec(n);
      if (m && MANIFEST_EXT.test(m[1]!)) this.skipped.add(resolve(m[1]!));
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Would the CLI lint this file when walking the folder? */
  lintable(path: string): boolean {
    if (!MANIFEST_EXT.test(path) || !this.contains(path) || this.skipped.has(path)) return false;
    if (this.config.ignored(path, false)) return false;
    const parts = relative(this.root, path).split(sep);
    for (let i = 1; i < parts.length; i++) if (this.config.ignored(resolve(this.root, ...parts.slice(0, i)), true)) return false;
    return !parts.some((p) => p === 'node_modules' || p === '.git');
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  /** The editor opened or changed a buffer. */
  setOpen(path: string, text: string): void {
    if (!this.entries.has(path) && !this.lintable(path)) return;
    this.put(path, text);
  }

  /** The editor closed a buffer: the file on disk counts again (if it still exists). */
  close(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    if (exists(path)) this.put(path, undefined);
    else this.forget(path);
  }

  /** A file changed on disk (watched files). Open buffers keep winning. */
  diskChanged(path: string, deleted: boolean): void {
    const e = this.entries.get(path);
    if (e?.open !== undefined) return;
    if (deleted) this.forget(path);
    else if (e || this.lintable(path)) this.put(path, undefined);
  }

  tokensOf(path: string): FileTokens {
    this.flush();
    return this.entries.get(path)?.tokens ?? EMPTY;
  }

  /** Compute and index the tokens of the files that have none yet (all, or all but `except`). */
  private flush(except?: string): void {
    if (this.pending.size === 0 || (this.pending.size === 1 && except !== undefined && this.pending.has(except))) return;
    for (const path of [...this.pending]) {
      if (path === except) continue;
      this.pending.delete(path);
      const e = this.entries.get(path);
      if (!e) continue;
      const tokens = (e.tokens = e.parsed ? fileTokens(e.parsed) : EMPTY);
      for (const t of tokens.defined) {
        pushSet(this.definedBy, t, path);
        if (t.startsWith('N:')) pushSet(this.namesByLength, t.length - 2, t.slice(2));
        else if (t.startsWith('L:')) pushSet(this.labelValues, t.slice(2, t.indexOf('=')), t.slice(t.indexOf('=') + 1));
      }
      for (const t of tokens.mentioned) pushSet(this.mentionedBy, t, path);
      if (tokens.global) this.globals.add(path);
    }
  }

  /**
   * Open files whose findings may change when `path` changes: those whose
   * last lint read it (when it was recorded), whose lint would read it now, or
   * that related to what it was before the change.
   */
  dependents(path: string): Set<string> {
    const out = new Set<string>();
    let others = false;
    for (const e of this.entries.values()) if (e.open !== undefined && e.path !== path) (others = true);
    if (!others) return out;
    this.flush();
    const was = this.previous.get(path);
    const before = was && !('defined' in was) ? fileTokens(was) : was;
    for (const e of this.entries.values()) {
      if (e.open === undefined || e.path === path) continue;
      if (this.lastRelated.get(e.path)?.has(path) || this.related(e.path).has(path) || (before && relatesTo(e.tokens!, before))) out.add(e.path);
    }
    if (this.globals.has(path) || before?.global) for (const e of this.entries.values()) if (e.open !== undefined && e.path !== path) out.add(e.path);
    return out;
  }

  /** The files a lint of `path` reads besides it. */
  related(path: string): Set<string> {
    this.flush();
    const t = this.tokensOf(path);
    const out = new Set<string>(this.globals);
    for (const tok of t.mentioned) for (const f of this.definedBy.get(tok) ?? []) out.add(f);
    for (const tok of t.defined) for (const f of this.mentionedBy.get(tok) ?? []) out.add(f);
    // Near misses of names it references but the workspace does not define ("did you mean"), as nearNames finds them.
    for (const n of t.refNames) {
      if (this.definedBy.has('N:' + n)) continue;
      const limit = Math.max(1, Math.floor(n.length / 3));
      const lower = n.toLowerCase();
      for (let len = n.length - limit; len <= n.length + limit; len++) {
        for (const cand of this.namesByLength.get(len) ?? []) {
          if (cand.toLowerCase() === lower || distance(cand, n) <= limit) for (const f of this.definedBy.get('N:' + cand) ?? []) out.add(f);
        }
      }
    }
    // Pod templates whose label value is near a selector's (the "closest" template a selector message names).
    for (const pair of t.selectorPairs) {
      const eq = pair.indexOf('=');
      const k = pair.slice(0, eq);
      const v = pair.slice(eq + 1);
      const limit = Math.max(1, Math.floor(v.length / 3));
      const lower = v.toLowerCase();
      for (const w of this.labelValues.get(k) ?? []) {
        if (w !== v && Math.abs(w.length - v.length) <= limit && (w.toLowerCase() === lower || distance(v, w) <= limit)) for (const f of this.definedBy.get(`L:${k}=${w}`) ?? []) out.add(f);
      }
    }
    out.delete(path);
    return out;
  }

  /** Lint one file against the workspace. Undefined when the file is not a manifest podlint lints. */
  lint(path: string, extra: Partial<LintOptions> = {}): FileResult | undefined {
    const e = this.entries.get(path);
    if (!e) return undefined;
    if (e.fatal !== undefined || !e.parsed) {
      const file = makeSource(path, '');
      return { file, findings: [{ ruleId: null, severity: 2, message: e.fatal ?? 'cannot be read', file, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 }] };
    }
    // What this lint reads, for dependents(): needed only while other documents are open.
    let others = false;
    for (const x of this.entries.values()) if (x.open !== undefined && x.path !== path) (others = true);
    if (others) this.lastRelated.set(path, this.related(path));
    else this.lastRelated.delete(path);
    // The whole workspace, as the CLI lints the folder; focused: the rules iterate this file's
    // objects only, lookups see every file (src/graph/focus.ts).
    const parsed = this.allParsed();
    const graph = this.graphs.graph(parsed, this.config.namespace ?? 'default', (p) => this.invalidateReaders(p, p.file.path));
    const res = lintParsed(parsed, { ...this.lintOptions(), focus: new Set([path]), graph, ...extra });
    return res.results.find((r) => r.file.path === path) ?? { file: e.parsed.file, findings: [] };
  }

  /** The file's current parse (open buffer or disk), if it parsed. */
  parsedOf(path: string): ParsedFile | undefined {
    return this.entries.get(path)?.parsed;
  }

  /** The parsed files a lint of `path` reads (the file first). */
  parsedFor(path: string): ParsedFile[] {
    const e = this.entries.get(path);
    if (!e?.parsed) return [];
    const context = [...this.related(path)].map((p) => this.entries.get(p)).filter((x): x is Entry => !!x?.parsed);
    return [e.parsed, ...context.sort((a, b) => a.order - b.order).map((x) => x.parsed!)];
  }

  lintOptions(): LintOptions {
    const c = this.config;
    return {
      namespace: c.namespace,
      maxFileBytes: this.opts.maxFileBytes,
      kubernetesVersion: c.kubernetesVersion?.replace(/^v/, ''),
      rules: c.engineRules,
      severityFor: c.severityFor,
      // as the CLI run on the folder: admission policies are scoped by folder within it
      roots: [this.root],
      // buffers are linted as typed: kustomize trees and charts file by file (a renderer reads only saved files)
      kustomize: 'off',
      helm: 'off',
    };
  }

  /** Text podlint currently lints for `path` (open buffer or disk). */
  textOf(path: string): string | undefined {
    const e = this.entries.get(path);
    return e?.open ?? (e?.parsed ? (e.parsed.file.bom ? '\ufeff' : '') + e.parsed.file.text : undefined);
  }

  /** Every parsed file, in the CLI's walk order. */
  private allParsed(): ParsedFile[] {
    this.ordered ??= [...this.entries.values()].filter((x) => x.parsed).sort((a, b) => a.order - b.order).map((x) => x.parsed!);
    return this.ordered;
  }

  /** The files whose pods may read (by name) what a parse of `except` names (its objects' names): their graph parts are built again. */
  private invalidateReaders(p: ParsedFile | undefined, except: string): void {
    if (!p) return;
    // every other file's mentions must be indexed; this one's are not needed
    this.flush(except);
    const names = new Set<string>();
    for (const r of p.resources) if (typeof r.name === 'string') names.add('N:' + r.name);
    for (const t of names) {
      for (const f of this.mentionedBy.get(t) ?? []) {
        if (f === except) continue;
        const p = this.entries.get(f)?.parsed;
        if (p) this.graphs.invalidate(p);
      }
    }
  }

  /** The file is gone from the workspace. */
  private forget(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    if (e.tokens ?? e.parsed) this.previous.set(path, (e.tokens ?? e.parsed)!);
    this.drop(path);
    if (e.parsed) this.graphs.removed(e.parsed);
    this.invalidateReaders(e.parsed, path);
  }

  private put(path: string, open: string | undefined): void {
    const prev = this.entries.get(path);
    if (prev && (prev.tokens ?? prev.parsed)) this.previous.set(path, (prev.tokens ?? prev.parsed)!);
    this.drop(path);
    let parsed: ParsedFile | undefined;
    let fatal: string | undefined;
    if (open !== undefined) parsed = parseSource(makeSource(path, open));
    else {
      let buf: Buffer;
      try {
        const max = this.opts.maxFileBytes ?? 20 * 1024 * 1024;
        if (statSync(path).size > max) throw new Error(`file is larger than ${Math.round(max / 1024 / 1024)} MB; not linted`);
        buf = readFileSync(path);
        const l = loadOutcome(decode(path, buf));
        if ('fatal' in l) fatal = l.fatal.message;
        else parsed = l.parsed;
      } catch (err) {
        fatal = (err as NodeJS.ErrnoException).code ? `cannot read: ${(err as NodeJS.ErrnoException).code}` : (err as Error).message;
      }
    }
    let order = this.walkOrder.get(path);
    if (order === undefined) this.walkOrder.set(path, (order = this.walkOrder.size));
    this.entries.set(path, { path, parsed, fatal, open, order });
    this.pending.add(path);
    this.ordered = undefined;
    if (parsed) this.graphs.added(parsed, prev?.parsed);
    else if (prev?.parsed) this.graphs.removed(prev.parsed);
    this.invalidateReaders(parsed, path);
    if (prev) this.invalidateReaders(prev.parsed, path);
  }

  private drop(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    this.ordered = undefined;
    this.pending.delete(path);
    if (e.tokens) {
      for (const t of e.tokens.defined) {
        unSet(this.definedBy, t, path);
        if (t.startsWith('N:') && !this.definedBy.has(t)) unSet(this.namesByLength, t.length - 2, t.slice(2));
        else if (t.startsWith('L:') && !this.definedBy.has(t)) unSet(this.labelValues, t.slice(2, t.indexOf('=')), t.slice(t.indexOf('=') + 1));
      }
      for (const t of e.tokens.mentioned) unSet(this.mentionedBy, t, path);
    }
    this.globals.delete(path);
    this.entries.delete(path);
    this.lastRelated.delete(path);
  }
}

/** Would a file with tokens `t` read a file with tokens `other` (as related() decides: names, labels, kinds, near-miss names)? */
function relatesTo(t: FileTokens, other: FileTokens): boolean {
  for (const x of t.defined) if (other.mentioned.has(x)) return true;
  const [small, large] = t.mentioned.size < other.defined.size ? [t.mentioned, other.defined] : [other.defined, t.mentioned];
  for (const x of small) if (large.has(x)) return true;
  for (const n of t.refNames) {
    const limit = Math.max(1, Math.floor(n.length / 3));
    for (const d of other.defined) {
      if (!d.startsWith('N:')) continue;
      const cand = d.slice(2);
      if (Math.abs(cand.length - n.length) <= limit && (cand.toLowerCase() === n.toLowerCase() || distance(cand, n) <= limit)) return true;
    }
  }
  for (const pair of t.selectorPairs) {
    const eq = pair.indexOf('=');
    const k = pair.slice(0, eq);
    const v = pair.slice(eq + 1);
    const limit = Math.max(1, Math.floor(v.length / 3));
    for (const d of other.defined) {
      if (!d.startsWith(`L:${k}=`)) continue;
      const w = d.slice(k.length + 3);
      if (Math.abs(w.length - v.length) <= limit && (w.toLowerCase() === v.toLowerCase() || distance(v, w) <= limit)) return true;
    }
  }
  return false;
}

function pushSet<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (s) s.add(v);
  else m.set(k, new Set([v]));
}

function unSet<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}

function exists(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

