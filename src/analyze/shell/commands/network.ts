/** Network clients: `curl`, `wget`, `nc`, `telnet`, database clients, `socat`, `grpcurl`, httpie. */
import { findEndpoints } from '../../env-endpoints.js';
import { parseOpts } from '../options.js';
import { base, cutQuery, trimSlashes } from '../paths.js';
import { sub, derived } from '../state.js';
import { model, type Models } from './model.js';

export const NETWORK: Models = {
  ...model(['curl'], (c) => {
    const { name, rest, st, col, read, write, range } = c;
    const p = parseOpts(rest, {
      s: 'oHXdDuTFeAmwbcKrxyYzECQUt',
      l: ['output', 'header', 'request', 'data', 'data-binary', 'data-raw', 'data-urlencode', 'user', 'upload-file', 'form', 'referer', 'user-agent', 'max-time', 'write-out', 'cookie', 'cookie-jar', 'config', 'range', 'proxy', 'speed-limit', 'speed-time', 'time-cond', 'continue-at', 'quote', 'proxy-user', 'cert', 'cacert', 'key', 'capath', 'connect-timeout', 'retry', 'retry-delay', 'retry-max-time', 'resolve', 'connect-to', 'unix-socket', 'abstract-unix-socket', 'interface', 'dns-servers', 'url', 'output-dir', 'trace', 'trace-ascii', 'stderr', 'dump-header', 'cert-type', 'key-type', 'pass', 'oauth2-bearer', 'json', 'variable', 'expect100-timeout', 'keepalive-time', 'limit-rate', 'max-filesize', 'max-redirs', 'noproxy', 'proto', 'proto-redir', 'ciphers', 'tls-max', 'aws-sigv4', 'happy-eyeballs-timeout-ms', 'local-port', 'socks5', 'socks5-hostname', 'socks4', 'preproxy', 'request-target', 'crlfile', 'pinnedpubkey', 'login-options', 'sasl-authzid', 'service-name', 'mail-from', 'mail-rcpt', 'netrc-file', 'hostpubmd5', 'hostpubsha256', 'pubkey'],
    });
    for (const o of p.opts) {
      if (!o.arg) continue;
      const v = o.arg.value;
      if (['o', 'output', 'c', 'cookie-jar', 'D', 'dump-header', 'trace', 'trace-ascii', 'stderr'].includes(o.name)) write(o.arg, 'curl');
      else if (['T', 'upload-file', 'K', 'config', 'cacert', 'cert', 'key', 'E', 'netrc-file', 'crlfile'].includes(o.name)) read(o.arg, 'curl');
      else if (['d', 'data', 'data-binary', 'data-urlencode', 'json'].includes(o.name) && v?.startsWith('@')) read(sub(o.arg, 1, v.length), 'curl');
      else if (['F', 'form'].includes(o.name) && v !== undefined) {
        const at = v.indexOf('=@');
        if (at !== -1) read(sub(o.arg, at + 2, v.split(';')[0]!.length), 'curl');
      }
    }
    if (p.has('unix-socket', 'abstract-unix-socket')) {
      read(p.get('unix-socket'), 'curl');
      return; // the URL's host is not dialled
    }
    for (const x of p.all('x', 'proxy')) col.endpoint(x, 'curl', { defaultScheme: 'http' });
    const urls = [...p.pos, ...p.all('url')];
    const remoteName = p.has('O', 'remote-name', 'remote-name-all');
    for (const u of urls) {
      col.endpoint(u, 'curl', { defaultScheme: 'http' });
      if (remoteName && u.value !== undefined) {
        const name2 = base(cutQuery(u.value));
        if (name2 && !u.value.endsWith('/')) col.access('write', derived(u, name2), st, 'curl -O');
      }
    }
  }),
  ...model(['wget'], (c) => {
    const { rest, st, col, read, write } = c;
    const p = parseOpts(rest, { s: 'OoaPTtUeiBwQ', l: ['output-document', 'output-file', 'append-output', 'directory-prefix', 'timeout', 'tries', 'user-agent', 'header', 'post-data', 'post-file', 'body-data', 'body-file', 'method', 'input-file', 'base', 'wait', 'quota', 'user', 'password', 'http-user', 'http-password', 'load-cookies', 'save-cookies', 'ca-certificate', 'certificate', 'private-key', 'bind-address', 'dns-timeout', 'connect-timeout', 'read-timeout', 'limit-rate', 'proxy-user', 'proxy-password', 'referer', 'execute', 'level', 'accept', 'reject', 'domains', 'exclude-domains', 'include-directories', 'exclude-directories'] });
    const out = p.get('O', 'output-document');
    if (out) write(out, 'wget');
    for (const f of p.all('o', 'output-file', 'a', 'append-output', 'save-cookies')) write(f, 'wget');
    for (const f of p.all('i', 'input-file', 'post-file', 'body-file', 'load-cookies', 'ca-certificate', 'certificate', 'private-key')) read(f, 'wget');
    const prefix = p.get('P', 'directory-prefix');
    const spider = p.has('spider');
    for (const u of p.pos) {
      col.endpoint(u, 'wget', { defaultScheme: 'http' });
      if (!out && !spider && u.value !== undefined) {
        const n = base(cutQuery(u.value.replace(/^[a-z]+:\/\/[^/]*/i, ''))) || 'index.html';
        const dir = prefix?.value;
        if (prefix && dir === undefined) col.dynamicWrites++;
        else col.access('write', derived(u, dir !== undefined ? `${trimSlashes(dir)}/${n}` : n), st, 'wget');
      }
    }
  }),
  ...model(['nc', 'ncat', 'netcat'], (c) => {
    const { name, rest, col, write } = c;
    const p = parseOpts(rest, { s: 'pswiqxXeIOTVcmPWMFbGgLRA', l: ['source-port', 'wait', 'proxy', 'proxy-type', 'exec', 'sh-exec', 'lua-exec', 'source', 'idle-timeout', 'max-conns', 'allow', 'allowfile', 'deny', 'denyfile', 'proxy-auth', 'output', 'hex-dump', 'append-output'] });
    if (p.has('U', 'unixsock')) return;
    for (const f of p.all('o', 'output')) write(f, name);
    if (p.has('l', 'listen')) {
      const pw = p.get('p', 'source-port') ?? p.pos[p.pos.length - 1];
      if (pw?.value && /^\d{1,5}$/.test(pw.value)) col.listen(pw, Number(pw.value), name);
      return;
    }
    if (p.pos.length >= 2) col.hostPort(p.pos[0], p.pos[1], name);
    else if (p.pos.length === 1) col.endpoint(p.pos[0]!, name, { bare: true });
  }),
  ...model(['telnet'], (c) => {
    const { rest, col } = c;
    const p = parseOpts(rest, { s: 'lnbeES' });
    if (p.pos[0]) col.hostPort(p.pos[0], p.pos[1], 'telnet', 23);
  }),
  ...model(['redis-cli', 'psql', 'pg_isready', 'mysql', 'mysqladmin', 'mongo', 'mongosh'], (c) => {
    const { name, rest, col, read, write } = c;
    const isMysql = name === 'mysql' || name === 'mysqladmin';
    const isRedis = name === 'redis-cli';
    const isMongo = name === 'mongo' || name === 'mongosh';
    const p = parseOpts(rest, {
      s: isMysql ? 'hPuSDe' : isRedis ? 'hpsaunri' : isMongo ? 'up' : 'hpUdcfvoL',
      l: ['host', 'port', 'user', 'username', 'password', 'dbname', 'database', 'socket', 'file', 'command', 'execute', 'uri', 'set', 'variable', 'output', 'log-file', 'defaults-file', 'authenticationDatabase', 'eval'],
    });
    for (const f of p.all('f', 'file', 'defaults-file')) if (!isRedis) read(f, name);
    if (!isRedis && !isMysql && !isMongo) for (const f of p.all('o', 'output', 'L', 'log-file')) write(f, name);
    if (isRedis && rest.some((w) => w.value === undefined || /^--(rdb|functions-rdb|pipe)$/.test(w.value))) col.unknown(name);
    if (isMysql && rest.some((w) => w.value === undefined || /^--tee/.test(w.value))) col.unknown(name);
    if (isMongo) col.unknown(name);
    const socket = isMysql ? p.has('S', 'socket') : isRedis ? p.has('s', 'socket') : p.has('socket');
    if (socket) return;
    const uri = p.get('u', 'uri');
    if (uri && isRedis) {
      col.endpoint(uri, name);
      return;
    }
    const hostW = p.get('h', 'host');
    const portW = isMysql ? p.get('P', 'port') : p.get('p', 'port');
    const def = isRedis ? 6379 : isMysql ? 3306 : isMongo ? 27017 : 5432;
    if (hostW?.value !== undefined && hostW.value.includes(':') && !hostW.value.startsWith('[') && !portW) col.endpoint(hostW, name, { bare: true });
    else if (hostW) col.hostPort(hostW, portW, name, def);
    else if (portW) col.hostPort(undefined, portW, name, def, isRedis || isMysql ? '127.0.0.1' : 'localhost');
    for (const w of [...p.pos, ...p.all('d', 'dbname')]) if (w.value?.includes('://')) col.endpoint(w, name);
  }),
  ...model(['socat'], (c) => {
    const { rest, col, range } = c;
    for (const w of rest) {
      const v = w.value;
      if (v === undefined || v.startsWith('-')) continue;
      const m = /^(TCP[46]?|TCP[46]?-CONNECT|OPENSSL|OPENSSL-CONNECT|SSL):([^,]+)/i.exec(v);
      if (m) {
        const hp = m[2]!;
        const start = m[1]!.length + 1;
        const ms = findEndpoints(hp, { bare: true });
        for (const e of ms) {
          const r = sub(w, start + e.start, start + e.end);
          col.endpoints.push({ host: e.host, port: e.port, explicitPort: e.explicitPort, via: 'socat', range: r.range, src: r.src });
        }
        continue;
      }
      const l = /^(?:TCP[46]?-LISTEN|TCP[46]?-L|OPENSSL-LISTEN|SSL-L(?:ISTEN)?):(\d{1,5})/i.exec(v);
      if (l) col.listen(w, Number(l[1]), 'socat');
      else if (/^(OPEN|GOPEN|CREATE|CREAT|PIPE|EXEC|SYSTEM|UNIX-LISTEN|UNIX-L|FILE):/i.test(v) || v.startsWith('/')) col.unknown('socat');
    }
  }),
  ...model(['grpcurl'], (c) => {
    const { rest, col } = c;
    const p = parseOpts(rest, { s: 'H', l: ['H', 'import-path', 'proto', 'protoset', 'd', 'cacert', 'cert', 'key', 'authority', 'connect-timeout', 'max-time', 'keepalive-time', 'rpc-header', 'reflect-header', 'servername', 'user-agent', 'format', 'max-msg-sz', 'protoset-out', 'use-reflection', 'unix'] as string[], d: ['H', 'd', 'import-path', 'proto', 'protoset', 'cacert', 'cert', 'key', 'authority', 'connect-timeout', 'max-time', 'format', 'servername', 'rpc-header', 'reflect-header', 'max-msg-sz', 'user-agent', 'keepalive-time'] });
    if (p.has('unix')) return;
    if (p.pos[0]) col.endpoint(p.pos[0], 'grpcurl', { bare: true });
  }),
  ...model(['grpc_health_probe'], (c) => {
    const { name, rest, col } = c;
    const p = parseOpts(rest, { d: ['addr', 'service', 'connect-timeout', 'rpc-timeout', 'tls-ca-cert', 'tls-client-cert', 'tls-client-key', 'tls-server-name', 'user-agent', 'rpc-header'] });
    const a = p.get('addr');
    if (a) col.endpoint(a, 'grpc_health_probe', { bare: true });
  }),
  ...model(['http', 'https'], (c) => {
    const { name, rest, col, range } = c;
    // httpie: http :8080/x -> localhost:8080
    for (const w of rest) {
      const v = w.value;
      if (v === undefined || v.startsWith('-')) continue;
      const m = /^:(\d{1,5})(?:\/|$)/.exec(v);
      if (m) {
        const r = sub(w, 0, m[1]!.length + 1);
        col.endpoints.push({ host: 'localhost', port: Number(m[1]), explicitPort: true, scheme: name, via: 'httpie', range: r.range, src: r.src });
      } else col.endpoint(w, 'httpie', { defaultScheme: name });
      break;
    }
  }),
};
