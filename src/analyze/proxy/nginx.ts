/**
 * nginx configuration: a tokenizer and directive tree (quotes, escapes,
 * `${var}`, comments, `*_by_lua_block` bodies), and a walker that collects
 * `listen` addresses, `proxy_pass` / `grpc_pass` / `fastcgi_pass` ... targets
 * and `upstream` servers, following `include` through a caller-supplied
 * resolver. Positions are indices into the configuration text. Never throws.
 */

export interface NgxArg {
  value: string;
  start: number;
  end: number;
  quoted: boolean;
}

export interface NgxDirective {
  name: string;
  start: number;
  args: NgxArg[];
  /** Index after the directive's last argument. */
  end: number;
  block?: NgxDirective[];
}

interface Tok {
  kind: 'word' | ';' | '{' | '}';
  value: string;
  start: number;
  end: number;
  quoted: boolean;
}

/** A tokenizer over `text` whose position the parser may move (to skip raw blocks). */
class Lexer {
  pos = 0;
  constructor(readonly text: string) {}
  next(): Tok | undefined {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    try {
      while (i < n) {
        const c = text[i]!;
        if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
          i++;
          continue;
        }
        if (c === '#') {
          while (i < n && text[i] !== '\n') i++;
          continue;
        }
        if (c === ';' || c === '{' || c === '}') {
          return { kind: c, value: c, start: i, end: ++i, quoted: false };
        }
        const start = i;
        let value = '';
        if (c === '"' || c === "'") {
          i++;
          while (i < n && text[i] !== c) {
            if (text[i] === '\\' && i + 1 < n) {
              const e = text[i + 1]!;
              value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === c || e === '\\' ? e : '\\' + e;
              i += 2;
            } else value += text[i++];
          }
          i = Math.min(i + 1, n);
          return { kind: 'word', value, start, end: i, quoted: true };
        }
        let brace = false;
        let escaped = false;
        while (i < n) {
          const d = text[i]!;
          if (!brace && (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === ';' || d === '}')) break;
          if (d === '{') {
            if (text[i - 1] === '$' && i > start) brace = true;
            else break;
          } else if (d === '}' && brace) brace = false;
          if (d === '\\' && i + 1 < n) {
            value += text[i + 1];
            escaped = true;
            i += 2;
            continue;
          }
          value += d;
          i++;
        }
        return { kind: 'word', value, start, end: i, quoted: escaped };
      }
      return undefined;
    } finally {
      this.pos = i;
    }
  }
}

/** Skip a Lua (or other raw) block body starting after `{`; returns the index after the matching `}`. */
function skipRawBlock(text: string, i: number): number {
  let depth = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '[' && text[i + 1] === '[') {
      const close = text.indexOf(']]', i + 2);
      i = close === -1 ? n : close + 2;
    } else {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return i + 1;
      i++;
    }
  }
  return n;
}

/** Parse nginx configuration text into a directive tree. Never throws. */
export function parseNginx(text: string): NgxDirective[] {
  const root: NgxDirective[] = [];
  const stack: NgxDirective[][] = [root];
  let cur: NgxDirective | undefined;
  const lx = new Lexer(text);
  try {
    for (let t = lx.next(); t; t = lx.next()) {
      const list = stack[stack.length - 1]!;
      if (t.kind === 'word') {
        if (!cur) cur = { name: t.value, start: t.start, args: [], end: t.end };
        else {
          cur.args.push({ value: t.value, start: t.start, end: t.end, quoted: t.quoted });
          cur.end = t.end;
        }
      } else if (t.kind === ';') {
        if (cur) list.push(cur);
        cur = undefined;
      } else if (t.kind === '{') {
        const d = cur ?? { name: '', start: t.start, args: [], end: t.start };
        d.block = [];
        list.push(d);
        cur = undefined;
        // `content_by_lua_block { ... }`: a Lua body, not directives
        if (/_lua_block$|^lua_block$/.test(d.name)) lx.pos = skipRawBlock(text, t.end);
        else stack.push(d.block);
      } else {
        if (cur) list.push(cur);
        cur = undefined;
        if (stack.length > 1) stack.pop();
      }
    }
    if (cur) stack[stack.length - 1]!.push(cur);
  } catch {
    // keep what was parsed
  }
  return root;
}

// ---------------------------------------------------------------------------
// Facts

export type NgxContext = 'main' | 'http' | 'stream' | 'mail';

export interface NgxListen<F> {
  file: F;
  host?: string;
  port: number;
  /** `listen` directive (or the `server` keyword of a server block without one). */
  span: [number, number];
  context: NgxContext;
  implicit?: boolean;
}

export interface NgxTarget {
  host: string;
  /** Explicit port. */
  port?: number;
  /** Port used when none is written (http 80, https 443), if the directive has one. */
  defaultPort?: number;
  /** Offsets of host and port inside the argument's value. */
  hostSpan: [number, number];
  portSpan?: [number, number];
}

export interface NgxPass<F> {
  file: F;
  directive: string;
  context: NgxContext;
  target: NgxTarget;
  /** The argument is quoted or escaped: its value does not map 1:1 onto the text. */
  arg: NgxArg;
  span: [number, number];
}

export interface NgxUpstreamServer<F> {
  file: F;
  upstream: string;
  context: NgxContext;
  target: NgxTarget;
  arg: NgxArg;
  span: [number, number];
}

export interface NginxFacts<F> {
  listens: NgxListen<F>[];
  passes: NgxPass<F>[];
  upstreams: Map<string, { file: F; context: NgxContext; servers: NgxUpstreamServer<F>[]; span: [number, number] }>;
}

export const PASS_DIRECTIVES = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);

/** Blocks whose contents are not directives. */
const OPAQUE_BLOCKS = new Set(['map', 'geo', 'split_clients', 'types', 'charset_map', 'match', 'perl_set', 'js_set']);

/** Parse `host[:port]`, `[v6]:port`, `port`-less names. */
export function parseHostPort(s: string): { host: string; port?: number; hostSpan: [number, number]; portSpan?: [number, number] } | undefined {
  if (!s || s.startsWith('unix:') || /[$"'{}\s]/.test(s)) return undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close === -1) return undefined;
    const host = s.slice(1, close);
    const rest = s.slice(close + 1);
    if (rest === '') return { host, hostSpan: [1, close] };
    if (!/^:\d{1,5}$/.test(rest)) return undefined;
    return { host, port: +rest.slice(1), hostSpan: [1, close], portSpan: [close + 2, s.length] };
  }
  const last = s.lastIndexOf(':');
  if (last === -1) return { host: s, hostSpan: [0, s.length] };
  if (s.indexOf(':') !== last) return undefined; // bare IPv6 without brackets
  const p = s.slice(last + 1);
  if (!/^\d{1,5}$/.test(p) || +p > 65535) return undefined;
  return { host: s.slice(0, last), port: +p, hostSpan: [0, last], portSpan: [last + 1, s.length] };
}

/** Parse the argument of a `*_pass` directive. */
export function parsePassTarget(directive: string, value: string, context: NgxContext): NgxTarget | undefined {
  let rest = value;
  let off = 0;
  let defaultPort: number | undefined;
  const m = /^([a-z]+):\/\//i.exec(value);
  if (m) {
    const scheme = m[1]!.toLowerCase();
    off = m[0].length;
    rest = value.slice(off);
    if (scheme === 'http' || scheme === 'grpc' || scheme === 'uwsgi') defaultPort = 80;
    else if (scheme === 'https' || scheme === 'grpcs' || scheme === 'suwsgi') defaultPort = 443;
    else return undefined;
  } else if (directive === 'proxy_pass' && context === 'http') return undefined; // http proxy_pass needs a scheme
  else if (directive === 'grpc_pass') defaultPort = 80;
  const slash = rest.indexOf('/');
  const hostport = slash === -1 ? rest : rest.slice(0, slash);
  const hp = parseHostPort(hostport);
  if (!hp || !hp.host) return undefined;
  return {
    host: hp.host,
    port: hp.port,
    defaultPort,
    hostSpan: [off + hp.hostSpan[0], off + hp.hostSpan[1]],
    portSpan: hp.portSpan ? [off + hp.portSpan[0], off + hp.portSpan[1]] : undefined,
  };
}

function parseListen(args: NgxArg[], context: NgxContext): { host?: string; port: number }[] | undefined {
  const a = args[0];
  if (!a) return undefined;
  if (args.slice(1).some((x) => x.value === 'udp' || x.value === 'quic')) return undefined;
  const v = a.value;
  if (/^\d{1,5}$/.test(v)) return +v <= 65535 ? [{ port: +v }] : undefined;
  if (v.startsWith('unix:') || v.includes('$')) return undefined;
  const hp = parseHostPort(v);
  if (!hp) return undefined;
  const port = hp.port ?? (context === 'http' ? 80 : undefined);
  if (port === undefined) return undefined;
  const host = hp.host === '*' || hp.host === '' ? undefined : hp.host;
  // `listen 8080` style numbers without host were handled above; a bare word is a host with the default port
  return [{ host, port }];
}

/** Blocks (and includes) nested deeper than this are not walked (the skipped piece is reported by `analysis-limit`). */
export const MAX_NGINX_DEPTH = 40;

/**
 * Walk a directive tree collecting facts. `include(pattern)` returns the
 * parsed files an `include` directive pulls in (already filtered to the
 * files the caller knows); included files are walked in the including
 * directive's context.
 */
export function nginxFacts<F>(
  root: { file: F; directives: NgxDirective[] },
  context: NgxContext,
  include: (pattern: string) => { file: F; directives: NgxDirective[]; key: string }[] = () => [],
  /** Called for each block the walk does not enter because it is nested deeper than MAX_NGINX_DEPTH. */
  onLimit?: (file: F, span: [number, number]) => void,
): NginxFacts<F> {
  const facts: NginxFacts<F> = { listens: [], passes: [], upstreams: new Map() };
  const seen = new Set<string>();
  const walk = (file: F, list: NgxDirective[], ctx: NgxContext, parent: string, upstream: string | undefined, depth: number) => {
    if (depth > MAX_NGINX_DEPTH) {
      if (list.length) onLimit?.(file, [list[0]!.start, list[list.length - 1]!.end]);
      return;
    }
    for (const d of list) {
      const name = d.name;
      if (name === 'include' && d.args[0] && !d.block) {
        for (const inc of include(d.args[0].value)) {
          if (seen.has(inc.key)) continue;
          seen.add(inc.key);
          walk(inc.file, inc.directives, ctx, parent, upstream, depth + 1);
          seen.delete(inc.key);
        }
        continue;
      }
      if (d.block) {
        if (OPAQUE_BLOCKS.has(name)) continue;
        if (ctx === 'main' && (name === 'http' || name === 'stream' || name === 'mail')) {
          walk(file, d.block, name, name, undefined, depth + 1);
        } else if (name === 'upstream' && (ctx === 'http' || ctx === 'stream') && d.args[0]) {
          const u = d.args[0].value;
          if (!facts.upstreams.has(u)) facts.upstreams.set(u, { file, context: ctx, servers: [], span: [d.start, d.args[0].end] });
          walk(file, d.block, ctx, 'upstream', u, depth + 1);
        } else if (name === 'server' && ctx !== 'main' && parent !== 'upstream') {
          const before = facts.listens.length;
          walk(file, d.block, ctx, 'server', undefined, depth + 1);
          if (ctx === 'http' && !d.block.some((x) => x.name === 'listen') && facts.listens.length === before && !hasInclude(d.block)) {
            facts.listens.push({ file, port: 80, span: [d.start, d.start + name.length], context: ctx, implicit: true });
          }
        } else if (name !== 'events') {
          walk(file, d.block, ctx, name, upstream, depth + 1);
        }
        continue;
      }
      if (name === 'listen' && parent === 'server') {
        for (const l of parseListen(d.args, ctx) ?? []) facts.listens.push({ file, ...l, span: [d.start, d.args[0]!.end], context: ctx });
      } else if (name === 'server' && upstream !== undefined && d.args[0]) {
        const a = d.args[0];
        if (d.args.some((x) => x.value.startsWith('service='))) continue; // SRV lookups
        const hp = parseHostPort(a.value);
        if (!hp || !hp.host) continue;
        facts.upstreams.get(upstream)?.servers.push({
          file,
          upstream,
          context: ctx,
          target: { host: hp.host, port: hp.port, defaultPort: ctx === 'http' ? 80 : undefined, hostSpan: hp.hostSpan, portSpan: hp.portSpan },
          arg: a,
          span: [d.start, a.end],
        });
      } else if (PASS_DIRECTIVES.has(name) && d.args[0] && ctx !== 'main') {
        const t = parsePassTarget(name, d.args[0].value, ctx);
        if (t) facts.passes.push({ file, directive: name, context: ctx, target: t, arg: d.args[0], span: [d.start, d.args[0].end] });
      }
    }
  };
  walk(root.file, root.directives, context, context === 'main' ? '' : context, undefined, 0);
  return facts;
}

function hasInclude(list: NgxDirective[]): boolean {
  return list.some((x) => x.name === 'include');
}
