/**
 * The language server re-lints one file focused (its objects iterated, the
 * whole workspace graph for lookups: src/graph/focus.ts, src/lsp/graph.ts).
 * That must give exactly the findings the CLI gives when it lints the whole
 * folder: checked for every file of the real-world corpus, each corpus folder
 * a workspace, and after a series of edits below.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Workspace } from '../../src/lsp/workspace.js';
import { lintPaths } from '../../src/engine/lint.js';
import { ROOT, SEED } from '../helpers/cli.js';

const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const key = (f: { ruleId: string | null; line: number; column: number; message: string }) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`;

const folders = existsSync(CORPUS)
  ? readdirSync(CORPUS, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => (d.name === 'apps' ? readdirSync(join(CORPUS, 'apps')).map((a) => join('apps', a)) : [d.name]))
  : [];

describe.skipIf(folders.length === 0)('workspace re-lint equals the CLI on the whole folder (../shared/corpus)', () => {
  for (const folder of folders) {
    it(folder, () => {
      const root = resolve(CORPUS, folder);
      const ws = new Workspace(root);
      ws.index();
      const full = lintPaths([root], ws.lintOptions() as any);
      let compared = 0;
      for (const r of full.results) {
        const path = resolve(r.file.path);
        if (!ws.has(path)) continue;
        const one = ws.lint(path)!;
        expect(one.findings.map(key), path).toEqual(r.findings.map(key));
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    }, 300_000);
  }
});

/**
 * The server keeps the workspace graph between edits (src/lsp/graph.ts) and
 * re-lints focused (src/graph/focus.ts): after every edit — of open buffers
 * and on disk, of files other files read by name (a ConfigMap a pod mounts, a
 * proxy config, a Service), of labels, of partial marks (a kustomization
 * appears or goes) — each file's findings must still be exactly the CLI's on
 * the folder as it then is on disk.
 */
describe('incremental, focused re-lint after edits equals the CLI', () => {
  const APP = join(CORPUS, 'apps', 'microservices-demo');
  it.skipIf(!existsSync(APP))('seed examples, a cross-file app and microservices-demo, through a series of edits', () => {
    const root = mkdtempSync(join(tmpdir(), 'podlint-ws-inc-'));
    try {
      cpSync(APP, join(root, 'demo'), { recursive: true });
      for (const f of readdirSync(SEED)) if (f.endsWith('.yaml')) put(root, join('seed', f), readFileSync(join(SEED, f), 'utf8'));
      for (const [rel, text] of Object.entries(CROSS)) put(root, rel, text);
      const ws = new Workspace(root);
      ws.index();
      const check = (label: string) => {
        const full = lintPaths([root], ws.lintOptions() as any);
        let compared = 0;
        for (const r of full.results) {
          const path = resolve(r.file.path);
          if (!ws.has(path)) continue;
          expect(ws.lint(path)!.findings.map(key), `${label}: ${path}`).toEqual(r.findings.map(key));
          compared++;
        }
        expect(compared, label).toBeGreaterThan(60);
        return full;
      };
      const before = check('as indexed');
      // a finding on a file from an object of another (the HPA's on the Deployment's containers)
      expect(before.results.find((r) => r.file.path.endsWith(join('app', 'web.yaml')))?.findings.map((f) => f.ruleId)).toContain('hpa-missing-request');
      const abs = (rel: string) => resolve(root, rel);
      const open = (rel: string, text: string) => (put(root, rel, text), ws.setOpen(abs(rel), text));
      const disk = (rel: string, text: string | null) => {
        if (text === null) rmSync(abs(rel));
        else put(root, rel, text);
        ws.diskChanged(abs(rel), text === null);
      };
      const edit = (rel: string, from: string | RegExp, to: string) => {
        const old = readFileSync(abs(rel), 'utf8');
        const next = old.replace(from, to);
        expect(next, `${rel}: ${from}`).not.toBe(old);
        return next;
      };

      // the pod's file is open; its ConfigMap and the Service change on disk
      open('app/web.yaml', readFileSync(abs('app/web.yaml'), 'utf8'));
      open('seed/sidecar-emptydir.yaml', edit('seed/sidecar-emptydir.yaml', '    emptyDir: {}', '      emptyDir: {}'));
      check('sidecar fixed in its buffer');
      disk('app/config.yaml', edit('app/config.yaml', 'LOG_LEVEL: info', 'LOGLEVEL: info'));
      check('a key the Deployment reads renamed');
      disk('app/proxy.yaml', edit('app/proxy.yaml', 'server api api-svc:8080', 'server api api-svc:9090'));
      check('the proxy config points at a port the Service lacks');
      disk('app/service.yaml', edit('app/service.yaml', 'port: 8080', 'port: 9090'));
      check('the Service now has that port');
      open('app/web.yaml', edit('app/web.yaml', /app: web$/m, 'app: webb'));
      check('the pods lose the label the Service selects');
      open('app/web.yaml', edit('app/web.yaml', 'mountPath: /usr/local/etc/haproxy', 'mountPath: /usr/local/etc/haproxy2'));
      check('the proxy config mounted elsewhere');
      disk('app/hpa.yaml', edit('app/hpa.yaml', 'name: cpu', 'name: memory'));
      check('the HPA scales on memory instead');
      open('app/web.yaml', edit('app/web.yaml', '        image: nginx:1.27\n', '        image: nginx:1.27\n        resources:\n          requests:\n            memory: 64Mi\n'));
      check('the web container requests memory');
      disk('app/more-config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  LOG_LEVEL: debug\n');
      check('a second ConfigMap of the same name appears');
      disk('app/kustomization.yaml', 'resources:\n- web.yaml\n- config.yaml\n- service.yaml\n- proxy.yaml\n- web_patch.yaml\n');
      disk('app/web_patch.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n');
      check('a kustomization and a patch appear');
      disk('app/kustomization.yaml', null);
      check('the kustomization goes');
      disk('demo/kustomize/components/without-loadgenerator/kustomization.yaml', null);
      check('a component kustomization goes');
      open('demo/kubernetes-manifests/cartservice.yaml', edit('demo/kubernetes-manifests/cartservice.yaml', 'port: 7070\n    targetPort: 7070', 'port: 7070\n    targetPort: 7071'));
      check('a Service targets a port its pods lack');
      disk('app/service.yaml', null);
      check('the Service is deleted');
      ws.close(abs('app/web.yaml'));
      check('the open buffer closed: the file on disk counts');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});

function put(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** A small app whose files read each other: env from a ConfigMap key, a proxy config mounted from a ConfigMap, a Service of its pods, an HPA scaling it on CPU (its containers request none: findings on web.yaml from hpa.yaml). */
const CROSS: Record<string, string> = {
  'app/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 8080
          name: http
        env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: web-config
              key: LOG_LEVEL
      - name: proxy
        image: haproxy:2.9
        volumeMounts:
        - name: haproxy
          mountPath: /usr/local/etc/haproxy
        - name: settings
          mountPath: /etc/web
      volumes:
      - name: haproxy
        configMap:
          name: web-haproxy
      - name: settings
        configMap:
          name: web-config
          items:
          - key: LOG_LEVEL
            path: level
`,
  'app/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  LOG_LEVEL: info
`,
  'app/proxy.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-haproxy
data:
  haproxy.cfg: |
    frontend http
      bind *:8443
      default_backend api
    backend api
      server api api-svc:8080
`,
  'app/hpa.yaml': `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 70
`,
  'app/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: api-svc
spec:
  selector:
    app: web
  ports:
  - port: 8080
    targetPort: http
`,
};

describe('dependents()', () => {
  it('an open file that read what a changed file was before the change is re-linted', () => {
    const root = mkdtempSync(join(tmpdir(), 'podlint-ws-dep-'));
    try {
      for (const [rel, text] of Object.entries(CROSS)) put(root, rel, text);
      const ws = new Workspace(root);
      ws.index();
      const web = resolve(root, 'app/web.yaml');
      const config = resolve(root, 'app/config.yaml');
      // the Deployment is linted while it is the only open file (nothing recorded of what it read)
      ws.setOpen(web, CROSS['app/web.yaml']!);
      expect(ws.lint(web)!.findings.map((f) => f.ruleId)).not.toContain('dangling-configmap-ref');
      ws.setOpen(config, CROSS['app/config.yaml']!);
      ws.lint(config);
      // the ConfigMap is renamed: the Deployment no longer reads the file, but its findings change
      // (not a near miss of the old name either: only what the file was before tells)
      const renamed = CROSS['app/config.yaml']!.replace('name: web-config', 'name: other-config');
      ws.setOpen(config, renamed);
      expect([...ws.dependents(config)]).toEqual([web]);
      put(root, 'app/config.yaml', renamed);
      const cli = lintPaths([root], ws.lintOptions() as any).results.find((r) => resolve(r.file.path) === web)!;
      expect(ws.lint(web)!.findings.map(key)).toEqual(cli.findings.map(key));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
