/**
 * Evidence that a process of a pod listens on a port although no
 * `containerPort` declares it (shared by localhost-port-unbound and
 * service-target-port): listeners found in commands, numbers in command
 * arguments (`--port 18080`), listening env values (`PORT=8080`, an OTel
 * collector's `endpoint: 0.0.0.0:5317` via env endpoints), image defaults
 * (nginx 80, redis 6379 ...) and controller-runtime managers' metrics ports.
 * Proxy listeners (`bind`, `listen`, Envoy listeners, socat) come from
 * src/analyze/proxy `podListeners`; `listeningPorts` joins both.
 */
import type { Graph, ContainerInfo, PodTemplate } from '../graph/model.js';
import { analyzeExecs } from './shell/index.js';
import { envEndpoints, LISTEN_NAME_RE } from './env-endpoints.js';
import { podListeners } from './proxy/index.js';
import { volumeContents } from './fsview.js';

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

export function imagePorts(image: string | undefined): number[] {
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
export function implicitPorts(t: PodTemplate): Set<number> {
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
    // A controller-runtime manager (kubebuilder / operator-sdk scaffold) serves metrics on its
    // default port without declaring it; kube-rbac-proxy's `--upstream=http://127.0.0.1:8080/` reaches it.
    if (isControllerManager(c)) for (const p of MANAGER_METRICS_PORTS) ports.add(p);
  }
  return ports;
}

/** Default metrics ports of controller-runtime managers: kubebuilder 8080, operator-sdk (< 1.0 scaffolds) 8383, 8686. */
const MANAGER_METRICS_PORTS = [8080, 8383, 8686];
const MANAGER_FLAG = /^--?(leader-elect|enable-leader-election|leader-election|metrics-bind-address|metrics-addr|health-probe-bind-address)(=|$)/;

/** Does the container look like a controller-runtime manager (its flags)? */
export function isControllerManager(c: ContainerInfo): boolean {
  const spec = c.spec as any;
  const words = [...(Array.isArray(spec.command) ? spec.command : []), ...(Array.isArray(spec.args) ? spec.args : [])];
  return words.some((w) => typeof w === 'string' && MANAGER_FLAG.test(w.trim()));
}


/**
 * Listening addresses in a mounted configuration file (a ConfigMap or Secret
 * of the set): `endpoint: 0.0.0.0:5317` (OpenTelemetry collector receivers),
 * `listen_address: :9090`, `bind: 0.0.0.0:8080`, `http_listen_port: 3100`.
 */
const CONFIG_LISTEN =
  /\b(?:endpoint|listen(?:_?address|_?addr|_?port)?|bind(?:_?address|_?addr)?|http_listen_port|grpc_listen_port|(?:metrics_|health_)?port)["']?\s*[:=]\s*["']?(?:(?:[\w.-]+|\$\{[^}\s]*\}|\[[0-9a-f:]*\])?:)?(\d{2,5})\b/gi;

/** Ports named by listening addresses in the files mounted into the pod's containers. */
export function configListenPorts(graph: Graph, t: PodTemplate): Set<number> {
  const ports = new Set<number>();
  for (const v of t.volumes) {
    if (v.mounts.length === 0) continue;
    const contents = volumeContents(graph, v);
    if (!contents) continue;
    for (const f of contents.files) {
      const r = f.source.resource;
      if (!r || f.key === undefined) continue;
      const text = r.obj?.data?.[f.key] ?? r.obj?.stringData?.[f.key];
      if (typeof text !== 'string' || text.length > 1_000_000) continue;
      for (const m of text.matchAll(CONFIG_LISTEN)) {
        const n = Number(m[1]);
        if (n >= 1 && n <= 65535) ports.add(n);
      }
    }
  }
  return ports;
}

/** Every port some process of the pod is known or said to listen on: proxy listeners, config files and the evidence above. */
export function listeningPorts(graph: Graph, t: PodTemplate): Set<number> {
  const ports = implicitPorts(t);
  for (const l of podListeners(graph, t)) ports.add(l.port);
  for (const p of configListenPorts(graph, t)) ports.add(p);
  return ports;
}
