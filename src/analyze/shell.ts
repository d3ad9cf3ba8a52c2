/**
 * What a container's command does to files and to the network, read from its
 * `command`/`args` (and the exec commands of its lifecycle hooks and probes).
 *
 * Public API
 * ----------
 * - `analyzeCommand(c: ContainerInfo): CommandAnalysis | undefined`
 *   The container's main process (`command` + `args`). A shell invocation
 *   (`sh|bash|ash|dash|zsh|ksh [-opts] -c SCRIPT [$0 [$1 ...]]`, also `-ec`,
 *   `-xc`, `/bin/sh -c`, `command: [sh, -c]` + `args: [SCRIPT]`, `env`/`tini`/
 *   `dumb-init`/`exec` wrappers) is parsed with a real shell parser (mvdan/sh,
 *   bash dialect); any other program is read as a bare exec form. Undefined
 *   when the container sets neither `command` nor `args`.
 * - `analyzeExecs(c): CommandAnalysis[]` the main process plus the exec
 *   commands of `lifecycle.postStart/preStop` and the probes.
 * - `analyzeScript(script, opts?)` / `analyzeArgv(argv, opts?)` pure versions
 *   over plain strings (ranges are offsets in the script, or in argv[src]).
 *
 * A `CommandAnalysis` holds:
 * - `commands`: every simple command run (after wrappers such as `exec`,
 *   `nohup`, `env`, `timeout` are stripped), `{ name, args, range }`, where
 *   `args` are words with their literal `value` (undefined when dynamic);
 *   e.g. part B finds `socat TCP-LISTEN:8080,fork TCP:svc:80` here;
 * - `writes` / `reads`: files written (`>`, `>>`, `tee`, `cp`/`mv`/`install`
 *   targets, `touch`, `mkdir`, `dd of=`, `sed -i`, `curl -o`, `wget -O` ...) and
 *   read (`<`, `cat`, `tail`, `head`, `grep`, `sed`, `awk`, `jq`, `cp` sources,
 *   `source`, scripts run by an interpreter, `[ -f X ]` tests (optional reads),
 *   `until [ -e X ]` waits ...);
 * - `endpoints`: network peers (`curl`, `wget`, `nc`, `telnet`, `redis-cli`,
 *   `psql`, `mysql`, `socat TCP:`, URLs and `host:port` in other programs'
 *   flags), with the scheme's default port when none is written;
 * - `opaque`: programs whose effect on files podlint does not model (a server,
 *   a script file, `eval` ...): such a container may write anything.
 *
 * Every item keeps `range` (offsets in the scalar it came from: the script,
 * or one argv element), `path` (YAML path of that scalar inside the resource)
 * and `fileRange` (offsets in the manifest), so findings point at the exact
 * place inside a block-scalar script.
 *
 * Paths: variables assigned literally in the script (`d=/out`), positional
 * parameters after `-c SCRIPT`, container `env` entries with a literal
 * `value`, and Kubernetes `$(VAR)` references are resolved; a path that still
 * holds an unresolved expansion is skipped (and counted in `dynamicWrites`).
 * Relative paths are resolved against the script's `cd`, else `workingDir`;
 * when neither is known `abs` is undefined and `cwd.kind` says why
 * (`image`: the image's WORKDIR, which podlint cannot see).
 */
import { createRequire } from 'node:module';
import type { Node } from 'yaml';
import type { ContainerInfo } from '../graph/model.js';
import { locate, type Path } from '../load/nodes.js';
import { DEFAULT_PORTS, findEndpoints, toFile } from './env-endpoints.js';

// ---------------------------------------------------------------------------
// Public types

export type Range = [number, number];

export interface Located {
  /** Offsets in the text of the scalar the item came from (script or argv element). */
  range: Range;
  /** Index of that text: 0 for a script; for an exec form, the argv index. */
  src: number;
  /** YAML path (inside the resource) of the scalar. Set by the container-level functions. */
  path?: Path;
  /** Offsets in the manifest file. Set by the container-level functions. */
  fileRange?: Range;
}

export interface ShellWord extends Located {
  /** Literal value after quote removal and variable resolution; undefined when dynamic. */
  value?: string;
}

export interface ShellCommand extends Located {
  /** Program name (basename of argv[0]), or '' when argv[0] is dynamic. */
  name: string;
  /** argv[0] as written (resolved), e.g. `/bin/cat`. */
  program?: string;
  args: ShellWord[];
  /** Runs in the background (`&`). */
  background: boolean;
}

export type CwdKind = 'absolute' | 'script' | 'workingDir' | 'image' | 'dynamic';

export interface FileAccess extends Located {
  /** The path as resolved from the word (may be relative). */
  value: string;
  /** Absolute, normalized path; undefined when relative to an unknown directory. */
  abs?: string;
  /** How a relative path was resolved: `absolute` (it was not relative), `script` (after `cd`), `workingDir`, `image` (unknown WORKDIR), `dynamic` (a `cd` podlint could not follow). */
  cwd: CwdKind;
  /** The directory a relative path was resolved against, when known. */
  cwdDir?: string;
  kind: 'read' | 'write';
  /** What made it an access: `>`, `>>`, `<`, `tee`, `cat`, `cp`, `test`, `wait`, `exec` ... */
  via: string;
  /** The path is a directory. */
  dir?: boolean;
  /** A write of unknown files somewhere under this directory (`cp -r`, `tar -x -C`, a glob source). */
  any?: boolean;
  /** For a `cp SRC DST`-style write: the file name written when DST is a directory. */
  into?: string;
  /** Contains glob characters (`*`, `?`, `[`). */
  glob?: boolean;
  /** A read that only happens if the file exists (`[ -f X ] && cat X`). */
  optional?: boolean;
}

export interface Endpoint extends Located {
  host: string;
  port: number | undefined;
  explicitPort: boolean;
  scheme?: string;
  /** The client: `curl`, `wget`, `nc`, `redis-cli` ..., or `--flag` / the program name for other programs' arguments. */
  via: string;
  /** When host and port are separate words (`nc HOST PORT`, `redis-cli -h HOST -p PORT`): the port word. */
  portRange?: Range;
}

/** A port some command of the script listens on (`nc -l -p 8080`, `python -m http.server 8000` ...). */
export interface ShellListener extends Located {
  port: number;
  via: string;
}

export interface ScriptAnalysis {
  commands: ShellCommand[];
  writes: FileAccess[];
  reads: FileAccess[];
  endpoints: Endpoint[];
  listeners: ShellListener[];
  /** Names of programs whose file effects are not modelled (they may write anything). */
  opaque: string[];
  /** Writes whose target could not be resolved (a variable, a command substitution). */
  dynamicWrites: number;
  /** Set when the script could not be parsed (nothing else is then reported). */
  parseError?: string;
}

export interface CommandAnalysis extends ScriptAnalysis {
  container: ContainerInfo;
  /** Where the command comes from. */
  origin: 'command' | 'postStart' | 'preStop' | 'livenessProbe' | 'readinessProbe' | 'startupProbe';
  form: 'shell' | 'exec';
  /** For a shell form: the script and the YAML path of its scalar. */
  script?: { text: string; path: Path; shell: string };
  /** YAML paths of the argv elements (command then args). */
  argvPaths: Path[];
}

export interface AnalyzeOptions {
  /** Known variables (container env with literal values); null = set but unknown. */
  env?: Record<string, string | null>;
  /** Names of the container's env variables (for Kubernetes `$(VAR)` references). */
  envNames?: Set<string>;
  /** Container workingDir. */
  workingDir?: string;
  /** Positional parameters $0, $1 ... */
  positional?: (string | undefined)[];
}

// ---------------------------------------------------------------------------
// mvdan-sh (GopherJS): loaded lazily, once.

let shLib: any;
function sh(): any {
  if (!shLib) shLib = createRequire(import.meta.url)('mvdan-sh');
  return shLib;
}

const MAX_SCRIPT = 200_000;
const MAX_DEPTH = 4;

// Token values of mvdan/sh v3 (syntax/tokens.go), checked against the package in tests.
const OP = {
  and: 10,
  or: 11,
  pipe: 12,
  pipeAll: 13,
  rdrOut: 54,
  appOut: 55,
  rdrIn: 56,
  rdrInOut: 57,
  dplIn: 58,
  dplOut: 59,
  clbOut: 60,
  hdoc: 61,
  dashHdoc: 62,
  wordHdoc: 63,
  rdrAll: 64,
  appAll: 65,
} as const;
/** UnaryTest operators that test a file. */
const FILE_TESTS = new Set([88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106]);
const BINARY_FILE_TESTS = new Set([113, 114, 115]);

// ---------------------------------------------------------------------------
// Paths

export function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/') || (abs ? '/' : '.');
}

function joinPath(dir: string, rel: string): string {
  return normalizePath(`${dir}/${rel}`);
}

const GLOB_RE = /[*?[]/;

// ---------------------------------------------------------------------------
// Interpreter state

interface Cwd {
  kind: CwdKind;
  dir?: string;
}
interface State {
  vars: Map<string, string | null>;
  cwd: Cwd;
}
const copyState = (s: State): State => ({ vars: new Map(s.vars), cwd: { ...s.cwd } });

/** A word being interpreted. */
interface W {
  value?: string;
  range: Range;
  src: number;
  /** Offset (in src) where value[0] sits when the value maps 1:1 onto the source. */
  lin?: number;
  glob?: boolean;
}

/** A word standing for a value derived from `w` (same place, other text). */
function derived(w: W, value: string): W {
  return { value, src: w.src, range: w.lin !== undefined && w.value !== undefined ? [w.lin, w.lin + w.value.length] : w.range };
}

function sub(w: W, start: number, end: number): W {
  const value = w.value?.slice(start, end);
  if (w.lin !== undefined) return { value, range: [w.lin + start, w.lin + end], src: w.src, lin: w.lin + start, glob: value !== undefined && GLOB_RE.test(value) && w.glob };
  return { value, range: w.range, src: w.src, glob: w.glob };
}

class Collector implements ScriptAnalysis {
  commands: ShellCommand[] = [];
  writes: FileAccess[] = [];
  reads: FileAccess[] = [];
  endpoints: Endpoint[] = [];
  listeners: ShellListener[] = [];
  opaque: string[] = [];
  dynamicWrites = 0;
  parseError?: string;
  /** Paths tested with `[ -f X ]` outside wait loops: reads of them are optional. */
  tested = new Set<string>();
  functions = new Set<string>();

  access(kind: 'read' | 'write', w: W, st: State, via: string, extra: Partial<FileAccess> = {}): void {
    if (w.value === undefined) {
      if (kind === 'write') this.dynamicWrites++;
      return;
    }
    const value = w.value;
    if (!value || value === '-' || /[\0\n]/.test(value) || value.length > 4096) return;
    if (value.startsWith('~')) return;
    let abs: string | undefined;
    let cwd: CwdKind = 'absolute';
    let cwdDir: string | undefined;
    if (value.startsWith('/')) abs = normalizePath(value);
    else {
      cwd = st.cwd.kind;
      cwdDir = st.cwd.dir;
      if (cwdDir !== undefined && (cwd === 'script' || cwd === 'workingDir' || cwd === 'absolute')) abs = joinPath(cwdDir, value);
    }
    const range: Range = w.lin !== undefined ? [w.lin, w.lin + value.length] : w.range;
    const list = kind === 'read' ? this.reads : this.writes;
    // A loop body interpreted once per item: keep one item per place and path.
    if (list.some((x) => x.src === w.src && x.range[0] === range[0] && x.range[1] === range[1] && x.value === value && x.via === via && x.abs === abs)) return;
    const item: FileAccess = { value, abs, cwd, cwdDir, kind, via, range, src: w.src, ...extra };
    if (w.glob || GLOB_RE.test(value)) item.glob = true;
    list.push(item);
  }

  endpoint(w: W, via: string, opts: { bare?: boolean; defaultScheme?: string } = {}): void {
    if (w.value === undefined) return;
    const v = w.value;
    let ms = findEndpoints(v, { bare: opts.bare });
    if (opts.defaultScheme && ms.length === 0 && !v.includes('://')) {
      // curl localhost:8080/x, curl localhost
      const m = /^([^\s/?#]+)/.exec(v);
      if (m && !m[1]!.includes('$')) {
        const hp = findEndpoints(m[1]!.includes(':') ? m[1]! : `${m[1]}:${DEFAULT_PORTS[opts.defaultScheme]}`, { bare: true });
        if (hp.length === 1) {
          const e = hp[0]!;
          const explicit = m[1]!.includes(':');
          ms = [{ ...e, explicitPort: explicit, scheme: opts.defaultScheme, start: 0, end: m[1]!.length }];
        }
      }
    }
    for (const m of ms) {
      const r = sub(w, m.start, m.end);
      this.endpoints.push({ host: m.host, port: m.port, explicitPort: m.explicitPort, scheme: m.scheme, via, range: r.range, src: r.src });
    }
  }

  hostPort(hostW: W | undefined, portW: W | undefined, via: string, defaultPort?: number, defaultHost?: string): void {
    const host = hostW ? hostW.value : defaultHost;
    if (host === undefined || !host || !/^[A-Za-z0-9_.:\[\]-]+$/.test(host)) return;
    let port = defaultPort;
    let explicit = false;
    if (portW) {
      if (portW.value === undefined || !/^\d{1,5}$/.test(portW.value)) return;
      port = Number(portW.value);
      explicit = true;
    }
    if (port === undefined || port < 1 || port > 65535) return;
    const at = hostW ?? portW;
    if (!at) return;
    const ep: Endpoint = { host, port, explicitPort: explicit, via, range: at.range, src: at.src };
    if (hostW && portW && portW.src === hostW.src) {
      ep.portRange = portW.range;
      if (portW.range[0] > hostW.range[0]) ep.range = [hostW.range[0], portW.range[1]];
    }
    this.endpoints.push(ep);
  }

  listen(w: W, port: number, via: string): void {
    if (port >= 1 && port <= 65535) this.listeners.push({ port, via, range: w.range, src: w.src });
  }

  unknown(name: string): void {
    if (!this.opaque.includes(name)) this.opaque.push(name);
  }

  result(): ScriptAnalysis {
    for (const r of this.reads) if (!r.optional && r.via !== 'test' && r.via !== 'wait' && r.abs && this.tested.has(r.abs)) r.optional = true;
    const o: ScriptAnalysis = {
      commands: this.commands,
      writes: this.writes,
      reads: this.reads,
      endpoints: this.endpoints,
      listeners: this.listeners,
      opaque: this.opaque,
      dynamicWrites: this.dynamicWrites,
    };
    if (this.parseError !== undefined) o.parseError = this.parseError;
    return o;
  }
}

// ---------------------------------------------------------------------------
// Option parsing for argv-style commands

interface OptSpec {
  /** Short option letters that take an argument. */
  s?: string;
  /** Long options (without `--`) that take an argument. */
  l?: string[];
  /** Single-dash long options (`-addr`, `-in`) that take an argument (Go flag / openssl style). */
  d?: string[];
}
interface Opt {
  name: string;
  /** The argument word (or a sub-word of the option word). */
  arg?: W;
  word: W;
}
interface Parsed {
  opts: Opt[];
  pos: W[];
  has(...names: string[]): boolean;
  get(...names: string[]): W | undefined;
  all(...names: string[]): W[];
}

function parseOpts(args: W[], spec: OptSpec = {}): Parsed {
  const opts: Opt[] = [];
  const pos: W[] = [];
  const shortArg = spec.s ?? '';
  const longArg = new Set(spec.l ?? []);
  const dashArg = new Set(spec.d ?? []);
  let done = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const v = w.value;
    if (done || v === undefined || v === '-' || !v.startsWith('-')) {
      pos.push(w);
      continue;
    }
    if (v === '--') {
      done = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v.slice(2) : v.slice(2, eq);
      if (eq !== -1) opts.push({ name, arg: sub(w, eq + 1, v.length), word: w });
      else if (longArg.has(name) && i + 1 < args.length) opts.push({ name, arg: args[++i], word: w });
      else opts.push({ name, word: w });
      continue;
    }
    const dname = v.slice(1).split('=')[0]!;
    if (dashArg.has(dname)) {
      const eq = v.indexOf('=');
      if (eq !== -1) opts.push({ name: dname, arg: sub(w, eq + 1, v.length), word: w });
      else if (i + 1 < args.length) opts.push({ name: dname, arg: args[++i], word: w });
      else opts.push({ name: dname, word: w });
      continue;
    }
    // -abc cluster
    for (let j = 1; j < v.length; j++) {
      const ch = v[j]!;
      if (shortArg.includes(ch)) {
        if (j + 1 < v.length) opts.push({ name: ch, arg: sub(w, j + 1, v.length), word: w });
        else if (i + 1 < args.length) opts.push({ name: ch, arg: args[++i], word: w });
        else opts.push({ name: ch, word: w });
        break;
      }
      opts.push({ name: ch, word: w });
    }
  }
  return {
    opts,
    pos,
    has: (...names) => opts.some((o) => names.includes(o.name)),
    get: (...names) => {
      let found: W | undefined;
      for (const o of opts) if (names.includes(o.name) && o.arg) found = o.arg;
      return found;
    },
    all: (...names) => opts.filter((o) => names.includes(o.name) && o.arg).map((o) => o.arg!),
  };
}

// ---------------------------------------------------------------------------
// Command semantics (shared by scripts and exec forms)

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox-sh']);
/** Commands that create no files and reach no network peer. */
const NO_FILES = new Set([
  'echo', 'printf', 'sleep', 'usleep', 'true', 'false', ':', 'date', 'exit', 'return', 'wait', 'trap', 'set', 'unset',
  'shift', 'export', 'readonly', 'local', 'declare', 'typeset', 'read', 'pwd', 'kill', 'killall', 'pkill', 'pgrep',
  'ps', 'id', 'whoami', 'hostname', 'uname', 'seq', 'yes', 'expr', 'basename', 'dirname', 'which', 'type', 'hash',
  'getent', 'ping', 'ping6', 'nslookup', 'dig', 'host', 'let', 'break', 'continue', 'ulimit', 'umask', 'sync', 'free',
  'df', 'du', 'printenv', 'tr', 'test', '[', '[[', 'ls', 'stat', 'clear', 'logger', 'nproc', 'getopts', 'rm', 'rmdir',
  'chmod', 'chown', 'chgrp', 'uptime', 'arch', 'tty', 'sha1sum', 'envsubst', 'shopt', 'alias', 'unalias', 'cd', 'pushd',
  'popd', 'dirs', 'times', 'jobs', 'fg', 'bg', 'disown', 'suspend', 'caller', 'enable', 'help', 'history', 'realpath',
  'readlink', 'mountpoint', 'lsof', 'netstat', 'ss', 'ip', 'ifconfig', 'top', 'vmstat', 'iostat', 'dmesg', 'sysctl',
  'cat', 'tac', 'head', 'tail', 'wc', 'sort', 'uniq', 'rev', 'nl', 'od', 'xxd', 'hexdump', 'md5sum', 'sha256sum',
  'sha512sum', 'sha224sum', 'sha384sum', 'cksum', 'base64', 'base32', 'strings', 'cut', 'paste', 'fold', 'cmp', 'diff',
  'comm', 'file', 'less', 'more', 'zcat', 'gzcat', 'bzcat', 'xzcat', 'grep', 'egrep', 'fgrep', 'zgrep', 'rgrep', 'sed',
  'awk', 'gawk', 'mawk', 'nawk', 'jq', 'tee', 'touch', 'mkdir', 'cp', 'mv', 'install', 'ln', 'dd', 'truncate', 'mkfifo',
  'curl', 'wget', 'nc', 'ncat', 'netcat', 'telnet', 'redis-cli', 'psql', 'pg_isready', 'mysql', 'mysqladmin',
  'mongo', 'mongosh', 'grpcurl', 'grpc_health_probe', 'socat', 'watch', 'timeout', 'nohup', 'nice', 'exec', 'command',
  'env', 'time', 'stdbuf', 'setsid', 'ionice', 'tini', 'dumb-init', 'su-exec', 'gosu', 'sudo', 'builtin', 'openssl',
  'tar', 'unzip', 'gzip', 'gunzip', 'expand', 'unexpand', 'split', 'column', 'numfmt', 'join', 'shuf', 'tsort',
  'kubectl', 'git', 'http', 'https', 'test', 'sha1sum', 'find', 'xargs', 'mktemp', 'sleep',
]);

const WRAPPERS: Record<string, OptSpec & { skipPos?: number; envAssigns?: boolean }> = {
  exec: { s: 'a' },
  command: {},
  builtin: {},
  nohup: {},
  time: { s: 'fo' },
  nice: { s: 'n' },
  ionice: { s: 'cnp' },
  setsid: {},
  stdbuf: { s: 'ioe' },
  timeout: { s: 'sk', l: ['signal', 'kill-after'], skipPos: 1 },
  env: { s: 'uCS', l: ['unset', 'chdir', 'split-string'], envAssigns: true },
  tini: { s: 'sept', l: [] },
  'dumb-init': { l: ['rewrite'] },
  'su-exec': { skipPos: 1 },
  gosu: { skipPos: 1 },
  sudo: { s: 'ugUCDhprT', l: ['user', 'group', 'chdir'], envAssigns: true },
  chpst: { s: 'ugUe/nlLmdotpf', skipPos: 0 },
  'catatonit': {},
  busybox: {},
};

interface Ctx {
  col: Collector;
  opts: AnalyzeOptions;
  depth: number;
  /** The script being interpreted (for nested `sh -c`), src index and the byte->char map. */
  text: string;
  src: number;
}

function base(v: string): string {
  const i = v.lastIndexOf('/');
  return i === -1 ? v : v.slice(i + 1);
}

/**
 * Where the command a wrapper (`env`, `exec`, `nice`, `timeout` ...) runs
 * starts in argv: past the wrapper's options (and their arguments), its
 * VAR=value assignments and its positional arguments. `dynamic` is set when a
 * word podlint cannot know (an unresolved expansion) stopped the scan.
 */
function wrappedCommandStart(argv: W[], i: number, spec: (typeof WRAPPERS)[string]): { start: number; dynamic: boolean } {
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
function runArgv(argv: W[], st: State, ctx: Ctx, background: boolean, range: Range): void {
  const col = ctx.col;
  let i = 0;
  // Strip wrappers.
  for (let guard = 0; guard < 8 && i < argv.length; guard++) {
    const v = argv[i]!.value;
    if (v === undefined) break;
    const name = base(v);
    const spec = WRAPPERS[name];
    if (!spec) break;
    if (name === 'command' && argv[i + 1]?.value?.startsWith('-v')) return;
    // find where the wrapped command starts
    const j = wrappedCommandStart(argv, i, spec).start;
    if (j >= argv.length) return; // `env` alone prints the environment
    i = j;
  }
  const args = argv.slice(i);
  if (args.length === 0) return;
  const prog = args[0]!.value;
  const name = prog === undefined ? '' : base(prog);
  col.commands.push({ name, program: prog, args: args.slice(1).map((w) => ({ value: w.value, range: w.range, src: w.src })), range, src: args[0]!.src, background });
  if (prog === undefined) {
    col.unknown('(dynamic command)');
    return;
  }
  const rest = args.slice(1);
  const read = (w: W | undefined, via = name, extra: Partial<FileAccess> = {}) => w && col.access('read', w, st, via, extra);
  const write = (w: W | undefined, via = name, extra: Partial<FileAccess> = {}) => w && col.access('write', w, st, via, extra);
  // An absolute program path is a file the container reads (executes).
  if (prog.startsWith('/') && !SHELLS.has(name) && !NO_FILES.has(name)) read(args[0], 'exec');

  if (col.functions.has(name)) return;

  if (SHELLS.has(name)) {
    shellInvocation(rest, st, ctx, name);
    return;
  }

  switch (name) {
    case 'cd': {
      const d = rest.find((w) => w.value === undefined || !w.value.startsWith('-') || w.value === '-');
      if (!d || d.value === undefined || d.value === '-' || d.value.startsWith('~')) st.cwd = { kind: 'dynamic' };
      else if (d.value.startsWith('/')) st.cwd = { kind: 'script', dir: normalizePath(d.value) };
      else if (st.cwd.dir !== undefined && st.cwd.kind !== 'dynamic' && st.cwd.kind !== 'image') st.cwd = { kind: 'script', dir: joinPath(st.cwd.dir, d.value) };
      else st.cwd = { kind: 'dynamic' };
      return;
    }
    case 'pushd':
    case 'popd':
      st.cwd = { kind: 'dynamic' };
      return;
    case 'source':
    case '.':
      read(rest[0], name);
      col.unknown(name);
      return;
    case 'eval':
      col.unknown('eval');
      return;
    case 'trap': {
      const p = rest.filter((w) => w.value !== '--');
      if (p.length >= 2 && p[0]!.value !== '-' && !/^-[lp]$/.test(p[0]!.value ?? '')) nestedScript(p[0]!, copyState(st), ctx, []);
      return;
    }

    case 'su':
    case 'runuser': {
      const p = parseOpts(rest, { s: 'cgGs', l: ['command', 'group', 'supp-group', 'shell', 'session-command'] });
      const script = p.get('c', 'command', 'session-command');
      if (script) nestedScript(script, st, ctx, []);
      else col.unknown(name);
      return;
    }
    case 'cat':
    case 'tac':
    case 'rev':
    case 'nl':
    case 'od':
    case 'xxd':
    case 'hexdump':
    case 'md5sum':
    case 'sha1sum':
    case 'sha224sum':
    case 'sha256sum':
    case 'sha384sum':
    case 'sha512sum':
    case 'cksum':
    case 'base64':
    case 'base32':
    case 'strings':
    case 'paste':
    case 'fold':
    case 'cmp':
    case 'diff':
    case 'comm':
    case 'file':
    case 'less':
    case 'more':
    case 'zcat':
    case 'gzcat':
    case 'bzcat':
    case 'xzcat':
    case 'expand':
    case 'unexpand':
    case 'column':
    case 'shuf':
    case 'tsort': {
      const p = parseOpts(rest, { s: name === 'od' || name === 'xxd' || name === 'hexdump' ? 'AjNtswcnoCl' : name === 'fold' ? 'w' : name === 'paste' ? 'd' : name === 'base64' || name === 'base32' ? 'w' : name === 'shuf' ? 'nio' : name === 'column' ? 'csotR' : '' });
      for (const w of p.pos) read(w);
      if (name === 'shuf') write(p.get('o'));
      return;
    }
    case 'head':
    case 'tail': {
      const p = parseOpts(rest.filter((w) => !(w.value && /^[-+]\d+$/.test(w.value))), { s: 'ncsq', l: ['lines', 'bytes', 'pid', 'sleep-interval', 'max-unchanged-stats'] });
      for (const w of p.pos) read(w);
      return;
    }
    case 'wc':
    case 'uniq':
    case 'cut':
    case 'sort':
    case 'split':
    case 'join': {
      const spec: OptSpec =
        name === 'cut' ? { s: 'bcdf', l: ['bytes', 'characters', 'delimiter', 'fields', 'output-delimiter'] }
        : name === 'sort' ? { s: 'ktoSTy', l: ['key', 'field-separator', 'output', 'buffer-size', 'temporary-directory', 'parallel', 'files0-from'] }
        : name === 'uniq' ? { s: 'fsw', l: ['skip-fields', 'skip-chars', 'check-chars'] }
        : name === 'split' ? { s: 'abClnt', l: ['suffix-length', 'bytes', 'line-bytes', 'lines', 'number'] }
        : name === 'join' ? { s: 'aejotv12' }
        : { l: ['files0-from'] };
      const p = parseOpts(rest, spec);
      if (name === 'uniq') {
        read(p.pos[0]);
        write(p.pos[1]);
      } else if (name === 'split') {
        read(p.pos[0]);
        col.unknown('split');
      } else {
        for (const w of p.pos) read(w);
        if (name === 'sort') write(p.get('o', 'output'));
      }
      return;
    }
    case 'grep':
    case 'egrep':
    case 'fgrep':
    case 'zgrep':
    case 'rgrep': {
      const p = parseOpts(rest, { s: 'efmABCdD', l: ['regexp', 'file', 'max-count', 'after-context', 'before-context', 'context', 'include', 'exclude', 'exclude-dir', 'label', 'color', 'colour', 'binary-files', 'devices', 'directories'] });
      for (const f of p.all('f', 'file')) read(f);
      const files = p.has('e', 'regexp', 'f', 'file') ? p.pos : p.pos.slice(1);
      const recursive = p.has('r', 'R', 'recursive', 'dereference-recursive') || name === 'rgrep';
      for (const w of files) read(w, name, recursive ? { dir: true } : {});
      return;
    }
    case 'sed': {
      const p = parseOpts(rest, { s: 'efl', l: ['expression', 'file', 'line-length'] });
      for (const f of p.all('f', 'file')) read(f);
      const files = p.has('e', 'expression', 'f', 'file') ? p.pos : p.pos.slice(1);
      const scripts = p.has('e', 'expression') ? p.all('e', 'expression') : p.has('f', 'file') ? [] : p.pos.slice(0, 1);
      // `w FILE` / `s/a/b/w FILE` write files; a script file may do anything.
      if (p.has('f', 'file') || scripts.some((w) => w.value === undefined || /(^|[;{}\n]\s*|\/[gpIiMme0-9]*)w\s/.test(w.value))) col.unknown('sed');
      const inPlace = p.opts.some((o) => o.name === 'i' || o.name === 'in-place' || o.name.startsWith('in-place'));
      for (const w of files) {
        read(w);
        if (inPlace) write(w, 'sed -i');
      }
      return;
    }
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk': {
      const p = parseOpts(rest, { s: 'Ffv', l: ['field-separator', 'file', 'assign', 'include', 'load'] });
      for (const f of p.all('f', 'file')) read(f);
      const files = p.has('f', 'file') ? p.pos : p.pos.slice(1);
      for (const w of files) if (!(w.value && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value))) read(w);
      // print > "file", print | "cmd", system(): effects podlint does not follow.
      const prog = p.has('f', 'file') ? undefined : p.pos[0];
      if (!prog || prog.value === undefined || /[>|]|system\s*\(|getline/.test(prog.value)) col.unknown(name);
      return;
    }
    case 'jq': {
      // --arg NAME VALUE, --argjson NAME VALUE, --slurpfile NAME FILE, --rawfile NAME FILE
      const files: W[] = [];
      const pos: W[] = [];
      let fromFile = false;
      for (let k = 0; k < rest.length; k++) {
        const v = rest[k]!.value;
        if (v === '--arg' || v === '--argjson') k += 2;
        else if (v === '--slurpfile' || v === '--rawfile') {
          if (rest[k + 2]) files.push(rest[k + 2]!);
          k += 2;
        } else if (v === '--indent' || v === '--tab-width') k += 1;
        else if (v === '-f' || v === '--from-file') {
          fromFile = true;
          if (rest[k + 1]) files.push(rest[k + 1]!);
          k += 1;
        } else if (v === '--args' || v === '--jsonargs') break;
        else if (v !== undefined && v.startsWith('-') && v !== '-') continue;
        else pos.push(rest[k]!);
      }
      for (const f of files) read(f);
      for (const w of fromFile ? pos : pos.slice(1)) read(w);
      return;
    }
    case 'tee': {
      const p = parseOpts(rest, { l: ['output-error'] });
      for (const w of p.pos) write(w, 'tee');
      return;
    }
    case 'touch': {
      const p = parseOpts(rest, { s: 'drt', l: ['date', 'reference', 'time'] });
      if (p.has('c', 'no-create')) return;
      read(p.get('r', 'reference'));
      for (const w of p.pos) write(w);
      return;
    }
    case 'mkdir': {
      const p = parseOpts(rest, { s: 'mZ', l: ['mode', 'context'] });
      for (const w of p.pos) write(w, 'mkdir', { dir: true });
      return;
    }
    case 'mkfifo':
    case 'truncate': {
      const p = parseOpts(rest, { s: name === 'truncate' ? 'sr' : 'mZ', l: ['size', 'reference', 'mode'] });
      for (const w of p.pos) write(w);
      return;
    }
    case 'cp':
    case 'mv':
    case 'install':
    case 'rsync': {
      const p = parseOpts(rest, name === 'install' ? { s: 'gmotSZ', l: ['group', 'mode', 'owner', 'target-directory', 'suffix', 'context'] } : name === 'rsync' ? { s: 'efB', l: ['exclude', 'include', 'filter', 'rsh', 'chmod', 'chown', 'exclude-from', 'include-from', 'files-from', 'password-file', 'rsync-path', 'temp-dir', 'backup-dir', 'suffix', 'log-file'] } : { s: 'tSZ', l: ['target-directory', 'suffix', 'backup', 'reflink', 'sparse', 'preserve', 'no-preserve', 'context'] });
      if (name === 'install' && p.has('d', 'directory')) {
        for (const w of p.pos) write(w, 'install', { dir: true });
        return;
      }
      const target = p.get('t', 'target-directory');
      const recursive = p.has('r', 'R', 'a', 'recursive', 'archive') || name === 'mv' || name === 'rsync';
      const sources = target ? p.pos : p.pos.slice(0, -1);
      const dest = target ?? p.pos[p.pos.length - 1];
      if (!dest || sources.length === 0) return;
      const into = target !== undefined || p.has('t') || sources.length > 1 || (dest.value !== undefined && dest.value.endsWith('/'));
      const noTarget = p.has('T', 'no-target-directory');
      for (const s of sources) read(s, name);
      const anySource = sources.some((s) => s.value === undefined || GLOB_RE.test(s.value) || s.glob);
      if (anySource || (recursive && sources.some((s) => s.value !== undefined && !/\.[A-Za-z0-9]{1,6}$/.test(s.value)))) {
        write(dest, name, { dir: true, any: true });
        return;
      }
      for (const s of sources) {
        const b = s.value !== undefined ? base(s.value.replace(/\/+$/, '')) : undefined;
        if (into && !noTarget && b && dest.value !== undefined) {
          const d = sub(dest, 0, dest.value.length);
          col.access('write', derived(dest, `${dest.value.replace(/\/+$/, '')}/${b}`), st, name);
        } else write(dest, name, b && !noTarget ? { into: b } : {});
      }
      return;
    }
    case 'ln': {
      const p = parseOpts(rest, { s: 'St', l: ['suffix', 'target-directory'] });
      if (p.pos.length >= 2) write(p.pos[p.pos.length - 1], 'ln', { into: p.pos[0]!.value ? base(p.pos[0]!.value) : undefined });
      else if (p.pos.length === 1 && p.pos[0]!.value) col.access('write', derived(p.pos[0]!, base(p.pos[0]!.value)), st, 'ln');
      return;
    }
    case 'dd': {
      for (const w of rest) {
        const v = w.value;
        if (v?.startsWith('if=')) read(sub(w, 3, v.length), 'dd');
        else if (v?.startsWith('of=')) write(sub(w, 3, v.length), 'dd');
      }
      return;
    }
    case 'tar': {
      // tar xzf a.tgz -C /dir, tar -xf a.tar, tar -czf out.tgz dir
      let flags = '';
      const f: W[] = [];
      let cdir: W | undefined;
      const pos: W[] = [];
      for (let k = 0; k < rest.length; k++) {
        const v = rest[k]!.value;
        if (v === undefined) {
          pos.push(rest[k]!);
          continue;
        }
        if (k === 0 && !v.startsWith('-') && /^[A-Za-z]+$/.test(v)) {
          flags += v;
          if (v.includes('f') && rest[k + 1]) f.push(rest[++k]!);
          continue;
        }
        if (v === '-C' || v === '--directory') {
          cdir = rest[++k];
          continue;
        }
        if (v.startsWith('--directory=')) {
          cdir = sub(rest[k]!, 12, v.length);
          continue;
        }
        if (v === '--file' || v === '-f') {
          if (rest[k + 1]) f.push(rest[++k]!);
          flags += 'f';
          continue;
        }
        if (v.startsWith('--file=')) {
          f.push(sub(rest[k]!, 7, v.length));
          continue;
        }
        if (/^-[A-Za-z]+$/.test(v)) {
          flags += v.slice(1);
          if (v.endsWith('f') && rest[k + 1]) f.push(rest[++k]!);
          continue;
        }
        if (v === '--extract' || v === '--get') flags += 'x';
        else if (v === '--create') flags += 'c';
        else if (v.startsWith('-')) continue;
        else pos.push(rest[k]!);
      }
      if (flags.includes('x')) {
        for (const w of f) read(w, 'tar');
        if (cdir) write(cdir, 'tar', { dir: true, any: true });
        else col.access('write', derived(rest[0]!, '.'), st, 'tar', { dir: true, any: true });
      } else if (flags.includes('c')) {
        for (const w of f) write(w, 'tar');
        for (const w of pos) read(w, 'tar', { dir: true });
      } else if (!flags.includes('t')) col.unknown('tar');
      return;
    }
    case 'unzip': {
      const p = parseOpts(rest, { s: 'dxP' });
      read(p.pos[0], 'unzip');
      const d = p.get('d');
      if (d) write(d, 'unzip', { dir: true, any: true });
      else if (!p.has('l', 'p', 't', 'v', 'Z')) col.access('write', derived(rest[0]!, '.'), st, 'unzip', { dir: true, any: true });
      return;
    }
    case 'gzip':
    case 'gunzip': {
      const p = parseOpts(rest, { s: 'S', l: ['suffix'] });
      const decompress = name === 'gunzip' || p.has('d', 'decompress');
      if (p.has('c', 'stdout', 'l', 'list', 't', 'test')) {
        for (const w of p.pos) read(w, name);
        return;
      }
      for (const w of p.pos) {
        read(w, name);
        if (w.value === undefined) continue;
        const out = decompress ? w.value.replace(/\.(gz|z|tgz)$/i, '') : `${w.value}.gz`;
        col.access('write', derived(w, out), st, name);
      }
      return;
    }
    case 'openssl': {
      const p = parseOpts(rest.slice(1), { d: ['in', 'out', 'key', 'keyout', 'CA', 'CAkey', 'config', 'extfile', 'signkey', 'cert', 'CAfile', 'inkey', 'passin', 'passout', 'subj', 'days', 'newkey', 'extensions', 'reqexts', 'set_serial', 'name', 'connect', 'servername', 'password'], s: '' });
      for (const o of p.opts) {
        if (!o.arg) continue;
        if (o.name === 'out' || o.name === 'keyout') write(o.arg, 'openssl');
        else if (['in', 'key', 'CA', 'CAkey', 'config', 'extfile', 'signkey', 'cert', 'CAfile', 'inkey'].includes(o.name)) read(o.arg, 'openssl');
        else if (o.name === 'connect') col.endpoint(o.arg, 'openssl', { bare: true });
      }
      return;
    }
    case 'curl': {
      const p = parseOpts(rest, {
        s: 'oHXdDuTFeAmwbcKrxyYzECQUt',
        l: ['output', 'header', 'request', 'data', 'data-binary', 'data-raw', 'data-urlencode', 'user', 'upload-file', 'form', 'referer', 'user-agent', 'max-time', 'write-out', 'cookie', 'cookie-jar', 'config', 'range', 'proxy', 'speed-limit', 'speed-time', 'time-cond', 'continue-at', 'quote', 'proxy-user', 'cert', 'cacert', 'key', 'capath', 'connect-timeout', 'retry', 'retry-delay', 'retry-max-time', 'resolve', 'connect-to', 'unix-socket', 'abstract-unix-socket', 'interface', 'dns-servers', 'url', 'output-dir', 'trace', 'trace-ascii', 'stderr', 'dump-header', 'cert-type', 'key-type', 'pass', 'oauth2-bearer', 'json', 'variable', 'expect100-timeout', 'keepalive-time', 'limit-rate', 'max-filesize', 'max-redirs', 'noproxy', 'proto', 'proto-redir', 'ciphers', 'tls-max', 'aws-sigv4', 'happy-eyeballs-timeout-ms', 'local-port', 'socks5', 'socks5-hostname', 'socks4', 'preproxy', 'request-target', 'crlfile', 'pinnedpubkey', 'login-options', 'sasl-authzid', 'service-name', 'mail-from', 'mail-rcpt', 'netrc-file', 'hostpubmd5', 'hostpubsha256', 'pubkey'],
      });
      for (const o of p.opts) {
        if (!o.arg) continue;
        const v = o.arg.value;
        if (['o', 'output', 'c', 'cookie-jar', 'D', 'dump-header', 'trace', 'trace-ascii', 'stderr'].includes(o.name)) write(o.arg, 'curl');
        else if (['T', 'upload-file', 'K', 'config', 'cacert', 'cert', 'key', 'E', 'netrc-file', 'crlfile'].includes(o.name)) read(o.arg, 'curl');
        else if (['d', 'data', 'data-binary', 'data-urlencode', 'json'].includes(o.name) && v?.startsWith('@')) read(sub(o.arg, 1, v.length), 'curl');
        else if (['F', 'form'].includes(o.name) && v !== undefined) {
          const at = v.indexOf('=@');
          if (at !== -1) read(sub(o.arg, at + 2, v.split(';')[0]!.length), 'curl');
        }
      }
      if (p.has('unix-socket', 'abstract-unix-socket')) {
        read(p.get('unix-socket'), 'curl');
        return; // the URL's host is not dialled
      }
      for (const x of p.all('x', 'proxy')) col.endpoint(x, 'curl', { defaultScheme: 'http' });
      const urls = [...p.pos, ...p.all('url')];
      const remoteName = p.has('O', 'remote-name', 'remote-name-all');
      for (const u of urls) {
        col.endpoint(u, 'curl', { defaultScheme: 'http' });
        if (remoteName && u.value !== undefined) {
          const name2 = base(u.value.replace(/[?#].*$/, ''));
          if (name2 && !u.value.endsWith('/')) col.access('write', derived(u, name2), st, 'curl -O');
        }
      }
      return;
    }
    case 'wget': {
      const p = parseOpts(rest, { s: 'OoaPTtUeiBwQ', l: ['output-document', 'output-file', 'append-output', 'directory-prefix', 'timeout', 'tries', 'user-agent', 'header', 'post-data', 'post-file', 'body-data', 'body-file', 'method', 'input-file', 'base', 'wait', 'quota', 'user', 'password', 'http-user', 'http-password', 'load-cookies', 'save-cookies', 'ca-certificate', 'certificate', 'private-key', 'bind-address', 'dns-timeout', 'connect-timeout', 'read-timeout', 'limit-rate', 'proxy-user', 'proxy-password', 'referer', 'execute', 'level', 'accept', 'reject', 'domains', 'exclude-domains', 'include-directories', 'exclude-directories'] });
      const out = p.get('O', 'output-document');
      if (out) write(out, 'wget');
      for (const f of p.all('o', 'output-file', 'a', 'append-output', 'save-cookies')) write(f, 'wget');
      for (const f of p.all('i', 'input-file', 'post-file', 'body-file', 'load-cookies', 'ca-certificate', 'certificate', 'private-key')) read(f, 'wget');
      const prefix = p.get('P', 'directory-prefix');
      const spider = p.has('spider');
      for (const u of p.pos) {
        col.endpoint(u, 'wget', { defaultScheme: 'http' });
        if (!out && !spider && u.value !== undefined) {
          const n = base(u.value.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/[?#].*$/, '')) || 'index.html';
          const dir = prefix?.value;
          if (prefix && dir === undefined) col.dynamicWrites++;
          else col.access('write', derived(u, dir !== undefined ? `${dir.replace(/\/+$/, '')}/${n}` : n), st, 'wget');
        }
      }
      return;
    }
    case 'nc':
    case 'ncat':
    case 'netcat': {
      const p = parseOpts(rest, { s: 'pswiqxXeIOTVcmPWMFbGgLRA', l: ['source-port', 'wait', 'proxy', 'proxy-type', 'exec', 'sh-exec', 'lua-exec', 'source', 'idle-timeout', 'max-conns', 'allow', 'allowfile', 'deny', 'denyfile', 'proxy-auth', 'output', 'hex-dump', 'append-output'] });
      if (p.has('U', 'unixsock')) return;
      for (const f of p.all('o', 'output')) write(f, name);
      if (p.has('l', 'listen')) {
        const pw = p.get('p', 'source-port') ?? p.pos[p.pos.length - 1];
        if (pw?.value && /^\d{1,5}$/.test(pw.value)) col.listen(pw, Number(pw.value), name);
        return;
      }
      if (p.pos.length >= 2) col.hostPort(p.pos[0], p.pos[1], name);
      else if (p.pos.length === 1) col.endpoint(p.pos[0]!, name, { bare: true });
      return;
    }
    case 'telnet': {
      const p = parseOpts(rest, { s: 'lnbeES' });
      if (p.pos[0]) col.hostPort(p.pos[0], p.pos[1], 'telnet', 23);
      return;
    }
    case 'redis-cli':
    case 'psql':
    case 'pg_isready':
    case 'mysql':
    case 'mysqladmin':
    case 'mongo':
    case 'mongosh': {
      const isMysql = name === 'mysql' || name === 'mysqladmin';
      const isRedis = name === 'redis-cli';
      const isMongo = name === 'mongo' || name === 'mongosh';
      const p = parseOpts(rest, {
        s: isMysql ? 'hPuSDe' : isRedis ? 'hpsaunri' : isMongo ? 'up' : 'hpUdcfvoL',
        l: ['host', 'port', 'user', 'username', 'password', 'dbname', 'database', 'socket', 'file', 'command', 'execute', 'uri', 'set', 'variable', 'output', 'log-file', 'defaults-file', 'authenticationDatabase', 'eval'],
      });
      for (const f of p.all('f', 'file', 'defaults-file')) if (!isRedis) read(f, name);
      if (!isRedis && !isMysql && !isMongo) for (const f of p.all('o', 'output', 'L', 'log-file')) write(f, name);
      if (isRedis && rest.some((w) => w.value === undefined || /^--(rdb|functions-rdb|pipe)$/.test(w.value))) col.unknown(name);
      if (isMysql && rest.some((w) => w.value === undefined || /^--tee/.test(w.value))) col.unknown(name);
      if (isMongo) col.unknown(name);
      const socket = isMysql ? p.has('S', 'socket') : isRedis ? p.has('s', 'socket') : p.has('socket');
      if (socket) return;
      const uri = p.get('u', 'uri');
      if (uri && isRedis) {
        col.endpoint(uri, name);
        return;
      }
      const hostW = p.get('h', 'host');
      const portW = isMysql ? p.get('P', 'port') : p.get('p', 'port');
      const def = isRedis ? 6379 : isMysql ? 3306 : isMongo ? 27017 : 5432;
      if (hostW?.value !== undefined && hostW.value.includes(':') && !hostW.value.startsWith('[') && !portW) col.endpoint(hostW, name, { bare: true });
      else if (hostW) col.hostPort(hostW, portW, name, def);
      else if (portW) col.hostPort(undefined, portW, name, def, isRedis || isMysql ? '127.0.0.1' : 'localhost');
      for (const w of [...p.pos, ...p.all('d', 'dbname')]) if (w.value?.includes('://')) col.endpoint(w, name);
      return;
    }
    case 'socat': {
      for (const w of rest) {
        const v = w.value;
        if (v === undefined || v.startsWith('-')) continue;
        const m = /^(TCP[46]?|TCP[46]?-CONNECT|OPENSSL|OPENSSL-CONNECT|SSL):([^,]+)/i.exec(v);
        if (m) {
          const hp = m[2]!;
          const start = m[1]!.length + 1;
          const ms = findEndpoints(hp, { bare: true });
          for (const e of ms) {
            const r = sub(w, start + e.start, start + e.end);
            col.endpoints.push({ host: e.host, port: e.port, explicitPort: e.explicitPort, via: 'socat', range: r.range, src: r.src });
          }
          continue;
        }
        const l = /^(?:TCP[46]?-LISTEN|TCP[46]?-L|OPENSSL-LISTEN|SSL-L(?:ISTEN)?):(\d{1,5})/i.exec(v);
        if (l) col.listen(w, Number(l[1]), 'socat');
        else if (/^(OPEN|GOPEN|CREATE|CREAT|PIPE|EXEC|SYSTEM|UNIX-LISTEN|UNIX-L|FILE):/i.test(v) || v.startsWith('/')) col.unknown('socat');
      }
      return;
    }
    case 'grpcurl': {
      const p = parseOpts(rest, { s: 'H', l: ['H', 'import-path', 'proto', 'protoset', 'd', 'cacert', 'cert', 'key', 'authority', 'connect-timeout', 'max-time', 'keepalive-time', 'rpc-header', 'reflect-header', 'servername', 'user-agent', 'format', 'max-msg-sz', 'protoset-out', 'use-reflection', 'unix'] as string[], d: ['H', 'd', 'import-path', 'proto', 'protoset', 'cacert', 'cert', 'key', 'authority', 'connect-timeout', 'max-time', 'format', 'servername', 'rpc-header', 'reflect-header', 'max-msg-sz', 'user-agent', 'keepalive-time'] });
      if (p.has('unix')) return;
      if (p.pos[0]) col.endpoint(p.pos[0], 'grpcurl', { bare: true });
      return;
    }
    case 'grpc_health_probe': {
      const p = parseOpts(rest, { d: ['addr', 'service', 'connect-timeout', 'rpc-timeout', 'tls-ca-cert', 'tls-client-cert', 'tls-client-key', 'tls-server-name', 'user-agent', 'rpc-header'] });
      const a = p.get('addr');
      if (a) col.endpoint(a, 'grpc_health_probe', { bare: true });
      return;
    }
    case 'http':
    case 'https': {
      // httpie: http :8080/x -> localhost:8080
      for (const w of rest) {
        const v = w.value;
        if (v === undefined || v.startsWith('-')) continue;
        const m = /^:(\d{1,5})(?:\/|$)/.exec(v);
        if (m) {
          const r = sub(w, 0, m[1]!.length + 1);
          col.endpoints.push({ host: 'localhost', port: Number(m[1]), explicitPort: true, scheme: name, via: 'httpie', range: r.range, src: r.src });
        } else col.endpoint(w, 'httpie', { defaultScheme: name });
        break;
      }
      return;
    }
    case 'watch': {
      const p = parseOpts(rest, { s: 'nd', l: ['interval', 'differences'] });
      if (p.pos.length === 1 && p.pos[0]!.value !== undefined) nestedScript(p.pos[0]!, st, ctx, []);
      else if (p.pos.length) runArgv(p.pos, copyState(st), ctx, background, range);
      return;
    }
    case 'xargs':
    case 'find': {
      const hasExec = rest.some((w) => w.value === undefined || /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/.test(w.value));
      if (name === 'xargs' || hasExec) col.unknown(name);
      return;
    }
    case 'kubectl': {
      const p = parseOpts(rest, { s: 'fnolc', l: ['filename', 'namespace', 'output', 'selector', 'kubeconfig', 'context', 'server', 'container', 'template', 'token'] });
      for (const f of p.all('f', 'filename')) read(f, 'kubectl');
      read(p.get('kubeconfig'), 'kubectl');
      if (p.pos[0]?.value === 'cp' || p.pos[0]?.value === 'port-forward') col.unknown('kubectl ' + p.pos[0]!.value);
      return;
    }
    case 'git': {
      const sub0 = rest.findIndex((w) => w.value === undefined || !w.value.startsWith('-'));
      const cmd = rest[sub0]?.value;
      if (cmd === 'clone') {
        const p = parseOpts(rest.slice(sub0 + 1), { s: 'obcju', l: ['origin', 'branch', 'config', 'depth', 'reference', 'separate-git-dir', 'template', 'upload-pack', 'jobs', 'filter', 'shallow-since', 'shallow-exclude', 'server-option'] });
        if (p.pos[0]) col.endpoint(p.pos[0], 'git');
        const url = p.pos[0]?.value;
        if (p.pos[1]) write(p.pos[1], 'git', { dir: true, any: true });
        else if (url !== undefined) col.access('write', derived(p.pos[0]!, base(url.replace(/\/+$/, '')).replace(/\.git$/, '') || '.'), st, 'git', { dir: true, any: true });
      } else col.unknown('git');
      return;
    }
    case 'mktemp':
      return;
  }

  if (NO_FILES.has(name)) return;
  if (name === 'python' || name === 'python3' || name === 'python2' || name === 'node' || name === 'ruby' || name === 'perl' || name === 'php') {
    const p = parseOpts(rest, { s: 'mcWXe', l: [] });
    const m = p.get('m');
    if (m?.value === 'http.server' || m?.value === 'SimpleHTTPServer') {
      const portW = p.pos.find((w) => w.value !== undefined && /^\d{1,5}$/.test(w.value));
      col.listen(portW ?? m, portW ? Number(portW.value) : 8000, `${name} -m ${m.value}`);
    }
    if (!p.has('c', 'e', 'm') && p.pos[0]) read(p.pos[0], name);
    col.unknown(name);
    genericArgs(rest, ctx, name);
    return;
  }
  col.unknown(name);
  genericArgs(rest, ctx, name);
}

/** Is `name` a command whose effects podlint models (it writes and reaches only what the analysis reports)? */
export function isModelledCommand(name: string): boolean {
  return NO_FILES.has(name) || SHELLS.has(name) || name in WRAPPERS;
}

/** Flag names that configure what a program serves or advertises, not what it dials. */
const LISTEN_FLAG_RE = /listen|bind|advertis|publish|external|public|redirect|callback|issuer|origin|cors|allowed|self|serve|web\.route|base-?url|root-?url|site-?url|health-?probe|metrics-addr|port$|^host$|^address$|^addr$/i;

/** URLs and `host:port` in the arguments of a program podlint does not know. */
function genericArgs(rest: W[], ctx: Ctx, via: string): void {
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
function shellInvocation(args: W[], st: State, ctx: Ctx, shell: string): void {
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
function nestedScript(w: W, st: State, ctx: Ctx, positional: (string | undefined)[]): void {
  if (w.value === undefined || ctx.depth >= MAX_DEPTH) {
    ctx.col.unknown('(dynamic script)');
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
    if (inner.parseError) ctx.col.unknown('(unparsable script)');
    return;
  }
  const before = {
    commands: ctx.col.commands.length,
    writes: ctx.col.writes.length,
    reads: ctx.col.reads.length,
    endpoints: ctx.col.endpoints.length,
    listeners: ctx.col.listeners.length,
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
}

// ---------------------------------------------------------------------------
// The AST walk

/** Map byte offsets (Go) to UTF-16 offsets (JS). */
function byteMapper(text: string): (b: number) => number {
  if (!/[^\x00-\x7f]/.test(text)) return (b) => Math.max(0, Math.min(b, text.length));
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
  return (x) => (x >= b ? text.length : x <= 0 ? 0 : map[x] ?? text.length);
}

/** Parse and interpret `script`; returns a parse error message, if any. */
function runScript(script: string, opts: AnalyzeOptions, ctx: Ctx, st: State): string | undefined {
  if (script.length > MAX_SCRIPT) {
    ctx.col.unknown('(script too large)');
    return 'script too large';
  }
  const lib = sh();
  const syntax = lib.syntax;
  let file: any;
  try {
    const parser = syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
    file = parser.Parse(script, '');
  } catch (e: any) {
    let msg = 'parse error';
    try {
      msg = typeof e?.Error === 'function' ? String(e.Error()) : String(e?.message ?? e);
    } catch {
      /* keep default */
    }
    return msg;
  }
  const toChar = byteMapper(script);
  const w = new Walker(syntax, toChar, { ...ctx, opts }, script);
  w.stmts(file.Stmts, st);
  return undefined;
}

const SIMPLE_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Walker {
  constructor(
    private syntax: any,
    private toChar: (b: number) => number,
    private ctx: Ctx,
    private text: string,
  ) {}

  private type(n: any): string {
    return n ? this.syntax.NodeType(n) : '';
  }
  private range(n: any): Range {
    return [this.toChar(n.Pos().Offset()), this.toChar(n.End().Offset())];
  }

  stmts(list: any, st: State): void {
    if (!list) return;
    for (let i = 0; i < list.length; i++) this.stmt(list[i], st);
  }

  stmt(s: any, st: State): void {
    if (!s) return;
    const bg = !!s.Background;
    const use = bg ? copyState(st) : st;
    this.cmd(s.Cmd, use, bg, this.range(s));
    const redirs = s.Redirs;
    if (redirs) for (let i = 0; i < redirs.length; i++) this.redirect(redirs[i], use);
  }

  private redirect(r: any, st: State): void {
    const op = r.Op as number;
    if (op === OP.hdoc || op === OP.dashHdoc || op === OP.wordHdoc) {
      if (r.Hdoc) this.word(r.Hdoc, st);
      if (op === OP.wordHdoc && r.Word) this.word(r.Word, st);
      return;
    }
    if (!r.Word) return;
    const w = this.word(r.Word, st);
    const col = this.ctx.col;
    switch (op) {
      case OP.rdrOut:
      case OP.clbOut:
      case OP.rdrAll:
        col.access('write', w, st, '>');
        break;
      case OP.appOut:
      case OP.appAll:
        col.access('write', w, st, '>>');
        break;
      case OP.rdrIn:
        col.access('read', w, st, '<');
        break;
      case OP.rdrInOut:
        col.access('read', w, st, '<>');
        col.access('write', w, st, '<>');
        break;
      case OP.dplOut:
        if (w.value !== undefined && !/^(\d+|-)$/.test(w.value)) col.access('write', w, st, '>&');
        break;
      case OP.dplIn:
        break;
    }
  }

  private cmd(c: any, st: State, bg: boolean, range: Range): void {
    if (!c) return;
    const t = this.type(c);
    switch (t) {
      case 'CallExpr': {
        const assigns = c.Assigns;
        const args = c.Args;
        if (!args || args.length === 0) {
          if (assigns) for (let i = 0; i < assigns.length; i++) this.assign(assigns[i], st, true);
          return;
        }
        if (assigns) for (let i = 0; i < assigns.length; i++) this.assign(assigns[i], st, false);
        const words: W[] = [];
        for (let i = 0; i < args.length; i++) words.push(this.word(args[i], st));
        const name = words[0]?.value;
        if (name === '[' || name === 'test') {
          this.testArgs(words.slice(1), st);
          return;
        }
        runArgv(words, st, this.ctx, bg, range);
        return;
      }
      case 'BinaryCmd': {
        const op = c.Op as number;
        if (op === OP.pipe || op === OP.pipeAll) {
          this.stmt(c.X, copyState(st));
          this.stmt(c.Y, copyState(st));
        } else {
          this.stmt(c.X, st);
          this.stmt(c.Y, st);
        }
        return;
      }
      case 'IfClause': {
        const branches: State[] = [];
        let cur: any = c;
        let hasElse = false;
        while (cur) {
          const cond = cur.Cond;
          if (!cond || cond.length === 0) {
            // final else
            if (cur !== c) {
              const b = copyState(st);
              this.stmts(cur.Then, b);
              branches.push(b);
              hasElse = true;
            }
            break;
          }
          this.stmts(cond, st);
          const b = copyState(st);
          this.stmts(cur.Then, b);
          branches.push(b);
          cur = cur.Else;
        }
        if (!hasElse) branches.push(copyState(st));
        merge(st, branches);
        return;
      }
      case 'WhileClause': {
        const wait = this.waitCond(c.Cond, !!c.Until, st);
        const b = copyState(st);
        if (!wait) this.stmts(c.Cond, b);
        this.stmts(c.Do, b);
        merge(st, [b, copyState(st)]);
        return;
      }
      case 'ForClause': {
        const loop = c.Loop;
        if (this.type(loop) === 'WordIter') {
          const items: W[] = [];
          const list = loop.Items;
          if (list) for (let i = 0; i < list.length; i++) items.push(this.word(list[i], st));
          const name = loop.Name?.Value as string;
          const literal = items.length > 0 && items.length <= 8 && items.every((w) => w.value !== undefined && !w.glob && !/\s/.test(w.value));
          const branches: State[] = [];
          if (literal) {
            for (const it of items) {
              const b = copyState(st);
              b.vars.set(name, it.value!);
              this.stmts(c.Do, b);
              branches.push(b);
            }
          } else {
            const b = copyState(st);
            b.vars.set(name, null);
            this.stmts(c.Do, b);
            branches.push(b);
          }
          branches.push(copyState(st));
          merge(st, branches);
        } else {
          const b = copyState(st);
          this.stmts(c.Do, b);
          merge(st, [b, copyState(st)]);
        }
        return;
      }
      case 'CaseClause': {
        if (c.Word) this.word(c.Word, st);
        const branches: State[] = [copyState(st)];
        const items = c.Items;
        if (items) {
          for (let i = 0; i < items.length; i++) {
            const b = copyState(st);
            this.stmts(items[i].Stmts, b);
            branches.push(b);
          }
        }
        merge(st, branches);
        return;
      }
      case 'Block':
        this.stmts(c.Stmts, st);
        return;
      case 'Subshell':
        this.stmts(c.Stmts, copyState(st));
        return;
      case 'FuncDecl': {
        const name = c.Name?.Value;
        if (typeof name === 'string') this.ctx.col.functions.add(name);
        this.stmt(c.Body, copyState(st));
        return;
      }
      case 'TimeClause':
      case 'CoprocClause':
        this.stmt(c.Stmt, st);
        return;
      case 'DeclClause': {
        const args = c.Args;
        if (args) for (let i = 0; i < args.length; i++) this.assign(args[i], st, true);
        return;
      }
      case 'TestClause':
        this.testExpr(c.X, st);
        return;
      case 'LetClause':
      case 'ArithmCmd':
      case 'TestDecl':
        return;
      default:
        return;
    }
  }

  private assign(a: any, st: State, persist: boolean): void {
    if (!a) return;
    const name = a.Name?.Value;
    let value: string | null = null;
    if (a.Value) {
      const w = this.word(a.Value, st);
      value = w.value ?? null;
    } else if (a.Array) value = null;
    else if (a.Naked) return; // `export FOO`
    if (a.Append || a.Index) value = null;
    if (persist && typeof name === 'string') st.vars.set(name, value);
  }

  /** `while [ ! -f X ]` / `until [ -f X ]`: a wait for a file. Returns true when handled. */
  private waitCond(cond: any, until: boolean, st: State): boolean {
    if (!cond || cond.length !== 1) return false;
    const s = cond[0];
    if (!s?.Cmd) return false;
    const t = this.type(s.Cmd);
    if (t === 'TestClause') {
      const x = s.Cmd.X;
      let neg = false;
      let e = x;
      if (this.type(e) === 'UnaryTest' && e.Op === 34 /* ! */) {
        neg = true;
        e = e.X;
      }
      if (this.type(e) === 'UnaryTest' && FILE_TESTS.has(e.Op)) {
        const w = this.word(e.X, st);
        if (until !== neg) this.ctx.col.access('read', w, st, 'wait');
        else this.ctx.col.access('read', w, st, 'test', { optional: true });
        return true;
      }
      return false;
    }
    if (t === 'CallExpr' && s.Cmd.Args && s.Cmd.Args.length >= 3) {
      const words: W[] = [];
      for (let i = 0; i < s.Cmd.Args.length; i++) words.push(this.word(s.Cmd.Args[i], st));
      if (words[0]!.value !== '[' && words[0]!.value !== 'test') return false;
      let a = words.slice(1);
      if (a[a.length - 1]?.value === ']') a = a.slice(0, -1);
      let neg = !!s.Negated;
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

  private testArgs(args: W[], st: State): void {
    for (let k = 0; k + 1 < args.length; k++) {
      const v = args[k]!.value;
      if (v && /^-[efdsrwxLhpSbcgkuOGN]$/.test(v)) {
        const w = args[k + 1]!;
        this.ctx.col.access('read', w, st, 'test', { optional: true });
        if (w.value?.startsWith('/')) this.ctx.col.tested.add(normalizePath(w.value));
        else if (w.value !== undefined && st.cwd.dir) this.ctx.col.tested.add(joinPath(st.cwd.dir, w.value));
      }
    }
  }

  private testExpr(x: any, st: State): void {
    if (!x) return;
    const t = this.type(x);
    if (t === 'UnaryTest') {
      if (FILE_TESTS.has(x.Op)) {
        const w = this.word(x.X, st);
        this.ctx.col.access('read', w, st, 'test', { optional: true });
        if (w.value?.startsWith('/')) this.ctx.col.tested.add(normalizePath(w.value));
        else if (w.value !== undefined && st.cwd.dir) this.ctx.col.tested.add(joinPath(st.cwd.dir, w.value));
      } else this.testExpr(x.X, st);
      return;
    }
    if (t === 'BinaryTest') {
      if (BINARY_FILE_TESTS.has(x.Op)) {
        this.ctx.col.access('read', this.word(x.X, st), st, 'test', { optional: true });
        this.ctx.col.access('read', this.word(x.Y, st), st, 'test', { optional: true });
      } else {
        this.testExpr(x.X, st);
        this.testExpr(x.Y, st);
      }
      return;
    }
    if (t === 'ParenTest') {
      this.testExpr(x.X, st);
      return;
    }
    if (t === 'Word') this.word(x, st);
  }

  /** Evaluate a word: its literal value when it can be known, visiting nested command substitutions. */
  word(w: any, st: State): W {
    const range = this.range(w);
    const parts = w.Parts;
    let value: string | undefined = '';
    let glob = false;
    let lin: number | undefined;
    const n = parts ? parts.length : 0;
    for (let i = 0; i < n; i++) {
      const p = parts[i];
      const r = this.part(p, st, false, i === 0);
      if (r.glob) glob = true;
      if (value !== undefined && r.value !== undefined) value += r.value;
      else value = undefined;
    }
    if (n === 1 && value !== undefined) {
      const p = parts[0];
      const t = this.type(p);
      const pr = this.range(p);
      if (t === 'Lit' && !String(p.Value).includes('\\')) lin = pr[0];
      else if (t === 'SglQuoted' && !p.Dollar) lin = pr[0] + 1;
      else if (t === 'DblQuoted' && p.Parts && p.Parts.length === 1 && this.type(p.Parts[0]) === 'Lit' && !String(p.Parts[0].Value).includes('\\')) lin = this.range(p.Parts[0])[0];
      else if (t === 'DblQuoted' && (!p.Parts || p.Parts.length === 0)) lin = pr[0] + 1;
      if (lin !== undefined && this.text.slice(lin, lin + value.length) !== value) lin = undefined;
    }
    return { value, range, src: this.ctx.src, lin, glob };
  }

  private part(p: any, st: State, quoted: boolean, first: boolean): { value?: string; glob?: boolean } {
    const t = this.type(p);
    switch (t) {
      case 'Lit': {
        const raw = String(p.Value);
        if (!quoted && first && raw.startsWith('~')) return { value: undefined };
        if (!quoted && /\{[^}]*(,|\.\.)[^}]*\}/.test(raw)) return { value: undefined }; // brace expansion
        const v = quoted ? raw.replace(/\\([$`"\\\n])/g, (_, c) => (c === '\n' ? '' : c)) : raw.replace(/\\(.)/gs, (_, c) => (c === '\n' ? '' : c));
        const glob = !quoted && /(^|[^\\])[*?[]/.test(raw);
        return { value: v, glob };
      }
      case 'SglQuoted':
        if (p.Dollar && String(p.Value).includes('\\')) return { value: undefined };
        return { value: String(p.Value) };
      case 'DblQuoted': {
        let v: string | undefined = '';
        const parts = p.Parts;
        if (parts) {
          for (let i = 0; i < parts.length; i++) {
            const r = this.part(parts[i], st, true, false);
            if (v !== undefined && r.value !== undefined) v += r.value;
            else v = undefined;
          }
        }
        return { value: v };
      }
      case 'ParamExp':
        return { value: this.param(p, st) };
      case 'CmdSubst': {
        const stmts = p.Stmts;
        // Kubernetes expands $(VAR) in command/args before the shell runs.
        if (stmts && stmts.length === 1 && !p.Backquotes) {
          const s = stmts[0];
          const c = s?.Cmd;
          if (c && this.type(c) === 'CallExpr' && c.Args?.length === 1 && (!c.Assigns || c.Assigns.length === 0) && (!s.Redirs || s.Redirs.length === 0)) {
            const lit = typeof c.Args[0].Lit === 'function' ? c.Args[0].Lit() : '';
            if (lit && SIMPLE_VAR.test(lit) && this.ctx.opts.envNames?.has(lit)) {
              const v = this.ctx.opts.env?.[lit];
              return { value: typeof v === 'string' ? v : undefined };
            }
          }
        }
        this.stmts(stmts, copyState(st));
        return { value: undefined };
      }
      case 'ProcSubst':
        this.stmts(p.Stmts, copyState(st));
        return { value: undefined };
      case 'ArithmExp':
      case 'ExtGlob':
      case 'BraceExp':
      default:
        return { value: undefined };
    }
  }

  private param(p: any, st: State): string | undefined {
    if (p.Excl || p.Length || p.Width || p.Index || p.Slice || p.Repl || p.Names) return undefined;
    const name = p.Param?.Value;
    if (typeof name !== 'string') return undefined;
    const known = this.lookup(name, st);
    const exp = p.Exp;
    // ${X:-default} and other operations: the value depends on what podlint cannot see.
    if (exp) return undefined;
    return known;
  }

  private lookup(name: string, st: State): string | undefined {
    if (st.vars.has(name)) {
      const v = st.vars.get(name);
      return v === null ? undefined : v;
    }
    if (/^\d$/.test(name)) {
      const pos = this.ctx.opts.positional;
      return pos ? pos[Number(name)] : undefined;
    }
    const e = this.ctx.opts.env?.[name];
    return typeof e === 'string' ? e : undefined;
  }
}

function merge(st: State, branches: State[]): void {
  const keys = new Set<string>();
  for (const b of branches) for (const k of b.vars.keys()) keys.add(k);
  for (const k of keys) {
    const vals = branches.map((b) => (b.vars.has(k) ? b.vars.get(k) : st.vars.has(k) ? st.vars.get(k) : undefined));
    const first = vals[0];
    if (vals.every((v) => v === first) && first !== undefined) st.vars.set(k, first);
    else st.vars.set(k, null);
  }
  const c0 = branches[0]?.cwd;
  if (c0 && branches.every((b) => b.cwd.kind === c0.kind && b.cwd.dir === c0.dir)) st.cwd = { ...c0 };
  else st.cwd = { kind: 'dynamic' };
}

// ---------------------------------------------------------------------------
// Pure entry points

function initialState(opts: AnalyzeOptions): State {
  const wd = opts.workingDir;
  return {
    vars: new Map(),
    cwd: wd && wd.startsWith('/') ? { kind: 'workingDir', dir: normalizePath(wd) } : { kind: 'image' },
  };
}

/** Analyze a shell script (bash dialect). Ranges are offsets in `script`. Never throws. */
export function analyzeScript(script: string, opts: AnalyzeOptions = {}): ScriptAnalysis {
  const text = typeof script === 'string' ? script : '';
  return clamp(analyzeScriptRaw(text, opts), (src) => (src === 0 ? text.length : 0));
}

/** `analyzeScript` without the final clamping of ranges (tests check that none is needed). */
export function analyzeScriptRaw(script: string, opts: AnalyzeOptions = {}): ScriptAnalysis {
  const text = typeof script === 'string' ? script : '';
  const col = new Collector();
  const failed = (msg: string) => {
    const empty = new Collector();
    empty.parseError = msg;
    empty.unknown('(unparsable script)');
    return empty.result();
  };
  try {
    const err = runScript(text, opts, { col, opts, depth: 0, text, src: 0 }, initialState(opts));
    if (err !== undefined) return failed(err);
  } catch (e) {
    return failed(`internal: ${(e as Error)?.message ?? e}`);
  }
  return col.result();
}

/** Analyze an exec-form argv (`command` + `args`). Ranges are offsets in `argv[src]`. Never throws. */
export function analyzeArgv(argv: string[], opts: AnalyzeOptions = {}): ScriptAnalysis & { form: 'shell' | 'exec'; scriptIndex?: number; shell?: string } {
  const col = new Collector();
  const words: W[] = argv.map((v, i) => ({ value: typeof v === 'string' ? v : undefined, range: [0, typeof v === 'string' ? v.length : 0], src: i, lin: 0 }));
  // Kubernetes expands $(VAR) references in argv elements before the program
  // runs. Literal env values are substituted; references to other variables
  // make a plain argument dynamic, but stay in a script's text, where the
  // walker treats `$(VAR)` as that variable.
  const scriptText: (string | undefined)[] = [];
  for (const w of words) {
    scriptText.push(w.value);
    if (w.value === undefined || !w.value.includes('$(')) continue;
    let dynamic = false;
    const subst = (keepDynamic: boolean) =>
      w.value!.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n) => {
        if (m === '$$' || !opts.envNames?.has(n)) return m;
        const x = opts.env?.[n];
        if (typeof x !== 'string') {
          if (!keepDynamic) dynamic = true;
          return m;
        }
        return x;
      });
    scriptText[scriptText.length - 1] = subst(true);
    const v = subst(false);
    if (dynamic) w.value = undefined;
    else if (v !== w.value) {
      w.value = v;
      w.lin = undefined;
    }
  }
  let form: 'shell' | 'exec' = 'exec';
  let scriptIndex: number | undefined;
  let shell: string | undefined;
  try {
    const st = initialState(opts);
    const ctx: Ctx = { col, opts, depth: 0, text: '', src: 0 };
    const si = shellScriptIndex(words);
    if (si) {
      form = 'shell';
      scriptIndex = si.index;
      shell = si.shell;
      const text = scriptText[si.index];
      const exact = text === argv[si.index];
      const positional = words.slice(si.index + 1).map((w) => w.value);
      if (text !== undefined) {
        const inner: AnalyzeOptions = { ...opts, positional };
        const err = runScript(text, inner, { col, opts: inner, depth: 0, text, src: si.index }, st);
        if (err !== undefined) {
          col.parseError = err;
          col.unknown('(unparsable script)');
          col.commands = [];
          col.writes = [];
          col.reads = [];
          col.endpoints = [];
          col.listeners = [];
        } else if (!exact) {
          // $(VAR) substituted: positions inside are approximate; point at the whole element.
          const fix = <T extends Located & { portRange?: Range }>(x: T) => {
            x.range = [0, argv[si.index]!.length];
            if (x.portRange) x.portRange = x.range;
            x.src = si.index;
          };
          col.commands.forEach((c) => {
            fix(c);
            c.args.forEach(fix);
          });
          [...col.writes, ...col.reads, ...col.endpoints, ...col.listeners].forEach(fix);
        }
      } else col.unknown('(dynamic script)');
    } else {
      runArgv(words, st, ctx, false, [0, argv[0]?.length ?? 0]);
    }
  } catch (e) {
    col.parseError = `internal: ${(e as Error)?.message ?? e}`;
  }
  const res = clamp(col.result(), (src) => (typeof argv[src] === 'string' ? argv[src]!.length : 0));
  return { ...res, form, scriptIndex, shell };
}

/** Where the script is in an argv that runs a shell with `-c` (after wrappers), if it does. */
function shellScriptIndex(words: W[]): { index: number; shell: string } | undefined {
  let i = 0;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const v = words[i]!.value;
    if (v === undefined) return undefined;
    const name = base(v);
    const spec = WRAPPERS[name];
    if (!spec) break;
    const w = wrappedCommandStart(words, i, spec);
    if (w.dynamic) return undefined;
    i = w.start;
  }
  const v = words[i]?.value;
  if (v === undefined) return undefined;
  const shell = base(v);
  if (!SHELLS.has(shell)) return undefined;
  let k = i + 1;
  let script = false;
  for (; k < words.length; k++) {
    const a = words[k]!.value;
    if (a === undefined) break;
    if (a === '--') {
      k++;
      break;
    }
    if (a === '-o' || a === '+o' || a === '-O' || a === '+O' || a === '--rcfile' || a === '--init-file') {
      k++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(a)) {
      if (a.startsWith('-') && a.includes('c')) script = true;
      continue;
    }
    if (a.startsWith('--')) continue;
    break;
  }
  if (!script || k >= words.length) return undefined;
  return { index: k, shell };
}

/** Keep every range inside its text (defensive: the property tests check this). */
function clamp(a: ScriptAnalysis, len: (src: number) => number): ScriptAnalysis {
  const one = (r: Range, n: number): Range => {
    let [s, e] = r;
    s = Math.max(0, Math.min(Number.isFinite(s) ? s : 0, n));
    e = Math.max(s, Math.min(Number.isFinite(e) ? e : s, n));
    return [s, e];
  };
  const fix = (x: Located & { portRange?: Range }) => {
    const n = len(x.src);
    x.range = one(x.range, n);
    if (x.portRange) x.portRange = one(x.portRange, n);
  };
  a.commands.forEach((c) => {
    fix(c);
    c.args.forEach(fix);
  });
  [...a.writes, ...a.reads, ...a.endpoints, ...a.listeners].forEach(fix);
  return a;
}

// ---------------------------------------------------------------------------
// Container level

/** Env values podlint can use to resolve `$VAR` and `$(VAR)`: literal values, null for others. */
export function containerEnv(c: ContainerInfo): { env: Record<string, string | null>; envNames: Set<string> } {
  const env: Record<string, string | null> = {};
  const envNames = new Set<string>();
  for (const e of c.env) {
    if (!e.name) continue;
    envNames.add(e.name);
    env[e.name] = typeof e.value === 'string' && !e.value.includes('$(') ? e.value : null;
  }
  return { env, envNames };
}

const cache = new WeakMap<ContainerInfo, CommandAnalysis[]>();

function strList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((x) => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : ''));
}

function analyzeSource(c: ContainerInfo, origin: CommandAnalysis['origin'], argv: string[], paths: Path[]): CommandAnalysis | undefined {
  if (argv.length === 0) return undefined;
  const { env, envNames } = containerEnv(c);
  const wd = typeof c.spec.workingDir === 'string' ? c.spec.workingDir : undefined;
  const res = analyzeArgv(argv, { env, envNames, workingDir: wd });
  const text = c.resource.file.text;
  const nodes = new Map<number, Node | undefined>();
  const nodeOf = (src: number) => {
    if (!nodes.has(src)) nodes.set(src, paths[src] ? locate(c.resource.node, paths[src]!)?.node : undefined);
    return nodes.get(src);
  };
  const locateItem = (x: Located) => {
    x.path = paths[x.src];
    // computed on first use: it may need the file's nodes
    let fileRange: [number, number] | undefined;
    Object.defineProperty(x, 'fileRange', {
      enumerable: true,
      configurable: true,
      get: () => (fileRange ??= toFile(text, nodeOf(x.src), x.range[0], x.range[1])),
    });
  };
  res.commands.forEach((cmd) => {
    locateItem(cmd);
    cmd.args.forEach(locateItem);
  });
  [...res.writes, ...res.reads, ...res.endpoints, ...res.listeners].forEach(locateItem);
  const out: CommandAnalysis = {
    container: c,
    origin,
    form: res.form,
    argvPaths: paths,
    commands: res.commands,
    writes: res.writes,
    reads: res.reads,
    endpoints: res.endpoints,
    listeners: res.listeners,
    opaque: res.opaque,
    dynamicWrites: res.dynamicWrites,
  };
  if (res.parseError !== undefined) out.parseError = res.parseError;
  if (res.form === 'shell' && res.scriptIndex !== undefined) out.script = { text: argv[res.scriptIndex]!, path: paths[res.scriptIndex]!, shell: res.shell ?? 'sh' };
  return out;
}

/**
 * All exec commands of a container: the main process (`command` + `args`)
 * first, then lifecycle hooks and exec probes. Cached per container.
 */
export function analyzeExecs(c: ContainerInfo): CommandAnalysis[] {
  const hit = cache.get(c);
  if (hit) return hit;
  const out: CommandAnalysis[] = [];
  const spec = c.spec as any;
  const command = strList(spec.command);
  const args = strList(spec.args);
  if (command || args) {
    const argv = [...(command ?? []), ...(args ?? [])];
    const paths: Path[] = [...(command ?? []).map((_, i) => [...c.path, 'command', i]), ...(args ?? []).map((_, i) => [...c.path, 'args', i])];
    const entry = command ? undefined : imageEntrypoint(c.image);
    if (entry) {
      // An image whose ENTRYPOINT is a program podlint knows (alpine/socat, curlimages/curl).
      const a = analyzeSource(c, 'command', [entry, ...args!], [[...c.path, 'image'], ...paths]);
      if (a) out.push(a);
    } else if (!command && args && args.length && (args[0]!.startsWith('-') || !looksLikeProgram(args[0]!))) {
      // The image's ENTRYPOINT receives these args: unknown program.
      const a = analyzeSource(c, 'command', ['(entrypoint)', ...args], [[...c.path, 'args'], ...paths]);
      if (a) out.push(a);
    } else {
      const a = analyzeSource(c, 'command', argv, paths);
      if (a) out.push(a);
    }
  }
  const hooks: [CommandAnalysis['origin'], Path][] = [
    ['postStart', ['lifecycle', 'postStart', 'exec', 'command']],
    ['preStop', ['lifecycle', 'preStop', 'exec', 'command']],
    ['livenessProbe', ['livenessProbe', 'exec', 'command']],
    ['readinessProbe', ['readinessProbe', 'exec', 'command']],
    ['startupProbe', ['startupProbe', 'exec', 'command']],
  ];
  for (const [origin, rel] of hooks) {
    let v: any = spec;
    for (const k of rel) v = v && typeof v === 'object' ? v[k as string] : undefined;
    const argv = strList(v);
    if (!argv || !argv.length) continue;
    const a = analyzeSource(c, origin, argv, argv.map((_, i) => [...c.path, ...rel, i]));
    if (a) out.push(a);
  }
  cache.set(c, out);
  return out;
}

/** Images whose ENTRYPOINT is a program podlint models, by the image's last path segment. */
const IMAGE_ENTRYPOINTS: Record<string, string> = { socat: 'socat', curl: 'curl', wget: 'wget', 'redis-cli': 'redis-cli', grpcurl: 'grpcurl', 'grpc-health-probe': 'grpc_health_probe' };

function imageEntrypoint(image: string | undefined): string | undefined {
  if (!image) return undefined;
  let name = image.split('@')[0]!;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  return IMAGE_ENTRYPOINTS[name.slice(name.lastIndexOf('/') + 1).toLowerCase()];
}

function looksLikeProgram(v: string): boolean {
  return v.startsWith('/') || SHELLS.has(base(v)) || NO_FILES.has(base(v)) || base(v) in WRAPPERS || /^(python[23]?|node|ruby|perl|php|java|busybox)$/.test(base(v));
}

/** The container's main process (`command` + `args`); undefined when both are unset. */
export function analyzeCommand(c: ContainerInfo): CommandAnalysis | undefined {
  const all = analyzeExecs(c);
  return all[0]?.origin === 'command' ? all[0] : undefined;
}
