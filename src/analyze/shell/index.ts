/**
 * What a container's command does to files and to the network, read from its
 * `command`/`args` (and the exec commands of its lifecycle hooks and probes).
 *
 * Layout
 * ------
 * - parser.ts (+ ast.ts): a small reader for POSIX sh and bash, linear in the
 *   script's length; replaced mvdan-sh (docs/performance.md says why).
 * - interpreter.ts: walks the tree, keeping literal variables and the working
 *   directory (state.ts), and expands words.
 * - run.ts: one simple command: wrappers stripped, then its model.
 * - commands/: the command models, one entry per program (files, network,
 *   programs, builtins); adding a command is one entry there.
 * - analyze.ts: the pure entry points; container.ts: the container level
 *   (cached per container, shared by every rule; containers with the same
 *   argv, env and workingDir share one analysis, copied; manifest positions).
 *
 * Public API
 * ----------
 * - `analyzeCommand(c: ContainerInfo): CommandAnalysis | undefined`
 *   The container's main process (`command` + `args`). A shell invocation
 *   (`sh|bash|ash|dash|zsh|ksh [-opts] -c SCRIPT [$0 [$1 ...]]`, also `-ec`,
 *   `-xc`, `/bin/sh -c`, `command: [sh, -c]` + `args: [SCRIPT]`, `env`/`tini`/
 *   `dumb-init`/`exec` wrappers) is read as a shell script (bash dialect);
 *   any other program is read as a bare exec form. Undefined when the
 *   container sets neither `command` nor `args`.
 * - `analyzeExecs(c): CommandAnalysis[]` the main process plus the exec
 *   commands of `lifecycle.postStart/preStop` and the probes.
 * - `analyzeScript(script, opts?)` / `analyzeArgv(argv, opts?)` pure versions
 *   over plain strings (ranges are offsets in the script, or in argv[src]).
 *
 * A `CommandAnalysis` holds:
 * - `commands`: every simple command run (after wrappers such as `exec`,
 *   `nohup`, `env`, `timeout` are stripped), `{ name, args, range }`, where
 *   `args` are words with their literal `value` (undefined when dynamic);
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
 * - `limits`: pieces a size or depth limit kept from being analysed (also
 *   noted with src/analyze/limits.ts for rule `analysis-limit`).
 *
 * Every item keeps `range` (offsets in the scalar it came from: the script,
 * or one argv element), `path` (YAML path of that scalar inside the resource)
 * and `fileRange` (offsets in the manifest, read with `fileRangeOf(item)`,
 * which computes it on first use), so findings point at the exact place
 * inside a block-scalar script.
 *
 * Paths: variables assigned literally in the script (`d=/out`), positional
 * parameters after `-c SCRIPT`, container `env` entries with a literal
 * `value`, and Kubernetes `$(VAR)` references are resolved; a path that still
 * holds an unresolved expansion is skipped (and counted in `dynamicWrites`).
 * Relative paths are resolved against the script's `cd`, else `workingDir`;
 * when neither is known `abs` is undefined and `cwd.kind` says why
 * (`image`: the image's WORKDIR, which podlint cannot see).
 */
export type * from './types.js';
export { normalizePath } from './paths.js';
export { compileGlob, type Glob } from './glob.js';
export { isModelledCommand } from './run.js';
export { analyzeArgv, analyzeScript, analyzeScriptRaw } from './analyze.js';
export { analyzeCommand, analyzeExecs, containerEnv, fileRangeOf } from './container.js';
