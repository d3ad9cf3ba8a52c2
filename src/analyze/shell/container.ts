/**
 * The container level: a container's `command`/`args`, lifecycle hooks and
 * exec probes, analysed once per container (cached: every rule shares the
 * same analysis), with manifest positions for every item.
 */
import type { Node } from 'yaml';
import type { ContainerInfo } from '../../graph/model.js';
import { locate, type Path } from '../../load/nodes.js';
import { toFile } from '../env-endpoints.js';
import { noteLimit } from '../limits.js';
import { analyzeArgv } from './analyze.js';
import { COMMANDS, SHELLS, WRAPPERS } from './commands/index.js';
import { base } from './paths.js';
import type { CommandAnalysis, Located, Range } from './types.js';

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

/** Maps items of one analysis (offsets in argv element `src`) to file offsets, finding each element's node once. */
class ItemLocator {
  private readonly nodes = new Map<number, Node | undefined>();
  constructor(
    private readonly c: ContainerInfo,
    private readonly paths: Path[],
  ) {}

  toFile(src: number, range: [number, number]): [number, number] {
    let node = this.nodes.get(src);
    if (node === undefined && !this.nodes.has(src)) {
      node = this.paths[src] ? locate(this.c.resource.node, this.paths[src]!)?.node : undefined;
      this.nodes.set(src, node);
    }
    return toFile(this.c.resource.file.text, node, range[0], range[1]);
  }
}

const LOCATOR = Symbol('locator');
type LocatedItem = Located & { [LOCATOR]?: ItemLocator };

/**
 * Offsets in the manifest file of an analysed item (its `fileRange`),
 * computed on first use: it may need the file's nodes, which most runs never
 * build. A function, not a getter on each item: a `defineProperty` per item
 * cost more than the two plain stores locateItem makes now. Undefined for an
 * item no container-level function placed.
 */
export function fileRangeOf(x: Located): Range | undefined {
  if (x.fileRange) return x.fileRange;
  const loc = (x as LocatedItem)[LOCATOR];
  return loc ? (x.fileRange = loc.toFile(x.src, x.range)) : undefined;
}

function strList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((x) => (typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : ''));
}

type ArgvAnalysis = ReturnType<typeof analyzeArgv>;

/**
 * Analyses by their inputs (argv, the env values they can read, workingDir):
 * the same sidecar (a log tailer, a proxy's flags) runs in many pods, and a
 * rendered chart repeats its containers. `first` is the analysis the first
 * container with these inputs got (its items then carry that container's
 * positions); `pristine`, made from it when a second one asks, is copied
 * for every other container. Bounded: cleared when full.
 */
const byInputs = new Map<string, { first: ArgvAnalysis; pristine?: ArgvAnalysis }>();
const MAX_MEMO = 4096;

function inputsKey(argv: string[], env: Record<string, string | null>, wd: string | undefined): string {
  // every piece with its length: values may hold any character, NUL included (a YAML "\\0" escape)
  let key = wd === undefined ? 'u' : `d${wd.length}:${wd}`;
  for (const name in env) {
    const v = env[name];
    key += v === null || v === undefined ? `e${name.length}:${name}n` : `e${name.length}:${name}s${v.length}:${v}`;
  }
  for (let i = 0; i < argv.length; i++) key += `a${argv[i]!.length}:${argv[i]}`;
  return key;
}

function memoArgv(argv: string[], env: Record<string, string | null>, envNames: Set<string>, wd: string | undefined): ArgvAnalysis {
  const key = inputsKey(argv, env, wd);
  const hit = byInputs.get(key);
  if (hit) return copyAnalysis((hit.pristine ??= copyAnalysis(hit.first)));
  const res = analyzeArgv(argv, { env, envNames, workingDir: wd });
  if (byInputs.size >= MAX_MEMO) byInputs.clear();
  byInputs.set(key, { first: res });
  return res;
}

/** A copy of an analysis whose items carry no container's positions (locateItem places them). */
function copyAnalysis(a: ArgvAnalysis): ArgvAnalysis {
  const out: ArgvAnalysis = {
    commands: a.commands.map((c) => {
      const x = fresh(c);
      x.args = c.args.map(fresh);
      return x;
    }),
    writes: a.writes.map(fresh),
    reads: a.reads.map(fresh),
    endpoints: a.endpoints.map(fresh),
    listeners: a.listeners.map(fresh),
    opaque: a.opaque.slice(),
    dynamicWrites: a.dynamicWrites,
    form: a.form,
    scriptIndex: a.scriptIndex,
    shell: a.shell,
  };
  if (a.parseError !== undefined) out.parseError = a.parseError;
  if (a.limits) out.limits = a.limits.map((l) => ({ range: l.range, src: l.src, message: l.message }));
  return out;
}

function fresh<T extends Located>(x: T): T {
  const y = { ...x };
  y.path = undefined;
  y.fileRange = undefined;
  (y as LocatedItem)[LOCATOR] = undefined;
  return y;
}

function analyzeSource(c: ContainerInfo, origin: CommandAnalysis['origin'], argv: string[], paths: Path[]): CommandAnalysis | undefined {
  if (argv.length === 0) return undefined;
  const { env, envNames } = containerEnv(c);
  const wd = typeof c.spec.workingDir === 'string' ? c.spec.workingDir : undefined;
  const res = memoArgv(argv, env, envNames, wd);
  const loc = new ItemLocator(c, paths);
  const locateItem = (x: Located) => {
    x.path = paths[x.src];
    // fileRange: computed on first use (fileRangeOf)
    (x as LocatedItem)[LOCATOR] = loc;
  };
  // indexed loops: for-of allocates an iterator and a result per item in the unoptimized code most runs execute here
  for (let i = 0; i < res.commands.length; i++) {
    const cmd = res.commands[i]!;
    locateItem(cmd);
    for (let j = 0; j < cmd.args.length; j++) locateItem(cmd.args[j]!);
  }
  for (let i = 0; i < res.writes.length; i++) locateItem(res.writes[i]!);
  for (let i = 0; i < res.reads.length; i++) locateItem(res.reads[i]!);
  for (let i = 0; i < res.endpoints.length; i++) locateItem(res.endpoints[i]!);
  for (let i = 0; i < res.listeners.length; i++) locateItem(res.listeners[i]!);
  for (const l of res.limits ?? []) noteLimit({ resource: c.resource, range: loc.toFile(l.src, l.range), message: l.message });
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
  if (res.limits) out.limits = res.limits;
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
    // concat and loops, not spreads: this runs once per container, mostly before V8 optimizes it
    const argv = command && args ? command.concat(args) : (command ?? args)!;
    const paths: Path[] = [];
    if (command) for (let i = 0; i < command.length; i++) paths.push(c.path.concat('command', i));
    if (args) for (let i = 0; i < args.length; i++) paths.push(c.path.concat('args', i));
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
  for (let h = 0; h < HOOKS.length; h++) {
    const origin = HOOKS[h]![0];
    const rel = HOOKS[h]![1];
    // the hook's first key: most containers have none of them
    let v: any = spec[rel[0] as string];
    for (let k = 1; k < rel.length && v !== undefined; k++) v = v && typeof v === 'object' ? v[rel[k] as string] : undefined;
    const argv = strList(v);
    if (!argv || !argv.length) continue;
    const a = analyzeSource(c, origin, argv, argv.map((_, i) => c.path.concat(rel, i)));
    if (a) out.push(a);
  }
  cache.set(c, out);
  return out;
}

/** Exec commands of lifecycle hooks and probes, by where they sit in the container. */
const HOOKS: [CommandAnalysis['origin'], Path][] = [
  ['postStart', ['lifecycle', 'postStart', 'exec', 'command']],
  ['preStop', ['lifecycle', 'preStop', 'exec', 'command']],
  ['livenessProbe', ['livenessProbe', 'exec', 'command']],
  ['readinessProbe', ['readinessProbe', 'exec', 'command']],
  ['startupProbe', ['startupProbe', 'exec', 'command']],
];

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
  return v.startsWith('/') || SHELLS.has(base(v)) || (COMMANDS[base(v)] !== undefined && COMMANDS[base(v)]!.modelled !== false) || base(v) in WRAPPERS || /^(python[23]?|node|ruby|perl|php|java|busybox)$/.test(base(v));
}

/** The container's main process (`command` + `args`); undefined when both are unset. */
export function analyzeCommand(c: ContainerInfo): CommandAnalysis | undefined {
  const all = analyzeExecs(c);
  return all[0]?.origin === 'command' ? all[0] : undefined;
}
