import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nginxFacts, parseHostPort, parseNginx, parsePassTarget, type NgxDirective } from '../../../src/analyze/proxy/nginx.js';

const facts = (text: string, ctx: 'main' | 'http' = 'main', files: Record<string, string> = {}) =>
  nginxFacts({ file: 'main', directives: parseNginx(text) }, ctx, (p) =>
    Object.entries(files)
      .filter(([k]) => k === p || (p.endsWith('*.conf') && k.startsWith(p.slice(0, -6)) && k.endsWith('.conf')))
      .map(([k, v]) => ({ file: k, directives: parseNginx(v), key: k })),
  );

describe('nginx parser', () => {
  it('builds a directive tree with positions', () => {
    const text = 'events {}\nhttp {\n  server {\n    listen 8080;\n    location / { proxy_pass http://app:9000/; }\n  }\n}\n';
    const tree = parseNginx(text);
    expect(tree.map((d) => d.name)).toEqual(['events', 'http']);
    const server = tree[1]!.block![0]!;
    expect(server.name).toBe('server');
    const listen = server.block![0]!;
    expect(listen).toMatchObject({ name: 'listen', args: [{ value: '8080' }] });
    expect(text.slice(listen.start, listen.end)).toBe('listen 8080');
  });

  it('handles quotes, comments, ${var} and Lua blocks', () => {
    const text = [
      'http {',
      '  # server { listen 1; }',
      '  server {',
      '    listen "8081" default_server;',
      '    set $x "a;b{c}";',
      '    location / { proxy_pass http://${upstream_host}:80; }',
      '    location /lua { content_by_lua_block { local t = { a = "}" } ngx.say("{") } }',
      '    location /b { proxy_pass https://secure.ns.svc.cluster.local; }',
      '  }',
      '}',
    ].join('\n');
    const f = facts(text);
    expect(f.listens.map((l) => l.port)).toEqual([8081]);
    expect(f.passes.map((p) => `${p.target.host}:${p.target.port ?? p.target.defaultPort}`)).toEqual(['secure.ns.svc.cluster.local:443']);
  });

  it('collects upstreams, stream proxies, grpc/fastcgi passes and implicit listens', () => {
    const text = [
      'stream {',
      '  upstream db { server postgres:5432; server unix:/tmp/s; }',
      '  server { listen 6432; proxy_pass db; }',
      '  server { listen 127.0.0.1:7000 udp; proxy_pass dns:53; }',
      '}',
      'http {',
      '  upstream app { server app-0.app:8080 weight=2; server app-1.app; server x service=http resolve; }',
      '  map $a $b { default 0; server 1; }',
      '  server {',
      '    location / { proxy_pass http://app; }',
      '    location /g { grpc_pass grpc://grpc-svc:50051; }',
      '    location /h { grpc_pass grpc-svc2; }',
      '    location ~ \\.php$ { fastcgi_pass 127.0.0.1:9000; }',
      '    location /x { proxy_pass http://unix:/tmp/sock:/; }',
      '  }',
      '}',
    ].join('\n');
    const f = facts(text);
    expect(f.listens.map((l) => `${l.context} ${l.host ?? '*'}:${l.port}${l.implicit ? ' implicit' : ''}`)).toEqual(['stream *:6432', 'http *:80 implicit']);
    expect([...f.upstreams.keys()]).toEqual(['db', 'app']);
    expect(f.upstreams.get('app')!.servers.map((s) => `${s.target.host}:${s.target.port ?? s.target.defaultPort}`)).toEqual(['app-0.app:8080', 'app-1.app:80']);
    expect(f.upstreams.get('db')!.servers.map((s) => `${s.target.host}:${s.target.port}`)).toEqual(['postgres:5432']);
    expect(f.passes.map((p) => `${p.directive} ${p.target.host}:${p.target.port ?? p.target.defaultPort}`)).toEqual([
      'proxy_pass db:undefined',
      'proxy_pass dns:53',
      'proxy_pass app:80',
      'grpc_pass grpc-svc:50051',
      'grpc_pass grpc-svc2:80',
      'fastcgi_pass 127.0.0.1:9000',
    ]);
  });

  it('follows includes in the including context', () => {
    const f = facts('http {\n  include /etc/nginx/conf.d/*.conf;\n}\n', 'main', {
      '/etc/nginx/conf.d/a.conf': 'server { listen 81; location / { proxy_pass http://a:1; } }',
      '/etc/nginx/conf.d/b.conf': 'server { listen 82; include /etc/nginx/conf.d/b.conf; }',
    });
    expect(f.listens.map((l) => `${l.file} ${l.port}`)).toEqual(['/etc/nginx/conf.d/a.conf 81', '/etc/nginx/conf.d/b.conf 82']);
    expect(f.passes.map((p) => p.file)).toEqual(['/etc/nginx/conf.d/a.conf']);
  });

  it('reads conf.d fragments in the http context', () => {
    const f = facts('server { listen [::]:443 ssl; location / { proxy_pass http://backend.other:8080; } }', 'http');
    expect(f.listens.map((l) => `${l.host}:${l.port}`)).toEqual([':::443']);
    expect(f.passes[0]!.target).toMatchObject({ host: 'backend.other', port: 8080 });
  });

  it('parses targets', () => {
    expect(parsePassTarget('proxy_pass', 'http://svc:8080/x', 'http')).toMatchObject({ host: 'svc', port: 8080, defaultPort: 80, hostSpan: [7, 10], portSpan: [11, 15] });
    expect(parsePassTarget('proxy_pass', 'svc:8080', 'http')).toBeUndefined();
    expect(parsePassTarget('proxy_pass', 'svc:8080', 'stream')).toMatchObject({ host: 'svc', port: 8080 });
    expect(parsePassTarget('proxy_pass', 'ftp://svc', 'http')).toBeUndefined();
    expect(parsePassTarget('proxy_pass', 'http://[::1]:81', 'http')).toMatchObject({ host: '::1', port: 81 });
    expect(parseHostPort('a:b:c')).toBeUndefined();
    expect(parseHostPort('$host:80')).toBeUndefined();
  });
});

describe('nginx parser properties', () => {
  const words = fc.constantFrom('http', 'server', 'stream', 'upstream', 'listen', 'proxy_pass', 'grpc_pass', 'include', 'location', '{', '}', ';', '"', "'", '#', '\\', '$', '${', 'content_by_lua_block', 'http://a:1', '80', '[::]:80', '--', '[[', '\n');
  const config = fc.array(fc.oneof(words, fc.string({ maxLength: 5 })), { maxLength: 60 }).map((ws) => ws.join(' '));
  it('never throws and every position lies inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(config, fc.string({ maxLength: 200 })), (text) => {
        const tree = parseNginx(text);
        const check = (list: NgxDirective[]) => {
          for (const d of list) {
            expect(d.start >= 0 && d.start <= d.end && d.end <= text.length).toBe(true);
            for (const a of d.args) expect(a.start >= d.start && a.end <= text.length).toBe(true);
            if (d.block) check(d.block);
          }
        };
        check(tree);
        for (const ctx of ['main', 'http', 'stream'] as const) {
          const f = nginxFacts({ file: 0, directives: tree }, ctx, () => [{ file: 1, directives: tree, key: 'self' }]);
          for (const l of f.listens) expect(l.span[0] >= 0 && l.span[1] <= text.length).toBe(true);
          for (const p of f.passes) expect(p.span[0] >= 0 && p.span[1] <= text.length).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
