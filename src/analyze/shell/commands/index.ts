/**
 * The command models: every program the shell analysis knows, by name. A
 * program missing here is opaque (it may write anything) and its arguments
 * are searched for URLs and `host:port` (run.ts, genericArgs).
 *
 * To add a command: one entry in the table of its kind (files.ts,
 * network.ts, programs.ts, builtins.ts), or its name in NO_EFFECT when it
 * touches no file and no network peer.
 */
import type { OptSpec } from '../options.js';
import { parseOpts } from '../options.js';
import { genericArgs } from '../run.js';
import { BUILTINS } from './builtins.js';
import { FILES } from './files.js';
import { model, type CommandModel, type Models } from './model.js';
import { NETWORK } from './network.js';
import { PROGRAMS } from './programs.js';

/** Shells: `sh -c SCRIPT` is interpreted (run.ts, shellInvocation). */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox-sh']);

/**
 * Programs that run another command (argv after their options): stripped
 * before the command is modelled. `skipPos`: positional arguments before the
 * command (`timeout 5 cmd`, `gosu user cmd`); `envAssigns`: `VAR=value` words.
 */
export const WRAPPERS: Record<string, OptSpec & { skipPos?: number; envAssigns?: boolean }> = {
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

/** Commands that create no files and reach no network peer (some also have a model below, which wins). */
const NO_EFFECT = [
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
];

/** Interpreters: a script file is read; `python -m http.server` listens. Their effects are not modelled. */
const INTERPRETERS: Models = model(['python', 'python3', 'python2', 'node', 'ruby', 'perl', 'php'], (c) => {
  const { name, rest, ctx, col, read } = c;
  const p = parseOpts(rest, { s: 'mcWXe', l: [] });
  const m = p.get('m');
  if (m?.value === 'http.server' || m?.value === 'SimpleHTTPServer') {
    const portW = p.pos.find((w) => w.value !== undefined && /^\d{1,5}$/.test(w.value));
    col.listen(portW ?? m, portW ? Number(portW.value) : 8000, `${name} -m ${m.value}`);
  }
  if (!p.has('c', 'e', 'm') && p.pos[0]) read(p.pos[0], name);
  col.unknown(name);
  genericArgs(rest, ctx, name);
}, { modelled: false });

export const COMMANDS: Readonly<Record<string, CommandModel>> = Object.assign(Object.create(null), model(NO_EFFECT), FILES, NETWORK, PROGRAMS, BUILTINS, INTERPRETERS);

/**
 * WRAPPERS and COMMANDS as Maps, for the lookup of every command's name (run.ts): a name is a fresh slice
 * of the script, and an object keyed by it first looks it up in V8's string table; a Map only hashes it.
 */
export const WRAPPER_SPECS: ReadonlyMap<string, (typeof WRAPPERS)[string]> = new Map(Object.entries(WRAPPERS));
export const COMMAND_MODELS: ReadonlyMap<string, CommandModel> = new Map(Object.entries(COMMANDS));
