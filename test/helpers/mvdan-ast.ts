/**
 * Differential testing of podlint's shell reader against mvdan/sh (the parser
 * it replaced, kept as a devDependency only for these tests): both trees are
 * projected onto what the interpreter reads (ranges, words and their parts,
 * redirections, control structure, test operators), so any difference that
 * could change the analysis shows.
 */
import { createRequire } from 'node:module';
import type { Assign, Command, Part, Redirect, Stmt, TestExpr, Word } from '../../src/analyze/shell/ast.js';

const sh = createRequire(import.meta.url)('mvdan-sh');
const syntax = sh.syntax;

const FILE_TESTS: Record<number, string> = { 88: '-e', 89: '-f', 90: '-d', 91: '-c', 92: '-b', 93: '-p', 94: '-S', 95: '-L', 96: '-k', 97: '-g', 98: '-u', 99: '-G', 100: '-O', 101: '-N', 102: '-r', 103: '-w', 104: '-x', 105: '-s', 106: '-t' };
const BIN_FILE: Record<number, string> = { 113: '-nt', 114: '-ot', 115: '-ef' };
const FILE_OPS = new Set([...Object.values(FILE_TESTS), '-h', '-a']);
const REDIR: Record<number, string> = { 54: '>', 55: '>>', 56: '<', 57: '<>', 58: '<&', 59: '>&', 60: '>|', 61: '<<', 62: '<<-', 63: '<<<', 64: '&>', 65: '&>>' };
const BIN: Record<number, string> = { 10: '&&', 11: '||', 12: '|', 13: '|&' };

function byteMapper(text: string): (b: number) => number {
  const map: number[] = [];
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (cp > 0xffff) i++;
  }
  map[b] = text.length;
  return (x) => (x >= b ? text.length : x <= 0 ? 0 : (map[x] ?? text.length));
}

/** A projection both trees map onto. */
type P = unknown;

/** mvdan/sh's tree of `text`, projected; undefined when mvdan/sh rejects the script. */
export function mvdanProjection(text: string): P[] | undefined {
  const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  let file: any;
  try {
    file = parser.Parse(text, '');
  } catch {
    return undefined;
  }
  const ch = byteMapper(text);
  const r = (n: any) => [ch(n.Pos().Offset()), ch(n.End().Offset())];
  const t = (n: any) => (n ? syntax.NodeType(n) : '');
  const list = (l: any): P[] => {
    const out: P[] = [];
    if (l) for (let i = 0; i < l.length; i++) out.push(stmt(l[i]));
    return out;
  };
  const arr = (l: any, f: (x: any) => P): P[] => {
    const out: P[] = [];
    if (l) for (let i = 0; i < l.length; i++) out.push(f(l[i]));
    return out;
  };
  const word = (w: any): P => ({ r: r(w), parts: arr(w.Parts, part) });
  const part = (p: any): P => {
    switch (t(p)) {
      case 'Lit':
        return ['lit', String(p.Value)];
      case 'SglQuoted':
        return ['sgl', String(p.Value), !!p.Dollar];
      case 'DblQuoted':
        return ['dbl', arr(p.Parts, part), !!p.Dollar];
      case 'ParamExp':
        return ['param', String(p.Param?.Value ?? ''), !(p.Excl || p.Length || p.Width || p.Index || p.Slice || p.Repl || p.Names || p.Exp)];
      case 'CmdSubst':
        return ['cmdsubst', list(p.Stmts), !!p.Backquotes];
      case 'ProcSubst':
        return ['procsubst', list(p.Stmts)];
      default:
        return ['opaque'];
    }
  };
  const assign = (a: any): P => ({ name: a.Name?.Value, value: a.Value ? word(a.Value) : undefined, array: !!a.Array, naked: !!a.Naked, partial: !!(a.Append || a.Index) });
  const test = (x: any): P => {
    switch (t(x)) {
      case 'UnaryTest':
        return ['unary', x.Op === 34 ? '!' : FILE_TESTS[x.Op] ? 'file' : 'other', test(x.X)];
      case 'BinaryTest':
        return ['binary', BIN_FILE[x.Op] ? 'file' : 'other', test(x.X), test(x.Y)];
      case 'ParenTest':
        return ['paren', test(x.X)];
      case 'Word':
        return ['word', word(x)];
      default:
        return ['?'];
    }
  };
  const cmd = (c: any): P => {
    switch (t(c)) {
      case 'CallExpr':
        return ['call', arr(c.Assigns, assign), arr(c.Args, word)];
      case 'BinaryCmd':
        return ['binary', BIN[c.Op], stmt(c.X), stmt(c.Y)];
      case 'IfClause': {
        const clauses: P[] = [];
        let els: P[] | undefined;
        let cur = c;
        while (cur) {
          if (!cur.Cond || cur.Cond.length === 0) {
            if (cur !== c) els = list(cur.Then);
            break;
          }
          clauses.push([list(cur.Cond), list(cur.Then)]);
          cur = cur.Else;
        }
        return ['if', clauses, els];
      }
      case 'WhileClause':
        return ['while', !!c.Until, list(c.Cond), list(c.Do)];
      case 'ForClause':
        return t(c.Loop) === 'WordIter' ? ['for', c.Loop.Name?.Value, arr(c.Loop.Items, word), list(c.Do)] : ['for', undefined, undefined, list(c.Do)];
      case 'CaseClause':
        return ['case', word(c.Word), arr(c.Items, (it) => list(it.Stmts))];
      case 'Block':
        return ['block', list(c.Stmts)];
      case 'Subshell':
        return ['subshell', list(c.Stmts)];
      case 'FuncDecl':
        return ['func', c.Name?.Value, stmt(c.Body)];
      case 'TimeClause':
      case 'CoprocClause':
        return ['wrap', c.Stmt ? stmt(c.Stmt) : undefined];
      case 'DeclClause':
        return ['decl', arr(c.Args, assign)];
      case 'TestClause':
        return ['test', test(c.X)];
      default:
        return ['arith'];
    }
  };
  const redir = (x: any): P => ({ op: REDIR[x.Op], word: word(x.Word), hdoc: x.Hdoc ? arr(x.Hdoc.Parts, part).filter((p: any) => p[0] !== 'lit') : undefined });
  const stmt = (s: any): P => ({ r: r(s), bg: !!s.Background, neg: !!s.Negated, cmd: s.Cmd ? cmd(s.Cmd) : undefined, redirs: arr(s.Redirs, redir) });
  return list(file.Stmts);
}

/** podlint's tree, projected the same way. */
export function podlintProjection(stmts: Stmt[]): P[] {
  const word = (w: Word): P => ({ r: [w.pos, w.end], parts: w.parts.map(part) });
  const part = (p: Part): P => {
    switch (p.type) {
      case 'lit':
        return ['lit', p.value];
      case 'sgl':
        return ['sgl', p.value, p.dollar];
      case 'dbl':
        return ['dbl', p.parts.map(part), p.dollar];
      case 'param':
        return ['param', p.name, p.plain];
      case 'cmdsubst':
        return ['cmdsubst', p.stmts.map(stmt), p.backquotes];
      case 'procsubst':
        return ['procsubst', p.stmts.map(stmt)];
      default:
        return ['opaque'];
    }
  };
  const assign = (a: Assign): P => ({ name: a.name, value: a.value ? word(a.value) : undefined, array: a.array, naked: a.naked, partial: a.partial });
  const test = (x: TestExpr): P => {
    switch (x.type) {
      case 'unary':
        return ['unary', x.op === '!' ? '!' : FILE_OPS.has(x.op) ? 'file' : 'other', test(x.x)];
      case 'binary':
        return ['binary', x.op === '-nt' || x.op === '-ot' || x.op === '-ef' ? 'file' : 'other', test(x.x), test(x.y)];
      case 'paren':
        return ['paren', test(x.x)];
      default:
        return ['word', word(x.word)];
    }
  };
  const cmd = (c: Command): P => {
    switch (c.type) {
      case 'call':
        return ['call', c.assigns.map(assign), c.args.map(word)];
      case 'binary':
        return ['binary', c.op, stmt(c.x), stmt(c.y)];
      case 'if':
        return ['if', c.clauses.map((k) => [k.cond.map(stmt), k.then.map(stmt)]), c.else?.map(stmt)];
      case 'while':
        return ['while', c.until, c.cond.map(stmt), c.body.map(stmt)];
      case 'for':
        return ['for', c.items ? c.name : undefined, c.items?.map(word), c.body.map(stmt)];
      case 'case':
        return ['case', word(c.word), c.items.map((l) => l.map(stmt))];
      case 'block':
        return ['block', c.stmts.map(stmt)];
      case 'subshell':
        return ['subshell', c.stmts.map(stmt)];
      case 'func':
        return ['func', c.name, stmt(c.body)];
      case 'wrap':
        return ['wrap', c.stmt ? stmt(c.stmt) : undefined];
      case 'decl':
        return ['decl', c.args.map(assign)];
      case 'test':
        return ['test', c.expr ? test(c.expr) : ['?']];
      default:
        return ['arith'];
    }
  };
  const redir = (x: Redirect): P => ({ op: x.op, word: word(x.word), hdoc: x.hdoc ? x.hdoc.parts.map(part).filter((p: any) => p[0] !== 'lit') : undefined });
  const stmt = (s: Stmt): P => ({ r: [s.pos, s.end], bg: s.background, neg: s.negated, cmd: s.cmd ? cmd(s.cmd) : undefined, redirs: s.redirs.map(redir) });
  return stmts.map(stmt);
}
