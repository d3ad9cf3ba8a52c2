/**
 * Helm charts rendered with `helm template` (issue 20). helm cannot be
 * installed on these machines, so the tests put a stand-in on PATH
 * (test/fixtures/helm/bin/helm: a small node script that renders the
 * fixtures' few template actions and writes helm's output format, `---` and
 * `# Source: <chart>/templates/<file>` per document). What is tested is
 * podlint's side: finding the chart, the command line it runs (values,
 * --set, release, namespace), placing findings on template lines through the
 * `# Source:` comments, failures, and committed output beside its chart.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { podlint, ROOT } from '../helpers/cli.js';

const FIX = join(ROOT, 'test', 'fixtures', 'helm');
const withHelm = { PATH: `${join(FIX, 'bin')}${delimiter}${process.env.PATH}` };

function run(args: string[], cwd = FIX, env: Record<string, string> = withHelm) {
  const r = podlint(['--format', 'json', ...args], { cwd, env });
  const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string; severity: number }[] }[];
  const fs = results.flatMap((x) => x.messages.map((m) => ({ file: x.filePath.slice(cwd.length + 1), ...m })));
  return { code: r.code, stderr: r.stderr, fs, results };
}

describe('helm charts, rendered', () => {
  it('places findings on the template lines through the # Source: comments', () => {
    const r = run(['web']);
    expect(r.fs.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort()).toEqual([
      'web/templates/deployment.yaml:20:17 volume-mount-missing-volume',
      'web/templates/service.yaml:10:17 service-target-port',
    ]);
    expect(r.stderr).not.toMatch(/Helm chart template skipped/);
  });

  it('--helm-set, --helm-values and --helm-release reach helm template', () => {
    const values = join(mkdtempSync(join(tmpdir(), 'podlint-hv-')), 'prod.yaml');
    writeFileSync(values, 'port: 9090\n');
    const r = run(['--helm-values', values, '--helm-release', 'shop', 'web']);
    // the Service's targetPort now matches: only the mount is left, in the release's names
    expect(r.fs.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['web/templates/deployment.yaml:20 volume-mount-missing-volume']);
    expect(r.fs[0]!.message).toContain('Deployment/shop');
    const s = run(['--helm-set', 'port=9090', 'web']);
    expect(s.fs.map((f) => f.ruleId)).toEqual(['volume-mount-missing-volume']);
  });

  it('helm settings from the configuration file (values relative to it; --helm-set adds)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-hcfg-'));
    cpSync(join(FIX, 'web'), join(dir, 'web'), { recursive: true });
    writeFileSync(join(dir, 'prod.yaml'), 'port: 9090\n');
    writeFileSync(join(dir, 'podlint.config.yaml'), 'helm:\n  values: [prod.yaml]\n  release: shop\n');
    const r = run(['web'], dir);
    expect(r.fs.map((f) => f.ruleId)).toEqual(['volume-mount-missing-volume']);
    expect(r.fs[0]!.message).toContain('Deployment/shop');
    writeFileSync(join(dir, 'podlint.config.yaml'), 'helm:\n  mode: off\n');
    expect(run(['web'], dir).stderr).toMatch(/Helm chart template skipped/);
  });

  it('without helm: the templates are skipped with today’s notice; --helm required is fatal', () => {
    const r = run(['web'], FIX, { PATH: '/nonexistent' });
    expect(r.fs).toEqual([]);
    expect(r.stderr).toMatch(/web\/templates\/deployment\.yaml: Helm chart template skipped/);
    const req = podlint(['--helm', 'required', 'web'], { cwd: FIX, env: { PATH: '/nonexistent' } });
    expect(req.code).toBe(2);
    expect(req.stderr).toMatch(/helm is not on PATH/);
  });

  it('a chart helm cannot render (a dependency not in charts/): an error at Chart.yaml with helm’s message, other paths still linted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-hdep-'));
    cpSync(join(FIX, 'web'), join(dir, 'web'), { recursive: true });
    writeFileSync(join(dir, 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n- name: redis\n  version: 19.x\n  repository: https://charts.bitnami.com/bitnami\n');
    mkdirSync(join(dir, 'plain'));
    writeFileSync(join(dir, 'plain', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    volumeMounts:\n    - name: x\n      mountPath: /x\n');
    const r = run(['web', 'plain'], dir);
    expect(r.code).toBe(1);
    const fail = r.fs.find((f) => f.file === 'web/Chart.yaml')!;
    expect(fail.ruleId).toBeNull();
    expect(fail.message).toMatch(/helm template cannot render web: .*missing in charts\/ directory: redis/);
    expect(r.fs.some((f) => f.file === 'plain/pod.yaml')).toBe(true);
  });

  it('rendered output committed beside its chart: its findings land on the template too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podlint-hcommit-'));
    cpSync(join(FIX, 'web'), join(dir, 'chart'), { recursive: true });
    const out = readFileSync(join(FIX, 'web', 'templates', 'deployment.yaml'), 'utf8').replace(/\{\{ \.Release\.Name \}\}/g, 'web').replace('{{ .Values.image }}', 'nginx:1.27').replace('{{ .Values.port }}', '8080');
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'deploy', 'web.yaml'), `---\n# Source: web/templates/deployment.yaml\n${out}`);
    const r = run(['deploy'], dir, { PATH: '/nonexistent' });
    expect(r.fs.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['chart/templates/deployment.yaml:20:17 volume-mount-missing-volume']);
  });
});
