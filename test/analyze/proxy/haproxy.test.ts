import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAddr, parseHaproxy, tokenizeLine } from '../../../src/analyze/proxy/haproxy.js';

const SEED = `frontend ambassador
  bind *:8080
  default_backend ambassador_test_svc
backend ambassador_test_svc
  server svc ambassador-test-svc:8081
`;

describe('haproxy parser', () => {
  it('reads the seed ambassador config', () => {
    const cfg = parseHaproxy(SEED);
    expect(cfg.sections.map((s) => `${s.keyword} ${s.name}`)).toEqual(['frontend ambassador', 'backend ambassador_test_svc']);
    expect(cfg.binds).toMatchObject([{ port: 8080, host: undefined }]);
    expect(cfg.servers).toHaveLength(1);
    const s = cfg.servers[0]!;
    expect(s).toMatchObject({ name: 'svc', host: 'ambassador-test-svc', port: 8081, keyword: 'server' });
    expect(SEED.slice(s.span[0], s.span[1])).toBe('server svc ambassador-test-svc:8081');
    expect(SEED.slice(s.hostSpan[0], s.hostSpan[1])).toBe('ambassador-test-svc');
    expect(SEED.slice(s.portSpan![0], s.portSpan![1])).toBe('8081');
    expect(cfg.backendRefs).toMatchObject([{ keyword: 'default_backend', name: 'ambassador_test_svc' }]);
    expect(cfg.backendNames).toEqual(['ambassador_test_svc']);
  });

  it('reads listen sections, old-style listen addresses, address lists and port ranges', () => {
    const text = [
      'global',
      '  maxconn 100',
      'defaults',
      '  mode tcp',
      'listen redis 0.0.0.0:6379',
      '  server r1 redis-0.redis:6379 check',
      '  server r2 10.0.0.1 check',
      'frontend web',
      '  bind :80,:443 ssl crt /x.pem',
      '  bind [::]:8443',
      '  bind ipv4@127.0.0.1:9000-9002',
      '  bind unix@/run/x.sock',
      '  bind quic4@:443',
      '  use_backend api if { path_beg /api }',
      '  use_backend %[req.hdr(host),lower]',
      '  default_backend "redis"',
      'backend api',
      '  server-template srv 3 api.ns.svc.cluster.local:8080 check',
      '  server-template srv 3 _http._tcp.api.ns.svc.cluster.local resolvers dns',
      '  server s "${HOST}:80"',
    ].join('\n');
    const cfg = parseHaproxy(text);
    expect(cfg.binds.map((b) => `${b.host ?? '*'} ${b.port}`)).toEqual(['0.0.0.0 6379', '* 80', '* 443', ':: 8443', '127.0.0.1 9000', '127.0.0.1 9001', '127.0.0.1 9002']);
    expect(cfg.servers.map((s) => `${s.section.name} ${s.keyword} ${s.host}:${s.port}`)).toEqual([
      'redis server redis-0.redis:6379',
      'redis server 10.0.0.1:undefined',
      'api server-template api.ns.svc.cluster.local:8080',
    ]);
    expect(cfg.backendRefs.map((r) => r.name)).toEqual(['api', 'redis']);
    expect(cfg.backendNames).toEqual(['redis', 'api']);
  });

  it('ignores comments, peers/resolvers/ring servers and CRLF line ends', () => {
    const text = 'peers p\r\n  peer a 10.0.0.1:1024\r\n  server b 10.0.0.2:1024\r\nresolvers dns\r\n  nameserver ns1 10.0.0.10:53\r\nbackend b # comment\r\n  # server x y:1\r\n  server ok svc:80 # trailing\r\n';
    const cfg = parseHaproxy(text);
    expect(cfg.servers.map((s) => `${s.host}:${s.port}`)).toEqual(['svc:80']);
    expect(cfg.sections.map((s) => s.name)).toEqual(['p', 'dns', 'b']);
  });

  it('tokenizes quotes and escapes', () => {
    const line = `http-request set-header X "a b" 'c d' e\\ f # no`;
    expect(tokenizeLine(line, 0, line.length).map((t) => t.value)).toEqual(['http-request', 'set-header', 'X', 'a b', 'c d', 'e f']);
  });

  it('parses addresses', () => {
    expect(parseAddr('svc:8081')).toMatchObject({ host: 'svc', port: 8081 });
    expect(parseAddr('*:80')).toEqual({ port: 80, portEnd: 80, portSpan: [2, 4] });
    expect(parseAddr(':80')).toEqual({ port: 80, portEnd: 80, portSpan: [1, 3] });
    expect(parseAddr('[::1]:80')).toMatchObject({ host: '::1', port: 80 });
    expect(parseAddr('svc:+1')).toEqual({ host: 'svc', hostSpan: [0, 3] });
    expect(parseAddr('/run/sock')).toBeUndefined();
    expect(parseAddr('udp@:53')).toBeUndefined();
    expect(parseAddr('svc:99999')).toBeUndefined();
  });
});

describe('haproxy parser properties', () => {
  const words = fc.constantFrom('frontend', 'backend', 'listen', 'bind', 'server', 'default_backend', 'use_backend', 'defaults', 'global', 'peers', 'x', 'svc:80', '*:8080', '[::]:1', '"q', "'", '\\', '#', ':', '${A}', '%[x]', 'a-b:1-3', '   ', '\t');
  const config = fc.array(fc.array(fc.oneof(words, fc.string({ maxLength: 6 })), { maxLength: 6 }).map((ws) => ws.join(' ')), { maxLength: 20 }).map((ls) => ls.join('\n'));
  it('never throws and every span lies inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(config, fc.string({ maxLength: 200 })), (text) => {
        const cfg = parseHaproxy(text);
        const inside = (s: [number, number]) => s[0] >= 0 && s[0] <= s[1] && s[1] <= text.length;
        for (const b of cfg.binds) expect(inside(b.span)).toBe(true);
        for (const s of cfg.servers) {
          expect(inside(s.span) && inside(s.hostSpan)).toBe(true);
          expect(text.slice(s.hostSpan[0], s.hostSpan[1])).toBe(s.host);
        }
        for (const r of cfg.backendRefs) expect(inside(r.span) && inside(r.lineSpan)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  // The tokenizer's rules written the plain way, one character at a time: backslash escapes the next
  // character, "…" (escapes and `$` inside) and '…' quote, blanks separate words, `#` starts a comment,
  // `$` and `%[` mark a word dynamic. The tokenizer takes runs of plain characters as slices; this checks it agrees.
  function reference(text: string, start: number, end: number) {
    const out: { value: string; start: number; end: number; dynamic: boolean }[] = [];
    let i = start;
    while (i < end) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
      if (c === '#') break;
      const tokStart = i;
      let value = '';
      let dynamic = false;
      while (i < end) {
        const d = text[i]!;
        if (d === ' ' || d === '\t' || d === '\r' || d === '#') break;
        if (d === '\\' && i + 1 < end) { value += text[i + 1]; i += 2; }
        else if (d === '"') {
          i++;
          while (i < end && text[i] !== '"') {
            if (text[i] === '\\' && i + 1 < end) { value += text[i + 1]; i += 2; }
            else { if (text[i] === '$') dynamic = true; value += text[i++]; }
          }
          i++;
        } else if (d === "'") { i++; while (i < end && text[i] !== "'") value += text[i++]; i++; }
        else { if (d === '$' || (d === '%' && text[i + 1] === '[')) dynamic = true; value += d; i++; }
      }
      out.push({ value, start: tokStart, end: Math.min(i, end), dynamic });
    }
    return out;
  }
  it('tokenizeLine agrees with the character-by-character reading', () => {
    const ch = fc.constantFrom(' ', '\t', '\r', '#', '\\', '"', "'", '$', '%', '[', 'a', 'b', '1', ':', '.');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 24 }).map((cs) => cs.join('')), fc.nat(2), fc.nat(2), (text, a, b) => {
        const start = Math.min(a, text.length);
        const end = Math.max(start, text.length - b);
        expect(tokenizeLine(text, start, end)).toEqual(reference(text, start, end));
      }),
      { numRuns: 3000 },
    );
  });
});
