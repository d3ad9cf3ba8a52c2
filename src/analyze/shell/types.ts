/** The shell analysis' public types (re-exported by ./index.ts). */
import type { ContainerInfo } from '../../graph/model.js';
import type { Path } from '../../load/nodes.js';

export type Range = [number, number];

export interface Located {
  /** Offsets in the text of the scalar the item came from (script or argv element). */
  range: Range;
  /** Index of that text: 0 for a script; for an exec form, the argv index. */
  src: number;
  /** YAML path (inside the resource) of the scalar. Set by the container-level functions. */
  path?: Path;
  /** Offsets in the manifest file: read it with fileRangeOf(), which computes it for the container-level functions' items. */
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
  /** Set when the script could not be read to its end (what came before the fault is still reported; `opaque` then holds `(unparsable script)`). */
  parseError?: string;
  /** Pieces a size or depth limit kept the analysis from reading (noted for rule `analysis-limit` at the container level). */
  limits?: LimitNote[];
}

/** A piece of a script not (fully) analysed because a limit stopped the analysis. */
export interface LimitNote {
  range: Range;
  src: number;
  /** What was skipped and why. */
  message: string;
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
