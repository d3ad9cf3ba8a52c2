/**
 * The interpreter: walks the tree of ./parser.ts statement by statement,
 * keeping literal variables and the working directory (./state.ts), and hands
 * every simple command, after expansion, to ./run.ts. Branches (`if`, `case`,
 * loops) run on copies of the state that are merged afterwards; pipelines,
 * subshells, `&` and substitutions on copies that are dropped.
 */
import type { Assign, Command, Part, Redirect, Stmt, TestExpr, Word } from './ast.js';
import { parseScript } from './parser.js';
import { joinPath, normalizePath } from './paths.js';
import { runArgv, type Ctx } from './run.js';
import { copyState, merge, type State, type W } from './state.js';
import type { AnalyzeOptions, Range } from './types.js';

/** Longest script analysed. */
export const MAX_SCRIPT = 200_000;

/** `[[ -f X ]]` and friends: the unary operators that test a file. */
const FILE_TESTS = new Set(['-e', '-f', '-d', '-c', '-b', '-p', '-S', '-L', '-h', '-k', '-g', '-u', '-G', '-O', '-N', '-r', '-w', '-x', '-s', '-t', '-a']);
const BINARY_FILE_TESTS = new Set(['-nt', '-ot', '-ef']);
const SIMPLE_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parse and interpret `script`; returns a parse error message, if the reader stopped early. */
export function runScript(script: string, opts: AnalyzeOptions, ctx: Ctx, st: State): string | undefined {
  if (script.length > MAX_SCRIPT) {
    ctx.col.unknown('(script too large)');
    ctx.col.limit(ctx.src, [0, script.length], `shell script of ${script.length.toLocaleString('en-US')} characters is over the ${MAX_SCRIPT.toLocaleString('en-US')}-character limit of the shell analysis; not analysed`);
    return 'script too large';
  }
  const parsed = parseScript(script);
  if (parsed.limit) ctx.col.limit(ctx.src, [parsed.limit.pos, parsed.limit.end], `shell script ${parsed.limit.message} is over the limit of the shell analysis; the rest of the script is not analysed`);
  // the fields written out (`satisfies` fails the build when Ctx gains one), not a spread: a generic clone
  // in the unoptimized code that runs here once per script
  const walkCtx: Ctx = { col: ctx.col, opts, depth: ctx.depth, text: ctx.text, src: ctx.src } satisfies Record<keyof Ctx, unknown>;
  new Walker(walkCtx, script).stmts(parsed.stmts, st);
  return parsed.error?.message;
}

class Walker {
  constructor(
    private ctx: Ctx,
    private text: string,
  ) {}

  // Indexed loops in the walk: it runs for every statement and word of every script, mostly before V8
  // optimizes it, where a for-of allocates an iterator and a result per step (and per empty list).
  stmts(list: Stmt[] | undefined, st: State): void {
    if (list) for (let i = 0; i < list.length; i++) this.stmt(list[i]!, st);
  }

  stmt(s: Stmt, st: State): void {
    const use = s.background ? copyState(st) : st;
    if (s.cmd) this.cmd(s.cmd, use, s.background, [s.pos, s.end]);
    const redirs = s.redirs;
    for (let i = 0; i < redirs.length; i++) this.redirect(redirs[i]!, use);
  }

  private words(ws: Word[], st: State): W[] {
    const out: W[] = new Array(ws.length);
    for (let i = 0; i < ws.length; i++) out[i] = this.word(ws[i]!, st);
    return out;
  }

  private redirect(r: Redirect, st: State): void {
    const op = r.op;
    if (op === '<<' || op === '<<-' || op === '<<<') {
      if (r.hdoc) this.word(r.hdoc, st);
      if (op === '<<<') this.word(r.word, st);
      return;
    }
    const w = this.word(r.word, st);
    const col = this.ctx.col;
    switch (op) {
      case '>':
      case '>|':
      case '&>':
        col.access('write', w, st, '>');
        break;
      case '>>':
      case '&>>':
        col.access('write', w, st, '>>');
        break;
      case '<':
        col.access('read', w, st, '<');
        break;
      case '<>':
        col.access('read', w, st, '<>');
        col.access('write', w, st, '<>');
        break;
      case '>&':
        if (w.value !== undefined && !/^(\d+|-)$/.test(w.value)) col.access('write', w, st, '>&');
        break;
      case '<&':
        break;
    }
  }

  private cmd(c: Command, st: State, bg: boolean, range: Range): void {
    switch (c.type) {
      case 'call': {
        const assigns = c.assigns;
        if (c.args.length === 0) {
          for (let i = 0; i < assigns.length; i++) this.assign(assigns[i]!, st, true);
          return;
        }
        for (let i = 0; i < assigns.length; i++) this.assign(assigns[i]!, st, false);
        const words = this.words(c.args, st);
        const name = words[0]?.value;
        if (name === '[' || name === 'test') {
          this.testArgs(words.slice(1), st);
          return;
        }
        runArgv(words, st, this.ctx, bg, range);
        return;
      }
      case 'binary': {
        // a && b && c is ((a && b) && c): walk the chain without one level of recursion per operator
        const pipe = c.op === '|' || c.op === '|&';
        const same = (x: Command | undefined): x is Command & { type: 'binary' } => x?.type === 'binary' && (x.op === '|' || x.op === '|&') === pipe;
        const rest: Stmt[] = [];
        let cur: Command & { type: 'binary' } = c;
        let first: Stmt;
        for (;;) {
          rest.push(cur.y);
          const x: Stmt = cur.x;
          if (same(x.cmd) && !x.background && !x.negated && x.redirs.length === 0) cur = x.cmd;
          else {
            first = x;
            break;
          }
        }
        const operands = [first, ...rest.reverse()];
        for (const s of operands) this.stmt(s, pipe ? copyState(st) : st);
        return;
      }
      case 'if': {
        const branches: State[] = [];
        for (const k of c.clauses) {
          this.stmts(k.cond, st);
          const b = copyState(st);
          this.stmts(k.then, b);
          branches.push(b);
        }
        if (c.else) {
          const b = copyState(st);
          this.stmts(c.else, b);
          branches.push(b);
        } else branches.push(copyState(st));
        merge(st, branches);
        return;
      }
      case 'while': {
        const wait = this.waitCond(c.cond, c.until, st);
        const b = copyState(st);
        if (!wait) this.stmts(c.cond, b);
        this.stmts(c.body, b);
        merge(st, [b, copyState(st)]);
        return;
      }
      case 'for': {
        if (c.items) {
          const items = this.words(c.items, st);
          const name = c.name!;
          const literal = items.length > 0 && items.length <= 8 && items.every((w) => w.value !== undefined && !w.glob && !/\s/.test(w.value));
          const branches: State[] = [];
          if (literal) {
            for (const it of items) {
              const b = copyState(st);
              b.vars.set(name, it.value!);
              this.stmts(c.body, b);
              branches.push(b);
            }
          } else {
            const b = copyState(st);
            b.vars.set(name, null);
            this.stmts(c.body, b);
            branches.push(b);
          }
          branches.push(copyState(st));
          merge(st, branches);
        } else {
          const b = copyState(st);
          this.stmts(c.body, b);
          merge(st, [b, copyState(st)]);
        }
        return;
      }
      case 'case': {
        this.word(c.word, st);
        const branches: State[] = [copyState(st)];
        for (const item of c.items) {
          const b = copyState(st);
          this.stmts(item, b);
          branches.push(b);
        }
        merge(st, branches);
        return;
      }
      case 'block':
        this.stmts(c.stmts, st);
        return;
      case 'subshell':
        this.stmts(c.stmts, copyState(st));
        return;
      case 'func':
        this.ctx.col.functions.add(c.name);
        this.stmt(c.body, copyState(st));
        return;
      case 'wrap':
        if (c.stmt) this.stmt(c.stmt, st);
        return;
      case 'decl':
        for (const a of c.args) this.assign(a, st, true);
        return;
      case 'test':
        if (c.expr) this.testExpr(c.expr, st);
        return;
      case 'arith':
        return;
    }
  }

  private assign(a: Assign, st: State, persist: boolean): void {
    let value: string | null = null;
    if (a.value) value = this.word(a.value, st).value ?? null;
    else if (a.array) value = null;
    else if (a.naked) return; // `export FOO`
    if (a.partial) value = null;
    if (persist && a.name !== undefined) st.vars.set(a.name, value);
  }

  /** `while [ ! -f X ]` / `until [ -f X ]`: a wait for a file. Returns true when handled. */
  private waitCond(cond: Stmt[], until: boolean, st: State): boolean {
    if (cond.length !== 1) return false;
    const s = cond[0]!;
    const c = s.cmd;
    if (!c) return false;
    if (c.type === 'test') {
      let neg = false;
      let e = c.expr;
      if (e?.type === 'unary' && e.op === '!') {
        neg = true;
        e = e.x;
      }
      if (e?.type === 'unary' && FILE_TESTS.has(e.op) && e.x.type === 'word') {
        const w = this.word(e.x.word, st);
        if (until !== neg) this.ctx.col.access('read', w, st, 'wait');
        else this.ctx.col.access('read', w, st, 'test', { optional: true });
        return true;
      }
      return false;
    }
    if (c.type === 'call' && c.args.length >= 3) {
      const words = this.words(c.args, st);
      if (words[0]!.value !== '[' && words[0]!.value !== 'test') return false;
      let a = words.slice(1);
      if (a[a.length - 1]?.value === ']') a = a.slice(0, -1);
      let neg = s.negated;
      if (a[0]?.value === '!') {
        neg = !neg;
        a = a.slice(1);
      }
      if (a.length === 2 && a[0]!.value && /^-[efdsrwxLhpSbc]$/.test(a[0]!.value)) {
        if (until !== neg) this.ctx.col.access('read', a[1]!, st, 'wait');
        else this.ctx.col.access('read', a[1]!, st, 'test', { optional: true });
        return true;
      }
    }
    return false;
  }

  private tested(w: W, st: State): void {
    if (w.value?.startsWith('/')) this.ctx.col.tested.add(normalizePath(w.value));
    else if (w.value !== undefined && st.cwd.dir) this.ctx.col.tested.add(joinPath(st.cwd.dir, w.value));
  }

  private testArgs(args: W[], st: State): void {
    for (let k = 0; k + 1 < args.length; k++) {
      const v = args[k]!.value;
      if (v && /^-[efdsrwxLhpSbcgkuOGN]$/.test(v)) {
        const w = args[k + 1]!;
        this.ctx.col.access('read', w, st, 'test', { optional: true });
        this.tested(w, st);
      }
    }
  }

  private testExpr(x: TestExpr, st: State): void {
    switch (x.type) {
      case 'unary':
        if (FILE_TESTS.has(x.op) && x.x.type === 'word') {
          const w = this.word(x.x.word, st);
          this.ctx.col.access('read', w, st, 'test', { optional: true });
          this.tested(w, st);
        } else this.testExpr(x.x, st);
        return;
      case 'binary':
        if (BINARY_FILE_TESTS.has(x.op) && x.x.type === 'word' && x.y.type === 'word') {
          this.ctx.col.access('read', this.word(x.x.word, st), st, 'test', { optional: true });
          this.ctx.col.access('read', this.word(x.y.word, st), st, 'test', { optional: true });
        } else {
          this.testExpr(x.x, st);
          this.testExpr(x.y, st);
        }
        return;
      case 'paren':
        this.testExpr(x.x, st);
        return;
      case 'word':
        this.word(x.word, st);
        return;
    }
  }

  /** Evaluate a word: its literal value when it can be known, visiting nested command substitutions. */
  word(w: Word, st: State): W {
    const range: Range = [w.pos, w.end];
    const parts = w.parts;
    let value: string | undefined = '';
    let glob = false;
    let lin: number | undefined;
    for (let i = 0; i < parts.length; i++) {
      this.globbed = false;
      const v = this.part(parts[i]!, st, false, i === 0);
      if (this.globbed) glob = true;
      if (value !== undefined && v !== undefined) value += v;
      else value = undefined;
    }
    if (parts.length === 1 && value !== undefined) {
      // value is the text at lin when nothing was taken out of it (a line continuation may be): equal lengths
      // say so without comparing the characters
      const p = parts[0]!;
      if (p.type === 'lit' && !p.value.includes('\\')) lin = this.at(value, p.pos, p.end);
      else if (p.type === 'sgl' && !p.dollar) lin = p.pos + 1; // the quotes' content as written
      else if (p.type === 'dbl' && p.parts.length === 1 && p.parts[0]!.type === 'lit' && !p.parts[0]!.value.includes('\\')) lin = this.at(value, p.parts[0]!.pos, p.parts[0]!.end);
      else if (p.type === 'dbl' && p.parts.length === 0) lin = p.pos + 1;
    }
    return { value, range, src: this.ctx.src, lin, glob };
  }

  /** `pos` when `value` (read from the text's [pos, end), perhaps with characters taken out) is the text at pos. */
  private at(value: string, pos: number, end: number): number | undefined {
    return end - pos === value.length || this.text.startsWith(value, pos) ? pos : undefined;
  }

  /** Set by `part` when an unquoted literal holds glob characters (a result object per part was most of the walk's allocation). */
  private globbed = false;

  /** A word part's literal value (undefined when dynamic); sets `globbed` for an unquoted glob. */
  private part(p: Part, st: State, quoted: boolean, first: boolean): string | undefined {
    switch (p.type) {
      case 'lit': {
        const raw = p.value;
        if (!quoted && first && raw.startsWith('~')) return undefined;
        if (!quoted && braceExpansion(raw)) return undefined;
        if (!raw.includes('\\')) {
          if (!quoted && /[*?[]/.test(raw)) this.globbed = true;
          return raw;
        }
        const v = quoted ? raw.replace(/\\([$`"\\\n])/g, (_, c) => (c === '\n' ? '' : c)) : raw.replace(/\\(.)/gs, (_, c) => (c === '\n' ? '' : c));
        if (!quoted && /(^|[^\\])[*?[]/.test(raw)) this.globbed = true;
        return v;
      }
      case 'sgl':
        if (p.dollar && p.value.includes('\\')) return undefined;
        return p.value;
      case 'dbl': {
        let v: string | undefined = '';
        const parts = p.parts;
        for (let i = 0; i < parts.length; i++) {
          const r = this.part(parts[i]!, st, true, false);
          if (v !== undefined && r !== undefined) v += r;
          else v = undefined;
        }
        return v;
      }
      case 'param':
        return p.plain ? this.lookup(p.name, st) : undefined;
      case 'cmdsubst': {
        const stmts = p.stmts;
        // Kubernetes expands $(VAR) in command/args before the shell runs.
        if (stmts.length === 1 && !p.backquotes) {
          const s = stmts[0]!;
          const c = s.cmd;
          if (c && c.type === 'call' && c.args.length === 1 && c.assigns.length === 0 && s.redirs.length === 0) {
            const w0 = c.args[0]!;
            const lit = w0.parts.length === 1 && w0.parts[0]!.type === 'lit' ? w0.parts[0]!.value : '';
            if (lit && SIMPLE_VAR.test(lit) && this.ctx.opts.envNames?.has(lit)) {
              const v = this.ctx.opts.env?.[lit];
              return typeof v === 'string' ? v : undefined;
            }
          }
        }
        this.walkNested(stmts, st);
        return undefined;
      }
      case 'procsubst':
        this.walkNested(p.stmts, st);
        return undefined;
      default:
        return undefined;
    }
  }

  /** Commands of a substitution run in a copy of the state; they do not set the word's glob flag. */
  private walkNested(stmts: Stmt[], st: State): void {
    const g = this.globbed;
    this.stmts(stmts, copyState(st));
    this.globbed = g;
  }

  private lookup(name: string, st: State): string | undefined {
    if (st.vars.has(name)) {
      const v = st.vars.get(name);
      return v === null ? undefined : v;
    }
    if (name.length === 1 && name >= '0' && name <= '9') {
      const pos = this.ctx.opts.positional;
      return pos ? pos[Number(name)] : undefined;
    }
    const e = this.ctx.opts.env?.[name];
    return typeof e === 'string' ? e : undefined;
  }
}

/**
 * Does an unquoted literal hold a brace expansion (`{a,b}`, `{1..3}`)? The
 * same as /\{[^}]*(,|\.\.)[^}]*\}/ in one linear pass (that RegExp is
 * quadratic on a word of many `{`).
 */
export function braceExpansion(raw: string): boolean {
  let open = -1;
  let seen = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 123 /* { */) {
      if (open === -1) {
        open = i;
        seen = false;
      }
    } else if (c === 125 /* } */) {
      if (open !== -1 && seen) return true;
      open = -1;
    } else if (open !== -1 && (c === 44 /* , */ || (c === 46 /* . */ && i > open + 1 && raw.charCodeAt(i - 1) === 46))) seen = true;
  }
  return false;
}
