/**
 * Network endpoints written as text: URLs (`postgres://u@localhost:5432/db`,
 * `http://127.0.0.1:8081/`), bare `host:port` pairs (`redis-cart:6379`) and
 * the endpoints in a container's `env` values, each with its position.
 *
 * - `findEndpoints(text)` is pure: it returns every endpoint in a string with
 *   the offsets of its `host[:port]` part (where findings should point).
 * - `envEndpoints(c)` reads the literal `env[].value`s of a container and maps
 *   each endpoint to offsets in the manifest. Env variables whose name says
 *   they configure a listening or advertised address (`LISTEN_ADDR`,
 *   `BIND_ADDRESS`, `EXTERNAL_URL` ...) are returned with `listen: true`:
 *   the container does not reach them, it serves them.
 *
 * Scheme default ports: http 80, https 443, postgres 5432, redis 6379,
 * mysql 3306, amqp 5672, mongodb 27017 ... (`DEFAULT_PORTS`). A URL whose
 * scheme has no default and no explicit port has `port: undefined`.
 */
import { isScalar, type Node } from 'yaml';
import type { ContainerInfo, EnvInfo } from '../graph/model.js';
import { nodeThunk, scalarOffset, type Path } from '../load/nodes.js';

export const DEFAULT_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  h2c: 80,
  grpc: 80,
  grpcs: 443,
  ftp: 21,
  sftp: 22,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  smtps: 465,
  ldap: 389,
  ldaps: 636,
  postgres: 5432,
  postgresql: 5432,
  pgsql: 5432,
  redis: 6379,
  rediss: 6379,
  mysql: 3306,
  mysqlx: 33060,
  mariadb: 3306,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  nats: 4222,
  mqtt: 1883,
  mqtts: 8883,
  memcached: 11211,
  zookeeper: 2181,
  kafka: 9092,
  cassandra: 9042,
  clickhouse: 9000,
  mssql: 1433,
  sqlserver: 1433,
  couchdb: 5984,
  elasticsearch: 9200,
  rabbitmq: 5672,
  etcd: 2379,
  consul: 8500,
  vault: 8200,
};

export interface EndpointMatch {
  /** Host name or address as written (IPv6 without brackets). */
  host: string;
  /** Explicit port, else the scheme's default port, else undefined. */
  port: number | undefined;
  /** True when the port was written (not a scheme default). */
  explicitPort: boolean;
  /** Lower-cased scheme (`jdbc:` stripped), if a URL. */
  scheme?: string;
  /** Offsets of `host[:port]` in the text. */
  start: number;
  end: number;
}

const HOST_RE = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/;

function validPort(s: string): number | undefined {
  if (!/^\d{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Parse one authority (`user@host:port`) starting at `off` in the text. */
function authority(text: string, start: number, end: number, scheme: string | undefined, out: EndpointMatch[]) {
  let s = start;
  // searched within the authority only: a lastIndexOf/indexOf over the whole text per URL is quadratic
  const auth = text.slice(start, end);
  const at = auth.lastIndexOf('@');
  if (at >= 0) s = start + at + 1;
  // several hosts: mongodb://a:1,b:2/db
  let i = s;
  while (i <= end) {
    const c = auth.indexOf(',', i - start);
    let j = c === -1 ? end : start + c;
    if (j > end) j = end;
    hostPort(text, i, j, scheme, out);
    i = j + 1;
  }
}

function hostPort(text: string, start: number, end: number, scheme: string | undefined, out: EndpointMatch[]) {
  const hp = text.slice(start, end);
  if (!hp) return;
  let host: string;
  let portText: string | undefined;
  if (hp.startsWith('[')) {
    const close = hp.indexOf(']');
    if (close === -1) return;
    host = hp.slice(1, close);
    const rest = hp.slice(close + 1);
    if (rest.startsWith(':')) portText = rest.slice(1);
    else if (rest) return;
  } else {
    const colon = hp.lastIndexOf(':');
    if (colon !== -1) {
      host = hp.slice(0, colon);
      portText = hp.slice(colon + 1);
    } else host = hp;
  }
  if (!host || !HOST_RE.test(hp.startsWith('[') ? `[${host}]` : host)) return;
  let port: number | undefined;
  if (portText !== undefined && portText !== '') {
    port = validPort(portText);
    if (port === undefined) return;
  }
  out.push({
    host,
    port: port ?? (scheme ? DEFAULT_PORTS[scheme] : undefined),
    explicitPort: port !== undefined,
    scheme,
    start,
    end,
  });
}

const URL_RE = /(?<![A-Za-z0-9+.-])((?:jdbc:)?([A-Za-z][A-Za-z0-9+.-]*)):\/\/([^\s/?#"'`<>;|\\()]*)/g;

/**
 * Endpoints in `text`. URLs are found anywhere; a bare `host:port` only when
 * it is the whole text or one comma/space separated element of it (so
 * `image:1.2` or `a:b` prose does not count: the port must be a number, and the
 * host a host name).
 */
export function findEndpoints(text: string, opts: { bare?: boolean } = {}): EndpointMatch[] {
  const out: EndpointMatch[] = [];
  if (typeof text !== 'string') return out; // no size limit: one linear scan (URL_RE and the token scan are linear, test/robustness/bounded.test.ts)
  const covered: [number, number][] = [];
  URL_RE.lastIndex = 0;
  for (let m; (m = URL_RE.exec(text)); ) {
    let scheme = m[2]!.toLowerCase();
    if (scheme.includes('+')) scheme = scheme.split('+')[0]!; // postgresql+psycopg2 -> postgresql
    if (scheme === 'file' || scheme === 'unix') continue;
    const aStart = m.index + m[1]!.length + 3;
    const aEnd = aStart + m[3]!.length;
    covered.push([m.index, aEnd]);
    if (scheme === 'mongodb' && m[1]!.toLowerCase().startsWith('mongodb+srv')) continue; // SRV records: no port
    authority(text, aStart, aEnd, scheme, out);
  }
  if (opts.bare === false) return out;
  // bare host:port elements
  const re = /[^\s,;]+/g;
  // URLs and tokens both come in text order and URLs do not overlap: one pointer, not a scan per token
  let k = 0;
  for (let m; (m = re.exec(text)); ) {
    const s = m.index;
    const e = s + m[0].length;
    while (k < covered.length && covered[k]![1] <= s) k++;
    if (k < covered.length && covered[k]![0] < e) continue;
    let tok = m[0];
    let tokEnd = e;
    const slash = tok.indexOf('/');
    if (slash > 0) {
      tok = tok.slice(0, slash);
      tokEnd = s + slash;
    }
    if (!/:\d{1,5}$/.test(tok)) continue;
    if (/^\d+:\d+$/.test(tok)) continue; // 8080:80 (a port mapping), 10:30 (a time)
    const before = out.length;
    hostPort(text, s, tokEnd, undefined, out);
    // A bare token must name a host with a letter or be an IP address.
    for (let i = before; i < out.length; i++) {
      const h = out[i]!.host;
      if (!/[A-Za-z]/.test(h) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(h) && !h.includes(':')) out.splice(i--, 1);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Is `host` the pod's own network namespace (loopback)? */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === 'ip6-localhost' || h === 'ip6-loopback';
}

/** Env names that configure what a container serves or advertises, not what it reaches. */
export const LISTEN_NAME_RE = /LISTEN|BIND|ADVERTI[SZ]E|PUBLIC|EXTERNAL|REDIRECT|CALLBACK|ORIGIN|CORS|ALLOWED|(^|_)(SELF|BASE|ROOT|SITE)_URL$|HOSTNAME|(^|_)SERVE(_|$)|(^|_)PORT$/i;

export interface EnvEndpoint {
  env: EnvInfo;
  host: string;
  port: number | undefined;
  explicitPort: boolean;
  scheme?: string;
  /** The variable configures a listening/advertised address rather than a peer. */
  listen: boolean;
  /** Offsets of `host[:port]` in the env value. */
  range: [number, number];
  /** YAML path of the value scalar inside the resource. */
  path: Path;
  /** Offsets in the manifest file. */
  fileRange: [number, number];
}

const envCache = new WeakMap<ContainerInfo, EnvEndpoint[]>();

/** Endpoints in the literal env values of a container (values holding `$(VAR)` references are skipped where the host is a reference). */
export function envEndpoints(c: ContainerInfo): EnvEndpoint[] {
  const cached = envCache.get(c);
  if (cached) return cached;
  const out: EnvEndpoint[] = [];
  for (const e of c.env) {
    if (typeof e.value !== 'string' || !e.value) continue;
    const path: Path = [...e.path, 'value'];
    const node = nodeThunk(e.resource, path);
    for (const m of findEndpoints(e.value)) {
      if (m.host.includes('$(')) continue;
      let fileRange: [number, number] | undefined;
      out.push({
        env: e,
        host: m.host,
        port: m.port,
        explicitPort: m.explicitPort,
        scheme: m.scheme,
        listen: LISTEN_NAME_RE.test(e.name),
        range: [m.start, m.end],
        path,
        // computed on first use: it may need the file's nodes
        get fileRange() {
          return (fileRange ??= toFile(e.resource.file.text, node(), m.start, m.end));
        },
      });
    }
  }
  envCache.set(c, out);
  return out;
}

/** Map [start, end) inside a scalar's value to file offsets. */
export function toFile(text: string, node: Node | undefined, start: number, end: number): [number, number] {
  if (!node || !node.range) return [0, 0];
  if (!isScalar(node)) return [node.range[0], node.range[1]];
  const s = scalarOffset(text, node, start);
  const e = Math.max(s, scalarOffset(text, node, end));
  return [s, e];
}
