/**
 * The command lines a container runs, as words that keep their position in
 * the manifest: the exec-form `command` + `args`, and the simple commands of
 * an `sh -c` script (a small shell lexer: quotes, escapes, `;`, `&&`, `||`,
 * `|`, `&`, newlines, comments). Enough to find `socat` and proxy binaries
 * with their flags; not a full shell parser.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import type { ContainerInfo } from '../../graph/model.js';
import { locate, nodeThunk } from '../../load/nodes.js';
import { scalarText, type EmbeddedText, type TextRef } from './files.js';

/** One word of a command line with a map back to the manifest. */
export interface Word {
  value: string;
  /** Range in the manifest of value[start, end). */
  ref(start?: number, end?: number): TextRef;
  /** File offsets of value[start, end) when the file holds exactly those characters there. */
  exact(start: number, end: number): [number, number] | undefined;
}

export interface CommandLine {
  words: Word[];
  /** Found inside a shell script (`sh -c`). */
  inScript: boolean;
  /** The image's entrypoint runs first (no `command` set; `words` are the `args`). */
  implicitEntrypoint: boolean;
  /** Where the program starts once wrappers are skipped, and its base name: found once (invocations() asks per proxy kind). */
  program?: { index: number; name: string };
}

/**
 * A word of a script: `runs` are [start, end) pairs of the characters of
 * `text.text` it is made of, in order (quotes and escapes leave gaps), so the
 * word keeps its positions without one number per character. Positions are
 * mapped only when a finding asks for them (ref, exact).
 */
class ScriptWord implements Word {
  constructor(
    readonly value: string,
    private readonly text: EmbeddedText,
    private readonly runs: readonly number[],
  ) {}

  /** Index in `text.text` of value[i] (clamped); value.length maps to just after the last character. */
  private at(i: number): number {
    const r = this.runs;
    if (r.length === 0) return 1;
    let k = Math.max(0, Math.min(i, this.value.length));
    for (let j = 0; j < r.length; j += 2) {
      const len = r[j + 1]! - r[j]!;
      if (k < len) return r[j]! + k;
      k -= len;
    }
    return r[r.length - 1]!;
  }

  ref(start = 0, end = this.value.length): TextRef {
    return this.text.ref(this.at(start), end > start ? this.at(end - 1) + 1 : this.at(start));
  }

  exact(start: number, end: number): [number, number] | undefined {
    const s = this.at(start);
    const e = end > start ? this.at(end - 1) + 1 : s;
    if (e - s !== end - start) return undefined; // escapes or quotes inside: not a plain slice
    return this.text.exact(s, e);
  }
}

/** A word of the exec form (an item of `command` or `args`): its scalar node is found only when a position is asked for. */
class ArgvWord implements Word {
  private embedded: EmbeddedText | null | undefined;

  constructor(
    readonly value: string,
    private readonly c: ContainerInfo,
    private readonly field: 'command' | 'args',
    private readonly index: number,
    /** The item is a scalar value (not a collection) in the resource's plain data. */
    private readonly scalarItem: boolean,
  ) {}

  private text(): EmbeddedText | null {
    if (this.embedded !== undefined) return this.embedded;
    const c = this.c;
    const path = [...c.path, this.field, this.index];
    if (c.resource.lazy === true) {
      // a lazy resource's non-collection items are scalar nodes, found when a position is asked for
      return (this.embedded = this.scalarItem ? scalarText(c.resource.file, nodeThunk(c.resource, path), this.value) : null);
    }
    const seq = locate(c.resource.node, [...c.path, this.field])?.node;
    const node = seq && isSeq(seq) ? (seq.items[this.index] as Node | undefined) : undefined;
    return (this.embedded = node && isScalar(node) ? scalarText(c.resource.file, node, this.value) : null);
  }

  ref(start = 0, end = this.value.length): TextRef {
    const t = this.text();
    return t ? t.ref(start, end > start ? end : start) : { file: this.c.resource.file, range: [0, 0] };
  }

  exact(start: number, end: number): [number, number] | undefined {
    const t = this.text();
    if (!t || end < start) return undefined;
    return t.exact(start, end);
  }
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

export function base(cmd: string): string {
  return cmd.slice(cmd.lastIndexOf('/') + 1);
}

/** A lexed word: its value and the [start, end) runs of script characters it is made of. */
export class Lexed {
  constructor(
    readonly value: string,
    readonly runs: readonly number[],
  ) {}

  /** map[i] is the index in the script of value[i]. */
  get map(): number[] {
    const out: number[] = [];
    for (let j = 0; j < this.runs.length; j += 2) for (let i = this.runs[j]!; i < this.runs[j + 1]!; i++) out.push(i);
    return out;
  }
}

/** Split a shell script into simple commands of words. Never throws. */
export function lexShell(script: string): Lexed[][] {
  const cmds: Lexed[][] = [];
  let cur: Lexed[] = [];
  // the word being read: its runs of script characters, or undefined between words
  let runs: number[] | undefined;
  // every character of a word is script[at] for increasing `at`: extend the last run or start one
  const push = (at: number) => {
    if (!runs) runs = [];
    const n = runs.length;
    if (n && runs[n - 1] === at) runs[n - 1] = at + 1;
    else runs.push(at, at + 1);
  };
  const endWord = () => {
    if (runs) {
      let value = '';
      for (let j = 0; j < runs.length; j += 2) value += script.slice(runs[j], runs[j + 1]);
      cur.push(new Lexed(value, runs));
    }
    runs = undefined;
  };
  const endCmd = () => {
    endWord();
    if (cur.length) cmds.push(cur);
    cur = [];
  };
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script.charCodeAt(i);
    if (c === 32 /* space */ || c === 9 /* tab */) {
      endWord();
      i++;
    } else if (c === 10 /* \n */ || c === 59 /* ; */ || c === 38 /* & */ || c === 124 /* | */ || c === 40 /* ( */ || c === 41 /* ) */) {
      endCmd();
      i++;
    } else if (c === 35 /* # */ && !runs) {
      while (i < n && script.charCodeAt(i) !== 10) i++;
    } else if (c === 92 /* \ */) {
      if (script.charCodeAt(i + 1) === 10) i += 2;
      else {
        if (i + 1 < n) push(i + 1);
        i += 2;
      }
    } else if (c === 39 /* ' */) {
      if (!runs) runs = [];
      i++;
      while (i < n && script.charCodeAt(i) !== 39) push(i++);
      i++;
    } else if (c === 34 /* " */) {
      if (!runs) runs = [];
      i++;
      while (i < n && script.charCodeAt(i) !== 34) {
        const d = script.charCodeAt(i + 1);
        if (script.charCodeAt(i) === 92 && i + 1 < n && (d === 36 /* $ */ || d === 96 /* ` */ || d === 34 || d === 92 || d === 10)) {
          if (d !== 10) push(i + 1);
          i += 2;
        } else push(i++);
      }
      i++;
    } else if (c === 36 /* $ */ && script.charCodeAt(i + 1) === 40) {
      // command substitution: keep it verbatim inside the word
      let depth = 0;
      while (i < n) {
        const d = script.charCodeAt(i);
        if (d === 40) depth++;
        else if (d === 41) depth--;
        push(i++);
        if (depth === 0 && d === 41) break;
      }
    } else if (c === 96 /* ` */) {
      push(i++);
      while (i < n && script.charCodeAt(i) !== 96) push(i++);
      if (i < n) push(i++);
    } else push(i++);
  }
  endCmd();
  return cmds;
}

/** A container's exec-form line and the `sh -c` script word in it; the script is lexed only when asked. */
interface Parsed {
  argv?: CommandLine;
  script?: Word;
  lines?: CommandLine[];
  /** The script without quotes, backslashes and newlines (which lexing may drop from inside a word). */
  plain?: string;
  /** `[argv]`: the lines of a script that names none of a program's names. */
  argvOnly?: CommandLine[];
}

const cache = new WeakMap<ContainerInfo, Parsed>();

function parsed(c: ContainerInfo): Parsed {
  const hit = cache.get(c);
  if (hit) return hit;
  const out: Parsed = {};
  const words = (field: 'command' | 'args'): Word[] | undefined => {
    const v = (c.spec as any)[field];
    if (!Array.isArray(v)) return undefined;
    return v.map((x, i) => new ArgvWord(typeof x === 'string' ? x : x == null ? '' : String(x), c, field, i, x === null || typeof x !== 'object'));
  };
  try {
    const cmd = words('command');
    const args = words('args') ?? [];
    const argv = [...(cmd ?? []), ...args];
    if (argv.length) out.argv = { words: argv, inScript: false, implicitEntrypoint: !cmd };
    // sh -c 'script' [$0 args...]
    let k = 0;
    while (k < argv.length && (base(argv[k]!.value) === 'busybox' || base(argv[k]!.value) === 'env' || base(argv[k]!.value) === 'tini' || argv[k]!.value === '--')) k++;
    if (k < argv.length && SHELLS.has(base(argv[k]!.value))) {
      for (let j = k + 1; j < argv.length; j++) {
        const w = argv[j]!.value;
        if (!w.startsWith('-')) break;
        if (/^-[a-z]*$/.test(w) && w.includes('c') && j + 1 < argv.length) {
          out.script = argv[j + 1]!;
          break;
        }
      }
    }
  } catch {
    // bad input never breaks the analysis
  }
  cache.set(c, out);
  return out;
}

/** The command lines of a container: its argv, and the commands of the script it runs with `sh -c`. */
export function commandLines(c: ContainerInfo): CommandLine[] {
  const p = parsed(c);
  if (p.lines) return p.lines;
  const out: CommandLine[] = p.argv ? [p.argv] : [];
  if (p.script) {
    const scriptText = scriptEmbedded(p.script);
    for (const lexed of lexShell(p.script.value)) {
      out.push({ words: lexed.map((l) => new ScriptWord(l.value, scriptText, l.runs)), inScript: true, implicitEntrypoint: false });
    }
  }
  return (p.lines = out);
}

/** The container's exec-form command line (`command` + `args`), the first of commandLines(), without lexing its script. */
export function argvLine(c: ContainerInfo): CommandLine | undefined {
  return parsed(c).argv;
}

/** A word's text as an EmbeddedText, for lexing a script inside it. */
function scriptEmbedded(w: Word): EmbeddedText {
  const whole = w.ref(0, w.value.length);
  return {
    text: w.value,
    file: whole.file,
    ref: (s, e) => w.ref(s, e),
    exact: (s, e) => w.exact(s, e),
  };
}

/**
 * The words after a program's name in the container's command lines, for
 * every invocation of `program` (matched by base name). `argsOnly` command
 * lines (no `command`, image entrypoint) are returned when `entrypoint` says the
 * image runs `program` itself.
 *
 * `names`, when given, are strings one of which every name `program` accepts
 * contains: a script that contains none of them (once quotes, backslashes and
 * newlines, which lexing drops from inside words, are taken out) cannot
 * invoke it, and is not lexed.
 */
export function invocations(c: ContainerInfo, program: (name: string) => boolean, names?: readonly string[]): { words: Word[]; line: CommandLine }[] {
  const out: { words: Word[]; line: CommandLine }[] = [];
  const lines = linesNaming(c, names);
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l]!;
    const start = (line.program ??= programStart(line.words));
    if (start.index < line.words.length && program(start.name)) out.push({ words: line.words.slice(start.index + 1), line });
  }
  return out;
}

/** The first word after wrappers and assignments (exec, nohup, env, VAR=value ...), and its base name. */
function programStart(w: Word[]): { index: number; name: string } {
  let i = 0;
  while (i < w.length) {
    const v = w[i]!.value;
    const b = base(v);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v) || v === 'exec' || v === 'nohup' || v === 'command' || b === 'env' || b === 'tini' || v === '--' || b === 'dumb-init' || b === 'docker-entrypoint.sh') i++;
    else break;
  }
  return { index: i, name: i < w.length ? base(w[i]!.value) : '' };
}

/**
 * commandLines(), or only the exec-form line when the script cannot name a
 * program of `names`, or none when no string of `command` and `args` can (a
 * program's name is in its word, and its word is in one of those strings
 * once quotes, backslashes and newlines are taken out): most containers run
 * no proxy, and then their words are never made.
 */
function linesNaming(c: ContainerInfo, names: readonly string[] | undefined): CommandLine[] {
  if (names && !specNames(c, names)) return NO_LINES;
  const p = parsed(c);
  if (!names || !p.script || p.lines) return commandLines(c);
  const plain = (p.plain ??= p.script.value.replace(/['"\\\n]/g, ''));
  for (let i = 0; i < names.length; i++) if (plain.includes(names[i]!)) return commandLines(c);
  return (p.argvOnly ??= p.argv ? [p.argv] : []);
}

const NO_LINES: CommandLine[] = [];

/** Does a string of the container's `command` or `args` contain one of `names`, quotes, backslashes and newlines ignored? */
export function specNames(c: ContainerInfo, names: readonly string[]): boolean {
  const spec = c.spec as unknown as Record<string, unknown>;
  return listNames(spec.command, names) || listNames(spec.args, names);
}

function listNames(v: unknown, names: readonly string[]): boolean {
  if (!Array.isArray(v)) return false;
  const re = looseNames(names);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    // a number or boolean element is read as its text: no program name in it
    if (typeof x === 'string' && re.test(x)) return true;
  }
  return false;
}

const looseCache = new Map<readonly string[], RegExp>();

/**
 * One pattern for all of `names`, each with any of ' " \\ and newlines allowed between its letters
 * (`s['"\\\n]*o['"\\\n]*c...`): a match is a name in the text once those are taken out. One native
 * scan of a script instead of a loop per name over every occurrence of its first letter (a common letter
 * in a long script is many steps of code V8 has mostly not optimized). Names are program names: letters,
 * digits, `-`, `_`, `.`.
 */
export function looseNames(names: readonly string[]): RegExp {
  let re = looseCache.get(names);
  if (!re) {
    const gap = `['"\\\\\\n]*`;
    const esc = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
    re = new RegExp(names.map((n) => [...n].map(esc).join(gap)).join('|'));
    if (looseCache.size >= 64) looseCache.clear(); // callers pass constant lists; bounded all the same
    looseCache.set(names, re);
  }
  return re;
}
