import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { podlint, tempTree, SEED, ROOT } from '../helpers/cli.js';

const POD_OK = `apiVersion: v1
kind: Pod
metadata:
  name: ok
spec:
  containers:
  - name: app
    image: nginx
`;

describe('podlint CLI', () => {
  it('reports a renamed mount in the seed sidecar at the mount name', () => {
    const seed = readFileSync(join(SEED, 'sidecar-emptydir.yaml'), 'utf8');
    // change the volume name in the sidecar's mount only
    const lines = seed.split('\n');
    const i = lines.findIndex((l, n) => n > 14 && l.includes('- name: shared'));
    lines[i] = lines[i]!.replace('shared', 'shraed');
    const dir = tempTree({ 'sidecar-emptydir.yaml': lines.join('\n') });
    const r = podlint(['--format', 'json', dir]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const msgs = out[0].messages.filter((m: any) => m.ruleId === 'volume-mount-missing-volume');
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ line: i + 1, column: lines[i]!.indexOf('shraed') + 1, endColumn: lines[i]!.indexOf('shraed') + 7, severity: 2 });
    expect(msgs[0].message).toMatch(/Did you mean `shared`\?/);
  });

  it('runs on the seed examples (a fresh clone next to ../shared)', () => {
    const r = podlint([SEED]);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).not.toMatch(/fatal|internal error/);
  });

  it('--format json follows ESLint’s result format on stdout only', () => {
    const dir = tempTree({
      'a.yaml': POD_OK,
      'b.yaml': POD_OK.replace('ok', 'b') + '  volumes:\n  - name: unused\n    emptyDir: {}\n',
    });
    const r = podlint(['-f', 'json', dir]);
    expect(r.code).toBe(0); // a warning only
    const out = JSON.parse(r.stdout);
    expect(Array.isArray(out)).toBe(true);
    expect(out).toHaveLength(2);
    for (const res of out) {
      expect(Object.keys(res).sort()).toEqual(
        ['errorCount', 'fatalErrorCount', 'filePath', 'fixableErrorCount', 'fixableWarningCount', 'messages', 'warningCount'].sort(),
      );
      expect(res.filePath.startsWith('/')).toBe(true);
    }
    const b = out.find((x: any) => x.filePath.endsWith('b.yaml'));
    expect(b.warningCount).toBe(1);
    expect(b.messages[0]).toEqual({
      ruleId: 'unused-volume',
      severity: 1,
      message: expect.any(String),
      line: 10,
      column: 11,
      endLine: 10,
      endColumn: 17,
    });
  });

  it('reports a YAML error in one file and a rule error in another', () => {
    const dir = tempTree({
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: {}\n',
      'rule.yaml': POD_OK + '    volumeMounts:\n    - name: missing\n      mountPath: /x\n',
    });
    const r = podlint(['--format', 'json', dir]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const ids = out.flatMap((f: any) => f.messages.map((m: any) => `${f.filePath.split('/').pop()}:${m.ruleId}:${m.line}`));
    expect(ids).toEqual(['broken.yaml:yaml-syntax:5', 'rule.yaml:volume-mount-missing-volume:10']);
  });

  it('exit codes: 0 clean, 1 errors, 2 usage errors', () => {
    const dir = tempTree({ 'ok.yaml': POD_OK });
    expect(podlint([dir]).code).toBe(0);
    expect(podlint([dir]).stdout).toBe('');
    expect(podlint(['--no-such-flag', dir]).code).toBe(2);
    expect(podlint([]).code).toBe(2);
    expect(podlint([join(dir, 'missing.yaml')]).code).toBe(2);
    expect(podlint(['--format', 'nope', dir]).code).toBe(2);
    expect(podlint(['--rule', 'no-such-rule:off', dir]).code).toBe(2);
  });

  it('--max-warnings and --quiet', () => {
    const dir = tempTree({ 'w.yaml': POD_OK + '  volumes:\n  - name: unused\n    emptyDir: {}\n' });
    expect(podlint([dir]).code).toBe(0);
    const over = podlint(['--max-warnings', '0', dir]);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/too many warnings/);
    expect(podlint(['--max-warnings', '1', dir]).code).toBe(0);
    expect(podlint(['--quiet', dir]).stdout).toBe('');
    expect(podlint(['--rule', 'unused-volume:error', dir]).code).toBe(1);
    expect(podlint(['--rule', 'unused-volume:off', '-f', 'json', dir]).stdout).toContain('"messages":[]');
  });

  it('stylish output: grouped by file with a summary; no colour when not a TTY or with NO_COLOR', () => {
    const dir = tempTree({ 'w.yaml': POD_OK + '  volumes:\n  - name: unused\n    emptyDir: {}\n' });
    const r = podlint([dir], { cwd: dir });
    expect(r.stdout).toContain('w.yaml\n  10:11  warning  Volume `unused`');
    expect(r.stdout).toContain('✖ 1 problem (0 errors, 1 warning)');
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(podlint(['--color', dir]).stdout).toMatch(/\x1b\[/);
    expect(podlint(['--color', '--no-color', dir]).stdout).not.toMatch(/\x1b\[/);
  });

  it('reads standard input with -', () => {
    const r = podlint(['-f', 'json', '-'], { input: POD_OK + '    volumeMounts: [{name: nope, mountPath: /x}]\n' });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out[0].filePath).toBe('<stdin>');
    expect(out[0].messages[0].ruleId).toBe('volume-mount-missing-volume');
  });

  it('skips Helm templates and unparseable template files with a notice, non-Kubernetes YAML silently', () => {
    const dir = tempTree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/templates/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n',
      'raw-template.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n{{ include "labels" . | indent 2 }}\n',
      '.github/workflows/ci.yml': 'name: ci\non: [push]\njobs: {}\n',
      'alerts.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  rule: "{{ $labels.instance }} down"\n',
    });
    const r = podlint(['-f', 'json', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/chart\/templates\/deploy\.yaml: Helm chart template skipped/);
    expect(r.stderr).toMatch(/raw-template\.yaml: contains template syntax/);
    expect(r.stderr).not.toMatch(/ci\.yml/);
    const files = JSON.parse(r.stdout).map((f: any) => f.filePath.split('/').pop()).sort();
    expect(files).toContain('alerts.yaml');
  });

  it('--list-rules, --help and --version', () => {
    const l = podlint(['--list-rules']);
    expect(l.code).toBe(0);
    for (const id of ['yaml-syntax', 'volume-mount-missing-volume', 'unused-volume', 'duplicate-mount-path', 'container-port-conflict']) expect(l.stdout).toContain(id);
    expect(podlint(['--help']).stdout).toContain('Usage: podlint');
    const v = podlint(['--version']);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('severity settings', () => {
  const DEPRECATED = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n';
  it('a severity that differs from the default applies to every finding of the rule', () => {
    const dir = tempTree({ 'old.yaml': DEPRECATED });
    const base = JSON.parse(podlint(['-f', 'json', '--rule', 'ingress-backend:off', dir]).stdout)[0].messages;
    expect(base.find((m: any) => m.ruleId === 'deprecated-api-version')?.severity).toBe(2);
    const relaxed = podlint(['-f', 'json', '--rule', 'ingress-backend:off', '--rule', 'deprecated-api-version:warn', dir]);
    const msgs = JSON.parse(relaxed.stdout)[0].messages.filter((m: any) => m.ruleId === 'deprecated-api-version');
    expect(msgs.length).toBeGreaterThan(0);
    expect(msgs.every((m: any) => m.severity === 1)).toBe(true);
  });
});

describe('--max-file-size', () => {
  it('reports a file over the limit and lints the others; bad values are usage errors', () => {
    const dir = tempTree({ 'big.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  a: "${'x'.repeat(300_000)}"\n`, 'ok.yaml': POD_OK });
    const r = podlint(['-f', 'json', '--max-file-size', '0.1', dir]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const big = out.find((f: any) => f.filePath.endsWith('big.yaml'));
    expect(big.messages).toMatchObject([{ ruleId: null, fatal: true, severity: 2, message: expect.stringMatching(/over the 0\.1 MB limit/) }]);
    expect(podlint(['-f', 'json', dir]).code).toBe(0);
    expect(podlint(['--max-file-size', 'big', dir]).code).toBe(2);
  });
});
