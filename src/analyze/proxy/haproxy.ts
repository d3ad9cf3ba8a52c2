/**
 * haproxy configuration: sections (`frontend`, `backend`, `listen`,
 * `defaults` ...), `bind` addresses, `server` / `server-template` lines of
 * backends and `listen` sections, and `default_backend` / `use_backend`
 * references. Positions are indices into the configuration text. The parser
 * never throws; what it cannot read it skips.
 */

export interface Token {
  value: string;
  start: number;
  end: number;
  /** Holds an environment variable or a log-format expression: not a literal. */
  dynamic: boolean;
}

export interface HaproxySection {
  keyword: string;
  name?: string;
  /** Index of the section keyword. */
  start: number;
}

export interface HaproxyBind {
  section: HaproxySection;
  host?: string;
  port: number;
  /** The `bind` directive: from the keyword to the end of the address. */
  span: [number, number];
}

export interface HaproxyServer {
  section: HaproxySection;
  keyword: 'server' | 'server-template';
  name: string;
  host: string;
  /** Undefined when the line gives no port (haproxy then uses the client's destination port) or a relative one. */
  port?: number;
  /** From the `server` keyword to the end of the address. */
  span: [number, number];
  hostSpan: [number, number];
  portSpan?: [number, number];
}

export interface HaproxyBackendRef {
  section: HaproxySection;
  keyword: 'default_backend' | 'use_backend';
  name: string;
  /** The backend name. */
  span: [number, number];
  /** The whole directive. */
  lineSpan: [number, number];
}

export interface HaproxyConfig {
  sections: HaproxySection[];
  binds: HaproxyBind[];
  servers: HaproxyServer[];
  backendRefs: HaproxyBackendRef[];
  /** Names a `use_backend` / `default_backend` may refer to (`backend` and `listen` sections). */
  backendNames: string[];
}

const SECTIONS = new Set([
  'global', 'defaults', 'frontend', 'backend', 'listen', 'peers', 'resolvers', 'userlist', 'mailers', 'program',
  'http-errors', 'ring', 'cache', 'fcgi-app', 'crt-store', 'traces', 'log-forward', 'acme', 'namespace_list',
]);

/** Split one line into words: quotes, backslash escapes, `#` comments. */
export function tokenizeLine(text: string, start: number, end: number): Token[] {
  const out: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') break;
    const tokStart = i;
    let value = '';
    let dynamic = false;
    while (i < end) {
      const d = text[i]!;
      if (d === ' ' || d === '\t' || d === '\r' || d === '#') break;
      if (d === '\\' && i + 1 < end) {
        value += text[i + 1];
        i += 2;
      } else if (d === '"') {
        i++;
        while (i < end && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < end) {
            value += text[i + 1];
            i += 2;
          } else {
            if (text[i] === '$') dynamic = true;
            value += text[i++];
          }
        }
        i++;
      } else if (d === "'") {
        i++;
        while (i < end && text[i] !== "'") value += text[i++];
        i++;
      } else {
        // a run of plain characters, taken as one slice (appending character by character allocates a string per character);
        // the first is always taken: it may be a backslash that ends the line
        const from = i;
        let e = d;
        do {
          if (e === '$' || (e === '%' && text[i + 1] === '[')) dynamic = true;
          e = text[++i]!;
        } while (i < end && e !== ' ' && e !== '\t' && e !== '\r' && e !== '#' && e !== '\\' && e !== '"' && e !== "'");
        value += text.slice(from, i);
      }
    }
    out.push({ value, start: tokStart, end: Math.min(i, end), dynamic });
  }
  return out;
}

export interface HaproxyAddr {
  host?: string;
  /** First port (of a range). */
  port?: number;
  /** Last port of a range (binds). */
  portEnd?: number;
  /** Offsets of host and port inside the address string. */
  hostSpan?: [number, number];
  portSpan?: [number, number];
}

const TCP_PREFIXES = new Set(['ipv4', 'ipv6', 'tcp', 'tcp4', 'tcp6', 'mptcp', 'mptcp4', 'mptcp6']);

/** Parse a haproxy address (`*:8080`, `[::]:443`, `ipv4@10.0.0.1:80`, `svc:8081`). Undefined for non-TCP addresses. */
export function parseAddr(s: string): HaproxyAddr | undefined {
  let off = 0;
  const at = s.indexOf('@');
  if (at !== -1) {
    const prefix = s.slice(0, at).toLowerCase();
    if (!TCP_PREFIXES.has(prefix)) return undefined;
    off = at + 1;
  }
  const rest = s.slice(off);
  if (!rest || rest.startsWith('/')) return undefined;
  let host: string;
  let portStr: string | undefined;
  let hostStart = off;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return undefined;
    host = rest.slice(1, close);
    hostStart = off + 1;
    if (rest[close + 1] === ':') portStr = rest.slice(close + 2);
    else if (close + 1 !== rest.length) return undefined;
  } else {
    const last = rest.lastIndexOf(':');
    if (last === -1) host = rest;
    else {
      host = rest.slice(0, last);
      portStr = rest.slice(last + 1);
    }
  }
  const out: HaproxyAddr = {};
  if (host && host !== '*') {
    out.host = host;
    out.hostSpan = [hostStart, hostStart + host.length];
  }
  if (portStr !== undefined) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(portStr);
    if (m) {
      out.port = +m[1]!;
      out.portEnd = m[2] ? +m[2] : out.port;
      if (out.port > 65535 || out.portEnd > 65535 || out.portEnd < out.port) return undefined;
      out.portSpan = [s.length - portStr.length, s.length];
    } else if (!/^[+-]\d+$/.test(portStr) && portStr !== '') return undefined;
  }
  return out;
}

/** Parse a haproxy configuration. Never throws. */
export function parseHaproxy(text: string): HaproxyConfig {
  const cfg: HaproxyConfig = { sections: [], binds: [], servers: [], backendRefs: [], backendNames: [] };
  let section: HaproxySection = { keyword: '', start: 0 };
  let lineStart = 0;
  const len = text.length;
  while (lineStart <= len) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = len;
    try {
      const toks = tokenizeLine(text, lineStart, lineEnd);
      if (toks.length) handleLine(cfg, toks, () => section, (s) => (section = s));
    } catch {
      // a line we cannot read is skipped
    }
    lineStart = lineEnd + 1;
  }
  return cfg;
}

function handleLine(cfg: HaproxyConfig, toks: Token[], cur: () => HaproxySection, set: (s: HaproxySection) => void) {
  const kw = toks[0]!.value.toLowerCase();
  if (SECTIONS.has(kw)) {
    const name = toks[1] && !toks[1].dynamic && toks[1].value !== 'from' ? toks[1].value : undefined;
    const s: HaproxySection = { keyword: kw, name, start: toks[0]!.start };
    cfg.sections.push(s);
    set(s);
    if ((kw === 'backend' || kw === 'listen') && name) cfg.backendNames.push(name);
    // old syntax: `listen <name> <address>` / `frontend <name> <address>`
    if ((kw === 'listen' || kw === 'frontend') && toks[2] && !toks[2].dynamic) addBinds(cfg, s, toks[0]!, toks[2]);
    return;
  }
  const section = cur();
  const proxy = section.keyword === 'frontend' || section.keyword === 'listen' || section.keyword === 'backend' || section.keyword === 'defaults';
  if (!proxy) return;
  if (kw === 'bind' && toks[1] && !toks[1].dynamic && section.keyword !== 'backend' && section.keyword !== 'defaults') {
    addBinds(cfg, section, toks[0]!, toks[1]);
  } else if ((kw === 'server' || kw === 'server-template') && (section.keyword === 'backend' || section.keyword === 'listen')) {
    const addrTok = toks[kw === 'server' ? 2 : 3];
    const nameTok = toks[1];
    if (!addrTok || !nameTok || addrTok.dynamic) return;
    if (addrTok.value.startsWith('_')) return; // SRV record (`_http._tcp.svc...`)
    const a = parseAddr(addrTok.value);
    if (!a?.host || !a.hostSpan) return;
    const plain = addrTok.value.length === addrTok.end - addrTok.start; // no quotes/escapes: spans map 1:1
    if (!plain) return;
    cfg.servers.push({
      section,
      keyword: kw,
      name: nameTok.value,
      host: a.host,
      port: a.port,
      span: [toks[0]!.start, addrTok.end],
      hostSpan: [addrTok.start + a.hostSpan[0], addrTok.start + a.hostSpan[1]],
      portSpan: a.portSpan ? [addrTok.start + a.portSpan[0], addrTok.start + a.portSpan[1]] : undefined,
    });
  } else if ((kw === 'default_backend' || kw === 'use_backend') && toks[1] && !toks[1].dynamic) {
    if (kw === 'use_backend' && section.keyword === 'backend') return;
    cfg.backendRefs.push({
      section,
      keyword: kw,
      name: toks[1].value,
      span: [toks[1].start, toks[1].end],
      lineSpan: [toks[0]!.start, toks[toks.length - 1]!.end],
    });
  }
}

function addBinds(cfg: HaproxyConfig, section: HaproxySection, kwTok: Token, addrTok: Token) {
  for (const part of addrTok.value.split(',')) {
    const a = parseAddr(part.trim());
    if (!a || a.port === undefined) continue;
    const last = Math.min(a.portEnd ?? a.port, a.port + 64);
    for (let p = a.port; p <= last; p++) cfg.binds.push({ section, host: a.host, port: p, span: [kwTok.start, addrTok.end] });
  }
}
