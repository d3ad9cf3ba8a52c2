/**
 * Running one simple command: wrappers (`exec`, `env`, `timeout` ...) are
 * stripped, then the command's model (./commands) says what it does; shells
 * with `-c` run their script through the interpreter again (nested scripts).
 */
import { findEndpoints } from '../env-endpoints.js';
import { COMMAND_MODELS, SHELLS, WRAPPER_SPECS, type WRAPPERS } from './commands/index.js';
import { runScript } from './interpreter.js';
import { base } from './paths.js';
import { Collector, copyState, sub, type State, type W } from './state.js';
import type { AnalyzeOptions, FileAccess, Located, Range, ShellWord } from './types.js';

/** Shared empty argument list (never written to). */
const NO_WORDS: W[] = [];

/** Deepest nesting of `sh -c` scripts inside scripts that is interpreted. */
export const MAX_DEPTH = 4;

export interface Ctx {
  col: Collector;
  opts: AnalyzeOptions;
  depth: number;
  /** The script being interpreted (for nested `sh -c`), src index and the byte->char map. */
  text: string;
  src: number;
}

/**
 * Where the command a wrapper (`env`, `exec`, `nice`, `timeout` ...) runs
 * starts in argv: past the wrapper's options (and their arguments), its
 * VAR=value assignments and its positional arguments. `dynamic` is set when a
 * word podlint cannot know (an unresolved expansion) stopped the scan.
 */
export function wrappedCommandStart(argv: W[], i: number, spec: (typeof WRAPPERS)[string]): { start: number; dynamic: boolean } {
  let j = i + 1;
  let skip = spec.skipPos ?? 0;
  while (j < argv.length) {
    const a = argv[j]!.value;
    if (a === undefined) return { start: j, dynamic: true };
    if (a === '--') return { start: j + 1, dynamic: false };
    if (a.startsWith('-') && a.length > 1) {
      const flag = a.replace(/^-+/, '').split('=')[0]!;
      const takes = (a.startsWith('--') ? spec.l?.includes(flag) : flag.length === 1 && spec.s?.includes(flag)) && !a.includes('=');
      j += takes ? 2 : 1;
      continue;
    }
    if (spec.envAssigns && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) {
      j++;
      continue;
    }
    if (skip > 0) {
      skip--;
      j++;
      continue;
    }
    break;
  }
  return { start: j, dynamic: false };
}

/**
 * Interpret one simple command: argv after expansion. Records file accesses,
 * endpoints, listeners and nested scripts; updates the state for `cd`.
 */
export function runArgv(argv: W[], st: State, ctx: Ctx, background: boolean, range: Range): void {
  const col = ctx.col;
  let i = 0;
  // Strip wrappers.
  for (let guard = 0; guard < 8 && i < argv.length; guard++) {
    const v = argv[i]!.value;
    if (v === undefined) break;
    const name = base(v);
    const spec = WRAPPER_SPECS.get(name);
    if (!spec) break;
    if (name === 'command' && argv[i + 1]?.value?.startsWith('-v')) return;
    // find where the wrapped command starts
    const j = wrappedCommandStart(argv, i, spec).start;
    if (j >= argv.length) return; // `env` alone prints the environment
    i = j;
  }
  if (i >= argv.length) return;
  const word0 = argv[i]!;
  const prog = word0.value;
  const name = prog === undefined ? '' : base(prog);
  const rest = i === 0 && argv.length === 1 ? NO_WORDS : argv.slice(i + 1);
  const recorded: ShellWord[] = new Array(rest.length);
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k]!;
    recorded[k] = { value: w.value, range: w.range, src: w.src };
  }
  col.commands.push({ name, program: prog, args: recorded, range, src: word0.src, background });
  if (prog === undefined) {
    col.unknown('(dynamic command)');
    return;
  }
  const read = (w: W | undefined, via = name, extra?: Partial<FileAccess>) => w && col.access('read', w, st, via, extra);
  const write = (w: W | undefined, via = name, extra?: Partial<FileAccess>) => w && col.access('write', w, st, via, extra);
  // An absolute program path is a file the container reads (executes).
  const model = COMMAND_MODELS.get(name);
  if (prog.startsWith('/') && !SHELLS.has(name) && !(model && model.modelled !== false)) read(word0, 'exec');

  if (col.functions.has(name)) return;

  if (SHELLS.has(name)) {
    shellInvocation(rest, st, ctx, name);
    return;
  }

  if (model) {
    model.run?.({ name, rest, st, ctx, col, background, range, read, write });
    return;
  }
  col.unknown(name);
  genericArgs(rest, ctx, name);
}

/** Is `name` a command whose effects podlint models (it writes and reaches only what the analysis reports)? */
export function isModelledCommand(name: string): boolean {
  const m = COMMAND_MODELS.get(name);
  return (m !== undefined && m.modelled !== false) || SHELLS.has(name) || WRAPPER_SPECS.has(name);
}

/** Flag names that configure what a program serves or advertises, not what it dials. */
const LISTEN_FLAG_RE = /listen|bind|advertis|publish|external|public|redirect|callback|issuer|origin|cors|allowed|self|serve|web\.route|base-?url|root-?url|site-?url|health-?probe|metrics-addr|port$|^host$|^address$|^addr$/i;

/** URLs and `host:port` in the arguments of a program podlint does not know. */
export function genericArgs(rest: W[], ctx: Ctx, via: string): void {
  const col = ctx.col;
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k]!;
    const v = w.value;
    if (v === undefined) continue;
    let flag: string | undefined;
    let valW: W = w;
    const m = /^--?([A-Za-z0-9][A-Za-z0-9._-]*)=/.exec(v);
    if (m) {
      flag = m[1]!;
      valW = sub(w, m[0].length, v.length);
    } else if (v.startsWith('-')) {
      continue;
    } else if (k > 0 && rest[k - 1]!.value?.startsWith('-') && !rest[k - 1]!.value!.includes('=')) {
      flag = rest[k - 1]!.value!.replace(/^-+/, '');
    }
    const listen = flag !== undefined && LISTEN_FLAG_RE.test(flag);
    if (listen) {
      // --port=8081, --listen-address=127.0.0.1:8081, --web.listen-address=:9100
      const pm = /(?:^|:)(\d{1,5})\/?$/.exec(valW.value ?? '');
      if (pm) col.listen(valW, Number(pm[1]), `--${flag}`);
      continue;
    }
    col.endpoint(valW, flag !== undefined ? `--${flag}` : via, { bare: true });
  }
}

/** `sh [opts] -c SCRIPT [$0 [$1 ...]]`, `sh FILE`, `sh` (reads stdin). */
export function shellInvocation(args: W[], st: State, ctx: Ctx, shell: string): void {
  let k = 0;
  let script = false;
  for (; k < args.length; k++) {
    const v = args[k]!.value;
    if (v === undefined) break;
    if (v === '--') {
      k++;
      break;
    }
    if (v === '-o' || v === '+o' || v === '-O' || v === '+O' || v === '--rcfile' || v === '--init-file') {
      k++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(v)) {
      if (v.startsWith('-') && v.includes('c')) script = true;
      continue;
    }
    if (v.startsWith('--')) continue;
    break;
  }
  if (script) {
    const s = args[k];
    if (!s) return;
    nestedScript(s, st, ctx, args.slice(k + 1).map((w) => w.value));
    return;
  }
  if (args[k]) {
    ctx.col.access('read', args[k]!, st, shell);
    ctx.col.unknown(`${shell} ${args[k]!.value ?? '(script)'}`);
  } else ctx.col.unknown(shell);
}

/** Interpret a script held in word `w` (a nested `sh -c`, `su -c`), when its text maps onto the source. */
export function nestedScript(w: W, st: State, ctx: Ctx, positional: (string | undefined)[]): void {
  if (w.value === undefined) {
    ctx.col.unknown('(dynamic script)');
    return;
  }
  if (ctx.depth >= MAX_DEPTH) {
    ctx.col.unknown('(dynamic script)');
    ctx.col.limit(w.src, w.range, `shell script nested more than ${MAX_DEPTH} levels deep (sh -c inside sh -c ...) is over the limit of the shell analysis; not analysed`);
    return;
  }
  if (w.lin === undefined) {
    // The script's text is not a 1:1 slice of the source (escapes, expansions):
    // analyze it, but point every item at the whole word.
    const inner = new Collector();
    inner.functions = ctx.col.functions;
    runScript(w.value, { ...ctx.opts, positional }, { col: inner, opts: ctx.opts, depth: ctx.depth + 1, text: w.value, src: w.src }, copyState(st));
    const fix = <T extends Located>(x: T): T => {
      const y: T & { portRange?: Range } = { ...x, range: w.range, src: w.src };
      if (y.portRange) y.portRange = w.range;
      return y;
    };
    ctx.col.commands.push(...inner.commands.map((c) => ({ ...fix(c), args: c.args.map(fix) })));
    ctx.col.writes.push(...inner.writes.map(fix));
    ctx.col.reads.push(...inner.reads.map(fix));
    ctx.col.endpoints.push(...inner.endpoints.map(fix));
    ctx.col.listeners.push(...inner.listeners.map(fix));
    for (const o of inner.opaque) ctx.col.unknown(o);
    ctx.col.dynamicWrites += inner.dynamicWrites;
    for (const t of inner.tested) ctx.col.tested.add(t);
    ctx.col.limits.push(...inner.limits.map(fix));
    if (inner.parseError) ctx.col.unknown('(unparsable script)');
    return;
  }
  const before = {
    commands: ctx.col.commands.length,
    writes: ctx.col.writes.length,
    reads: ctx.col.reads.length,
    endpoints: ctx.col.endpoints.length,
    listeners: ctx.col.listeners.length,
    limits: ctx.col.limits.length,
  };
  const offset = w.lin;
  const err = runScript(w.value, { ...ctx.opts, positional }, { col: ctx.col, opts: ctx.opts, depth: ctx.depth + 1, text: w.value, src: w.src }, copyState(st));
  if (err) ctx.col.unknown('(unparsable script)');
  const shift = <T extends Located & { portRange?: Range }>(x: T) => {
    x.range = [x.range[0] + offset, x.range[1] + offset];
    if (x.portRange) x.portRange = [x.portRange[0] + offset, x.portRange[1] + offset];
    x.src = w.src;
  };
  ctx.col.commands.slice(before.commands).forEach((c) => {
    shift(c);
    c.args.forEach(shift);
  });
  ctx.col.writes.slice(before.writes).forEach(shift);
  ctx.col.reads.slice(before.reads).forEach(shift);
  ctx.col.endpoints.slice(before.endpoints).forEach(shift);
  ctx.col.listeners.slice(before.listeners).forEach(shift);
  ctx.col.limits.slice(before.limits).forEach(shift);
}
