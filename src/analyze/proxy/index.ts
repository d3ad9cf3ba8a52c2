/**
 * What the containers of one pod listen on and proxy to.
 *
 * A proxy container (haproxy, nginx, envoy images, or a command running one
 * of them) reads its configuration from the path its image or its flags say;
 * when a ConfigMap/Secret mount supplies that file, the file is parsed and its
 * listen addresses and backends keep their position inside the manifest (the
 * line inside the ConfigMap's block scalar). socat `TCP-LISTEN` / `TCP:` in
 * commands count as a listener and a backend.
 *
 * Nothing here reports: rules (`ambassador-backend`, `proxy-config-missing`,
 * `localhost-port-unbound`) read these facts.
 */
import type { ContainerInfo, Graph, MountInfo, PodTemplate } from '../../graph/model.js';
import { nearNames } from '../../engine/suggest.js';
import { containerFiles, lazyRef, volumeContents, basename, dirname, normPath, type ContainerFile, type ContainerFiles, type EmbeddedText, type Lookup, type TextRef } from './files.js';
import { invocations, argvLine, base, specNames, type Word } from './argv.js';
import { analyzeCommand, analyzeScript, type ScriptAnalysis } from '../shell/index.js';
import { parseHaproxy } from './haproxy.js';
import { MAX_NGINX_DEPTH, nginxFacts, parseNginx, type NgxArg, type NgxContext, type NgxDirective, type NgxTarget } from './nginx.js';
import { parseEnvoy } from './envoy.js';
import { SOCAT_IMAGE, containerSocat } from './socat.js';
import { globMatch } from '../glob.js';
import { noteLimit } from '../limits.js';
import { fit } from '../../util.js';

export type { TextRef, EmbeddedText, ContainerFile } from './files.js';

export type ProxyKind = 'haproxy' | 'nginx' | 'envoy';

export interface Listener {
  port: number;
  host?: string;
  source: 'containerPort' | 'haproxy' | 'nginx' | 'envoy' | 'socat';
  container: ContainerInfo;
  /** Where the listen address is written (a config line, a socat word), when it comes from text. */
  at?: TextRef;
  /** Listens because of the image's default configuration (nothing mounted over it). */
  imageDefault?: boolean;
}

/** A place a proxy or ambassador connects to. */
export interface Backend {
  container: ContainerInfo;
  source: 'haproxy' | 'nginx' | 'envoy' | 'socat';
  host: string;
  /** Port connected to (explicit, or the scheme's default); undefined when unknown. */
  port?: number;
  /** The directive as written, e.g. `server svc ambassador-test-svc:8081`. */
  what: string;
  /** The directive (its line inside the embedded config). */
  at: TextRef;
  /** Exact file offsets of the host, when it can be replaced in place (fixes). */
  hostEdit?: [number, number];
  /** Exact file offsets of the port, when it is written and can be replaced in place. */
  portEdit?: [number, number];
  /** Where a finding about the port points when it is written apart from the host (Envoy `port_value`); else `at`. */
  portAt?: TextRef;
  /** The port is not written: it is the scheme's default (nginx `http://` 80, `https://` 443). */
  defaultPort?: boolean;
  /** Path of the configuration file inside the container. */
  configPath?: string;
}

/** A name a proxy config refers to: a haproxy backend section, an envoy cluster. */
export interface NamedRef {
  container: ContainerInfo;
  source: 'haproxy' | 'envoy';
  kind: 'backend' | 'cluster';
  name: string;
  /** Names that exist. */
  defined: string[];
  what: string;
  at: TextRef;
  /** Exact file offsets of the name (fixes). */
  edit?: [number, number];
  configPath?: string;
}

/** The proxy a container runs and the configuration it reads. */
export interface ProxyRun {
  kind: ProxyKind;
  /** A well-known image whose default paths are certain (official haproxy/nginx/envoy images). */
  official: boolean;
  /** Main configuration files (haproxy: every `-f`, possibly directories). */
  configPaths: string[];
  /** Given by a flag in the command (`-f`, `-c`, `--config-path`). */
  explicit: boolean;
  /** The container certainly runs the proxy with these paths (no command we could not read). */
  certain: boolean;
  /** nginx: directories the image's default nginx.conf includes (`conf.d/*.conf`), in http context. */
  defaultIncludes: string[];
  /** nginx: the image's default server (`conf.d/default.conf`) and its port. */
  defaultServer?: { path: string; port: number };
}

/** The configuration file a proxy reads is not supplied by the mount covering it. */
export interface MissingConfig {
  container: ContainerInfo;
  run: ProxyRun;
  /** What the proxy reads. */
  path: string;
  /** How it is missing. */
  reason: 'absent' | 'subpath' | 'elsewhere' | 'extension' | 'directory';
  mount: MountInfo;
  /** The mounted file that looks like the intended one. */
  near?: ContainerFile;
  /** Files the covering mount does supply in that directory. */
  siblings: ContainerFile[];
}

export interface ProxyFacts {
  run?: ProxyRun;
  /** Configuration files parsed (from mounts). */
  sources: { path: string; file: ContainerFile; text: EmbeddedText }[];
  listeners: Listener[];
  backends: Backend[];
  refs: NamedRef[];
  missing: MissingConfig[];
}

// ---------------------------------------------------------------------------
// Images

function imageRepo(image: string): string {
  let s = image.trim().toLowerCase();
  const at = s.indexOf('@');
  if (at !== -1) s = s.slice(0, at);
  const slash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > slash) s = s.slice(0, colon);
  return s;
}

/** Which proxy an image runs, if any. */
export function proxyImage(image: string | undefined): { kind: ProxyKind; official: boolean; variant?: 'bitnami' | 'unprivileged' | 'openresty' } | undefined {
  if (!image) return undefined;
  const repo = imageRepo(image);
  const parts = repo.split('/');
  const name = parts[parts.length - 1]!;
  const owner = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  const library = parts.length === 1 || owner === 'library';
  if (name === 'haproxy' || (owner === 'haproxytech' && name.startsWith('haproxy'))) {
    return { kind: 'haproxy', official: library || owner === 'haproxytech' };
  }
  if (name === 'nginx') {
    if (owner === 'bitnami' || owner === 'bitnamicharts' || owner === 'bitnamilegacy') return { kind: 'nginx', official: true, variant: 'bitnami' };
    return { kind: 'nginx', official: library || owner === 'nginxinc' || owner === 'nginx' };
  }
  if (name === 'nginx-unprivileged') return { kind: 'nginx', official: true, variant: 'unprivileged' };
  if (name === 'openresty' && owner === 'openresty') return { kind: 'nginx', official: true, variant: 'openresty' };
  if (owner === 'envoyproxy' && name.startsWith('envoy')) return { kind: 'envoy', official: true };
  if (name === 'envoy') return { kind: 'envoy', official: false };
  return undefined;
}

const BINARIES: Record<ProxyKind, (n: string) => boolean> = {
  haproxy: (n) => n === 'haproxy',
  nginx: (n) => n === 'nginx' || n === 'openresty' || n === 'nginx-debug',
  envoy: (n) => n === 'envoy',
};

const PROXY_KINDS: readonly ProxyKind[] = ['haproxy', 'nginx', 'envoy'];

/** Strings every name BINARIES accepts contains (invocations() skips scripts that contain none). */
const BINARY_NAMES: Record<ProxyKind, readonly string[]> = { haproxy: ['haproxy'], nginx: ['nginx', 'openresty'], envoy: ['envoy'] };

const DEFAULT_CONFIG: Record<ProxyKind, string> = {
  haproxy: '/usr/local/etc/haproxy/haproxy.cfg',
  nginx: '/etc/nginx/nginx.conf',
  envoy: '/etc/envoy/envoy.yaml',
};

function flagValues(words: string[], names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (const n of names) {
      if (w === n && i + 1 < words.length) out.push(words[++i]!);
      else if (n.startsWith('--') && w.startsWith(n + '=')) out.push(w.slice(n.length + 1));
    }
  }
  return out;
}

/** The proxy a container runs, from its image and command. */
export function proxyRun(c: ContainerInfo): ProxyRun | undefined {
  const img = proxyImage(c.image);
  let kind = img?.kind;
  let flags: string[][] = [];
  let certain = false;
  if (kind) {
    const inv = invocations(c, BINARIES[kind], BINARY_NAMES[kind]);
    if (inv.length) {
      flags = inv.map((x) => x.words.map((w) => w.value));
      certain = true;
    } else {
      const first = argvLine(c);
      if (!first) certain = true; // the image's own command
      else if (first.implicitEntrypoint && kind !== 'nginx' && (first.words[0]?.value ?? '').startsWith('-')) {
        // haproxy/envoy entrypoints run the binary with args starting with `-`
        flags = [first.words.map((w) => w.value)];
        certain = true;
      } else if (first.implicitEntrypoint && kind === 'nginx' && first.words.length === 0) certain = true;
    }
  } else {
    // indexed, over a constant: most containers are no proxy, and this runs for each of them, mostly unoptimized
    for (let ki = 0; ki < PROXY_KINDS.length; ki++) {
      const k = PROXY_KINDS[ki]!;
      const inv = invocations(c, BINARIES[k], BINARY_NAMES[k]);
      if (inv.length) {
        kind = k;
        flags = inv.map((x) => x.words.map((w) => w.value));
        certain = true;
        break;
      }
    }
    if (!kind) return undefined;
  }
  const official = img?.official ?? false;
  let configPaths: string[] = [];
  let explicit = false;
  const defaultIncludes: string[] = [];
  let defaultServer: ProxyRun['defaultServer'];
  if (kind === 'haproxy') {
    const f = flags.flatMap((w) => flagValues(w, ['-f']));
    const cdir = flags.flatMap((w) => flagValues(w, ['-C']))[0];
    if (f.length) {
      explicit = true;
      configPaths = f.map((p) => normPath(p.startsWith('/') ? p : `${cdir ?? '/'}/${p}`));
    } else configPaths = [DEFAULT_CONFIG.haproxy];
  } else if (kind === 'envoy') {
    const f = flags.flatMap((w) => flagValues(w, ['-c', '--config-path']));
    if (f.length) {
      explicit = true;
      configPaths = [normPath(f[0]!.startsWith('/') ? f[0]! : '/' + f[0]!)];
    } else configPaths = [DEFAULT_CONFIG.envoy];
  } else {
    const variant = img?.variant;
    const prefix = variant === 'bitnami' ? '/opt/bitnami/nginx/conf' : variant === 'openresty' ? '/usr/local/openresty/nginx/conf' : '/etc/nginx';
    const f = flags.flatMap((w) => flagValues(w, ['-c']));
    const p = flags.flatMap((w) => flagValues(w, ['-p']))[0];
    if (f.length) {
      explicit = true;
      configPaths = [normPath(f[0]!.startsWith('/') ? f[0]! : `${p ?? prefix}/${f[0]!}`)];
    } else configPaths = [`${prefix}/nginx.conf`];
    if (variant === 'bitnami') {
      defaultIncludes.push('/opt/bitnami/nginx/conf/server_blocks');
      defaultServer = { path: '/opt/bitnami/nginx/conf/server_blocks/default.conf', port: 8080 };
    } else {
      defaultIncludes.push('/etc/nginx/conf.d');
      defaultServer = { path: '/etc/nginx/conf.d/default.conf', port: variant === 'unprivileged' ? 8080 : 80 };
    }
  }
  return { kind, official, configPaths, explicit, certain, defaultIncludes, defaultServer };
}

// ---------------------------------------------------------------------------
// Facts

const factsCache = new WeakMap<ContainerInfo, ProxyFacts>();

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The file a proxy seems to mean when `path` is absent: a near name in the same directory, else one with the same base name elsewhere. */
function intendedFile(files: ContainerFiles, path: string, siblings: ContainerFile[]): ContainerFile | undefined {
  const name = basename(path);
  const byName = new Map(siblings.map((s) => [basename(s.path), s]));
  const near = nearNames(name, byName.keys());
  if (near.length === 1) return byName.get(near[0]!);
  const stem = name.replace(/\.[^.]*$/, '');
  const sameStem = siblings.filter((s) => basename(s.path).replace(/\.[^.]*$/, '') === stem);
  if (sameStem.length === 1) return sameStem[0];
  const elsewhere = files.files.filter((f) => basename(f.path) === name && f.entry.content);
  if (elsewhere.length === 1) return elsewhere[0];
  return undefined;
}

/** Every name of a program proxyFacts() looks for (BINARY_NAMES and socat's). */
const ANY_PROGRAM = [...new Set([...Object.values(BINARY_NAMES).flat(), 'socat'])];

/** The facts of a container that runs no proxy and no socat (shared: never written to). */
const NO_FACTS: ProxyFacts = Object.freeze({
  sources: Object.freeze([]) as unknown as ProxyFacts['sources'],
  listeners: Object.freeze([]) as unknown as Listener[],
  backends: Object.freeze([]) as unknown as Backend[],
  refs: Object.freeze([]) as unknown as NamedRef[],
  missing: Object.freeze([]) as unknown as MissingConfig[],
});

/** Proxy and socat facts of one container. */
export function proxyFacts(graph: Graph, c: ContainerInfo): ProxyFacts {
  const hit = factsCache.get(c);
  if (hit) return hit;
  // Most containers run neither: no proxy image, and no string of command and args names a proxy or socat
  // (the check every invocations() call below would make, once for all of them).
  if (!proxyImage(c.image) && !SOCAT_IMAGE.test(c.image ?? '') && !specNames(c, ANY_PROGRAM)) {
    factsCache.set(c, NO_FACTS);
    return NO_FACTS;
  }
  const facts: ProxyFacts = { sources: [], listeners: [], backends: [], refs: [], missing: [] };
  factsCache.set(c, facts);
  try {
    socatFacts(c, facts);
    const run = proxyRun(c);
    if (run) {
      facts.run = run;
      const files = containerFiles(graph, c);
      if (run.kind === 'haproxy') haproxyFacts(graph, c, run, files, facts);
      else if (run.kind === 'envoy') envoyFacts(graph, c, run, files, facts);
      else nginxContainerFacts(graph, c, run, files, facts);
    }
    // kept all run (cached per container): the lists at their exact size
    facts.sources = fit(facts.sources);
    facts.listeners = fit(facts.listeners);
    facts.backends = fit(facts.backends);
    facts.refs = fit(facts.refs);
    facts.missing = fit(facts.missing);
  } catch {
    // bad input never breaks the analysis
  }
  return facts;
}

function socatFacts(c: ContainerInfo, facts: ProxyFacts) {
  for (const u of containerSocat(c)) {
    const a = u.address;
    if (a.role === 'listen' && a.port !== undefined) {
      facts.listeners.push({ port: a.port, source: 'socat', container: c, at: u.word.ref(0, u.word.value.length) });
    } else if (a.role === 'connect' && a.host && a.hostSpan) {
      const hostSpan = a.hostSpan;
      facts.backends.push({
        container: c,
        source: 'socat',
        host: a.host,
        port: a.port,
        what: `socat ${u.word.value}`,
        at: u.word.ref(0, u.word.value.length),
        get hostEdit() {
          return u.word.exact(hostSpan[0], hostSpan[1]);
        },
        get portEdit() {
          return a.portSpan && a.port !== undefined ? u.word.exact(a.portSpan[0], a.portSpan[1]) : undefined;
        },
      });
    }
  }
}

/** Resolve a config path: the file itself, or (for the intended-file fallback) a near one; records what is missing. */
function readConfig(graph: Graph, c: ContainerInfo, run: ProxyRun, files: ContainerFiles, facts: ProxyFacts, path: string): ContainerFile[] {
  const l: Lookup = files.lookup(path);
  if (l.kind === 'file') return [l.file];
  if (l.kind === 'dir') {
    // haproxy -f <dir>: every *.cfg file in it, in lexical order
    const inside = files.list(path).files;
    const cfgs = inside.filter((f) => f.path.endsWith('.cfg'));
    if (run.kind === 'haproxy' && cfgs.length) return cfgs;
    // A ConfigMap mounted *at* the file path without subPath becomes a directory there.
    if (normPath(l.mount.mountPath ?? '') === path && !l.mount.subPath) {
      const near = inside.find((f) => basename(f.path) === basename(path)) ?? (inside.length === 1 ? inside[0] : undefined);
      facts.missing.push({ container: c, run, path, reason: 'directory', mount: l.mount, near, siblings: inside });
      return near ? [near] : [];
    }
    return [];
  }
  if (l.kind === 'absent') {
    const mountAtFile = normPath(l.mount.mountPath ?? '') === path && !!l.mount.subPath;
    let near: ContainerFile | undefined;
    if (mountAtFile && l.mount.volume) {
      // subPath names no entry of the volume: the entry with a near name is the one meant
      const entries = volumeContents(graph, l.mount.volume).entries;
      const byRel = new Map(entries.map((e) => [e.relPath, e]));
      const n = nearNames(normPath(l.mount.subPath!).slice(1), byRel.keys());
      if (n.length === 1) near = { path, entry: byRel.get(n[0]!)!, mount: l.mount };
    } else near = intendedFile(files, path, l.siblings);
    facts.missing.push({ container: c, run, path, reason: mountAtFile ? 'subpath' : 'absent', mount: l.mount, near, siblings: l.siblings });
    return near ? [near] : [];
  }
  if (l.kind === 'unknown') {
    // An emptyDir an init container fills with `cp <ConfigMap file> <path>` before the proxy starts.
    const copied = copiedByInit(graph, c, l.mount, path);
    return copied ? [copied] : [];
  }
  if (l.kind === 'image' && run.certain) {
    // Nothing mounted there: a config mounted under another name or directory is not read.
    // (Files nginx includes anyway, conf.d/*.conf and templates, are not candidates.)
    const readAnyway = (f: ContainerFile) =>
      run.kind === 'nginx' && [...run.defaultIncludes, '/etc/nginx/templates'].some((d) => dirname(f.path) === d);
    const dir = files.list(dirname(path));
    const candidates = dir.files.filter((f) => f.entry.content && !readAnyway(f));
    const byName = new Map(candidates.map((x) => [basename(x.path), x]));
    const n = nearNames(basename(path), byName.keys());
    let near = n.length === 1 ? byName.get(n[0]!) : undefined;
    if (!near && run.official && !run.explicit) {
      const same = files.files.filter((f) => basename(f.path) === basename(path) && f.entry.content && !readAnyway(f));
      if (same.length === 1) near = same[0];
    }
    if (near) {
      facts.missing.push({ container: c, run, path, reason: 'elsewhere', mount: near.mount, near, siblings: candidates });
      return [near];
    }
  }
  return [];
}

const SHELL_NAMES = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/**
 * The ConfigMap/Secret file an init container copies to `path` of the
 * proxy's (emptyDir) mount, e.g. `cp /readonly/haproxy.cfg /data/haproxy.cfg`
 * in an inline script or in a script file mounted from a ConfigMap.
 */
function copiedByInit(graph: Graph, c: ContainerInfo, mount: MountInfo, path: string): ContainerFile | undefined {
  const v = mount.volume;
  if (!v || !mount.mountPath || c.group === 'initContainers') return undefined;
  const at = normPath(mount.mountPath);
  let rel = path === at ? '' : path.slice(at.length + 1);
  if (mount.subPath) rel = normPath(`${mount.subPath}/${rel}`).slice(1);
  for (const init of c.template.containers) {
    if (init.group !== 'initContainers' || init.nativeSidecar) continue;
    for (const im of init.mounts) {
      if (im.volume !== v || !im.mountPath) continue;
      const sub = im.subPath ? normPath(im.subPath).slice(1) : '';
      if (sub && rel !== sub && !rel.startsWith(sub + '/')) continue;
      const inner = sub ? rel.slice(sub.length).replace(/^\//, '') : rel;
      const target = normPath(`${im.mountPath}/${inner}`);
      const src = copySource(graph, init, target);
      if (src) return { path, entry: src.entry, mount };
    }
  }
  return undefined;
}

function copySource(graph: Graph, init: ContainerInfo, target: string): ContainerFile | undefined {
  const files = containerFiles(graph, init);
  const scripts: ScriptAnalysis[] = [];
  const main = analyzeCommand(init);
  if (main) scripts.push(main);
  // `sh /scripts/init.sh`: a script file mounted from a ConfigMap
  const argv = [...((init.spec as any).command ?? []), ...((init.spec as any).args ?? [])].filter((x: unknown): x is string => typeof x === 'string');
  if (argv.length >= 2 && SHELL_NAMES.has(base(argv[0]!)) && argv[1]!.startsWith('/')) {
    const l = files.lookup(argv[1]!);
    if (l.kind === 'file' && l.file.entry.content) scripts.push(analyzeScript(l.file.entry.content.text));
  }
  for (const a of scripts) {
    for (const cmd of a.commands) {
      if (cmd.name !== 'cp' && cmd.name !== 'install') continue;
      const words = cmd.args.map((w) => w.value);
      if (words.some((w) => w === undefined)) continue;
      const pos = (words as string[]).filter((w) => !w.startsWith('-'));
      if (pos.length !== 2) continue;
      const [from, to] = pos as [string, string];
      const dest = normPath(to);
      const hit = dest === target || (to.endsWith('/') || files.lookup(dest).kind === 'dir' ? `${dest}/${basename(from)}` === target : false) || (dest === dirname(target) && basename(from) === basename(target));
      if (!hit || !from.startsWith('/')) continue;
      const l = files.lookup(from);
      if (l.kind === 'file' && l.file.entry.content) return l.file;
    }
  }
  return undefined;
}

function haproxyFacts(graph: Graph, c: ContainerInfo, run: ProxyRun, files: ContainerFiles, facts: ProxyFacts) {
  const read = run.configPaths.flatMap((p) => readConfig(graph, c, run, files, facts, p));
  const parsed = read.flatMap((f) => (f.entry.content ? [{ f, text: f.entry.content, cfg: parseHaproxy(f.entry.content.text) }] : []));
  const names = new Set(parsed.flatMap((p) => p.cfg.backendNames));
  for (const { f, text, cfg } of parsed) {
    facts.sources.push({ path: f.path, file: f, text });
    const line = (s: [number, number]) => oneLine(text.text.slice(s[0], s[1]));
    for (const b of cfg.binds) facts.listeners.push({ port: b.port, host: b.host, source: 'haproxy', container: c, at: text.ref(b.span[0], b.span[1]) });
    for (const s of cfg.servers) {
      facts.backends.push({
        container: c,
        source: 'haproxy',
        host: s.host,
        port: s.port,
        what: line(s.span),
        at: text.ref(s.span[0], s.span[1]),
        get hostEdit() {
          return text.exact(s.hostSpan[0], s.hostSpan[1]);
        },
        get portEdit() {
          return s.portSpan ? text.exact(s.portSpan[0], s.portSpan[1]) : undefined;
        },
        configPath: f.path,
      });
    }
    for (const r of cfg.backendRefs) {
      if (names.has(r.name)) continue;
      facts.refs.push({
        container: c,
        source: 'haproxy',
        kind: 'backend',
        name: r.name,
        defined: [...names].sort(),
        what: line(r.lineSpan),
        at: text.ref(r.lineSpan[0], r.lineSpan[1]),
        get edit() {
          return text.exact(r.span[0], r.span[1]);
        },
        configPath: f.path,
      });
    }
  }
}

function envoyFacts(graph: Graph, c: ContainerInfo, run: ProxyRun, files: ContainerFiles, facts: ProxyFacts) {
  const read = run.configPaths.flatMap((p) => readConfig(graph, c, run, files, facts, p));
  for (const f of read) {
    const text = f.entry.content;
    if (!text) continue;
    const cfg = parseEnvoy(text.text);
    const res = f.entry.resource;
    if (res) for (const l of cfg.limits) noteLimit({ resource: res, range: text.ref(l.span[0], l.span[1]).range, message: `Envoy configuration ${f.path}: ${l.message}` });
    if (!cfg.ok) continue;
    facts.sources.push({ path: f.path, file: f, text });
    // (the spans of a config the fast reader took are computed when read: keep them unread until a finding needs them)
    for (const l of cfg.listeners) facts.listeners.push({ port: l.port, host: l.host, source: 'envoy', container: c, at: lazyRef(text, () => l.span) });
    for (const e of cfg.endpoints) {
      facts.backends.push({
        container: c,
        source: 'envoy',
        host: e.host,
        port: e.port,
        what: `cluster ${e.cluster}: ${e.host}${e.port !== undefined ? `:${e.port}` : ''}`,
        at: lazyRef(text, () => e.span),
        portAt: e.port !== undefined ? lazyRef(text, () => e.portPairSpan ?? e.span) : undefined,
        get hostEdit() {
          return e.plain ? text.exact(e.hostSpan[0], e.hostSpan[1]) : undefined;
        },
        get portEdit() {
          return e.portSpan ? text.exact(e.portSpan[0], e.portSpan[1]) : undefined;
        },
        configPath: f.path,
      });
    }
    if (!cfg.dynamicClusters) {
      const defined = new Set(cfg.clusters);
      for (const r of cfg.clusterRefs) {
        if (defined.has(r.name)) continue;
        facts.refs.push({
          container: c,
          source: 'envoy',
          kind: 'cluster',
          name: r.name,
          defined: [...defined].sort(),
          what: `cluster: ${r.name}`,
          at: lazyRef(text, () => [r.keyStart, r.span[1]]),
          get edit() {
            return text.text.slice(r.span[0], r.span[1]) === r.name ? text.exact(r.span[0], r.span[1]) : text.text.slice(r.span[0] + 1, r.span[1] - 1) === r.name ? text.exact(r.span[0] + 1, r.span[1] - 1) : undefined;
          },
          configPath: f.path,
        });
      }
    }
  }
}

function looksLikeNginx(list: NgxDirective[]): boolean {
  return list.some((d) => (d.block && ['server', 'upstream', 'location', 'http', 'stream', 'map'].includes(d.name)) || d.name === 'listen');
}

/** Does the container run its image's entrypoint (no `command`, or the entrypoint script named)? */
function runsImageEntrypoint(c: ContainerInfo): boolean {
  const cmd = (c.spec as any).command;
  if (!Array.isArray(cmd) || cmd.length === 0) return true;
  return typeof cmd[0] === 'string' && base(cmd[0]) === 'docker-entrypoint.sh';
}

/** Offsets in the config text of arg.value[i] (quoted args shift by the quote); undefined when escapes break the 1:1 map. */
function argIndex(text: string, a: NgxArg): ((i: number) => number) | undefined {
  if (text.slice(a.start, a.end) === a.value) return (i) => a.start + i;
  if ((text[a.start] === '"' || text[a.start] === "'") && text.slice(a.start + 1, a.end - 1) === a.value) return (i) => a.start + 1 + i;
  return undefined;
}

function nginxContainerFacts(graph: Graph, c: ContainerInfo, run: ProxyRun, files: ContainerFiles, facts: ProxyFacts) {
  const main = run.configPaths[0]!;
  const prefix = dirname(main);
  const parsedCache = new Map<string, NgxDirective[]>();
  const parse = (f: ContainerFile): NgxDirective[] => {
    let d = parsedCache.get(f.path);
    if (!d) parsedCache.set(f.path, (d = parseNginx(f.entry.content!.text)));
    return d;
  };
  const include = (pattern: string) => {
    const abs = normPath(pattern.startsWith('/') ? pattern : `${prefix}/${pattern}`);
    const dir = dirname(abs);
    const pat = basename(abs);
    const out: { file: ContainerFile; directives: NgxDirective[]; key: string }[] = [];
    if (/[*?[]/.test(pat)) {
      for (const f of files.list(dir).files) if (f.entry.content && globMatch(pat, basename(f.path))) out.push({ file: f, directives: parse(f), key: f.path });
    } else {
      const l = files.lookup(abs);
      if (l.kind === 'file' && l.file.entry.content) out.push({ file: l.file, directives: parse(l.file), key: l.file.path });
    }
    return out;
  };
  const roots: { file: ContainerFile; ctx: NgxContext }[] = [];
  const mainLookup = files.lookup(main);
  let imageDefaultMain = false;
  if (mainLookup.kind === 'image' && !run.explicit) {
    // The image's nginx.conf: includes the conf.d/*.conf files in the http context.
    imageDefaultMain = true;
  }
  const mainFiles = readConfig(graph, c, run, files, facts, main);
  if (imageDefaultMain && mainFiles.length === 0) {
    for (const dir of run.defaultIncludes) {
      const listed = files.list(dir);
      const confs = listed.files.filter((f) => f.path.endsWith('.conf') && f.entry.content);
      for (const f of confs) roots.push({ file: f, ctx: 'http' });
      // files that are nginx configuration (a server, upstream or location block), not htpasswd or certificates
      const others = listed.files.filter((f) => !f.path.endsWith('.conf') && f.entry.content && looksLikeNginx(parse(f)));
      if (confs.length === 0 && others.length > 0 && listed.mount && listed.complete) {
        // conf.d holds config files, none named *.conf: the image's nginx.conf never reads them
        const near = others.length === 1 ? others[0] : undefined;
        facts.missing.push({ container: c, run, path: `${dir}/*.conf`, reason: 'extension', mount: listed.mount, near, siblings: others });
        if (near) roots.push({ file: near, ctx: 'http' });
      }
    }
    // The official image renders /etc/nginx/templates/*.template into conf.d (envsubst) when its entrypoint runs.
    let rendersDefault = false;
    if (run.defaultIncludes[0] === '/etc/nginx/conf.d' && runsImageEntrypoint(c)) {
      for (const f of files.list('/etc/nginx/templates').files) {
        if (!f.path.endsWith('.template') || !f.entry.content) continue;
        const out = `/etc/nginx/conf.d/${basename(f.path).slice(0, -'.template'.length)}`;
        if (out === run.defaultServer?.path) rendersDefault = true;
        if (out.endsWith('.conf')) roots.push({ file: f, ctx: 'http' });
      }
    }
    // The image's default server keeps listening unless conf.d/default.conf is replaced or hidden.
    if (run.certain && !rendersDefault && run.defaultServer && files.lookup(run.defaultServer.path).kind === 'image') {
      facts.listeners.push({ port: run.defaultServer.port, source: 'nginx', container: c, imageDefault: true });
    }
  } else {
    for (const f of mainFiles) if (f.entry.content) roots.push({ file: f, ctx: 'main' });
  }
  // Walk every root first: an upstream defined in one conf.d file serves proxy_pass lines of another.
  const onLimit = (f: ContainerFile, span: [number, number]) => {
    const t = f.entry.content;
    if (t && f.entry.resource) noteLimit({ resource: f.entry.resource, range: t.ref(span[0], span[1]).range, message: `nginx configuration ${f.path} nests blocks (and includes) deeper than ${MAX_NGINX_DEPTH} levels; the directives from here on are not analysed` });
  };
  const walked = roots.map((r) => ({ r, nf: nginxFacts({ file: r.file, directives: parse(r.file) }, r.ctx, include, onLimit) }));
  const upstreams = new Map<string, { servers: { file: ContainerFile; target: NgxTarget; span: [number, number]; arg: NgxArg }[] }>();
  for (const { nf } of walked) for (const [name, u] of nf.upstreams) if (!upstreams.has(name)) upstreams.set(name, u);
  const text = (f: ContainerFile) => f.entry.content!;
  const addSource = (f: ContainerFile) => {
    if (facts.sources.some((s) => s.path === f.path)) return;
    facts.sources.push({ path: f.path, file: f, text: text(f) });
  };
  const push = (f: ContainerFile, target: NgxTarget, span: [number, number], arg: NgxArg) => {
    const t = text(f);
    const map = argIndex(t.text, arg);
    const ps = target.portSpan;
    addSource(f);
    facts.backends.push({
      container: c,
      source: 'nginx',
      host: target.host,
      port: target.port ?? target.defaultPort,
      defaultPort: target.port === undefined && target.defaultPort !== undefined ? true : undefined,
      what: oneLine(t.text.slice(span[0], span[1])),
      at: t.ref(span[0], span[1]),
      get hostEdit() {
        return map ? t.exact(map(target.hostSpan[0]), map(target.hostSpan[1])) : undefined;
      },
      get portEdit() {
        return map && ps ? t.exact(map(ps[0]), map(ps[1])) : undefined;
      },
      configPath: f.path,
    });
  };
  for (const { r, nf } of walked) {
    addSource(r.file);
    for (const l of nf.listens) {
      addSource(l.file);
      facts.listeners.push({ port: l.port, host: l.host, source: 'nginx', container: c, at: text(l.file).ref(l.span[0], l.span[1]) });
    }
    for (const p of nf.passes) {
      // `proxy_pass http://name` naming an upstream block: its servers are the backends
      if (p.target.port === undefined && upstreams.has(p.target.host)) continue;
      push(p.file, p.target, p.span, p.arg);
    }
  }
  const pushed = new Set<string>();
  for (const [, u] of upstreams) {
    for (const sv of u.servers) {
      const key = `${sv.file.path}|${sv.span[0]}`;
      if (pushed.has(key)) continue;
      pushed.add(key);
      push(sv.file, sv.target, sv.span, sv.arg);
    }
  }
}

// ---------------------------------------------------------------------------
// Pod-level views

/** Every TCP port the containers of this pod template listen on (declared containerPorts, proxy binds/listens/listeners from their mounted configs, socat TCP-LISTEN in commands). */
export function podListeners(graph: Graph, t: PodTemplate): Listener[] {
  const out: Listener[] = [];
  for (const c of t.containers) {
    if (!c.longRunning) continue;
    for (const p of c.ports) {
      if (p.containerPort === undefined || p.protocol.toUpperCase() !== 'TCP') continue;
      out.push({ port: p.containerPort, source: 'containerPort', container: c });
    }
    out.push(...proxyFacts(graph, c).listeners);
  }
  return out;
}

/** Every backend the containers of this pod template connect to through a proxy config or socat. */
export function podBackends(graph: Graph, t: PodTemplate): Backend[] {
  return t.containers.flatMap((c) => proxyFacts(graph, c).backends);
}

/** Does anything in the pod listen on `port` (for a connection to localhost)? */
export function podListensOn(graph: Graph, t: PodTemplate, port: number): boolean {
  return podListeners(graph, t).some((l) => l.port === port && (!l.host || isLoopbackOrAny(l.host)));
}

function isLoopbackOrAny(h: string): boolean {
  const x = h.replace(/^\[|\]$/g, '').toLowerCase();
  return x === 'localhost' || x === '0.0.0.0' || x === '::' || x === '*' || x === '::1' || x.startsWith('127.');
}

export type { Word };
