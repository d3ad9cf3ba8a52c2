#!/usr/bin/env node
/**
 * Deterministic synthetic corpus for podlint's benchmark.
 *
 * `generateCorpus({ resources, seed })` returns files (relative path + text)
 * holding exactly `resources` Kubernetes objects: per "app" a Deployment with
 * 2-3 containers (app + ambassador proxy / log shipper / metrics adapter, a
 * shared emptyDir, ConfigMap-mounted haproxy/nginx/envoy configs), a Service
 * selecting it, a ConfigMap whose proxy config points at another app's
 * Service, a Secret, and sometimes a StatefulSet datastore with
 * volumeClaimTemplates, a CronJob, an Ingress, a PodDisruptionBudget, an HPA,
 * a ServiceAccount or a NetworkPolicy. Apps are spread over namespaces and
 * files (multi-doc files, one-object files, per-app folders, namespace
 * bundles, a few JSON files). Names, images, ports and labels come from a
 * seeded PRNG, so the same seed gives the same bytes on every machine.
 *
 * The corpus lints (almost) clean: references resolve, ports do not clash,
 * every volume is mounted. About one app in 150 carries a deliberate bug
 * (a mount naming a volume that does not exist, or a proxy pointing at a
 * Service that does not exist) so the rules have something to report.
 *
 * CLI: node bench/gen-synthetic.mjs --size 10k [--seed S] [--out DIR]
 *      (default DIR: bench/.corpus-<size>/, gitignored)
 */
import { createHash } from 'node:crypto';
// (gen-sidecar.mjs imports this module's makeRng and toYaml back: function declarations, so the cycle is safe)
import { generateSidecarCorpus, SIDECAR_GENERATOR_VERSION } from './gen-sidecar.mjs';
import { mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A container's memory request no larger than its limit, as the API server
 * requires (a pod asking for more than its limit is rejected, so real
 * workloads never do): the limit is raised to the request when the draw put
 * it below. The draws themselves are unchanged, so the rest of the corpus is
 * the same as before this was added.
 */
function memoryWithinLimit(res) {
  const mi = (q) => (q.endsWith('Gi') ? Number(q.slice(0, -2)) * 1024 : Number(q.slice(0, -2)));
  if (mi(res.requests.memory) > mi(res.limits.memory)) res.limits.memory = res.requests.memory;
  return res;
}

/** Bump when the output for a given seed and size changes (invalidates cached corpora). */
export const GENERATOR_VERSION = 2; // 2: memory requests within their limits (memoryWithinLimit)
export const DEFAULT_SEED = 'podlint-bench';
const STAMP = '.corpus-stamp';

const HERE = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- PRNG

/** cyrb128: string -> four 32-bit seeds. */
function hashSeed(str) {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** sfc32 PRNG with helpers. */
export function makeRng(seed) {
  let [a, b, c, d] = hashSeed(String(seed));
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const rng = {
    next,
    /** integer in [lo, hi] */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)];
      return s;
    },
    b64: (nBytes) => {
      const buf = Buffer.alloc(nBytes);
      for (let i = 0; i < nBytes; i++) buf[i] = Math.floor(next() * 256);
      return buf.toString('base64');
    },
    /** a few distinct picks */
    some: (arr, n) => {
      const pool = [...arr];
      const out = [];
      while (out.length < n && pool.length) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      return out;
    },
  };
  return rng;
}

// ---------------------------------------------------------------- YAML emitter

const YAML11_SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|<<|=)$/;
const NUMBERISH = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?0[xob]|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const PLAIN_SAFE = /^[A-Za-z0-9_./$][A-Za-z0-9_./:@+=,$()*%-]*(?: [A-Za-z0-9_./:@+=,$()*%'"-]+)*$/;

function needsQuote(s) {
  if (s === '') return true;
  if (YAML11_SPECIAL.test(s) || NUMBERISH.test(s)) return true;
  if (!PLAIN_SAFE.test(s)) return true;
  if (s.endsWith(':') || s.includes(': ') || s.includes(' #') || s.startsWith('-')) return true;
  return false;
}

function scalar(v, style) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (needsQuote(s)) return style.singleQuotes && !/['\\\n]/.test(s) && /^[\x20-\x7e]*$/.test(s) ? `'${s}'` : JSON.stringify(s);
  if (style.quoteImages && /^[a-z0-9.-]+(?:\/[a-z0-9._-]+)+:[A-Za-z0-9._-]+$/.test(s)) return JSON.stringify(s);
  return s;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Emit `value` as block YAML at `indent`. `style.seqIndent` indents sequences
 * under their key (`key:\n  - a`) or not (`key:\n- a`, kubectl's style).
 */
function emit(value, indent, style, out) {
  const pad = ' '.repeat(indent);
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('#')) {
        out.push(`${pad}# ${v}`);
        continue;
      }
      const key = needsQuote(k) ? JSON.stringify(k) : k;
      emitEntry(`${pad}${key}:`, v, indent, style, out, false);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) {
      if (isPlainObject(item) && Object.keys(item).length > 0) {
        const lines = [];
        emit(item, indent + 2, style, lines);
        lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
        out.push(...lines);
      } else if (Array.isArray(item) && item.length > 0) {
        out.push(`${pad}-`);
        emit(item, indent + 2, style, out);
      } else {
        emitEntry(`${pad}-`, item, indent, style, out, true);
      }
    }
  }
}

function emitEntry(head, v, indent, style, out, inSeq) {
  if (isPlainObject(v)) {
    if (Object.keys(v).length === 0) out.push(`${head} {}`);
    else if (v.__flow) out.push(`${head} ${flow(v, style)}`);
    else {
      out.push(head);
      emit(v, indent + 2, style, out);
    }
  } else if (Array.isArray(v)) {
    if (v.length === 0) out.push(`${head} []`);
    else if (v.__flow) out.push(`${head} ${flow(v, style)}`);
    else {
      out.push(head);
      emit(v, inSeq || style.seqIndent ? indent + 2 : indent, style, out);
    }
  } else if (typeof v === 'string' && v.includes('\n')) {
    const chomp = v.endsWith('\n') ? '' : '-';
    const body = v.endsWith('\n') ? v.slice(0, -1) : v;
    out.push(`${head} |${chomp}`);
    const ipad = ' '.repeat(indent + (inSeq ? 4 : 2));
    for (const line of body.split('\n')) out.push(line ? ipad + line : '');
  } else {
    out.push(`${head} ${scalar(v, style)}`);
  }
}

function flow(v, style) {
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'object' && x ? flow(x, style) : scalar(x, { ...style, singleQuotes: true }))).join(', ')}]`;
  const parts = Object.entries(v)
    .filter(([k]) => k !== '__flow')
    .map(([k, x]) => `${k}: ${typeof x === 'object' && x ? flow(x, style) : scalar(x, style)}`);
  return `{ ${parts.join(', ')} }`;
}

/** Mark an array/object to be written in flow style (`[a, b]`, `{ a: 1 }`). */
function flowed(v) {
  Object.defineProperty(v, '__flow', { value: true, enumerable: false });
  return v;
}

export function toYaml(obj, style) {
  const out = [];
  emit(obj, 0, style, out);
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- vocabulary

const DOMAINS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'shipping', 'inventory', 'notify', 'media', 'ledger', 'pricing', 'reviews', 'profile', 'orders', 'fraud', 'loyalty', 'reporting', 'geo', 'chat'];
const ROLES = ['api', 'worker', 'gateway', 'frontend', 'backend', 'indexer', 'scheduler', 'consumer', 'publisher', 'sync', 'renderer', 'resolver', 'adapter', 'cache-warmer', 'exporter'];
const TEAMS = ['core', 'growth', 'platform', 'commerce', 'data', 'edge', 'risk', 'mobile'];
const ENVS = ['prod', 'staging', 'dev', 'qa'];
const REGISTRIES = ['registry.example.com', 'ghcr.io/example-org', 'europe-docker.pkg.dev/example/apps', '123456789012.dkr.ecr.eu-west-1.amazonaws.com'];
const RUNTIMES = [
  { base: 'node', port: 3000, cmd: null },
  { base: 'python', port: 8000, cmd: ['gunicorn', '--bind', '0.0.0.0:8000', 'app:wsgi'] },
  { base: 'java', port: 8080, cmd: null },
  { base: 'go', port: 8080, cmd: ['/app/server'] },
  { base: 'ruby', port: 9292, cmd: ['bundle', 'exec', 'puma', '-p', '9292'] },
  { base: 'dotnet', port: 5000, cmd: null },
];
const PROXIES = ['haproxy', 'nginx', 'envoy'];
const DATASTORES = [
  { name: 'postgres', image: 'postgres:16.3', port: 5432, mount: '/var/lib/postgresql/data', env: 'POSTGRES_PASSWORD', size: '20Gi' },
  { name: 'redis', image: 'redis:7.2-alpine', port: 6379, mount: '/data', env: 'REDIS_PASSWORD', size: '5Gi' },
  { name: 'mysql', image: 'mysql:8.4', port: 3306, mount: '/var/lib/mysql', env: 'MYSQL_ROOT_PASSWORD', size: '30Gi' },
  { name: 'rabbitmq', image: 'rabbitmq:3.13-management', port: 5672, mount: '/var/lib/rabbitmq', env: 'RABBITMQ_DEFAULT_PASS', size: '10Gi' },
];
const SIDECAR_KINDS = ['ambassador', 'ambassador', 'ambassador', 'logs', 'adapter'];

// ---------------------------------------------------------------- proxy configs

function haproxyCfg(listen, upstream, r) {
  return [
    'global',
    '  maxconn 4096',
    '  log stdout format raw local0',
    'defaults',
    '  mode http',
    '  log global',
    '  option httplog',
    `  timeout connect ${r.pick([2, 5, 10])}s`,
    `  timeout client ${r.pick([30, 60])}s`,
    `  timeout server ${r.pick([30, 60])}s`,
    'frontend ambassador',
    `  bind *:${listen}`,
    '  default_backend upstream',
    'backend upstream',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    `  server svc ${upstream.host}:${upstream.port} check`,
    '',
  ].join('\n');
}

function nginxConf(listen, upstream, r) {
  return [
    'upstream backend {',
    `    server ${upstream.host}:${upstream.port};`,
    `    keepalive ${r.pick([8, 16, 32])};`,
    '}',
    '',
    'server {',
    `    listen ${listen};`,
    '    location / {',
    '        proxy_pass http://backend;',
    '        proxy_http_version 1.1;',
    '        proxy_set_header Connection "";',
    '        proxy_set_header Host $host;',
    `        proxy_connect_timeout ${r.pick([2, 5])}s;`,
    `        proxy_read_timeout ${r.pick([30, 60, 120])}s;`,
    '    }',
    '    location = /healthz {',
    "        return 200 'ok';",
    '    }',
    '}',
    '',
  ].join('\n');
}

function envoyYaml(listen, admin, upstream, r) {
  return [
    'admin:',
    '  address:',
    `    socket_address: { address: 127.0.0.1, port_value: ${admin} }`,
    'static_resources:',
    '  listeners:',
    '  - name: outbound',
    '    address:',
    `      socket_address: { address: 0.0.0.0, port_value: ${listen} }`,
    '    filter_chains:',
    '    - filters:',
    '      - name: envoy.filters.network.http_connection_manager',
    '        typed_config:',
    '          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
    '          stat_prefix: outbound',
    '          route_config:',
    '            virtual_hosts:',
    '            - name: upstream',
    '              domains: ["*"]',
    '              routes:',
    '              - match: { prefix: "/" }',
    `                route: { cluster: upstream, timeout: ${r.pick([5, 15, 30])}s }`,
    '          http_filters:',
    '          - name: envoy.filters.http.router',
    '            typed_config:',
    '              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
    '  clusters:',
    '  - name: upstream',
    '    type: STRICT_DNS',
    '    connect_timeout: 1s',
    '    load_assignment:',
    '      cluster_name: upstream',
    '      endpoints:',
    '      - lb_endpoints:',
    '        - endpoint:',
    '            address:',
    `              socket_address: { address: ${upstream.host}, port_value: ${upstream.port} }`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- app units

function labelsFor(app) {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': `${app.name}-${app.env}`,
    'app.kubernetes.io/part-of': app.domain,
    'app.kubernetes.io/managed-by': app.managedBy,
  };
}

function meta(app, name, extra = {}) {
  const m = { name, namespace: app.ns, labels: { ...labelsFor(app), ...extra } };
  if (!app.explicitNs) delete m.namespace;
  return m;
}

/**
 * Build one app unit: a list of resources (plain objects, in document order)
 * plus what other apps need to point at it (its Service host and port).
 */
function buildApp(r, app, peers, bug) {
  const res = [];
  const sel = { 'app.kubernetes.io/name': app.name, 'app.kubernetes.io/instance': `${app.name}-${app.env}` };
  const rt = r.pick(RUNTIMES);
  const appPort = rt.port;
  const version = `${r.int(0, 4)}.${r.int(0, 30)}.${r.int(0, 12)}`;
  const image = `${r.pick(REGISTRIES)}/${app.team}/${app.name}:${version}`;
  const sidecar = r.pick(SIDECAR_KINDS);
  const proxy = sidecar === 'ambassador' ? r.pick(PROXIES) : null;
  const proxyPort = r.pick([15001, 18080, 9080, 4180]);
  const metricsPort = r.chance(0.5) ? 9090 : null;
  const withLogs = sidecar === 'logs' || r.chance(0.35);
  const secretName = `${app.name}-secrets`;
  const cfgName = `${app.name}-config`;
  const proxyCfgName = `${app.name}-${proxy ?? 'proxy'}`;
  const sa = r.chance(0.45) ? app.name : null;
  const db = r.chance(0.15) ? r.pick(DATASTORES) : null;
  const dbName = db ? `${app.name}-${db.name}` : null;
  const withAppConfig = r.chance(0.55);
  const tls = r.chance(0.12);

  // the upstream this app's ambassador talks to: another app's Service
  let upstream;
  const svcPort = r.pick([80, 80, 8080, appPort]);
  const local = peers.byNs.get(app.ns) ?? [];
  if (local.length) {
    const p = r.pick(local.slice(-12));
    upstream = { host: r.chance(0.5) ? p.service : `${p.service}.${p.ns}.svc.cluster.local`, port: p.port, service: p.service, ns: p.ns };
  } else if (peers.all.length) {
    const p = r.pick(peers.all.slice(-12));
    upstream = { host: `${p.service}.${p.ns}.svc.cluster.local`, port: p.port, service: p.service, ns: p.ns };
  } else {
    upstream = { host: `${app.name}.${app.ns}.svc.cluster.local`, port: svcPort, service: app.name, ns: app.ns };
  }
  if (bug === 'proxy-typo') upstream = { ...upstream, host: upstream.host.replace(/^([a-z]+)-/, '$1s-') };

  // ----- Secret
  const secretData = { 'api-key': r.b64(r.int(16, 40)), 'session-secret': r.b64(r.int(24, 48)) };
  if (db) secretData[db.env.toLowerCase().replace(/_/g, '-')] = r.b64(r.int(12, 24));
  if (r.chance(0.3)) secretData['oauth-client-secret'] = r.b64(32);
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(app, secretName),
    type: 'Opaque',
    data: secretData,
  };

  // ----- app ConfigMap
  const appConfig = withAppConfig
    ? {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: meta(app, cfgName),
        data: {
          LOG_LEVEL: r.pick(['info', 'debug', 'warn']),
          FEATURE_FLAGS: r.some(['new-checkout', 'dark-mode', 'fast-path', 'beta-search', 'async-io', 'v2-api'], r.int(1, 3)).join(','),
          MAX_CONNECTIONS: String(r.pick([32, 64, 128, 256])),
          ...(r.chance(0.5)
            ? {
                'application.yaml': [
                  'server:',
                  `  port: ${appPort}`,
                  '  shutdown: graceful',
                  'management:',
                  `  port: ${metricsPort ?? appPort + 1}`,
                  'upstream:',
                  `  url: http://localhost:${proxy ? proxyPort : 80}`,
                  `  timeout: ${r.pick([1, 2, 5])}s`,
                  '',
                ].join('\n'),
              }
            : {
                'settings.json': JSON.stringify({ cacheTtlSeconds: r.pick([30, 60, 300]), region: r.pick(['eu-west-1', 'us-east-1', 'ap-south-1']), retries: r.int(1, 5) }, null, 2) + '\n',
              }),
        },
      }
    : null;

  // ----- proxy ConfigMap
  const adminPort = 9901;
  let proxyConfig = null;
  let proxyMount = null;
  if (proxy) {
    const key = proxy === 'haproxy' ? 'haproxy.cfg' : proxy === 'nginx' ? 'default.conf' : 'envoy.yaml';
    const text = proxy === 'haproxy' ? haproxyCfg(proxyPort, upstream, r) : proxy === 'nginx' ? nginxConf(proxyPort, upstream, r) : envoyYaml(proxyPort, adminPort, upstream, r);
    proxyConfig = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(app, proxyCfgName, { 'app.kubernetes.io/component': 'ambassador' }),
      data: { [key]: text },
    };
    proxyMount = proxy === 'haproxy' ? '/usr/local/etc/haproxy' : proxy === 'nginx' ? '/etc/nginx/conf.d' : '/etc/envoy';
  }

  // ----- containers
  const env = [
    { name: 'PORT', value: String(appPort) },
    { name: 'LOG_FORMAT', value: r.pick(['json', 'logfmt']) },
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'API_KEY', valueFrom: { secretKeyRef: { name: secretName, key: 'api-key' } } },
  ];
  if (proxy) env.push({ name: 'UPSTREAM_URL', value: `http://localhost:${proxyPort}` });
  if (withAppConfig) env.push({ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: cfgName, key: 'LOG_LEVEL' } } });
  if (db) {
    env.push({ name: 'DB_HOST', value: `${dbName}.${app.ns}.svc.cluster.local` });
    env.push({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: secretName, key: db.env.toLowerCase().replace(/_/g, '-') } } });
  }
  const ports = [{ name: 'http', containerPort: appPort, protocol: 'TCP' }];
  if (metricsPort) ports.push({ name: 'metrics', containerPort: metricsPort, protocol: 'TCP' });
  const mounts = [{ name: 'tmp', mountPath: '/tmp' }];
  if (withLogs) mounts.push({ name: bug === 'mount-typo' ? 'app-log' : 'app-logs', mountPath: '/var/log/app' });
  let planted = bug === 'proxy-typo' ? (proxy ? bug : null) : bug === 'mount-typo' ? (withLogs ? bug : null) : null;
  if (withAppConfig) mounts.push({ name: 'config', mountPath: '/etc/app', readOnly: true });
  if (tls) mounts.push({ name: 'tls', mountPath: '/etc/tls', readOnly: true });
  const mainC = {
    name: app.role,
    image,
    ...(rt.cmd ? { command: flowed([...rt.cmd]) } : {}),
    ports,
    env,
    ...(withAppConfig && r.chance(0.3) ? { envFrom: [{ configMapRef: { name: cfgName } }] } : {}),
    resources: memoryWithinLimit({
      requests: { cpu: r.pick(['50m', '100m', '250m', '500m']), memory: r.pick(['64Mi', '128Mi', '256Mi', '512Mi']) },
      limits: { memory: r.pick(['256Mi', '512Mi', '1Gi']) },
    }),
    readinessProbe: { httpGet: { path: r.pick(['/healthz', '/ready', '/health/ready']), port: 'http' }, periodSeconds: r.pick([5, 10]) },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: r.pick([10, 15, 30]), periodSeconds: 20 },
    volumeMounts: mounts,
    ...(r.chance(0.5) ? { securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true } } : {}),
  };
  const containers = [mainC];
  const volumes = [{ name: 'tmp', emptyDir: {} }];
  if (withLogs) volumes.push({ name: 'app-logs', emptyDir: r.chance(0.3) ? { sizeLimit: '500Mi' } : {} });
  if (withAppConfig) volumes.push({ name: 'config', configMap: { name: cfgName } });
  if (tls) volumes.push({ name: 'tls', secret: { secretName: `${app.name}-tls` } });

  if (proxy) {
    const pc = {
      name: proxy === 'haproxy' ? 'ambassador' : proxy,
      image: proxy === 'haproxy' ? r.pick(['haproxy:2.8', 'haproxy:2.9-alpine', 'haproxy:3.0']) : proxy === 'nginx' ? r.pick(['nginx:1.25-alpine', 'nginx:1.27', 'nginxinc/nginx-unprivileged:1.27']) : r.pick(['envoyproxy/envoy:v1.29.4', 'envoyproxy/envoy:v1.31.0']),
      ...(proxy === 'envoy' ? { args: flowed(['-c', '/etc/envoy/envoy.yaml', '--log-level', 'warn']) } : {}),
      ports: [{ name: 'proxy', containerPort: proxyPort }, ...(proxy === 'envoy' ? [{ name: 'envoy-admin', containerPort: adminPort }] : [])],
      readinessProbe: { tcpSocket: { port: proxyPort }, periodSeconds: 10 },
      volumeMounts: [{ name: 'proxy-config', mountPath: proxyMount, readOnly: true }],
      resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '128Mi' } },
    };
    containers.push(pc);
    volumes.push({ name: 'proxy-config', configMap: { name: proxyCfgName } });
  }
  if (withLogs) {
    containers.push({
      name: 'log-shipper',
      image: r.pick(['fluent/fluent-bit:3.0', 'fluent/fluent-bit:2.2.2', 'grafana/promtail:2.9.4', 'busybox:1.36']),
      args: flowed(['--input', '/logs/*.log', '--output', r.pick(['stdout', 'forward://fluentd.logging:24224'])]),
      volumeMounts: [{ name: 'app-logs', mountPath: '/logs', readOnly: true }],
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
    });
  } else if (sidecar === 'adapter') {
    containers.push({
      name: 'metrics-adapter',
      image: r.pick(['prom/statsd-exporter:v0.26.1', 'quay.io/prometheus/statsd-exporter:v0.27.1']),
      ports: [{ name: 'adapter', containerPort: 9102 }],
      resources: { requests: { cpu: '10m', memory: '16Mi' } },
    });
  }
  if (bug === 'port-clash' && containers.length > 1) {
    const other = containers[1];
    other.ports = [...(other.ports ?? []), { name: 'dup', containerPort: appPort }];
    planted = bug;
  }

  const podLabels = { ...labelsFor(app), 'app.kubernetes.io/version': version };
  if (r.chance(0.4)) podLabels.tier = r.pick(['frontend', 'backend', 'worker']);
  const annotations = { 'checksum/config': r.hex(64) };
  if (metricsPort) Object.assign(annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(metricsPort) });
  const podSpec = {
    ...(sa ? { serviceAccountName: sa } : {}),
    ...(app.pullSecret ? { imagePullSecrets: [{ name: 'regcred' }] } : {}),
    ...(r.chance(0.3) ? { terminationGracePeriodSeconds: r.pick([30, 45, 60]) } : {}),
    containers,
    volumes,
    ...(r.chance(0.25) ? { nodeSelector: { 'kubernetes.io/os': 'linux' } } : {}),
  };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app, app.name),
    spec: {
      replicas: r.pick([1, 2, 2, 3, 3, 4, 6]),
      revisionHistoryLimit: r.pick([3, 5, 10]),
      selector: { matchLabels: sel },
      ...(r.chance(0.4) ? { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: r.pick([1, '25%']), maxUnavailable: 0 } } } : {}),
      template: { metadata: { labels: podLabels, annotations }, spec: podSpec },
    },
  };

  // ----- Service
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(app, app.name),
    spec: {
      type: r.chance(0.85) ? 'ClusterIP' : 'NodePort',
      selector: sel,
      ports: [
        { name: 'http', port: svcPort, targetPort: r.chance(0.6) ? 'http' : appPort, protocol: 'TCP' },
        ...(metricsPort ? [{ name: 'metrics', port: metricsPort, targetPort: 'metrics' }] : []),
      ],
    },
  };

  if (sa) res.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(app, sa), ...(r.chance(0.3) ? { automountServiceAccountToken: false } : {}) });
  res.push(deployment, service);
  if (proxyConfig) res.push(proxyConfig);
  if (appConfig) res.push(appConfig);
  res.push(secret);
  if (tls) {
    res.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(app, `${app.name}-tls`),
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': r.b64(r.int(700, 1100)), 'tls.key': r.b64(r.int(800, 1200)) },
    });
  }

  // ----- datastore StatefulSet + headless Service
  if (db) {
    const dbSel = { 'app.kubernetes.io/name': dbName, 'app.kubernetes.io/instance': `${dbName}-${app.env}` };
    const dbKey = db.env.toLowerCase().replace(/_/g, '-');
    res.push({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(app, dbName, { 'app.kubernetes.io/component': 'datastore' }),
      spec: {
        serviceName: dbName,
        replicas: r.pick([1, 3]),
        selector: { matchLabels: dbSel },
        template: {
          metadata: { labels: { ...dbSel, 'app.kubernetes.io/component': 'datastore' } },
          spec: {
            ...(r.chance(0.5) ? { securityContext: { fsGroup: 999 } } : {}),
            containers: [
              {
                name: db.name,
                image: db.image,
                ports: [{ name: db.name === 'postgres' ? 'postgresql' : db.name, containerPort: db.port }],
                env: [{ name: db.env, valueFrom: { secretKeyRef: { name: secretName, key: dbKey } } }],
                volumeMounts: [{ name: 'data', mountPath: db.mount }],
                resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '2Gi' } },
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: flowed(['ReadWriteOnce']),
              ...(r.chance(0.6) ? { storageClassName: r.pick(['standard', 'gp3', 'premium-rwo']) } : {}),
              resources: { requests: { storage: db.size } },
            },
          },
        ],
      },
    });
    res.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(app, dbName, { 'app.kubernetes.io/component': 'datastore' }),
      spec: { clusterIP: 'None', selector: dbSel, ports: [{ name: db.name, port: db.port, targetPort: db.port }] },
    });
  }

  // ----- CronJob
  if (r.chance(0.15)) {
    res.push({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta(app, `${app.name}-${r.pick(['cleanup', 'report', 'reindex', 'backup', 'sync'])}`),
      spec: {
        schedule: `${r.int(0, 59)} ${r.pick(['*', '*/6', '2', '3'])} * * ${r.pick(['*', '1-5', '0'])}`,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          spec: {
            backoffLimit: r.pick([0, 2, 4]),
            template: {
              metadata: { labels: { 'app.kubernetes.io/name': `${app.name}-job`, 'app.kubernetes.io/part-of': app.domain } },
              spec: {
                restartPolicy: 'OnFailure',
                ...(sa ? { serviceAccountName: sa } : {}),
                containers: [
                  {
                    name: 'job',
                    image,
                    args: flowed(['--task', r.pick(['cleanup', 'report', 'reindex']), '--batch-size', String(r.pick([100, 500, 1000]))]),
                    envFrom: [{ secretRef: { name: secretName } }],
                    resources: { requests: { cpu: '100m', memory: '128Mi' } },
                  },
                ],
              },
            },
          },
        },
      },
    });
  }

  // ----- Ingress
  if (r.chance(0.3)) {
    res.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { ...meta(app, app.name), annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': r.pick(['1m', '8m', '50m']) } },
      spec: {
        ingressClassName: r.pick(['nginx', 'nginx', 'traefik']),
        ...(tls ? { tls: [{ hosts: [`${app.name}.${app.domain}.example.com`], secretName: `${app.name}-tls` }] } : {}),
        rules: [
          {
            host: `${app.name}.${app.domain}.example.com`,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: app.name, port: r.chance(0.5) ? { number: svcPort } : { name: 'http' } } } }] },
          },
        ],
      },
    });
  }
  // ----- PDB
  if (r.chance(0.3)) {
    res.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(app, app.name),
      spec: { ...(r.chance(0.5) ? { minAvailable: 1 } : { maxUnavailable: r.pick([1, '25%']) }), selector: { matchLabels: sel } },
    });
  }
  // ----- HPA
  if (r.chance(0.3)) {
    res.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(app, app.name),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app.name },
        minReplicas: r.pick([2, 3]),
        maxReplicas: r.pick([6, 10, 20]),
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: r.pick([60, 70, 80]) } } }],
      },
    });
  }
  // ----- NetworkPolicy
  if (r.chance(0.15)) {
    res.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(app, `${app.name}-ingress`),
      spec: {
        podSelector: { matchLabels: sel },
        policyTypes: flowed(['Ingress']),
        ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': app.domain } } }], ports: [{ port: appPort, protocol: 'TCP' }] }],
      },
    });
  }
  return { resources: res, expose: { service: app.name, ns: app.ns, port: svcPort }, bug: planted };
}

// ---------------------------------------------------------------- corpus

/** "1k" -> 1000, "10k" -> 10000, "2.5k" -> 2500, "1m" -> 1000000, "300" -> 300. */
export function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(String(s).trim());
  if (!m) throw new Error(`bad size "${s}" (expected e.g. 1k, 10k, 50k or a number)`);
  const n = Number(m[1]) * (m[2] === '' ? 1 : /k/i.test(m[2]) ? 1000 : 1e6);
  return Math.round(n);
}

export function sizeLabel(n) {
  return n % 1000 === 0 && n >= 1000 ? `${n / 1000}k` : String(n);
}

/**
 * Generate a corpus of exactly `resources` objects.
 * @param {{ resources: number, seed?: string, bugRate?: number }} opts
 * @returns {{ files: { path: string, text: string }[], stats: object }}
 */
export function generateCorpus({ resources, seed = DEFAULT_SEED, bugRate = 1 / 150 }) {
  if (!Number.isInteger(resources) || resources < 1) throw new Error('resources must be a positive integer');
  const r = makeRng(`${seed}`);
  // Namespaces: roughly one per 25 apps (~150 resources), at least one.
  const nNs = Math.max(1, Math.round(resources / 150));
  const namespaces = [];
  const usedNs = new Set();
  for (let i = 0; namespaces.length < nNs; i++) {
    const [domain, env, team] = [r.pick(DOMAINS), r.pick(ENVS), r.pick(TEAMS)];
    let ns = `${domain}-${env}`;
    if (usedNs.has(ns)) ns = `${team}-${domain}-${env}`;
    if (usedNs.has(ns)) ns = `${team}-${domain}-${env}-${namespaces.length}`;
    usedNs.add(ns);
    namespaces.push({ name: ns, env, team, pullSecret: r.chance(0.6), explicitNs: r.chance(0.85), apps: 0, bundle: null, bundles: 0 });
  }

  /** @type {Map<string, { docs: { obj: object, json?: boolean }[], style: object, header?: string }>} */
  const files = new Map();
  const fileStyle = () => ({ seqIndent: r.chance(0.5), singleQuotes: r.chance(0.4), quoteImages: r.chance(0.2), leadingDash: r.chance(0.3) });
  const addDocs = (path, objs, header) => {
    let f = files.get(path);
    if (!f) files.set(path, (f = { docs: [], style: fileStyle(), header }));
    for (const o of objs) f.docs.push({ obj: o });
  };

  let count = 0;
  const byKind = {};
  const bugs = [];
  const peers = { all: [], byNs: new Map() };
  const names = new Set();
  const take = (objs) => {
    for (const o of objs) byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;
    count += objs.length;
  };

  // Namespace objects (and per-namespace pull secrets) come first, one file per namespace.
  const nsDocs = (ns) => {
    const docs = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: { team: ns.team, env: ns.env, 'pod-security.kubernetes.io/enforce': r.pick(['baseline', 'restricted']) } } }];
    if (ns.pullSecret) {
      docs.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'regcred', namespace: ns.name },
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { 'registry.example.com': { auth: r.b64(24) } } })).toString('base64') },
      });
    }
    return docs;
  };

  let nsIndex = 0;
  let appIndex = 0;
  const MAX_UNIT = 16;
  while (count < resources) {
    const remaining = resources - count;
    const ns = namespaces[nsIndex % namespaces.length];
    if (ns.apps === 0 && !ns.done) {
      ns.done = true;
      const d = nsDocs(ns).slice(0, remaining);
      addDocs(`${ns.name}/namespace.yaml`, d, `Namespace ${ns.name} (team ${ns.team})`);
      take(d);
      continue;
    }
    if (remaining < MAX_UNIT) {
      // top up with small standalone objects so the count is exact
      const filler = [];
      for (let i = 0; i < remaining; i++) {
        const nm = `shared-${r.pick(DOMAINS)}-${appIndex}-${i}`;
        filler.push(
          i % 2 === 0
            ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: nm, namespace: ns.name }, data: { 'ca.crt': `-----BEGIN CERTIFICATE-----\n${r.b64(180)}\n-----END CERTIFICATE-----\n` } }
            : { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: nm, namespace: ns.name } },
        );
      }
      addDocs(`${ns.name}/shared.yaml`, filler);
      take(filler);
      break;
    }
    // an app
    // Namespaces whose manifests set no metadata.namespace land in `default`
    // (as with `kubectl apply -f` without -n): names are unique per effective namespace.
    const effNs = ns.explicitNs ? ns.name : 'default';
    let name = `${r.pick(DOMAINS)}-${r.pick(ROLES)}`;
    if (names.has(`${effNs}/${name}`)) name = `${name}-${appIndex}`;
    names.add(`${effNs}/${name}`);
    const app = {
      name,
      ns: effNs,
      dir: ns.name,
      env: ns.env,
      team: ns.team,
      domain: name.split('-')[0],
      role: name.split('-').slice(1).join('-').replace(/-\d+$/, '') || 'app',
      managedBy: r.pick(['kustomize', 'helm', 'argocd', 'kubectl']),
      pullSecret: ns.pullSecret && r.chance(0.8),
      explicitNs: ns.explicitNs,
    };
    const bug = r.chance(bugRate) ? r.pick(['mount-typo', 'proxy-typo', 'port-clash']) : null;
    const unit = buildApp(r, app, peers, bug);
    if (unit.bug) bugs.push({ app: `${app.ns}/${app.name}`, bug: unit.bug });
    peers.all.push(unit.expose);
    if (!peers.byNs.has(app.ns)) peers.byNs.set(app.ns, []);
    peers.byNs.get(app.ns).push(unit.expose);
    take(unit.resources);
    ns.apps++;
    appIndex++;
    // ~4 apps per namespace in a row, then move on (namespaces fill evenly)
    if (ns.apps % r.int(3, 6) === 0) nsIndex++;

    // layout
    const layout = r.next();
    const objs = unit.resources;
    if (layout < 0.5) {
      addDocs(`${app.dir}/${app.name}.yaml`, objs, r.chance(0.5) ? `${app.name}: ${app.domain} ${app.role}` : undefined);
    } else if (layout < 0.7) {
      const group = (o) =>
        o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'ServiceAccount' ? 'workload' : o.kind === 'Service' ? 'service' : o.kind === 'ConfigMap' || o.kind === 'Secret' ? 'config' : 'extras';
      const groups = {};
      for (const o of objs) (groups[group(o)] ??= []).push(o);
      for (const [g, list] of Object.entries(groups)) addDocs(`${app.dir}/${app.name}/${g}.yaml`, list);
    } else if (layout < 0.75) {
      for (const o of objs) {
        const json = r.chance(0.25);
        const path = `${app.dir}/${app.name}/${o.kind.toLowerCase()}-${o.metadata.name}.${json ? 'json' : r.chance(0.2) ? 'yml' : 'yaml'}`;
        addDocs(path, [o]);
        if (json) files.get(path).json = true;
      }
    } else {
      if (!ns.bundle || files.get(ns.bundle).docs.length > r.int(18, 40)) ns.bundle = `${app.dir}/bundle-${++ns.bundles}.yaml`;
      addDocs(ns.bundle, objs, `bundle of ${app.dir}`);
    }
  }

  // render
  const out = [];
  let bytes = 0;
  for (const [path, f] of [...files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    let text;
    if (f.json) text = JSON.stringify(f.docs[0].obj, null, 2) + '\n';
    else {
      const parts = f.docs.map((d) => toYaml(d.obj, f.style));
      text = (f.header ? `# ${f.header}\n` : '') + (f.style.leadingDash || f.header ? '---\n' : '') + parts.join('---\n');
    }
    bytes += Buffer.byteLength(text);
    out.push({ path, text });
  }
  return {
    files: out,
    stats: { resources: count, files: out.length, bytes, namespaces: namespaces.length, apps: appIndex, byKind, bugs },
  };
}

function digestOf(files) {
  const h = createHash('sha256');
  for (const f of files) h.update(f.path).update('\0').update(f.text).update('\0');
  return h.digest('hex');
}

/**
 * Make sure `dir` holds the corpus for (resources, seed, kind: `mixed`, the
 * default, or `sidecar`: gen-sidecar.mjs); reuse it when its stamp matches (same generator version, seed, size and content digest).
 * @returns {{ dir: string, stats: object, digest: string, reused: boolean }}
 */
export function ensureCorpus(resources, { seed = DEFAULT_SEED, dir, kind = 'mixed' } = {}) {
  const prefix = kind === 'sidecar' ? 'sidecar-' : '';
  const target = resolve(dir ?? join(HERE, `.corpus-${prefix}${sizeLabel(resources)}`));
  let files, stats, version;
  if (kind === 'sidecar') {
    ({ files, stats } = generateSidecarCorpus({ resources, seed }));
    version = `sidecar-${SIDECAR_GENERATOR_VERSION}`;
  } else {
    ({ files, stats } = generateCorpus({ resources, seed }));
    version = GENERATOR_VERSION;
  }
  const digest = digestOf(files);
  const stampPath = join(target, STAMP);
  const want = { generator: version, seed, resources, files: stats.files, bytes: stats.bytes, digest };
  if (existsSync(stampPath)) {
    try {
      const have = JSON.parse(readFileSync(stampPath, 'utf8'));
      if (JSON.stringify(have) === JSON.stringify(want)) return { dir: target, stats, digest, reused: true };
    } catch {
      /* rewrite */
    }
  }
  rmSync(target, { recursive: true, force: true });
  const made = new Set();
  for (const f of files) {
    const p = join(target, f.path);
    const d = dirname(p);
    if (!made.has(d)) {
      mkdirSync(d, { recursive: true });
      made.add(d);
    }
    writeFileSync(p, f.text);
  }
  writeFileSync(stampPath, JSON.stringify(want) + '\n');
  return { dir: target, stats, digest, reused: false };
}

// ---------------------------------------------------------------- CLI

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (name, def) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : def;
  };
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('usage: node bench/gen-synthetic.mjs --size 10k [--seed S] [--out DIR]\n');
    process.exit(0);
  }
  const size = parseSize(get('--size', '1k'));
  const t0 = performance.now();
  const res = ensureCorpus(size, { seed: get('--seed', DEFAULT_SEED), dir: get('--out', undefined) });
  const s = res.stats;
  process.stdout.write(
    `${res.reused ? 'reused' : 'wrote'} ${res.dir}: ${s.resources} resources in ${s.files} files (${(s.bytes / 1048576).toFixed(1)} MiB), ` +
      `${s.namespaces} namespaces, ${s.apps} apps, ${s.bugs.length} deliberate bugs, ${(s.resources / s.files).toFixed(1)} resources/file, ` +
      `${Math.round(performance.now() - t0)} ms\n`,
  );
}
