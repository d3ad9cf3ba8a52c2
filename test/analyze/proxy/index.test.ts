import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lintTexts } from '../../../src/engine/lint.js';
import { podBackends, podListeners, proxyFacts, proxyImage, proxyRun } from '../../../src/analyze/proxy/index.js';
import { positionAt } from '../../../src/load/source.js';
import type { Graph, PodTemplate } from '../../../src/graph/model.js';
import { y } from '../../helpers/rule-tester.js';

const load = (text: string) => lintTexts([{ path: 't.yaml', text }], { only: [] }).graph;
const tpl = (g: Graph, label: string) => g.templates.find((t) => t.label === label)!;
const listeners = (g: Graph, t: PodTemplate) => podListeners(g, t).map((l) => `${l.container.name} ${l.source} ${l.host ?? '*'}:${l.port}${l.at ? ` @${positionAt(l.at.file, l.at.range[0]).line}` : ''}`);

describe('proxy images and commands', () => {
  it('recognizes proxy images', () => {
    expect(proxyImage('haproxy:2.4')).toEqual({ kind: 'haproxy', official: true });
    expect(proxyImage('docker.io/library/haproxy:2.4@sha256:abc')).toEqual({ kind: 'haproxy', official: true });
    expect(proxyImage('haproxytech/haproxy-alpine:3.0')).toEqual({ kind: 'haproxy', official: true });
    expect(proxyImage('registry.local:5000/team/haproxy')).toEqual({ kind: 'haproxy', official: false });
    expect(proxyImage('nginx')).toMatchObject({ kind: 'nginx', official: true });
    expect(proxyImage('bitnami/nginx:1.27')).toMatchObject({ kind: 'nginx', variant: 'bitnami' });
    expect(proxyImage('nginxinc/nginx-unprivileged')).toMatchObject({ kind: 'nginx', variant: 'unprivileged' });
    expect(proxyImage('envoyproxy/envoy-distroless:v1.31.0')).toEqual({ kind: 'envoy', official: true });
    expect(proxyImage('registry.k8s.io/ingress-nginx/controller:v1.11.0')).toBeUndefined();
    expect(proxyImage('nginx/nginx-prometheus-exporter')).toBeUndefined();
    expect(proxyImage(undefined)).toBeUndefined();
  });

  it('reads config paths from flags, entrypoint args and sh -c scripts', () => {
    const g = load(y`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - {name: a, image: haproxy, args: ['-f', '/etc/hap/a.cfg', '-f', 'conf.d']}
        - {name: b, image: envoyproxy/envoy, command: [envoy, '--config-path=/x/e.yaml']}
        - {name: c, image: nginx, command: [sh, -c, 'envsubst < /t > /etc/nginx/n.conf && exec nginx -c /etc/nginx/n.conf -g "daemon off;"']}
        - {name: d, image: nginx, command: [/docker-entrypoint.sh], args: [nginx, -g, 'daemon off;']}
        - {name: e, image: nginx, command: [/start.sh]}
        - {name: f, image: alpine, command: [haproxy, -f, /cfg/h.cfg]}
    `);
    const runs = g.templates[0]!.containers.map((c) => proxyRun(c));
    expect(runs.map((r) => r && `${r.kind} ${r.configPaths.join(',')} explicit=${r.explicit} certain=${r.certain}`)).toEqual([
      'haproxy /etc/hap/a.cfg,/conf.d explicit=true certain=true',
      'envoy /x/e.yaml explicit=true certain=true',
      'nginx /etc/nginx/n.conf explicit=true certain=true',
      'nginx /etc/nginx/nginx.conf explicit=false certain=true',
      'nginx /etc/nginx/nginx.conf explicit=false certain=false',
      'haproxy /cfg/h.cfg explicit=true certain=true',
    ]);
  });
});

describe('podListeners and podBackends', () => {
  it('the seed ambassador: haproxy binds 8080 from the mounted ConfigMap', () => {
    const g = load(y`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: haproxy-config
      data:
        haproxy.cfg: |
          frontend ambassador
            bind *:8080
            default_backend ambassador_test_svc
          backend ambassador_test_svc
            server svc ambassador-test-svc:8081
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: ambassador-test
      spec:
        containers:
        - name: main
          image: radial/busyboxplus:curl
          command: ['sh', '-c', 'while true; do curl localhost:8080; sleep 5; done']
        - name: ambassador
          image: haproxy:2.4
          volumeMounts:
          - name: config
            mountPath: /usr/local/etc/haproxy/
        volumes:
        - name: config
          configMap:
            name: haproxy-config
    `);
    const t = tpl(g, 'Pod/ambassador-test');
    expect(listeners(g, t)).toEqual(['ambassador haproxy *:8080 @8']);
    const b = podBackends(g, t);
    expect(b.map((x) => `${x.host}:${x.port} ${x.what}`)).toEqual(['ambassador-test-svc:8081 server svc ambassador-test-svc:8081']);
    const pos = positionAt(b[0]!.at.file, b[0]!.at.range[0]);
    expect([pos.line, pos.column]).toEqual([11, 7]);
  });

  it('a Deployment with nginx (conf.d + image nginx.conf), a native sidecar socat and an unread default server', () => {
    const g = load(y`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: site}
      data:
        a.conf: |
          upstream app { server app:8080; }
          server { listen 8443 ssl; location / { proxy_pass http://app; } }
        notes.txt: "not read"
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            initContainers:
            - name: tunnel
              image: alpine/socat
              restartPolicy: Always
              command: [socat, 'TCP-LISTEN:6379,fork', 'TCP:redis:6379']
            - name: setup
              image: alpine/socat
              command: [socat, 'TCP-LISTEN:1,fork', 'TCP:x:1']
            containers:
            - name: nginx
              image: nginx:1.27
              ports: [{containerPort: 8443}]
              volumeMounts: [{name: site, mountPath: /etc/nginx/conf.d}]
            - name: plain
              image: nginx:1.27
            volumes: [{name: site, configMap: {name: site}}]
    `);
    const t = tpl(g, 'Deployment/web');
    expect(listeners(g, t)).toEqual(['tunnel socat *:6379 @22', 'nginx containerPort *:8443', 'nginx nginx *:8443 @7', 'plain nginx *:80']);
    expect(podBackends(g, t).map((b) => `${b.container.name} ${b.source} ${b.host}:${b.port}`)).toEqual(['tunnel socat redis:6379', 'setup socat x:1', 'nginx nginx app:8080']);
  });

  it('Envoy with -c, haproxy -f directory (every *.cfg, backends across files) and a projected volume', () => {
    const g = load(y`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: hap}
      data:
        10-front.cfg: |
          frontend f
            bind :9000
            use_backend be
        20-back.cfg: |
          backend be
            server s be-svc:80
        README: "ignored"
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: env}
      stringData:
        front.yaml: |
          static_resources:
            listeners:
            - address: {socket_address: {address: 127.0.0.1, port_value: 15001}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: hap
          image: haproxy:3.0
          args: [-f, /etc/hap]
          volumeMounts: [{name: h, mountPath: /etc/hap}]
        - name: envoy
          image: envoyproxy/envoy:v1.31.0
          args: [-c, /etc/e/front.yaml]
          volumeMounts: [{name: e, mountPath: /etc/e}]
        volumes:
        - {name: h, configMap: {name: hap}}
        - name: e
          projected: {sources: [{secret: {name: env}}, {downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}]}
    `);
    const t = tpl(g, 'Pod/p');
    expect(listeners(g, t)).toEqual(['hap haproxy *:9000 @7', 'envoy envoy 127.0.0.1:15001 @21']);
    const hap = proxyFacts(g, t.containers[0]!);
    expect(hap.sources.map((s) => s.path)).toEqual(['/etc/hap/10-front.cfg', '/etc/hap/20-back.cfg']);
    expect(hap.refs).toEqual([]);
    expect(hap.backends.map((b) => `${b.host}:${b.port}`)).toEqual(['be-svc:80']);
  });

  it('nginx templates rendered into conf.d by the official entrypoint replace the default server', () => {
    const g = load(y`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: t}
      data:
        default.conf.template: |
          server { listen 8081; location / { proxy_pass http://\${UPSTREAM}; } }
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: web
          image: nginx:1.27
          env: [{name: UPSTREAM, value: 'app:80'}]
          volumeMounts: [{name: t, mountPath: /etc/nginx/templates}]
        - name: custom
          image: nginx:1.27
          command: [nginx, -g, 'daemon off;']
          volumeMounts: [{name: t, mountPath: /etc/nginx/templates}]
        volumes: [{name: t, configMap: {name: t}}]
    `);
    expect(listeners(g, tpl(g, 'Pod/p'))).toEqual(['web nginx *:8081 @6', 'custom nginx *:80']);
    expect(podBackends(g, tpl(g, 'Pod/p'))).toEqual([]);
  });

  it('a renamed key is still parsed as the intended config (one root cause, one finding)', () => {
    const g = load(y`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: hap}
      data:
        haproxy.conf: |
          frontend f
            bind :8080
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        containers:
        - name: hap
          image: haproxy:2.4
          volumeMounts: [{name: h, mountPath: /usr/local/etc/haproxy}]
        volumes: [{name: h, configMap: {name: hap}}]
    `);
    const t = tpl(g, 'Pod/p');
    expect(listeners(g, t)).toEqual(['hap haproxy *:8080 @7']);
    expect(proxyFacts(g, t.containers[0]!).missing.map((m) => `${m.reason} ${m.path} near=${m.near?.path}`)).toEqual(['absent /usr/local/etc/haproxy/haproxy.cfg near=/usr/local/etc/haproxy/haproxy.conf']);
  });
});

describe('embedded configuration positions (property)', () => {
  const word = fc.constantFrom('frontend f', 'backend b', 'listen l', 'bind :8080', 'bind *:81', 'server s svc:80', 'server t other.ns:9', 'default_backend b', 'use_backend x', '# c', 'mode tcp', '"', "'", '\\', 'server u [::1]:1');
  const configs = fc
    .array(fc.tuple(fc.constantFrom('', '  ', '    ', '\t'), fc.oneof({ arbitrary: word, weight: 5 }, { arbitrary: fc.string({ maxLength: 12 }).filter((s) => !/[\n\r]/.test(s)), weight: 1 })), { minLength: 1, maxLength: 15 })
    .map((ls) => [['', 'backend b'] as [string, string], ...ls]);
  const style = fc.constantFrom('literal', 'double', 'plain-json');
  it('every listener and backend found in a ConfigMap lies inside the ConfigMap value, on its line', () => {
    let found = 0;
    fc.assert(
      fc.property(configs, style, (lines, st) => {
        const cfg = lines.map(([ind, w]) => ind + w).join('\n') + '\n';
        let value: string;
        if (st === 'literal') {
          if (cfg.split('\n').some((l) => /^[\t ]/.test(l) && l.trim() === '') || /^[\t ]/.test(cfg) || cfg.includes('\t')) return; // keep block indentation well-formed
          value = '|\n' + cfg.split('\n').map((l) => (l ? '    ' + l : '')).join('\n');
        } else value = JSON.stringify(cfg);
        const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hap}\ndata:\n  haproxy.cfg: ${value}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: h, image: haproxy, volumeMounts: [{name: c, mountPath: /usr/local/etc/haproxy}]}\n  volumes: [{name: c, configMap: {name: hap}}]\n`;
        const res = lintTexts([{ path: 'x.yaml', text }]);
        for (const n of res.notices) expect(n).not.toMatch(/internal error/);
        const g = res.graph;
        const t = g.templates[0];
        if (!t) return;
        const cm = g.resources.find((r) => r.kind === 'ConfigMap')!;
        const node = (cm.node.get('data', true) as any)?.get('haproxy.cfg', true);
        if (!node?.range) return;
        const [vs, ve] = node.range as [number, number];
        const facts = proxyFacts(g, t.containers[0]!);
        const refs = [...facts.listeners.map((l) => l.at!), ...facts.backends.map((b) => b.at), ...facts.refs.map((r) => r.at)];
        found += facts.backends.length;
        for (const r of refs) {
          expect(r.range[0]).toBeGreaterThanOrEqual(vs);
          expect(r.range[1]).toBeLessThanOrEqual(ve);
        }
        if (st === 'literal') {
          // in a block scalar each directive sits on its own config line
          for (const b of facts.backends) {
            const line = positionAt(b.at.file, b.at.range[0]).line;
            const src = text.split('\n')[line - 1]!;
            expect(src.trim().startsWith('server')).toBe(true);
            expect(text.slice(b.hostEdit![0], b.hostEdit![1])).toBe(b.host);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(found).toBeGreaterThan(50); // the property saw real backends
  });
});

describe('robustness (property)', () => {
  const piece = fc.constantFrom(
    'server {', '}', 'listen 8080;', 'proxy_pass http://svc:80;', 'upstream u {', 'server a:1;', 'include /etc/nginx/conf.d/*.conf;', 'http {', 'stream {',
    'static_resources:', '  listeners:', '  - address: {socket_address: {address: 0.0.0.0, port_value: 1}}', '  clusters:', '  - name: c', '    hosts: [{socket_address: {address: svc, port_value: 2}}]',
    'frontend f', 'bind :1', 'backend b', 'server s svc:3', 'use_backend x', '"', "'", '{', '[', '#', '\\',
  );
  const body = fc.array(fc.oneof(piece, fc.string({ maxLength: 10 })), { maxLength: 25 }).map((l) => l.join('\n'));
  const kind = fc.constantFrom(
    { image: 'nginx', key: 'default.conf', at: '/etc/nginx/conf.d' },
    { image: 'nginx', key: 'nginx.conf', at: '/etc/nginx' },
    { image: 'envoyproxy/envoy:v1', key: 'envoy.yaml', at: '/etc/envoy' },
    { image: 'haproxy', key: 'haproxy.cfg', at: '/usr/local/etc/haproxy' },
  );
  it('no rule throws on generated proxy configurations and commands', () => {
    fc.assert(
      fc.property(kind, body, fc.string({ maxLength: 60 }), (k, cfg, cmd) => {
        const text = [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: {name: c}',
          'data:',
          `  ${k.key}: ${JSON.stringify(cfg)}`,
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata: {name: p}',
          'spec:',
          '  containers:',
          `  - {name: proxy, image: ${JSON.stringify(k.image)}, volumeMounts: [{name: v, mountPath: ${k.at}}]}`,
          `  - {name: side, image: alpine/socat, command: [sh, -c, ${JSON.stringify('socat TCP-LISTEN:1,fork TCP:svc:2; ' + cmd)}]}`,
          '  volumes: [{name: v, configMap: {name: c}}]',
          '---',
          'apiVersion: v1',
          'kind: Service',
          'metadata: {name: svc}',
          'spec: {ports: [{port: 2}]}',
        ].join('\n');
        const res = lintTexts([{ path: 'r.yaml', text }], { only: ['ambassador-backend', 'proxy-config-missing'] });
        expect(res.notices.filter((n) => /internal error/.test(n))).toEqual([]);
        for (const f of res.results.flatMap((r) => r.findings)) expect(f.start >= 0 && f.end <= text.length).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
