/**
 * The sidecar-heavy synthetic corpus (issue 15): every pod runs what podlint
 * exists to read.
 *
 * Per file (4 resources): a Deployment whose pod has
 *   - an app container running an `sh -c` loop that appends to a log on an
 *     emptyDir and calls `curl localhost:PORT` through its ambassador,
 *   - a log-tailing sidecar (`tail -F` of that log, from the same emptyDir),
 *   - an haproxy ambassador reading its haproxy.cfg from a ConfigMap, proxying
 *     to another app's Service;
 * the haproxy ConfigMap, the app's Service and the app's env ConfigMap.
 * The scripts vary (variables, `if`, `case`, `$(date)`, heredocs, pipelines)
 * from a seeded PRNG; the corpus lints clean.
 *
 * `generateSidecarCorpus({ resources, seed })` returns { files, stats } like
 * gen-synthetic.mjs's generateCorpus; ensureCorpus there writes it.
 */
import { makeRng, toYaml } from './gen-synthetic.mjs';

export const SIDECAR_GENERATOR_VERSION = 1;
const STYLE = {};

const TEAMS = ['payments', 'search', 'identity', 'catalog', 'orders', 'media', 'growth', 'infra'];
const WORDS = ['cart', 'ledger', 'profile', 'indexer', 'gateway', 'render', 'notify', 'quote', 'ranker', 'billing', 'audit', 'session'];

function appScript(r, a) {
  const log = `${a.logDir}/${a.logFile}`;
  const url = `http://localhost:${a.proxyPort}${r.pick(['/healthz', '/api/v1/ping', '/status', '/'])}`;
  const lines = [];
  lines.push('set -e');
  if (r.chance(0.5)) lines.push(`LOG=${log}`);
  const target = lines.length > 1 ? '"$LOG"' : log;
  lines.push(`mkdir -p ${a.logDir}`);
  if (r.chance(0.4)) lines.push(`cat <<EOF >> ${target}\nstarting ${a.name} $(date -u +%FT%TZ)\nEOF`);
  lines.push('i=0');
  lines.push('while true; do');
  lines.push(`  i=$((i+1))`);
  lines.push(`  echo "$(date -u +%FT%TZ) ${a.name} tick $i" >> ${target}`);
  const curl = r.pick([
    `  if curl -fsS --max-time ${r.int(1, 5)} ${url} > /dev/null; then`,
    `  if curl -s -o /dev/null -w '%{http_code}' ${url} | grep -q 200; then`,
    `  if wget -q -O /dev/null ${url}; then`,
  ]);
  lines.push(curl);
  lines.push(`    echo "upstream ok" >> ${target}`);
  lines.push('  else');
  lines.push(`    echo "upstream down" >> ${target}`);
  lines.push('  fi');
  if (r.chance(0.35)) lines.push(`  case "$((i % ${r.int(3, 9)}))" in\n    0) echo "rotate" >> ${target} ;;\n    *) : ;;\n  esac`);
  lines.push(`  sleep ${r.int(1, 15)}`);
  lines.push('done');
  return lines.join('\n') + '\n';
}

function haproxyCfg(a, upstream) {
  return [
    'global',
    '  maxconn 2048',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 30s',
    '  timeout server 30s',
    'frontend ambassador',
    `  bind 127.0.0.1:${a.proxyPort}`,
    '  default_backend upstream',
    'backend upstream',
    `  server svc ${upstream.host}:${upstream.port} check`,
    '',
  ].join('\n');
}

function buildPod(r, a, upstream) {
  const labels = { app: a.name, team: a.team };
  const meta = (name) => ({ name, namespace: a.ns, labels });
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(a.name),
    spec: {
      replicas: r.int(1, 4),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.example.com/${a.team}/${a.name}:1.${r.int(0, 20)}.${r.int(0, 9)}`,
              command: ['sh', '-c'],
              args: [appScript(r, a)],
              envFrom: [{ configMapRef: { name: `${a.name}-env` } }],
              ports: [{ name: 'http', containerPort: a.appPort }],
              volumeMounts: [{ name: 'logs', mountPath: a.logDir }],
              resources: { requests: { cpu: '50m', memory: '64Mi' } },
            },
            {
              name: 'log-tailer',
              image: 'busybox:1.36',
              command: ['sh', '-c', `touch ${a.logDir}/${a.logFile}; tail -n+1 -F ${a.logDir}/${a.logFile}`],
              volumeMounts: [{ name: 'logs', mountPath: a.logDir, readOnly: false }],
            },
            {
              name: 'ambassador',
              image: 'haproxy:2.9',
              args: ['-f', '/usr/local/etc/haproxy/haproxy.cfg'],
              volumeMounts: [{ name: 'haproxy', mountPath: '/usr/local/etc/haproxy', readOnly: true }],
            },
          ],
          volumes: [
            { name: 'logs', emptyDir: {} },
            { name: 'haproxy', configMap: { name: `${a.name}-haproxy` } },
          ],
        },
      },
    },
  };
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${a.name}-haproxy`), data: { 'haproxy.cfg': haproxyCfg(a, upstream) } };
  const env = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`${a.name}-env`), data: { LOG_LEVEL: r.pick(['info', 'debug']), TEAM: a.team } };
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: meta(a.name), spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
  return [deployment, cm, env, svc];
}

export function generateSidecarCorpus({ resources, seed }) {
  const r = makeRng(`${seed}/sidecar`);
  const pods = Math.max(1, Math.floor(resources / 4));
  const apps = [];
  for (let i = 0; i < pods; i++) {
    const team = TEAMS[i % TEAMS.length];
    apps.push({
      name: `${r.pick(WORDS)}-${i}`,
      team,
      ns: `team-${team}`,
      appPort: r.pick([8080, 8000, 3000, 5000]),
      proxyPort: r.pick([9000, 9080, 15001, 18080]),
      logDir: r.pick(['/var/log/app', '/logs', '/data/log']),
      logFile: r.pick(['app.log', 'access.log', 'out.log']),
    });
  }
  const files = [];
  let bytes = 0;
  let docs = 0;
  for (let i = 0; i < apps.length; i++) {
    const a = apps[i];
    // the upstream: the Service of another app of the same team (its namespace)
    const peer = apps[(i + TEAMS.length) % apps.length].ns === a.ns ? apps[(i + TEAMS.length) % apps.length] : a;
    const upstream = { host: r.chance(0.5) ? peer.name : `${peer.name}.${peer.ns}.svc.cluster.local`, port: 80 };
    const objs = buildPod(r, a, upstream);
    const text = objs.map((o) => toYaml(o, STYLE)).join('---\n');
    docs += objs.length;
    bytes += Buffer.byteLength(text);
    files.push({ path: `${a.ns}/${a.name}.yaml`, text });
  }
  let extra = resources - docs;
  // round up to exactly `resources` objects with small ConfigMaps
  for (let k = 0; extra > 0; k++, extra--) {
    const text = toYaml({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `filler-${k}`, namespace: 'team-infra' }, data: { k: String(k) } }, STYLE);
    bytes += Buffer.byteLength(text);
    files.push({ path: `team-infra/filler-${k}.yaml`, text });
  }
  return { files, stats: { files: files.length, bytes, resources } };
}
