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
import type { CommandAnalysis, Located } from './types.js';

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
  for (const l of res.limits ?? []) noteLimit({ resource: c.resource, range: toFile(text, nodeOf(l.src), l.range[0], l.range[1]), message: l.message });
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
  return v.startsWith('/') || SHELLS.has(base(v)) || (COMMANDS[base(v)] !== undefined && COMMANDS[base(v)]!.modelled !== false) || base(v) in WRAPPERS || /^(python[23]?|node|ruby|perl|php|java|busybox)$/.test(base(v));
}

/** The container's main process (`command` + `args`); undefined when both are unset. */
export function analyzeCommand(c: ContainerInfo): CommandAnalysis | undefined {
  const all = analyzeExecs(c);
  return all[0]?.origin === 'command' ? all[0] : undefined;
}
