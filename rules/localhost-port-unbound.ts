import type { Rule } from '../src/engine/types.js';
import type { ContainerInfo, PodTemplate } from '../src/graph/model.js';
import { nearNames } from '../src/engine/suggest.js';
import { podListeners, proxyFacts, type Listener } from '../src/analyze/proxy/index.js';
import { analyzeCommand, fileRangeOf, isModelledCommand, type CommandAnalysis, type Range } from '../src/analyze/shell/index.js';
import { envEndpoints, isLoopback } from '../src/analyze/env-endpoints.js';
import { implicitPorts } from '../src/analyze/listening.js';
import { trimSlashes } from '../src/analyze/shell/paths.js';
import { focusedTemplates } from '../src/graph/focus.js';

/**
 * A container connects to `localhost`/`127.0.0.1` on a port that no container
 * of its pod listens on: declared `containerPort`s, proxy `bind`/`listen`/
 * listeners and `socat` listeners (from `podListeners`). To stay free of false
 * positives, a port is also taken as served when any container's arguments or
 * env mention it as a listening port (`--port=8081`, `--listen-address=:9100`,
 * `nc -l -p 9000`, `PORT=8080`, a bare `8081` argument), or when a container's
 * image serves it by default (nginx 80, redis 6379, postgres 5432 ...). A
 * script that starts a server of its own in the background (or a daemon) before
 * connecting is not checked. Pods with `hostNetwork: true` are skipped
 * (localhost is the node there).
 */
const rule: Rule = {
  meta: {
    id: 'localhost-port-unbound',
    description: 'A container reaches localhost on a port no container of its pod listens on.',
    severity: 'error',
    category: 'patterns',
    docs: 'docs/rules/localhost-port-unbound.md',
  },
  check(ctx) {
    for (const t of focusedTemplates(ctx.graph)) {
      if ((t.spec as any)?.hostNetwork === true) continue;
      const reached = reachedLocal(t);
      if (reached.length === 0) continue;
      // A proxy of the pod whose configuration file is missing (proxy-config-missing reports it) listens
      // where that file would say: its clients' connections are consequences of that one root cause.
      if (t.containers.some((c) => c.longRunning && proxyConfigUnread(ctx.graph, c))) continue;
      const listeners = podListeners(ctx.graph, t).filter((l) => !l.host || localOrAny(l.host));
      const bound = new Set(listeners.map((l) => l.port));
      let implicit: Set<number> | undefined;
      for (const r of reached) {
        if (bound.has(r.port)) continue;
        implicit ??= implicitPorts(t);
        if (implicit.has(r.port)) continue;
        const ports = [...new Set(listeners.map((l) => l.port))].sort((a, b) => a - b);
        const listening = ports.length
          ? `the pod listens on ${ports.map((p) => describe(p, listeners)).join(', ')}`
          : 'it declares no `containerPort` and runs no proxy or `socat` listener';
        const near = nearNames(String(r.port), ports.map(String));
        const hint = near.length
          ? ` Did you mean port ${near.join(' or ')}?`
          : ' Connect to a port a container serves, or declare the port (`ports: - containerPort: ...`) on the container that listens on it.';
        ctx.report({
          file: r.container.resource.file,
          range: r.range,
          message: `Container \`${r.container.name}\` of ${t.label} connects to \`${r.text}\`, but no container of the pod listens on port ${r.port}; ${listening}.${hint}`,
        });
      }
    }
  },
};
export default rule;

interface Reach {
  container: ContainerInfo;
  port: number;
  range: Range;
  text: string;
}

/**
 * A proxy container whose configuration podlint cannot read: the file is
 * missing from its config volume, or the volume's contents are unknown (a
 * ConfigMap outside the linted set) — it listens where that file says.
 */
function proxyConfigUnread(graph: Parameters<typeof proxyFacts>[0], c: ContainerInfo): boolean {
  const f = proxyFacts(graph, c);
  if (!f.run) return false;
  if (f.missing.length > 0) return true;
  if (f.sources.length > 0) return false;
  const covered = (p: string) => c.mounts.some((m) => m.mountPath && (p === trimSlashes(m.mountPath) || p.startsWith(trimSlashes(m.mountPath) + '/')));
  return f.run.configPaths.some(covered);
}

function localOrAny(h: string): boolean {
  const x = h.replace(/^\[|\]$/g, '').toLowerCase();
  return isLoopback(x) || x === '0.0.0.0' || x === '::' || x === '*' || x === '';
}

/** Loopback spelled anywhere in the command, args or env values: only then is the script worth parsing. */
const LOOPBACK_TEXT = /localhost|127\.\d|::1|0\.0\.0\.0/i;
function mentionsLoopback(c: ContainerInfo): boolean {
  const spec = c.spec as any;
  return anyLoopback(spec.command) || anyLoopback(spec.args) || c.env.some((e) => typeof e.value === 'string' && LOOPBACK_TEXT.test(e.value));
}
function anyLoopback(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) if (typeof list[i] === 'string' && LOOPBACK_TEXT.test(list[i])) return true;
  return false;
}

function reachedLocal(t: PodTemplate): Reach[] {
  const out: Reach[] = [];
  for (const c of t.containers) {
    if (c.group === 'ephemeralContainers') continue;
    // Parsing a shell script is the expensive part: skip containers that never spell a loopback address.
    const a = mentionsLoopback(c) ? analyzeCommand(c) : undefined;
    if (a && !selfServing(a)) {
      for (const e of a.endpoints) {
        if (!e.explicitPort || e.port === undefined) continue;
        const client = /^(curl|wget|nc|ncat|netcat|telnet|httpie|socat)$/.test(e.via);
        if (!isLoopback(e.host) && !(client && e.host === '0.0.0.0')) continue;
        out.push({ container: c, port: e.port, get range() { return fileRangeOf(e) ?? [0, 0]; }, text: `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}` });
      }
    }
    for (const e of envEndpoints(c)) {
      if (e.listen || !e.explicitPort || e.port === undefined || !isLoopback(e.host)) continue;
      out.push({ container: c, port: e.port, get range() { return e.fileRange; }, text: `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}` });
    }
  }
  return out;
}

const DAEMONS = /^(service|rc-service|systemctl|supervisord|s6-svscan|runsvdir|nginx|httpd|apachectl|php-fpm\d*|redis-server|mysqld_safe|mysqld|postgres|pg_ctl|pg_ctlcluster|sshd|dockerd|containerd|memcached|mongod)$/;

/**
 * The script may start a server of its own before it connects to localhost
 * (`./server & sleep 2; curl localhost:8080`, `service nginx start`): then the
 * port may be the container's own and its connections are not checked.
 */
function selfServing(a: CommandAnalysis): boolean {
  return a.commands.some((c) => (c.background && !isModelledCommand(c.name)) || DAEMONS.test(c.name) || !!c.program?.startsWith('/etc/init.d/'));
}

function describe(port: number, ls: Listener[]): string {
  const l = ls.find((x) => x.port === port)!;
  const what = l.source === 'containerPort' ? 'containerPort' : l.source === 'socat' ? '`socat` listener' : `${l.source} listener`;
  return `${port} (${what} of \`${l.container.name}\`)`;
}
