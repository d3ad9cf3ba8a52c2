import type { Rule } from '../src/engine/types.js';
import type { ContainerInfo, PodTemplate } from '../src/graph/model.js';
import { nearNames } from '../src/engine/suggest.js';
import { podListeners, type Listener } from '../src/analyze/proxy/index.js';
import { analyzeCommand, analyzeExecs, isModelledCommand, type CommandAnalysis, type Range } from '../src/analyze/shell/index.js';
import { envEndpoints, isLoopback, LISTEN_NAME_RE } from '../src/analyze/env-endpoints.js';

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
    for (const t of ctx.graph.templates) {
      if ((t.spec as any)?.hostNetwork === true) continue;
      const reached = reachedLocal(t);
      if (reached.length === 0) continue;
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

function localOrAny(h: string): boolean {
  const x = h.replace(/^\[|\]$/g, '').toLowerCase();
  return isLoopback(x) || x === '0.0.0.0' || x === '::' || x === '*' || x === '';
}

/** Loopback spelled anywhere in the command, args or env values: only then is the script worth parsing. */
const LOOPBACK_TEXT = /localhost|127\.\d|::1|0\.0\.0\.0/i;
function mentionsLoopback(c: ContainerInfo): boolean {
  const spec = c.spec as any;
  const texts: unknown[] = [...(Array.isArray(spec.command) ? spec.command : []), ...(Array.isArray(spec.args) ? spec.args : [])];
  for (const e of c.env) if (e.value !== undefined) texts.push(e.value);
  return texts.some((t) => typeof t === 'string' && LOOPBACK_TEXT.test(t));
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
        out.push({ container: c, port: e.port, get range() { return e.fileRange ?? [0, 0]; }, text: `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}` });
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

/** Ports served by default by well-known images (matched on the image's last path segment). */
const IMAGE_PORTS: Record<string, number[]> = {
  nginx: [80], 'nginx-unprivileged': [8080], openresty: [80], httpd: [80], apache: [80], caddy: [80, 443], traefik: [80, 8080],
  redis: [6379], 'redis-stack': [6379, 8001], valkey: [6379], keydb: [6379], postgres: [5432], postgis: [5432], mysql: [3306, 33060],
  mariadb: [3306], percona: [3306], mongo: [27017], mongodb: [27017], memcached: [11211], rabbitmq: [5672, 15672],
  elasticsearch: [9200, 9300], opensearch: [9200, 9300], kibana: [5601], grafana: [3000], prometheus: [9090],
  alertmanager: [9093], 'node-exporter': [9100], consul: [8500, 8600], vault: [8200], etcd: [2379, 2380],
  zookeeper: [2181], kafka: [9092], cassandra: [9042], couchdb: [5984], influxdb: [8086], jaeger: [16686, 14268, 14250, 4317, 4318],
  'all-in-one': [16686, 14268, 14250, 4317, 4318], zipkin: [9411], 'opentelemetry-collector': [4317, 4318], 'opentelemetry-collector-contrib': [4317, 4318],
  envoy: [10000, 9901], minio: [9000, 9001], tomcat: [8080], jenkins: [8080, 50000], wordpress: [80], ghost: [2368], solr: [8983],
  nats: [4222, 8222], 'statsd-exporter': [9102, 9125], 'fluent-bit': [2020], fluentd: [24224], logstash: [5044, 9600],
  httpbin: [80], echoserver: [8080], 'hello-app': [8080], coredns: [53, 9153], dnsmasq: [53], 'cloud-sql-proxy': [5432, 3306],
  'cloudsql-proxy': [5432, 3306], pgbouncer: [5432, 6432], 'redis-exporter': [9121], 'postgres-exporter': [9187], 'mysqld-exporter': [9104],
  'blackbox-exporter': [9115], pushgateway: [9091], loki: [3100], tempo: [3200], mailhog: [1025, 8025], adminer: [8080],
};

function imagePorts(image: string | undefined): number[] {
  if (!image) return [];
  let name = image.split('@')[0]!;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  name = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  return IMAGE_PORTS[name] ?? [];
}

/**
 * Ports some container may serve although podListeners does not list them:
 * declared ports of any container and protocol, listeners found in commands,
 * listening env values, numbers in command arguments (other than the words
 * that reach an endpoint), and image defaults.
 */
function implicitPorts(t: PodTemplate): Set<number> {
  const ports = new Set<number>();
  const num = (s: string) => {
    for (const m of s.matchAll(/(?:^|[=:\s,'"(])(\d{2,5})(?=$|[\s,/'")]|\.\d)/g)) {
      const n = Number(m[1]);
      if (n >= 1 && n <= 65535) ports.add(n);
    }
  };
  for (const c of t.containers) {
    for (const p of c.ports) if (p.containerPort !== undefined) ports.add(p.containerPort);
    for (const p of imagePorts(c.image)) ports.add(p);
    for (const a of analyzeExecs(c)) {
      for (const l of a.listeners) ports.add(l.port);
      const reached = a.endpoints.flatMap((e) => [{ src: e.src, r: e.range }, ...(e.portRange ? [{ src: e.src, r: e.portRange }] : [])]);
      for (const cmd of a.commands) {
        for (const w of cmd.args) {
          if (w.value === undefined) continue;
          if (reached.some((e) => e.src === w.src && e.r[0] < w.range[1] && e.r[1] > w.range[0])) continue;
          num(w.value);
        }
      }
    }
    for (const e of c.env) {
      if (typeof e.value !== 'string') continue;
      if (LISTEN_NAME_RE.test(e.name) || /PORT/i.test(e.name)) num(e.value);
      else if (/^\s*(?:0\.0\.0\.0|\[::\]|\*)?:\d{1,5}\s*$/.test(e.value)) num(e.value);
    }
    for (const e of envEndpoints(c)) if (e.listen && e.port !== undefined) ports.add(e.port);
  }
  return ports;
}
