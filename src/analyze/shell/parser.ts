/**
 * A small reader for POSIX sh and the bash syntax container scripts use:
 * simple commands, assignments, redirections (fd numbers, `&>`, `>|`, here-
 * documents and here-strings), pipelines, `&&`/`||`, `!`, `&`, subshells,
 * blocks, if/while/until/for/select/case, functions, `[[ ]]`, `(( ))`, `let`,
 * declarations, `time`/`coproc`, and in words: quotes, `$'...'`, parameter
 * expansions, `$( )` and backquote substitutions, `$(( ))`, process
 * substitutions and extglobs. Offsets are UTF-16 offsets in the text.
 *
 * It reads what the interpreter needs, in one pass: linear in the length of
 * the script (no regular expression runs over the text). Replaces mvdan-sh
 * (see docs/performance.md for the measurements). A script it cannot read to
 * the end yields the complete top-level statements before the fault, and the
 * fault (`error`); nesting deeper than MAX_NEST stops it with `limit`.
 */
import type { Assign, Command, Part, ParseResult, RedirOp, Redirect, Stmt, TestExpr, Word } from './ast.js';

/** Deepest nesting of commands, substitutions and expansions read. */
export const MAX_NEST = 200;

class SyntaxFault extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}
class NestFault extends Error {
  constructor(readonly pos: number) {
    super(`nesting deeper than ${MAX_NEST} levels`);
  }
}

interface PendingHdoc {
  redir: Redirect;
  owner: Stmt;
  delim: string;
  quoted: boolean;
  strip: boolean;
}

const C_NL = 10;
const C_SP = 32;
const C_TAB = 9;

/** Characters that end an unquoted word. */
function isMeta(c: number): boolean {
  return c === C_SP || c === C_TAB || c === C_NL || c === 59 /* ; */ || c === 38 /* & */ || c === 124 /* | */ || c === 60 /* < */ || c === 62 /* > */ || c === 40 /* ( */ || c === 41 /* ) */;
}
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const RESERVED_STOP = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
const DECL = new Set(['export', 'local', 'declare', 'readonly', 'typeset', 'nameref']);
const RESERVED_MISUSE: Record<string, string> = {
  then: '"then" can only be used in an if',
  elif: '"elif" can only be used in an if',
  else: '"else" can only be used in an if',
  fi: '"fi" can only be used to end an if',
  do: '"do" can only be used in a loop',
  done: '"done" can only be used to end a loop',
  esac: '"esac" can only be used to end a case',
  '}': '"}" can only be used to close a block',
};
/** Every word list(), command() and take() compare a bare word with, by length (for kw()). */
const KEYWORDS = ['if', 'then', 'elif', 'else', 'fi', 'do', 'done', 'while', 'until', 'for', 'select', 'case', 'esac', 'in', '{', '}', '[[', 'function', 'time', 'coproc', 'let', ...DECL];
const KEYWORDS_BY_LENGTH: string[][] = [];
for (const k of KEYWORDS) (KEYWORDS_BY_LENGTH[k.length] ??= []).push(k);
const TEST_BINARY = new Set(['==', '=', '!=', '=~', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

class Reader {
  i: number;
  private depth = 0;
  private pending: PendingHdoc[] = [];
  /** Statements whose end is a `;` or `&` (a heredoc read later does not extend them). */
  private closed = new WeakSet<Stmt>();

  constructor(
    readonly src: string,
    public to: number,
    from = 0,
  ) {
    this.i = from;
  }

  private c(k = 0): number {
    const j = this.i + k;
    return j < this.to ? this.src.charCodeAt(j) : -1;
  }
  private at(s: string): boolean {
    return this.src.startsWith(s, this.i) && this.i + s.length <= this.to;
  }
  private fail(message: string, pos = this.i): never {
    throw new SyntaxFault(message, pos);
  }
  private enter(): void {
    if (++this.depth > MAX_NEST) throw new NestFault(this.i);
  }
  private leave(): void {
    this.depth--;
  }

  // ------------------------------------------------------------ blanks

  /** Spaces, tabs, line continuations and a comment (not the newline). */
  private blanks(): void {
    for (;;) {
      const c = this.c();
      if (c === C_SP || c === C_TAB) this.i++;
      else if (c === 92 /* \ */ && this.c(1) === C_NL) this.i += 2;
      else if (c === 35 /* # */) {
        const nl = this.src.indexOf('\n', this.i);
        this.i = nl === -1 || nl > this.to ? this.to : nl;
      } else return;
    }
  }

  /** Blanks, comments and newlines (reading pending heredocs at each newline). */
  private newlines(): void {
    for (;;) {
      this.blanks();
      if (this.c() !== C_NL) return;
      this.i++;
      if (this.pending.length) this.heredocs();
    }
  }

  private heredocs(): void {
    const list = this.pending;
    this.pending = [];
    for (const h of list) {
      const bodyStart = this.i;
      let lineStart = this.i;
      let bodyEnd = this.to;
      let hdocEnd = this.to;
      let next = this.to;
      while (lineStart < this.to) {
        let nl = this.src.indexOf('\n', lineStart);
        if (nl === -1 || nl > this.to) nl = this.to;
        let s = lineStart;
        if (h.strip) while (s < nl && this.src.charCodeAt(s) === C_TAB) s++;
        if (nl - s === h.delim.length && this.src.startsWith(h.delim, s)) {
          bodyEnd = lineStart;
          hdocEnd = nl;
          next = nl < this.to ? nl + 1 : nl;
          break;
        }
        lineStart = nl + 1;
      }
      let parts: Part[];
      if (h.quoted || bodyEnd === bodyStart) parts = bodyEnd > bodyStart ? [{ type: 'lit', value: this.src.slice(bodyStart, bodyEnd), pos: bodyStart, end: bodyEnd }] : [];
      else {
        const saveTo = this.to;
        this.to = bodyEnd;
        this.i = bodyStart;
        parts = this.dqParts(false);
        this.to = saveTo;
      }
      h.redir.hdoc = { parts, pos: bodyStart, end: hdocEnd };
      h.redir.end = hdocEnd;
      if (!this.closed.has(h.owner) && h.owner.redirs[h.owner.redirs.length - 1] === h.redir) h.owner.end = Math.max(h.owner.end, hdocEnd);
      this.i = next;
    }
  }

  // ------------------------------------------------------------ lists

  /** The word at the cursor if it is a bare identifier-like word followed by a word end (for reserved words). */
  private bare(): string | undefined {
    const end = this.bareEnd();
    return end === -1 ? undefined : this.src.slice(this.i, end);
  }
  /** Where the bare word at the cursor ends; -1 when there is none (bare() is undefined). */
  private bareEnd(): number {
    let j = this.i;
    const start = j;
    while (j < this.to) {
      const c = this.src.charCodeAt(j);
      if (isMeta(c)) break;
      if (c === 39 || c === 34 || c === 92 || c === 36 || c === 96) return -1; // quotes, \, $, `
      j++;
      if (j - start > 12) return -1;
    }
    return j > start ? j : -1;
  }
  /**
   * The bare word at the cursor as one of KEYWORDS (the constant string), '' for a bare word that is none of
   * them, undefined where bare() is undefined. No string is made for it: looked up with a fresh slice, a
   * keyword table costs a hash of the slice (and a string-table probe) for every command of a script.
   * Remembered for the cursor: list() and command() ask at the same place.
   */
  private kw(): string | undefined {
    if (this.kwI === this.i && this.kwTo === this.to) return this.kwV;
    const end = this.bareEnd();
    let v: string | undefined;
    if (end !== -1) {
      v = '';
      const list = KEYWORDS_BY_LENGTH[end - this.i];
      if (list) for (let k = 0; k < list.length; k++) if (this.src.startsWith(list[k]!, this.i)) v = list[k];
    }
    this.kwI = this.i;
    this.kwTo = this.to;
    this.kwV = v;
    return v;
  }
  private kwI = -1;
  private kwTo = -1;
  private kwV: string | undefined;

  /** bare() === w, without making the word: `w` at the cursor, then a word end. */
  private isWord(w: string): boolean {
    const e = this.i + w.length;
    return e <= this.to && this.src.startsWith(w, this.i) && (e === this.to || isMeta(this.src.charCodeAt(e)));
  }
  private take(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.i += w.length;
    return true;
  }

  /** The top level: complete statements are kept when a fault stops the reader. */
  program(out: Stmt[]): void {
    for (;;) {
      this.newlines();
      if (this.i >= this.to) return;
      const s = this.andOr();
      const sep = this.separator(s);
      out.push(s);
      if (!sep && !this.endOfStmt()) {
        const w = this.bare();
        if (w && RESERVED_MISUSE[w]) this.fail(RESERVED_MISUSE[w]!);
        const c = this.c();
        if (c === 41) this.fail('reached ) without matching (');
        if (this.at(';;')) this.fail('";;" can only be used in a case clause');
        this.fail(`a command can only contain words and redirects; encountered ${String.fromCharCode(c)}`);
      }
    }
  }

  private endOfStmt(): boolean {
    const c = this.c();
    return c === -1 || c === C_NL;
  }

  /** Statements up to a stop word, `)`, `;;` or the end. */
  private list(stops: ReadonlySet<string>): Stmt[] {
    this.enter();
    const out: Stmt[] = [];
    for (;;) {
      this.newlines();
      const c = this.c();
      if (c === -1 || c === 41 /* ) */) break;
      if (c === 59 /* ; */ && (this.c(1) === 59 || this.c(1) === 38)) break;
      const w = this.kw();
      if (w && stops.has(w)) break;
      const s = this.andOr();
      const sep = this.separator(s);
      out.push(s);
      if (!sep && !this.endOfStmt()) {
        const c2 = this.c();
        const w2 = this.kw();
        if (c2 === 41 || (c2 === 59 && (this.c(1) === 59 || this.c(1) === 38)) || (w2 && stops.has(w2))) break;
        this.fail(`a command can only contain words and redirects; encountered ${c2 === -1 ? 'EOF' : String.fromCharCode(c2)}`);
      }
    }
    this.leave();
    return out;
  }

  /** `;` or `&` after a statement. */
  private separator(s: Stmt): boolean {
    this.blanks();
    const c = this.c();
    if (c === 59 && this.c(1) !== 59 && this.c(1) !== 38) {
      this.i++;
      s.end = this.i;
      this.closed.add(s);
      return true;
    }
    if (c === 38 && this.c(1) !== 38 && this.c(1) !== 62) {
      this.i++;
      s.end = this.i;
      s.background = true;
      this.closed.add(s);
      return true;
    }
    return false;
  }

  private andOr(): Stmt {
    let s = this.pipeline();
    for (;;) {
      this.blanks();
      const op = this.at('&&') ? '&&' : this.at('||') ? '||' : undefined;
      if (!op) return s;
      this.i += 2;
      this.newlines();
      const y = this.pipeline();
      const cmd: Command = { type: 'binary', op, x: s, y, pos: s.pos, end: y.end };
      s = { cmd, redirs: [], background: false, negated: false, pos: s.pos, end: y.end };
    }
  }

  private pipeline(): Stmt {
    this.blanks();
    const pos = this.i;
    let negated = false;
    if (this.take('!')) {
      negated = true;
      this.blanks();
    }
    const first = this.command(pos);
    first.negated = negated;
    // a | b | c is (a | b) | c, as mvdan/sh builds it.
    const stages: Stmt[] = [first];
    const ops: ('|' | '|&')[] = [];
    for (;;) {
      this.blanks();
      const op = this.at('|&') ? '|&' : this.c() === 124 && this.c(1) !== 124 ? '|' : undefined;
      if (!op) break;
      this.i += op.length;
      this.newlines();
      this.blanks();
      stages.push(this.command(this.i));
      ops.push(op);
    }
    let s = stages[0]!;
    for (let k = 1; k < stages.length; k++) {
      const y = stages[k]!;
      s = { cmd: { type: 'binary', op: ops[k - 1]!, x: s, y, pos: s.pos, end: y.end }, redirs: [], background: false, negated: false, pos: s.pos, end: y.end };
    }
    return s;
  }

  // ------------------------------------------------------------ commands

  private command(pos: number): Stmt {
    const s: Stmt = { redirs: [], background: false, negated: false, pos, end: pos };
    const c = this.c();
    if (c === -1) this.fail('expected a command');
    if (c === 40 /* ( */) {
      s.cmd = this.at('((') ? this.arithCmd() : this.subshell();
      this.trailingRedirs(s);
      return s;
    }
    const w = this.kw();
    switch (w) {
      case 'if':
        s.cmd = this.ifClause();
        break;
      case 'while':
      case 'until':
        s.cmd = this.whileClause(w === 'until');
        break;
      case 'for':
      case 'select':
        s.cmd = this.forClause(w);
        break;
      case 'case':
        s.cmd = this.caseClause();
        break;
      case '{':
        s.cmd = this.block();
        break;
      case '[[':
        s.cmd = this.testClause();
        break;
      case 'function':
        s.cmd = this.funcDecl(true);
        break;
      case 'time':
      case 'coproc': {
        const start = this.i;
        this.i += w.length;
        this.blanks();
        if (w === 'time' && this.take('-p')) this.blanks();
        let stmt: Stmt | undefined;
        if (!this.atStmtEnd()) {
          this.enter();
          stmt = this.pipeline();
          this.leave();
        }
        const wrap: Command = { type: 'wrap', stmt, pos: start, end: stmt ? stmt.end : this.i };
        s.cmd = wrap;
        s.end = wrap.end;
        return s;
      }
      case 'let':
        s.cmd = this.letClause();
        break;
      default:
        if (w && RESERVED_MISUSE[w] && w !== '}') this.fail(RESERVED_MISUSE[w]!);
        if (w && DECL.has(w)) {
          s.cmd = this.declClause(s);
          this.finish(s);
          return s;
        }
        if (w !== undefined && this.isFuncHead()) {
          s.cmd = this.funcDecl(false);
          break;
        }
        this.simple(s);
        return s;
    }
    this.trailingRedirs(s);
    return s;
  }

  private atStmtEnd(): boolean {
    const c = this.c();
    return c === -1 || c === C_NL || c === 59 || c === 41 || (c === 38 && this.c(1) !== 62) || (c === 124 && this.c(1) === 124);
  }

  private finish(s: Stmt): void {
    const cmdEnd = s.cmd ? s.cmd.end : s.pos;
    s.end = Math.max(cmdEnd, s.redirs.length ? s.redirs[s.redirs.length - 1]!.end : cmdEnd);
  }

  private trailingRedirs(s: Stmt): void {
    for (;;) {
      this.blanks();
      if (!this.redirect(s)) break;
    }
    this.finish(s);
  }

  private simple(s: Stmt): void {
    const assigns: Assign[] = [];
    const args: Word[] = [];
    let end = s.pos;
    for (;;) {
      this.blanks();
      const c = this.c();
      if (c === -1 || c === C_NL || c === 59 || c === 41 || c === 124) break;
      if (c === 38 && this.c(1) !== 62) break;
      if (this.redirect(s)) continue;
      if (c === 40) {
        if (args.length === 0 && assigns.length === 0) this.fail('a command can only contain words and redirects; encountered (');
        this.fail('a command can only contain words and redirects; encountered (');
      }
      if (args.length === 0) {
        const a = this.assignment();
        if (a) {
          assigns.push(a);
          end = a.end;
          continue;
        }
      }
      const w = this.word();
      if (!w) this.fail(`a command can only contain words and redirects; encountered ${String.fromCharCode(c)}`);
      args.push(w);
      end = w.end;
    }
    if (args.length || assigns.length) s.cmd = { type: 'call', assigns, args, pos: s.pos, end };
    else if (!s.redirs.length) this.fail('expected a command');
    this.finish(s);
  }

  /** `NAME=value`, `NAME+=value`, `NAME[i]=value`, `NAME=(a b)` at the cursor, if there is one. */
  private assignment(): Assign | undefined {
    const start = this.i;
    if (!isNameStart(this.c())) return undefined;
    let j = this.i + 1;
    while (j < this.to && isNameChar(this.src.charCodeAt(j))) j++;
    const name = this.src.slice(start, j);
    let partial = false;
    if (this.src.charCodeAt(j) === 91 /* [ */) {
      const close = this.src.indexOf(']', j);
      if (close === -1 || close >= this.to) return undefined;
      j = close + 1;
      partial = true;
    }
    if (this.src.charCodeAt(j) === 43 /* + */) {
      j++;
      partial = true;
    }
    if (j >= this.to || this.src.charCodeAt(j) !== 61 /* = */) return undefined;
    this.i = j + 1;
    const a: Assign = { name, array: false, naked: false, partial, pos: start, end: this.i };
    if (this.c() === 40) {
      this.enter();
      this.i++;
      for (;;) {
        this.newlines();
        const c = this.c();
        if (c === -1) this.fail('reached EOF without matching ( with )', start);
        if (c === 41) {
          this.i++;
          break;
        }
        if (!this.word()) this.fail('array elements must be words');
      }
      this.leave();
      a.array = true;
      a.end = this.i;
      return a;
    }
    const c = this.c();
    if (c !== -1 && !isMeta(c)) {
      const w = this.word();
      if (w) {
        a.value = w;
        a.end = w.end;
      }
    }
    return a;
  }

  /** A redirection at the cursor: read it into `s.redirs`; false when there is none. */
  private redirect(s: Stmt): boolean {
    const start = this.i;
    let j = this.i;
    while (j < this.to && isDigit(this.src.charCodeAt(j))) j++;
    const c = j < this.to ? this.src.charCodeAt(j) : -1;
    let op: RedirOp | undefined;
    if (c === 60 || c === 62) {
      if (this.src.charCodeAt(j + 1) === 40 && j === start) return false; // <( process substitution
      const t = this.src.slice(j, j + 3);
      if (c === 60) op = t.startsWith('<<<') ? '<<<' : t.startsWith('<<-') ? '<<-' : t.startsWith('<<') ? '<<' : t.startsWith('<>') ? '<>' : t.startsWith('<&') ? '<&' : '<';
      else op = t.startsWith('>>') ? '>>' : t.startsWith('>&') ? '>&' : t.startsWith('>|') ? '>|' : '>';
    } else if (c === 38 && j === start && this.src.charCodeAt(j + 1) === 62) {
      op = this.src.charCodeAt(j + 2) === 62 ? '&>>' : '&>';
    } else return false;
    if (j > start && (op === '&>' || op === '&>>')) return false;
    this.i = j + op.length;
    this.blanks();
    const word = this.word();
    if (!word) this.fail(`${op} must be followed by a word`);
    const r: Redirect = { op, word, pos: start, end: word.end };
    s.redirs.push(r);
    if (op === '<<' || op === '<<-') this.pending.push({ redir: r, owner: s, delim: unquoted(this.src, word), quoted: isQuoted(word), strip: op === '<<-' });
    return true;
  }

  private subshell(): Command {
    const pos = this.i;
    this.i++;
    const stmts = this.list(RESERVED_STOP);
    this.newlines();
    if (this.c() !== 41) this.fail('reached EOF without matching ( with )', pos);
    this.i++;
    return { type: 'subshell', stmts, pos, end: this.i };
  }

  private arithCmd(): Command {
    const pos = this.i;
    this.i = this.skipParens(this.i, 'reached EOF without matching (( with ))');
    return { type: 'arith', pos, end: this.i };
  }

  /** From an opening `(` to just past its matching `)`, skipping quotes. */
  private skipParens(from: number, message: string): number {
    let depth = 0;
    let j = from;
    while (j < this.to) {
      const c = this.src.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 39) {
        const q = this.src.indexOf("'", j + 1);
        if (q === -1 || q >= this.to) this.fail("reached EOF without closing quote '", j);
        j = q + 1;
      } else if (c === 34) {
        const save = this.i;
        this.i = j + 1;
        this.dqParts(true);
        j = this.i + 1;
        this.i = save;
      } else {
        if (c === 40) depth++;
        else if (c === 41 && --depth === 0) return j + 1;
        j++;
      }
    }
    this.fail(message, from);
  }

  private block(): Command {
    const pos = this.i;
    this.i++;
    const stmts = this.list(RESERVED_STOP);
    this.newlines();
    if (!this.take('}')) this.fail('reached EOF without matching { with }', pos);
    return { type: 'block', stmts, pos, end: this.i };
  }

  private expect(w: string, message: string, pos: number): void {
    this.newlines();
    if (!this.take(w)) this.fail(message, pos);
  }

  private ifClause(): Command {
    const pos = this.i;
    this.i += 2;
    const clauses: { cond: Stmt[]; then: Stmt[] }[] = [];
    let elseList: Stmt[] | undefined;
    let kw = 'if';
    for (;;) {
      const cond = this.list(RESERVED_STOP);
      if (cond.length === 0) this.fail(`"${kw}" must be followed by a statement list`, pos);
      this.expect('then', `"${kw} <cond>" must be followed by "then"`, pos);
      const then = this.list(RESERVED_STOP);
      if (then.length === 0) this.fail('"then" must be followed by a statement list', pos);
      clauses.push({ cond, then });
      this.newlines();
      if (this.take('elif')) {
        kw = 'elif';
        continue;
      }
      if (this.take('else')) {
        elseList = this.list(RESERVED_STOP);
        this.newlines();
      }
      break;
    }
    if (!this.take('fi')) this.fail('if statement must end with a "fi"', pos);
    return { type: 'if', clauses, else: elseList, pos, end: this.i };
  }

  private whileClause(until: boolean): Command {
    const pos = this.i;
    const kw = until ? 'until' : 'while';
    this.i += kw.length;
    const cond = this.list(RESERVED_STOP);
    if (cond.length === 0) this.fail(`"${kw}" must be followed by a statement list`, pos);
    this.expect('do', `"${kw} <cond>" must be followed by "do"`, pos);
    const body = this.list(RESERVED_STOP);
    this.expect('done', `${kw} statement must end with "done"`, pos);
    return { type: 'while', until, cond, body, pos, end: this.i };
  }

  private forClause(kw: string): Command {
    const pos = this.i;
    this.i += kw.length;
    this.blanks();
    let name: string | undefined;
    let items: Word[] | undefined;
    if (this.at('((')) {
      this.i = this.skipParens(this.i, 'reached EOF without matching (( with ))');
    } else {
      const start = this.i;
      while (this.i < this.to && isNameChar(this.c())) this.i++;
      if (this.i === start) this.fail(`"${kw}" must be followed by a literal`, pos);
      name = this.src.slice(start, this.i);
      items = [];
      this.newlines();
      if (this.take('in')) {
        for (;;) {
          this.blanks();
          const c = this.c();
          if (c === -1 || c === C_NL || c === 59) break;
          if (c === 38 || c === 124 || c === 41 || c === 40) this.fail(`"${kw} foo in" list must end with ";" or a newline`);
          const w = this.word();
          if (!w) break;
          items.push(w);
        }
      }
    }
    this.blanks();
    if (this.c() === 59) this.i++;
    this.newlines();
    let body: Stmt[];
    if (this.take('do')) {
      body = this.list(RESERVED_STOP);
      this.expect('done', `${kw} statement must end with "done"`, pos);
    } else if (this.isWord('{')) {
      const b = this.block() as Command & { stmts: Stmt[] };
      body = b.stmts;
    } else this.fail(`"${kw} foo" must be followed by "do"`, pos);
    return { type: 'for', name, items, body, pos, end: this.i };
  }

  private caseClause(): Command {
    const pos = this.i;
    this.i += 4;
    this.blanks();
    const word = this.word();
    if (!word) this.fail('"case" must be followed by a word', pos);
    this.newlines();
    if (!this.take('in')) this.fail('"case x" must be followed by "in"', pos);
    const items: Stmt[][] = [];
    for (;;) {
      this.newlines();
      if (this.take('esac')) break;
      if (this.c() === -1) this.fail('case statement must end with "esac"', pos);
      if (this.c() === 40) this.i++;
      for (;;) {
        this.blanks();
        const w = this.word();
        if (!w) this.fail('case patterns must consist of words', this.i);
        this.blanks();
        if (this.c() === 124) {
          this.i++;
          continue;
        }
        if (this.c() !== 41) this.fail('case patterns must be separated with |', this.i);
        this.i++;
        break;
      }
      const stmts = this.list(RESERVED_STOP);
      items.push(stmts);
      this.newlines();
      if (this.at(';;&')) this.i += 3;
      else if (this.at(';;') || this.at(';&')) this.i += 2;
      else {
        if (this.take('esac')) break;
        this.fail('case statement must end with "esac"', pos);
      }
    }
    return { type: 'case', word, items, pos, end: this.i };
  }

  private isFuncHead(): boolean {
    let j = this.i;
    while (j < this.to && !isMeta(this.src.charCodeAt(j))) j++;
    while (j < this.to && (this.src.charCodeAt(j) === C_SP || this.src.charCodeAt(j) === C_TAB)) j++;
    if (this.src.charCodeAt(j) !== 40) return false;
    j++;
    while (j < this.to && (this.src.charCodeAt(j) === C_SP || this.src.charCodeAt(j) === C_TAB)) j++;
    return this.src.charCodeAt(j) === 41;
  }

  private funcDecl(keyword: boolean): Command {
    const pos = this.i;
    if (keyword) {
      this.i += 8;
      this.blanks();
    }
    const start = this.i;
    while (this.i < this.to && !isMeta(this.c())) this.i++;
    const name = this.src.slice(start, this.i);
    if (!name) this.fail('"function" must be followed by a name', pos);
    this.blanks();
    if (this.c() === 40) {
      this.blanks();
      this.i++;
      this.blanks();
      if (this.c() !== 41) this.fail('functions must start like "foo()"', pos);
      this.i++;
    }
    this.newlines();
    this.enter();
    const bpos = this.i;
    const body = this.command(bpos);
    this.leave();
    return { type: 'func', name, body, pos, end: body.end };
  }

  private letClause(): Command {
    const pos = this.i;
    this.i += 3;
    let end = this.i;
    for (;;) {
      this.blanks();
      if (this.atStmtEnd() || this.c() === 124) break;
      const w = this.word();
      if (!w) break;
      end = w.end;
    }
    return { type: 'arith', pos, end };
  }

  private declClause(s: Stmt): Command & { type: 'decl' } {
    const pos = this.i;
    while (this.i < this.to && !isMeta(this.c())) this.i++;
    let end = this.i;
    const args: Assign[] = [];
    for (;;) {
      this.blanks();
      if (this.atStmtEnd() || this.c() === 124) break;
      if (this.redirect(s)) continue;
      const a = this.assignment();
      if (a) {
        args.push(a);
        end = a.end;
        continue;
      }
      const w = this.word();
      if (!w) this.fail(`a command can only contain words and redirects; encountered ${String.fromCharCode(this.c())}`);
      const p = w.parts[0];
      if (w.parts.length === 1 && p!.type === 'lit' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.value)) args.push({ name: p.value, naked: true, array: false, partial: false, pos: w.pos, end: w.end });
      else args.push({ value: w, naked: true, array: false, partial: false, pos: w.pos, end: w.end });
      end = w.end;
    }
    return { type: 'decl', args, pos, end };
  }

  // ------------------------------------------------------------ [[ ]]

  private testClause(): Command {
    const pos = this.i;
    this.i += 2;
    this.enter();
    const expr = this.testOr();
    this.leave();
    this.testBlanks();
    if (!this.take(']]')) this.fail('reached EOF without matching [[ with ]]', pos);
    return { type: 'test', expr, pos, end: this.i };
  }
  private testBlanks(): void {
    for (;;) {
      this.blanks();
      if (this.c() !== C_NL) return;
      this.i++;
    }
  }
  /** `&&` and `||` chains, right-nested with one precedence (as mvdan/sh builds them; the walker only recurses). */
  private testOr(): TestExpr | undefined {
    const x = this.testNot();
    this.testBlanks();
    if (!x || !(this.at('||') || this.at('&&'))) return x;
    const op = this.src.slice(this.i, this.i + 2);
    this.i += 2;
    this.enter();
    const y = this.testOr();
    this.leave();
    if (!y) this.fail(`${op} must be followed by an expression`);
    return { type: 'binary', op, x, y };
  }
  private testNot(): TestExpr | undefined {
    this.testBlanks();
    if (this.c() === 33 /* ! */ && (this.c(1) === C_SP || this.c(1) === C_TAB || this.c(1) === 40)) {
      this.i++;
      this.enter();
      const x = this.testOr(); // `! a && b` is `!(a && b)` in mvdan/sh's tree
      this.leave();
      if (!x) this.fail('! must be followed by an expression');
      return { type: 'unary', op: '!', x };
    }
    return this.testPrimary();
  }
  private testWord(): Word | undefined {
    this.testBlanks();
    if (this.at(']]') && (this.i + 2 >= this.to || isMeta(this.src.charCodeAt(this.i + 2)))) return undefined;
    return this.word();
  }
  private testPrimary(): TestExpr | undefined {
    this.testBlanks();
    if (this.c() === 40) {
      this.i++;
      this.enter();
      const x = this.testOr();
      this.leave();
      this.testBlanks();
      if (this.c() !== 41 || !x) this.fail('reached EOF without matching ( with )');
      this.i++;
      return { type: 'paren', x };
    }
    const b = this.bare();
    if (b !== undefined && /^-[A-Za-z]$/.test(b)) {
      // a unary operator, unless it is the left side of a binary one (`[[ -f == x ]]`)
      const save = this.i;
      this.i += 2;
      this.testBlanks();
      const next = this.bare();
      if (next === undefined || !TEST_BINARY.has(next)) {
        const w = this.testWord();
        if (w) return { type: 'unary', op: b, x: { type: 'word', word: w } };
      }
      this.i = save;
    }
    const x = this.testWord();
    if (!x) return undefined;
    this.testBlanks();
    const c = this.c();
    let op = this.bare();
    if (c === 60 || c === 62) op = String.fromCharCode(c);
    if (op !== undefined && TEST_BINARY.has(op)) {
      this.i += op.length;
      this.testBlanks();
      const y = op === '=~' ? this.regexWord() : this.testWord();
      if (!y) this.fail(`${op} must be followed by a word`);
      return { type: 'binary', op, x: { type: 'word', word: x }, y: { type: 'word', word: y } };
    }
    return { type: 'word', word: x };
  }
  /** The right side of `=~`: parentheses and `|` are part of the regex. */
  private regexWord(): Word | undefined {
    const pos = this.i;
    const parts: Part[] = [];
    let lit = -1;
    const flush = (end = this.i) => {
      if (lit !== -1 && end > lit) parts.push({ type: 'lit', value: this.src.slice(lit, end), pos: lit, end });
      lit = -1;
    };
    let depth = 0;
    while (this.i < this.to) {
      const c = this.c();
      if (depth === 0 && (c === C_SP || c === C_TAB || c === C_NL || c === 41 || c === 59 || c === 38)) break;
      if (c === 39) {
        flush();
        parts.push(this.single(this.i, false));
      } else if (c === 34) {
        flush();
        parts.push(this.double(this.i, false));
      } else if (c === 96) {
        flush();
        parts.push(this.backquote());
      } else if (c === 36) {
        const at = this.i;
        const p = this.dollar();
        flush(at);
        if (p) parts.push(p);
        else {
          this.i++;
          parts.push({ type: 'lit', value: '$', pos: at, end: this.i });
        }
      } else {
        if (lit === -1) lit = this.i;
        if (c === 92) this.i = Math.min(this.to, this.i + 2);
        else {
          if (c === 40) depth++;
          else if (c === 41) depth--;
          this.i++;
        }
      }
    }
    flush();
    if (this.i === pos) return undefined;
    return { parts, pos, end: this.i };
  }

  // ------------------------------------------------------------ words

  /**
   * The literal text [lit, end) as a part, if any (lit -1: none); returns -1, the next `lit`.
   * `unquoted`: a line continuation is no part of the word (mvdan/sh drops it too).
   */
  private flushLit(parts: Part[], lit: number, end: number, unquoted: boolean): number {
    if (lit !== -1 && end > lit) {
      const raw = this.src.slice(lit, end);
      parts.push({ type: 'lit', value: unquoted && raw.includes('\\\n') ? raw.replace(/\\\n/g, '') : raw, pos: lit, end });
    }
    return -1;
  }

  /** The word at the cursor; undefined when a word cannot start here. */
  word(): Word | undefined {
    const pos = this.i;
    const parts: Part[] = [];
    let lit = -1;
    const c0 = this.c();
    if ((c0 === 60 || c0 === 62) && this.c(1) === 40) {
      this.i++;
      const stmts = this.nested(')');
      parts.push({ type: 'procsubst', stmts, pos, end: this.i });
    }
    for (;;) {
      const c = this.c();
      if (c === -1) break;
      if (c === 92 /* \ */) {
        if (lit === -1) lit = this.i;
        this.i = Math.min(this.to, this.i + 2);
        continue;
      }
      if (c === 40 && lit !== -1 && this.i > lit && '?*+@!'.includes(this.src[this.i - 1]!)) {
        // extglob @(a|b)
        const start = this.i - 1;
        this.i--;
        lit = this.flushLit(parts, lit, this.i, true);
        this.i = this.skipParens(start + 1, 'reached EOF without matching ( with )');
        parts.push({ type: 'opaque', what: 'extglob', pos: start, end: this.i });
        continue;
      }
      if (isMeta(c)) break;
      if (c === 39 /* ' */) {
        lit = this.flushLit(parts, lit, this.i, true);
        parts.push(this.single(this.i, false));
        continue;
      }
      if (c === 34 /* " */) {
        lit = this.flushLit(parts, lit, this.i, true);
        parts.push(this.double(this.i, false));
        continue;
      }
      if (c === 96 /* ` */) {
        lit = this.flushLit(parts, lit, this.i, true);
        parts.push(this.backquote());
        continue;
      }
      if (c === 36 /* $ */) {
        const n = this.c(1);
        if (n === 39) {
          lit = this.flushLit(parts, lit, this.i, true);
          parts.push(this.single(this.i + 1, true));
          continue;
        }
        if (n === 34) {
          lit = this.flushLit(parts, lit, this.i, true);
          parts.push(this.double(this.i + 1, true));
          continue;
        }
        const at = this.i;
        const p = this.dollarPart();
        lit = this.flushLit(parts, lit, at, true);
        parts.push(p);
        continue;
      }
      if (lit === -1) lit = this.i;
      this.i++;
    }
    lit = this.flushLit(parts, lit, this.i, true);
    if (this.i === pos) return undefined;
    return { parts, pos, end: this.i };
  }

  /** A `$` expansion, or a literal `$` as a piece of its own when none follows (as mvdan/sh reads it). */
  private dollarPart(): Part {
    const at = this.i;
    const p = this.dollar();
    if (p) return p;
    this.i++;
    return { type: 'lit', value: '$', pos: at, end: this.i };
  }

  private single(q: number, dollar: boolean): Part {
    const pos = dollar ? q - 1 : q;
    let j = q + 1;
    if (dollar) {
      while (j < this.to && this.src.charCodeAt(j) !== 39) j += this.src.charCodeAt(j) === 92 ? 2 : 1;
    } else j = this.src.indexOf("'", j);
    if (j === -1 || j >= this.to) this.fail("reached EOF without closing quote '", pos);
    this.i = j + 1;
    return { type: 'sgl', value: this.src.slice(q + 1, j), dollar, pos, end: this.i };
  }

  private double(q: number, dollar: boolean): Part {
    const pos = dollar ? q - 1 : q;
    this.i = q + 1;
    this.enter();
    const parts = this.dqParts(true);
    this.leave();
    if (this.c() !== 34) this.fail('reached EOF without closing quote "', pos);
    this.i++;
    return { type: 'dbl', parts, dollar, pos, end: this.i };
  }

  /** The parts of a double-quoted string (up to its `"`) or of a heredoc body (up to `this.to`). */
  private dqParts(quoted: boolean): Part[] {
    const parts: Part[] = [];
    let lit = -1;
    for (;;) {
      const c = this.c();
      if (c === -1) break;
      if (c === 34 && quoted) break;
      if (c === 92 && this.c(1) === C_NL) {
        lit = this.flushLit(parts, lit, this.i, false);
        this.i += 2;
        continue;
      }
      if (c === 92) {
        if (lit === -1) lit = this.i;
        this.i = Math.min(this.to, this.i + 2);
        continue;
      }
      if (c === 96) {
        lit = this.flushLit(parts, lit, this.i, false);
        parts.push(this.backquote());
        continue;
      }
      if (c === 36) {
        const at = this.i;
        const p = this.dollarPart();
        lit = this.flushLit(parts, lit, at, false);
        parts.push(p);
        continue;
      }
      if (lit === -1) lit = this.i;
      this.i++;
    }
    lit = this.flushLit(parts, lit, this.i, false);
    return parts;
  }

  /** `$...` at the cursor: an expansion, or undefined for a literal `$`. */
  private dollar(): Part | undefined {
    const pos = this.i;
    const n = this.c(1);
    if (n === 40 /* ( */) {
      if (this.c(2) === 40) {
        this.i = this.skipParens(this.i + 1, 'reached EOF without matching $(( with ))');
        return { type: 'opaque', what: 'arith', pos, end: this.i };
      }
      this.i += 1;
      const stmts = this.nested(')');
      return { type: 'cmdsubst', stmts, backquotes: false, pos, end: this.i };
    }
    if (n === 91 /* [ */) {
      const close = this.src.indexOf(']', this.i);
      if (close === -1 || close >= this.to) this.fail('reached EOF without matching $[ with ]', pos);
      this.i = close + 1;
      return { type: 'opaque', what: 'arith', pos, end: this.i };
    }
    if (n === 123 /* { */) return this.braced();
    if (isNameStart(n)) {
      let j = this.i + 2;
      while (j < this.to && isNameChar(this.src.charCodeAt(j))) j++;
      this.i = j;
      return { type: 'param', name: this.src.slice(pos + 1, j), plain: true, pos, end: j };
    }
    if (isDigit(n) || (n !== -1 && '@*#?-$!'.includes(String.fromCharCode(n)))) {
      this.i += 2;
      return { type: 'param', name: String.fromCharCode(n), plain: true, pos, end: this.i };
    }
    return undefined;
  }

  /** `${...}`. */
  private braced(): Part {
    const pos = this.i;
    this.i += 2;
    let plain = true;
    let c = this.c();
    if ((c === 35 /* # */ && this.c(1) !== 125) || c === 33 /* ! */) {
      plain = false;
      this.i++;
      c = this.c();
    }
    let name = '';
    if (isNameStart(c)) {
      const s = this.i;
      while (this.i < this.to && isNameChar(this.c())) this.i++;
      name = this.src.slice(s, this.i);
    } else if (isDigit(c)) {
      const s = this.i;
      while (this.i < this.to && isDigit(this.c())) this.i++;
      name = this.src.slice(s, this.i);
    } else if (c !== -1 && '@*#?-$!'.includes(String.fromCharCode(c))) {
      name = String.fromCharCode(c);
      this.i++;
    }
    if (this.c() !== 125) {
      plain = false;
      this.enter();
      this.skipBraced(pos);
      this.leave();
    } else this.i++;
    if (!name) plain = false;
    return { type: 'param', name, plain, pos, end: this.i };
  }

  /** Past the `}` closing a parameter expansion's operation. */
  private skipBraced(pos: number): void {
    let depth = 1;
    for (;;) {
      const c = this.c();
      if (c === -1) this.fail('reached EOF without matching ${ with }', pos);
      if (c === 92) this.i = Math.min(this.to, this.i + 2);
      else if (c === 39) this.single(this.i, false);
      else if (c === 34) this.double(this.i, false);
      else if (c === 96) this.backquote();
      else if (c === 36 && this.dollar()) continue;
      else if (c === 123) (depth++, this.i++);
      else if (c === 125) {
        this.i++;
        if (--depth === 0) return;
      } else this.i++;
    }
  }

  /** Statements from just past an opening `(` to its `)`. */
  private nested(close: ')'): Stmt[] {
    const pos = this.i - 1;
    this.i++;
    this.enter();
    const stmts = this.list(RESERVED_STOP);
    this.newlines();
    this.leave();
    if (this.c() !== 41) {
      const w = this.bare();
      if (w && RESERVED_MISUSE[w]) this.fail(RESERVED_MISUSE[w]!);
      this.fail(`reached EOF without matching ( with ${close}`, pos);
    }
    this.i++;
    return stmts;
  }

  private backquote(): Part {
    const pos = this.i;
    let j = this.i + 1;
    let escaped = false;
    while (j < this.to) {
      const c = this.src.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j += 2;
      } else if (c === 96) break;
      else j++;
    }
    if (j >= this.to) this.fail('reached EOF without closing quote `', pos);
    let stmts: Stmt[];
    this.enter();
    if (!escaped) {
      const inner = new Reader(this.src, j, pos + 1);
      inner.depth = this.depth;
      stmts = [];
      inner.program(stmts);
    } else {
      // \`, \\ and \$ are unescaped first, keeping where each character came from.
      let text = '';
      const from: number[] = [];
      for (let k = pos + 1; k < j; k++) {
        const c = this.src.charCodeAt(k);
        if (c === 92 && k + 1 < j && '\\`$'.includes(this.src[k + 1]!)) k++;
        from.push(k);
        text += this.src[k];
      }
      from.push(j);
      const inner = new Reader(text, text.length);
      inner.depth = this.depth;
      stmts = [];
      inner.program(stmts);
      relocate(stmts, from);
    }
    this.leave();
    this.i = j + 1;
    return { type: 'cmdsubst', stmts, backquotes: true, pos, end: this.i };
  }
}

/** Map every span of a subtree read from unescaped text back onto the source (`from[k]`: where character k came from). */
function relocate(node: unknown, from: number[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) relocate(x, from);
    return;
  }
  const o = node as Record<string, unknown>;
  const at = (k: number) => from[Math.max(0, Math.min(k, from.length - 1))]!;
  if (typeof o.pos === 'number') o.pos = at(o.pos);
  if (typeof o.end === 'number') o.end = o.end > 0 ? at(o.end - 1) + 1 : at(0);
  for (const k in o) if (k !== 'pos' && k !== 'end') relocate(o[k], from);
}

function isQuoted(w: Word): boolean {
  return w.parts.some((p) => p.type !== 'lit' || p.value.includes('\\'));
}

/** A heredoc delimiter's text after quote removal. */
function unquoted(src: string, w: Word): string {
  let s = '';
  for (const p of w.parts) {
    if (p.type === 'lit') s += p.value.replace(/\\(.)/gs, '$1');
    else if (p.type === 'sgl') s += p.value;
    else if (p.type === 'dbl') s += p.parts.map((q) => (q.type === 'lit' ? q.value : src.slice(q.pos, q.end))).join('');
    else s += src.slice(p.pos, p.end);
  }
  return s;
}

/** Read `text`; never throws. */
export function parseScript(text: string): ParseResult {
  const stmts: Stmt[] = [];
  const r = new Reader(text, text.length);
  try {
    r.program(stmts);
    return { stmts };
  } catch (e) {
    if (e instanceof NestFault) return { stmts, limit: { message: `nesting deeper than ${MAX_NEST} levels`, pos: e.pos, end: text.length }, error: { message: `nesting deeper than ${MAX_NEST} levels`, pos: e.pos } };
    if (e instanceof SyntaxFault) return { stmts, error: { message: `${lineCol(text, e.pos)}: ${e.message}`, pos: e.pos } };
    if (e instanceof RangeError) return { stmts, limit: { message: 'nesting too deep for the reader', pos: r.i, end: text.length }, error: { message: 'nesting too deep', pos: r.i } };
    throw e;
  }
}

function lineCol(text: string, pos: number): string {
  let line = 1;
  let last = -1;
  for (let k = text.indexOf('\n'); k !== -1 && k < pos; k = text.indexOf('\n', k + 1)) {
    line++;
    last = k;
  }
  return `${line}:${pos - last}`;
}
