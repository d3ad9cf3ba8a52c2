/**
 * The syntax tree of a shell script as podlint's reader (parser.ts) builds it:
 * only what the interpreter (interpreter.ts) needs. Every node keeps `pos` and
 * `end`, UTF-16 offsets in the script text.
 */

export interface Span {
  pos: number;
  end: number;
}

export interface Stmt extends Span {
  /** Undefined for a statement of redirections only (`> /file`). */
  cmd?: Command;
  redirs: Redirect[];
  /** Ends with `&`. */
  background: boolean;
  /** Starts with `!`. */
  negated: boolean;
}

export type RedirOp = '>' | '>>' | '<' | '<>' | '<&' | '>&' | '>|' | '<<' | '<<-' | '<<<' | '&>' | '&>>';

export interface Redirect extends Span {
  op: RedirOp;
  /** The target (for a heredoc: its delimiter word). */
  word: Word;
  /** A heredoc's body. */
  hdoc?: Word;
}

export interface Word extends Span {
  parts: Part[];
}

export type Part =
  /** Unquoted text, as written (backslashes kept). In double quotes or a heredoc: the text between expansions. */
  | (Span & { type: 'lit'; value: string })
  /** `'...'` (value without the quotes), or `$'...'` when `dollar`. */
  | (Span & { type: 'sgl'; value: string; dollar: boolean })
  | (Span & { type: 'dbl'; parts: Part[]; dollar: boolean })
  /** `$X`, `${X}`; `plain` is false for `${X:-d}`, `${#X}`, `${X/a/b}`, `${!X}`, `${X[0]}` ... */
  | (Span & { type: 'param'; name: string; plain: boolean })
  | (Span & { type: 'cmdsubst'; stmts: Stmt[]; backquotes: boolean })
  | (Span & { type: 'procsubst'; stmts: Stmt[] })
  /** `$(( ))`, `$[ ]`, extglobs `@(...)`: a value podlint does not compute. */
  | (Span & { type: 'opaque'; what: 'arith' | 'extglob' });

export interface Assign extends Span {
  name?: string;
  value?: Word;
  /** `a=(x y)`. */
  array: boolean;
  /** `export A` (a name alone) or a flag word of `local -r`. */
  naked: boolean;
  /** `a+=x` or `a[i]=x`. */
  partial: boolean;
}

export type TestExpr =
  | { type: 'unary'; op: string; x: TestExpr }
  | { type: 'binary'; op: string; x: TestExpr; y: TestExpr }
  | { type: 'paren'; x: TestExpr }
  | { type: 'word'; word: Word };

export type Command =
  | (Span & { type: 'call'; assigns: Assign[]; args: Word[] })
  | (Span & { type: 'binary'; op: '&&' | '||' | '|' | '|&'; x: Stmt; y: Stmt })
  | (Span & { type: 'if'; clauses: { cond: Stmt[]; then: Stmt[] }[]; else?: Stmt[] })
  | (Span & { type: 'while'; until: boolean; cond: Stmt[]; body: Stmt[] })
  /** `for x in a b`, `for x` (items empty), `select`; `items` undefined for `for ((;;))`. */
  | (Span & { type: 'for'; name?: string; items?: Word[]; body: Stmt[] })
  | (Span & { type: 'case'; word: Word; items: Stmt[][] })
  | (Span & { type: 'block'; stmts: Stmt[] })
  | (Span & { type: 'subshell'; stmts: Stmt[] })
  | (Span & { type: 'func'; name: string; body: Stmt })
  /** `time PIPELINE`, `coproc CMD`. */
  | (Span & { type: 'wrap'; stmt?: Stmt })
  /** `export`, `local`, `declare`, `readonly`, `typeset`, `nameref`. */
  | (Span & { type: 'decl'; args: Assign[] })
  /** `[[ ... ]]`. */
  | (Span & { type: 'test'; expr?: TestExpr })
  /** `(( ))`, `let`: arithmetic, no file or network effect. */
  | (Span & { type: 'arith' });

export interface ParseResult {
  stmts: Stmt[];
  /** Set when the reader stopped early; `stmts` then holds the complete statements before that point. */
  error?: { message: string; pos: number };
  /** Set when the nesting limit stopped the reader. */
  limit?: { message: string; pos: number; end: number };
}
