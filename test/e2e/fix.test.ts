/**
 * `--fix` and `--fix-dry-run` end to end, on the seed's sidecar manifest and on
 * "did you mean" renames: the fixed file lints clean of the fixed rule, and
 * every comment and all layout outside the fix stay byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { podlint, tempTree, SEED, ROOT } from '../helpers/cli.js';

const SIDECAR = readFileSync(join(SEED, 'sidecar-emptydir.yaml'), 'utf8');
const HAS_MISINDENTED = existsSync(join(ROOT, 'rules', 'misindented-field.ts'));

const jsonIds = (stdout: string) => (JSON.parse(stdout) as any[]).flatMap((f) => f.messages.map((m: any) => m.ruleId));
const comments = (text: string) => text.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')));

describe('--fix', () => {
  // The seed's sidecar pod has `emptyDir: {}` at the indentation of `- name: shared`,
  // so it is a field of the pod spec instead of the volume (issue 3's misindented-field).
  it.skipIf(!HAS_MISINDENTED)('fixes the seed sidecar: the file then lints clean of misindented-field (needs misindented-field, issue 3)', () => {
    const dir = tempTree({ 'sidecar-emptydir.yaml': SIDECAR });
    const before = podlint(['-f', 'json', '.'], { cwd: dir });
    expect(jsonIds(before.stdout)).toContain('misindented-field');
    const r = podlint(['--fix', '.'], { cwd: dir });
    expect(r.stderr).toBe('');
    const fixed = readFileSync(join(dir, 'sidecar-emptydir.yaml'), 'utf8');
    // only the misindented line moved, by two spaces, under its volume
    expect(fixed).toBe(SIDECAR.replace('    - name: shared\n    emptyDir: {}', '    - name: shared\n      emptyDir: {}'));
    const after = podlint(['-f', 'json', '.'], { cwd: dir });
    expect(jsonIds(after.stdout)).not.toContain('misindented-field');
    expect(jsonIds(after.stdout)).not.toContain('yaml-syntax');
  });

  it.skipIf(!HAS_MISINDENTED)('keeps every comment of a commented sidecar manifest (needs misindented-field, issue 3)', () => {
    const commented = [
      '# Sidecar example from the multi-container patterns doc',
      ...SIDECAR.trimEnd()
        .split('\n')
        .map((l) => (l.includes('image: busybox:stable') ? `${l}   # pinned tag` : l.includes('emptyDir') ? `${l}  # scratch space, wiped with the pod` : l)),
      '# end of file',
      '',
    ]
      .join('\n')
      .replace('    volumes:\n', '    volumes:   # shared between writer and sidecar\n    # the volume both containers mount\n');
    const dir = tempTree({ 'pod.yaml': commented });
    const r = podlint(['--fix', '-f', 'json', '.'], { cwd: dir });
    const fixed = readFileSync(join(dir, 'pod.yaml'), 'utf8');
    expect(comments(fixed)).toEqual(comments(commented));
    expect(fixed).toBe(commented.replace('\n    emptyDir: {}  # scratch', '\n      emptyDir: {}  # scratch'));
    expect(jsonIds(r.stdout)).not.toContain('misindented-field');
    expect(jsonIds(podlint(['-f', 'json', '.'], { cwd: dir }).stdout)).not.toContain('misindented-field');
  });

  it('renames a mistyped volume mount (exactly one near name); comments and quoting elsewhere stay', () => {
    const text = [
      '# web pod',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      "  name: 'web'            # single-quoted on purpose",
      '  labels: {app: web, tier: "frontend"}',
      'spec:',
      '  containers:',
      '  - name: web',
      '    image: "nginx:1.27"',
      '    volumeMounts:',
      '    - name: "cahe"         # typo',
      '      mountPath: /cache',
      '  volumes:',
      '  - name: cache',
      '    emptyDir: {}',
      '',
    ].join('\n');
    const dir = tempTree({ 'web.yaml': text });
    const r = podlint(['--fix', 'web.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'web.yaml'), 'utf8')).toBe(text.replace('"cahe"', '"cache"'));
  });

  it('renames mistyped ConfigMap and Service references (exactly one near name)', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers:',
      '      - name: web',
      '        image: nginx',
      '        ports: [{containerPort: 80}]',
      '        envFrom:',
      '        - configMapRef: {name: web-confg}   # typo',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: web-config}',
      'data: {a: "1"}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      'spec:',
      '  selector: {app: web}',
      '  ports: [{port: 80}]',
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata: {name: web}',
      'spec:',
      '  rules:',
      '  - http:',
      '      paths:',
      '      - path: /',
      '        pathType: Prefix',
      '        backend:',
      "          service: {name: 'webb', port: {number: 80}}   # typo",
      '',
    ].join('\n');
    const dir = tempTree({ 'app.yaml': text });
    const r = podlint(['--fix', '-f', 'json', '.'], { cwd: dir });
    expect(JSON.parse(r.stdout)[0].messages).toEqual([]);
    expect(readFileSync(join(dir, 'app.yaml'), 'utf8')).toBe(text.replace('{name: web-confg}', '{name: web-config}').replace("{name: 'webb',", "{name: 'web',"));
  });

  it('exit code reflects what is left after fixing', () => {
    const dir = tempTree({
      'a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: x\n    volumeMounts:\n    - {name: dat, mountPath: /d}\n    - {name: nothing-like-it, mountPath: /n}\n  volumes:\n  - {name: data, emptyDir: {}}\n',
    });
    const r = podlint(['--fix', '-f', 'json', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out[0].messages.map((m: any) => m.message)).toEqual([expect.stringMatching(/mounts volume `nothing-like-it`/)]);
    expect(out[0].output).toContain('{name: data, mountPath: /d}');
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toContain('{name: data, mountPath: /d}');
  });

  it('removes stale suppressions over several passes (disable, then the now-unmatched enable)', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: x\n';
    const text = pod.replace('  containers:\n', '  # podlint-disable unused-volume\n  containers:\n') + '# podlint-enable unused-volume\n';
    const dir = tempTree({ 'a.yaml': text });
    const r = podlint(['--fix', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(pod);
  });
});

describe('--fix-dry-run', () => {
  const TYPO = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: x\n    volumeMounts:\n    - name: dat   # typo\n      mountPath: /d\n  volumes:\n  - name: data\n    emptyDir: {}\n';

  it('json: `output` holds the fixed text; nothing is written; messages are what would remain', () => {
    const dir = tempTree({ 'a.yaml': TYPO });
    const r = podlint(['--fix-dry-run', '-f', 'json', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out[0].output).toBe(TYPO.replace('name: dat ', 'name: data '));
    expect(out[0].messages).toEqual([]);
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(TYPO);
    // files without fixes carry no `output`, as in ESLint
    const clean = tempTree({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' });
    expect(JSON.parse(podlint(['--fix-dry-run', '-f', 'json', '.'], { cwd: clean }).stdout)[0]).not.toHaveProperty('output');
  });

  it('stylish: a unified diff of what would change, then the remaining problems', () => {
    const dir = tempTree({ 'a.yaml': TYPO });
    const r = podlint(['--fix-dry-run', '.'], { cwd: dir });
    expect(r.stdout).toBe(
      '--- a/a.yaml\n+++ b/a.yaml\n@@ -7,7 +7,7 @@\n   - name: a\n     image: x\n     volumeMounts:\n-    - name: dat   # typo\n+    - name: data   # typo\n       mountPath: /d\n   volumes:\n   - name: data\n\n',
    );
    expect(readFileSync(join(dir, 'a.yaml'), 'utf8')).toBe(TYPO);
  });

  it('--fix with standard input prints the fixed text on stdout and the report on stderr', () => {
    const left = TYPO.replace('      mountPath: /d\n', '      mountPath: /d\n    - name: zzz\n      mountPath: /z\n');
    const r = podlint(['--fix', '-'], { input: left });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(left.replace('name: dat ', 'name: data '));
    expect(r.stderr).toMatch(/<stdin>\n +12:13 +error +Container `a` mounts volume `zzz`/);
    const clean = podlint(['--fix', '-'], { input: TYPO });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe(TYPO.replace('name: dat ', 'name: data '));
    expect(clean.stderr).toBe('');
  });

  it('--fix and --fix-dry-run together are a usage error', () => {
    expect(podlint(['--fix', '--fix-dry-run', '.']).code).toBe(2);
  });
});
