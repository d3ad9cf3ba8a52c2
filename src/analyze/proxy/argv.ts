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
}

function wordOf(value: string, text: EmbeddedText, map: number[] | undefined): Word {
  // map[i] is the index in `text.text` of value[i]; map[value.length] is the end.
  const at = (i: number) => (map ? map[Math.max(0, Math.min(i, map.length - 1))]! : i);
  return {
    value,
    ref(start = 0, end = value.length) {
      return text.ref(at(start), end > start ? at(end - 1) + 1 : at(start));
    },
    exact(start, end) {
      const s = at(start);
      const e = end > start ? at(end - 1) + 1 : s;
      if (e - s !== end - start) return undefined; // escapes or quotes inside: not a plain slice
      return text.exact(s, e);
    },
  };
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

export function base(cmd: string): string {
  return cmd.slice(cmd.lastIndexOf('/') + 1);
}

interface Lexed {
  value: string;
  map: number[];
}

/** Split a shell script into simple commands of words. Never throws. */
export function lexShell(script: string): Lexed[][] {
  const cmds: Lexed[][] = [];
  let cur: Lexed[] = [];
  let word: Lexed | undefined;
  const push = (ch: string, at: number) => {
    if (!word) word = { value: '', map: [] };
    word.value += ch;
    word.map.push(at);
  };
  const endWord = () => {
    if (word) cur.push(word);
    word = undefined;
  };
  const endCmd = () => {
    endWord();
    if (cur.length) cmds.push(cur);
    cur = [];
  };
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCmd();
      i++;
    } else if (c === '#' && !word) {
      while (i < n && script[i] !== '\n') i++;
    } else if (c === '\\') {
      if (script[i + 1] === '\n') i += 2;
      else {
        if (i + 1 < n) push(script[i + 1]!, i + 1);
        i += 2;
      }
    } else if (c === "'") {
      if (!word) word = { value: '', map: [] };
      i++;
      while (i < n && script[i] !== "'") push(script[i]!, i++);
      i++;
    } else if (c === '"') {
      if (!word) word = { value: '', map: [] };
      i++;
      while (i < n && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < n && '$`"\\\n'.includes(script[i + 1]!)) {
          if (script[i + 1] !== '\n') push(script[i + 1]!, i + 1);
          i += 2;
        } else push(script[i]!, i++);
      }
      i++;
    } else if (c === '$' && script[i + 1] === '(') {
      // command substitution: keep it verbatim inside the word
      let depth = 0;
      while (i < n) {
        const d = script[i]!;
        if (d === '(') depth++;
        else if (d === ')') depth--;
        push(d, i++);
        if (depth === 0 && d === ')') break;
      }
    } else if (c === '`') {
      push(c, i++);
      while (i < n && script[i] !== '`') push(script[i]!, i++);
      if (i < n) push('`', i++);
    } else push(c, i++);
  }
  endCmd();
  return cmds;
}

const cache = new WeakMap<ContainerInfo, CommandLine[]>();

/** Words of a scalar node holding `value`. */
function scalarWord(c: ContainerInfo, node: Node | undefined, value: string): Word | undefined {
  if (!node || !isScalar(node)) return undefined;
  return wordOf(value, scalarText(c.resource.file, node, value), undefined);
}

/** The command lines of a container: its argv, and the commands of the script it runs with `sh -c`. */
export function commandLines(c: ContainerInfo): CommandLine[] {
  const hit = cache.get(c);
  if (hit) return hit;
  const out: CommandLine[] = [];
  const words = (field: 'command' | 'args'): Word[] | undefined => {
    const v = (c.spec as any)[field];
    if (!Array.isArray(v)) return undefined;
    const lazy = c.resource.lazy === true;
    const seq = lazy ? undefined : locate(c.resource.node, [...c.path, field])?.node;
    return v.map((x, i) => {
      const value = typeof x === 'string' ? x : x == null ? '' : String(x);
      // a lazy resource's non-collection items are scalar nodes, found when a position is asked for
      if (lazy && (x === null || typeof x !== 'object')) return wordOf(value, scalarText(c.resource.file, nodeThunk(c.resource, [...c.path, field, i]), value), undefined);
      const node = seq && isSeq(seq) ? (seq.items[i] as Node | undefined) : undefined;
      return (
        scalarWord(c, node, value) ?? {
          value,
          ref: () => ({ file: c.resource.file, range: [0, 0] as [number, number] }),
          exact: () => undefined,
        }
      );
    });
  };
  try {
    const cmd = words('command');
    const args = words('args') ?? [];
    const argv = [...(cmd ?? []), ...args];
    if (argv.length) out.push({ words: argv, inScript: false, implicitEntrypoint: !cmd });
    // sh -c 'script' [$0 args...]
    let k = 0;
    while (k < argv.length && (base(argv[k]!.value) === 'busybox' || base(argv[k]!.value) === 'env' || base(argv[k]!.value) === 'tini' || argv[k]!.value === '--')) k++;
    if (k < argv.length && SHELLS.has(base(argv[k]!.value))) {
      for (let j = k + 1; j < argv.length; j++) {
        const w = argv[j]!.value;
        if (!w.startsWith('-')) break;
        if (/^-[a-z]*$/.test(w) && w.includes('c') && j + 1 < argv.length) {
          const scriptWord = argv[j + 1]!;
          const scriptText = scriptEmbedded(scriptWord);
          for (const lexed of lexShell(scriptWord.value)) {
            out.push({ words: lexed.map((l) => wordOf(l.value, scriptText, [...l.map, (l.map[l.map.length - 1] ?? 0) + 1])), inScript: true, implicitEntrypoint: false });
          }
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
 */
export function invocations(c: ContainerInfo, program: (name: string) => boolean): { words: Word[]; line: CommandLine }[] {
  const out: { words: Word[]; line: CommandLine }[] = [];
  for (const line of commandLines(c)) {
    let i = 0;
    const w = line.words;
    // skip wrappers and assignments: exec, nohup, env, VAR=value, timeout N
    while (i < w.length) {
      const v = w[i]!.value;
      if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(v) || v === 'exec' || v === 'nohup' || v === 'command' || base(v) === 'env' || base(v) === 'tini' || v === '--' || base(v) === 'dumb-init' || base(v) === 'docker-entrypoint.sh') i++;
      else break;
    }
    if (i < w.length && program(base(w[i]!.value))) out.push({ words: w.slice(i + 1), line });
  }
  return out;
}
