import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { envEndpoints, findEndpoints, isLoopback } from '../../src/analyze/env-endpoints.js';
import { lintTexts } from '../../src/engine/lint.js';
import { positionAt } from '../../src/load/source.js';
import { y } from '../helpers/rule-tester.js';

const show = (t: string) => findEndpoints(t).map((e) => `${e.scheme ?? '-'} ${e.host}:${e.port ?? '?'}${e.explicitPort ? '' : '(default)'} @${t.slice(e.start, e.end)}`);

describe('findEndpoints', () => {
  it('URLs with explicit ports, scheme defaults and user info', () => {
    expect(show('postgres://u:p@localhost:5432/db')).toEqual(['postgres localhost:5432 @localhost:5432']);
    expect(show('http://127.0.0.1:8081/')).toEqual(['http 127.0.0.1:8081 @127.0.0.1:8081']);
    expect(show('https://api.example.com/v1')).toEqual(['https api.example.com:443(default) @api.example.com']);
    expect(show('redis://cache')).toEqual(['redis cache:6379(default) @cache']);
    expect(show('mysql://root@db/app')).toEqual(['mysql db:3306(default) @db']);
    expect(show('amqp://guest:guest@rabbit/')).toEqual(['amqp rabbit:5672(default) @rabbit']);
    expect(show('mongodb://a:27017,b:27018/x')).toEqual(['mongodb a:27017 @a:27017', 'mongodb b:27018 @b:27018']);
    expect(show('jdbc:postgresql://db:5433/app')).toEqual(['postgresql db:5433 @db:5433']);
    expect(show('postgresql+psycopg2://u@db/x')).toEqual(['postgresql db:5432(default) @db']);
    expect(show('http://[::1]:9090/metrics')).toEqual(['http ::1:9090 @[::1]:9090']);
    expect(show('foo://host')).toEqual(['foo host:?(default) @host']);
  });
  it('bare host:port only as a whole element; never image tags, times or port maps', () => {
    expect(show('localhost:6379')).toEqual(['- localhost:6379 @localhost:6379']);
    expect(show('redis-cart:6379,backup:6380')).toEqual(['- redis-cart:6379 @redis-cart:6379', '- backup:6380 @backup:6380']);
    expect(show('10.0.0.1:53')).toEqual(['- 10.0.0.1:53 @10.0.0.1:53']);
    expect(show('nginx:1.25')).toEqual([]);
    expect(show('quay.io/org/img:v1')).toEqual([]);
    expect(show('8080:80')).toEqual([]);
    expect(show('10:30')).toEqual([]);
    expect(show('host:99999')).toEqual([]);
    expect(show('file:///etc/x')).toEqual([]);
    expect(show('visit us at some place')).toEqual([]);
  });
  it('never throws; offsets stay inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab:/@[]1234567890.,; x-_+h') }), (s) => {
        for (const e of findEndpoints(s)) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeLessThanOrEqual(s.length);
          expect(e.start).toBeLessThanOrEqual(e.end);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('isLoopback', () => {
  it('localhost, 127/8 and ::1 only', () => {
    expect(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'ip6-localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', 'localhost.example.com', 'db', '128.0.0.1'].some(isLoopback)).toBe(false);
  });
});

describe('envEndpoints', () => {
  it('maps endpoints to the env value, flags listening variables, skips $(VAR) hosts and valueFrom', () => {
    const text = y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: app
          image: app
          env:
          - name: DATABASE_URL
            value: postgres://u@localhost:5432/db
          - name: "CACHE"
            value: "redis-cart:6379"
          - name: LISTEN_ADDR
            value: 0.0.0.0:8080
          - name: PEER
            value: http://$(PEER_HOST):8080
          - name: SECRET
            valueFrom: {secretKeyRef: {name: s, key: k}}
    `;
    const g = lintTexts([{ path: 't.yaml', text }], { only: [] }).graph;
    const eps = envEndpoints(g.templates[0]!.containers[0]!);
    expect(eps.map((e) => [e.env.name, e.host, e.port, e.listen, text.slice(...e.fileRange), positionAt(g.files[0]!.file, e.fileRange[0])])).toEqual([
      ['DATABASE_URL', 'localhost', 5432, false, 'localhost:5432', { line: 10, column: 27 }],
      ['CACHE', 'redis-cart', 6379, false, 'redis-cart:6379', { line: 12, column: 15 }],
      ['LISTEN_ADDR', '0.0.0.0', 8080, true, '0.0.0.0:8080', { line: 14, column: 14 }],
    ]);
    expect(eps[0]!.path).toEqual(['spec', 'containers', 0, 'env', 0, 'value']);
  });
});
