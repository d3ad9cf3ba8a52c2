/**
 * Kustomize trees rendered by the real `kubectl kustomize` (or `kustomize`)
 * on this machine, through the CLI as a user runs it: findings on rendered
 * objects land on the base, patch or generator source line (issue 20).
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podlint, ROOT, tempTree } from '../helpers/cli.js';
import { findKustomizeRenderer } from '../../src/render/kustomize/run.js';

const FIX = join(ROOT, 'test', 'fixtures', 'kustomize');
const renderer = findKustomizeRenderer();
if (!renderer) console.log('test/render/kustomize.test.ts: skipped: neither kustomize nor kubectl is on PATH');
const d = renderer ? describe : describe.skip;

interface Msg {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: unknown;
}
interface Res {
  filePath: string;
  messages: Msg[];
}

function json(args: string[], cwd = FIX, env?: Record<string, string | undefined>): { code: number; results: Res[]; stderr: string } {
  const r = podlint(['--format', 'json', ...args], { cwd, env });
  let results: Res[] = [];
  try {
    results = JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, results, stderr: r.stderr };
}

const findings = (rs: Res[]) => rs.flatMap((r) => r.messages.map((m) => ({ file: r.filePath.slice(FIX.length + 1), ...m })));
const lineOf = (file: string, needle: string, from = 0) => readFileSync(join(FIX, file), 'utf8').split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;

d('kustomize trees, rendered', () => {
  it("the issue's case: a generated ConfigMap key at the base line, once for both overlays; the patch's sidecar at the patch line", () => {
    const r = json(['shop']);
    expect(r.code).toBe(1);
    const fs = findings(r.results);
    expect(fs.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort()).toEqual([
      `shop/base/deployment.yaml:${lineOf('shop/base/deployment.yaml', 'key: default.conf')}:18 dangling-configmap-key`,
      `shop/overlays/staging/log-shipper.yaml:${lineOf('shop/overlays/staging/log-shipper.yaml', 'name: logs')}:17 volume-mount-missing-volume`,
    ]);
    const key = fs.find((f) => f.ruleId === 'dangling-configmap-key')!;
    // one finding for both overlays, in the names the base uses
    expect(key.message).toContain('ConfigMap `web-config`');
    expect(key.message).toContain('[in shop/overlays/production, shop/overlays/staging]');
    expect(key.message).toContain('`nginx.conf`');
    expect(key.endColumn - key.column).toBe('default.conf'.length);
  });

  it('lints each file of a rendered tree once: sources listed, nothing reported twice, no false absence', () => {
    const r = json(['shop']);
    const paths = r.results.map((x) => x.filePath.slice(FIX.length + 1)).sort();
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(
      [
        'shop/base/deployment.yaml',
        'shop/base/kustomization.yaml',
        'shop/base/service.yaml',
        'shop/overlays/production/kustomization.yaml',
        'shop/overlays/staging/kustomization.yaml',
        'shop/overlays/staging/log-shipper.yaml',
      ].sort(),
    );
    expect(findings(r.results).filter((f) => /not found|not among/.test(f.message))).toEqual([]);
  });

  it('without rendering (--kustomize off) both bugs are missed: the reason for rendering', () => {
    const r = json(['--kustomize', 'off', 'shop']);
    expect(findings(r.results).filter((f) => f.severity === 2)).toEqual([]);
  });

  it('a generator file: a finding inside the generated haproxy.cfg lands on the line of haproxy.cfg itself', () => {
    const r = json(['ambassador']);
    const fs = findings(r.results);
    expect(fs.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['ambassador/haproxy.cfg:5:3 ambassador-backend']);
    expect(fs[0]!.message).toMatch(/port 8082/);
  });

  it('components: the sidecar a component patches in, at the component line; the base typo at the base line; both fixable', () => {
    const r = json(['components']);
    const fs = findings(r.results);
    expect(fs.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort()).toEqual([
      `components/base/deployment.yaml:${lineOf('components/base/deployment.yaml', 'name: confg')}:17 volume-mount-missing-volume`,
      `components/components/cache/cache-sidecar.yaml:${lineOf('components/components/cache/cache-sidecar.yaml', 'name: cache-data')}:17 volume-mount-missing-volume`,
    ]);
    expect(fs.every((f) => f.fix)).toBe(true);
  });

  it('JSON 6902 patches: a container an `add` operation appends, at its line in the patch file', () => {
    const r = json(['json6902']);
    const fs = findings(r.results);
    expect(fs.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      `json6902/overlay/add-metrics.yaml:${lineOf('json6902/overlay/add-metrics.yaml', 'name: metrics-cfg')}:13 volume-mount-missing-volume`,
    ]);
  });

  it('an inline patch in the kustomization: the line inside its block scalar', () => {
    const patch = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    spec:', '      containers:', '      - name: shipper', '        image: fluent-bit:3', '        volumeMounts:', '        - name: logz', '          mountPath: /logs'];
    const dir = tempTree({
      'base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      'base/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n',
      'overlay/kustomization.yaml': `resources:\n- ../base\npatches:\n- patch: |-\n${patch.map((l) => '    ' + l).join('\n')}\n`,
    });
    const r = json(['.'], dir);
    const fs = r.results.flatMap((x) => x.messages.map((m) => ({ file: x.filePath.slice(dir.length + 1), ...m })));
    // line 4 holds `- patch: |-`; the patch's 12th line is `- name: logz`, its value at column 4 + 11 + 1
    expect(fs.map((f) => `${f.file}:${f.line}:${f.column}:${f.endColumn} ${f.ruleId}`)).toEqual(['overlay/kustomization.yaml:16:21:25 volume-mount-missing-volume']);
  });

  it('--fix writes the sources (base and component), never a rendered object, and the re-rendered tree is clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-kfix-'));
    cpSync(join(FIX, 'components'), dir, { recursive: true });
    const r = podlint(['--fix', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'base/deployment.yaml'), 'utf8')).toContain('- name: config\n          mountPath: /etc/api');
    expect(readFileSync(join(dir, 'components/cache/cache-sidecar.yaml'), 'utf8')).toContain('- name: cache-dta\n          mountPath: /data');
    // the rest of each file is byte for byte what it was
    const before = readFileSync(join(FIX, 'components/base/deployment.yaml'), 'utf8');
    expect(readFileSync(join(dir, 'base/deployment.yaml'), 'utf8')).toBe(before.replace('name: confg', 'name: config'));
  });

  it('--fix on an overlay reports the base outside it but writes only files under the paths given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-kfix2-'));
    cpSync(join(FIX, 'components'), dir, { recursive: true });
    const before = readFileSync(join(dir, 'base/deployment.yaml'), 'utf8');
    const r = podlint(['--fix', '--format', 'json', 'app'], { cwd: dir });
    expect(r.code).toBe(1);
    // the component's patch is outside app/ too: neither is written, both are still reported
    expect(readFileSync(join(dir, 'base/deployment.yaml'), 'utf8')).toBe(before);
    const left = (JSON.parse(r.stdout) as Res[]).flatMap((x) => x.messages.map((m) => `${x.filePath.slice(dir.length + 1)} ${m.ruleId}`)).sort();
    expect(left).toEqual(['base/deployment.yaml volume-mount-missing-volume', 'components/cache/cache-sidecar.yaml volume-mount-missing-volume']);
  });

  it('namePrefix and namespace: messages name the rendered objects of a single tree, positions the source', () => {
    const dir = tempTree({
      'base/kustomization.yaml': 'resources:\n- pod.yaml\n',
      'base/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    volumeMounts:\n    - name: data\n      mountPath: /data\n',
      'dev/kustomization.yaml': 'namePrefix: dev-\nnamespace: dev\nresources:\n- ../base\n',
    });
    const r = json(['.'], dir);
    const fs = r.results.flatMap((x) => x.messages.map((m) => ({ file: x.filePath.slice(dir.length + 1), ...m })));
    expect(fs.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['base/pod.yaml:10:13 volume-mount-missing-volume']);
    expect(fs[0]!.message).toContain('Pod/dev-web');
  });

  it('an inline podlint-disable comment in the base silences the rendered finding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-ksup-'));
    cpSync(join(FIX, 'shop'), dir, { recursive: true });
    const f = join(dir, 'base/deployment.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('          - key: default.conf', '          # podlint-disable-next-line dangling-configmap-key -- generated by CI\n          - key: default.conf'));
    const r = json(['.'], dir);
    expect(r.results.flatMap((x) => x.messages.map((m) => m.ruleId))).toEqual(['volume-mount-missing-volume']);
  });

  it('a missing base: an error at the entry naming it, the other paths still linted', () => {
    const dir = tempTree({
      'app/kustomization.yaml': 'resources:\n- ../missing-base\n- svc.yaml\n',
      'app/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n',
      'plain/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    volumeMounts:\n    - name: nope\n      mountPath: /x\n',
    });
    const r = json(['app', 'plain'], dir);
    expect(r.code).toBe(1);
    const fs = r.results.flatMap((x) => x.messages.map((m) => ({ file: x.filePath.slice(dir.length + 1), ...m })));
    const fail = fs.find((f) => f.file === 'app/kustomization.yaml')!;
    expect(fail).toMatchObject({ ruleId: null, severity: 2, line: 2, column: 3 });
    expect(fail.message).toContain('`../missing-base` does not exist');
    expect(fs.some((f) => f.file === 'plain/pod.yaml' && f.ruleId === 'volume-mount-missing-volume')).toBe(true);
    // the tree's own files were linted one by one
    expect(r.results.some((x) => x.filePath.endsWith('app/svc.yaml'))).toBe(true);
  });

  it('a tree naming a missing entry is not rendered: the same error at the entry, kustomize not run; an entry outside the folder still is', () => {
    const stub = join(ROOT, 'test', 'fixtures', 'kustomize-stub');
    const log = join(mkdtempSync(join(tmpdir(), 'podlint-kstub-')), 'calls.jsonl');
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n';
    const dir = tempTree({
      'app/kustomization.yaml': 'resources:\n- ../missing-base\n- svc.yaml\n',
      'app/svc.yaml': svc,
      // outside its folder and missing: kustomize tells which comes first, so it runs
      'out/kustomization.yaml': 'resources:\n- ../shared.yaml\n- missing.yaml\n',
      'shared.yaml': svc.replace('name: s', 'name: shared'),
      'ok/kustomization.yaml': 'resources:\n- svc.yaml\n',
      'ok/svc.yaml': svc,
    });
    const r = json(['app', 'out', 'ok'], dir, { PATH: `${stub}:${process.env.PATH}`, STUB_LOG: log });
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(calls.map((c) => c.args[1]).length).toBe(2); // out and ok, not app
    const fs = r.results.flatMap((x) => x.messages.map((m) => ({ file: x.filePath.slice(dir.length + 1), ...m })));
    const app = fs.find((f) => f.file === 'app/kustomization.yaml')!;
    expect(app).toMatchObject({ ruleId: null, severity: 2, line: 2, column: 3 });
    expect(app.message).toContain('`../missing-base` does not exist');
    const out = fs.find((f) => f.file === 'out/kustomization.yaml')!;
    expect(out).toMatchObject({ ruleId: null, severity: 2, line: 2 });
    expect(out.message).toContain('is outside out');
  });

  it('a kustomization that is not YAML: its yaml-syntax error only, not a second render error', () => {
    const dir = tempTree({ 'kustomization.yaml': 'resources:\n- pod.yaml\n  bad: [\n', 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n' });
    const r = json(['.'], dir);
    const fs = r.results.flatMap((x) => x.messages.map((m) => `${x.filePath.slice(dir.length + 1)} ${m.ruleId}`));
    expect(fs.length).toBeGreaterThan(0);
    expect(fs.every((f) => f === 'kustomization.yaml yaml-syntax')).toBe(true);
  });

  it('given single files (pre-commit), only they are reported; given the folder, the whole tree is', () => {
    const one = json([join(FIX, 'shop/base/service.yaml')]);
    expect(one.results.map((x) => x.filePath)).toEqual([join(FIX, 'shop/base/service.yaml')]);
    expect(findings(one.results)).toEqual([]);
    const tree = json([join(FIX, 'shop/overlays/staging')]);
    // the overlay's render shows the base bug: reported on the base, outside the folder given
    expect(findings(tree.results).map((f) => `${f.file} ${f.ruleId}`).sort()).toEqual(['shop/base/deployment.yaml dangling-configmap-key', 'shop/overlays/staging/log-shipper.yaml volume-mount-missing-volume']);
  });

  it('a remote base is never fetched: a notice, and the files linted one by one', () => {
    const dir = tempTree({
      'kustomization.yaml': 'resources:\n- https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.4.0\n- pod.yaml\n',
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n',
    });
    const r = json(['.'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/not rendered: it names the remote resource https:\/\/github.com\/kubernetes-sigs\/kustomize/);
    expect(r.results.map((x) => x.filePath.slice(dir.length + 1)).sort()).toEqual(['kustomization.yaml', 'pod.yaml']);
  });

  it('no renderer on PATH: a notice and file-by-file linting; --kustomize required makes it fatal', () => {
    const env = { PATH: '/nonexistent' };
    const auto = json(['shop'], FIX, env);
    expect(auto.stderr).toMatch(/neither kustomize nor kubectl is on PATH/);
    expect(findings(auto.results).filter((f) => f.severity === 2)).toEqual([]);
    const req = podlint(['--kustomize', 'required', 'shop'], { cwd: FIX, env });
    expect(req.code).toBe(2);
    expect(req.stderr).toMatch(/cannot render: neither kustomize nor kubectl is on PATH/);
  });

  it('prefers kustomize on PATH; runs it with no plugin flags, proxies pointing nowhere, git prompts off; gives up at --render-timeout', () => {
    const stub = join(ROOT, 'test', 'fixtures', 'kustomize-stub');
    const log = join(mkdtempSync(join(tmpdir(), 'podlint-kstub-')), 'calls.jsonl');
    const env = { PATH: `${stub}:${process.env.PATH}`, STUB_LOG: log, HTTPS_PROXY: 'http://corp-proxy:3128' };
    const r = json(['shop'], FIX, env);
    expect(findings(r.results).map((f) => f.ruleId).sort()).toEqual(['dangling-configmap-key', 'volume-mount-missing-volume']);
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(calls).toHaveLength(2); // one per top kustomization: the two overlays, not the base
    for (const c of calls) {
      expect(c.args[0]).toBe('build');
      expect(c.args.join(' ')).not.toMatch(/enable-alpha-plugins|enable-helm|enable-exec|network/);
      expect(c.HTTPS_PROXY).toBe('http://127.0.0.1:9');
      expect(c.GIT_TERMINAL_PROMPT).toBe('0');
    }
    const slow = json(['--render-timeout', '1', 'shop'], FIX, { ...env, STUB_SLEEP: '5' });
    // each overlay timed out on its own: one error at each top kustomization
    const fails = findings(slow.results).filter((f) => f.ruleId === null);
    expect(fails.map((f) => f.file).sort()).toEqual(['shop/overlays/production/kustomization.yaml', 'shop/overlays/staging/kustomization.yaml']);
    for (const f of fails) expect(f.message).toMatch(/kustomize cannot build shop\/overlays\/\w+: kustomize did not finish within 1 s; its files were linted one by one/);
  });

  it('the configuration file sets it (kustomize: off), the command line wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-kcfg-'));
    cpSync(join(FIX, 'shop'), dir, { recursive: true });
    writeFileSync(join(dir, 'podlint.config.yaml'), 'kustomize: off\n');
    const off = json(['.'], dir);
    expect(off.results.flatMap((x) => x.messages).filter((m) => m.severity === 2)).toEqual([]);
    const on = json(['--kustomize', 'auto', '.'], dir);
    expect(on.results.flatMap((x) => x.messages.map((m) => m.ruleId)).sort()).toEqual(['dangling-configmap-key', 'volume-mount-missing-volume']);
    writeFileSync(join(dir, 'podlint.config.yaml'), 'kustomize: sometimes\n');
    const bad = podlint(['.'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/kustomize/);
  });

  it('--kustomize takes off, auto or required', () => {
    const r = podlint(['--kustomize', 'sometimes', 'shop'], { cwd: FIX });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--kustomize expects off, auto or required/);
  });
});
