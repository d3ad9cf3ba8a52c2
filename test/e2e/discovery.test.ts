/**
 * Rule discovery (--list-rules, explain) and the pre-commit use case:
 * `--with-siblings` / `--context` read other manifests for cross-resource
 * checks but report only on the files given.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { podlint, tempTree, ROOT } from '../helpers/cli.js';

describe('rule discovery', () => {
  it('podlint explain <rule> prints the rule page for a terminal', () => {
    const r = podlint(['explain', 'volume-mount-missing-volume']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('volume-mount-missing-volume');
    expect(r.stdout).toContain('(default: error, fixable with --fix, category: pod)');
    expect(r.stdout).toMatch(/\nIncorrect\n/);
    expect(r.stdout).toMatch(/\nCorrect\n/);
    expect(r.stdout).toMatch(/\nHow to fix\n/);
    expect(r.stdout).toContain('    apiVersion: v1'); // code blocks indented
    expect(r.stdout).not.toContain('```');
    expect(r.stdout).not.toMatch(/\x1b\[/); // not a TTY: no colours
    expect(r.stdout.trimEnd().endsWith('Online: https://github.com/podlint/podlint/blob/main/docs/rules/volume-mount-missing-volume.md')).toBe(true);
    expect(podlint(['explain', 'volume-mount-missing-volume', '--color']).stdout).toMatch(/\x1b\[1m/);
  });

  it('podlint explain with an unknown rule exits 2 with a suggestion', () => {
    const r = podlint(['explain', 'unused-volumes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('podlint: unknown rule "unused-volumes" (did you mean "unused-volume"?); see podlint --list-rules\n');
    expect(podlint(['explain']).code).toBe(2);
  });

  it('every rule listed by --list-rules can be explained (its page ships in docs/)', () => {
    const ids = podlint(['--list-rules']).stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]!);
    expect(ids).toContain('unused-suppression');
    for (const id of ids) {
      const r = podlint(['explain', id]);
      expect(r.code, id).toBe(0);
      expect(r.stdout.startsWith(`${id}\n`), id).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('docs');
    expect(pkg.files).toContain('schemas');
  });

  it('--help documents every option parseArgs accepts', () => {
    const help = podlint(['--help']).stdout;
    const src = readFileSync(join(ROOT, 'src/cli/args.ts'), 'utf8');
    const block = src.slice(src.indexOf('options: {'), src.indexOf('},\n    });'));
    const names = [...block.matchAll(/^\s+'?([a-z-]+)'?: \{ type/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(15);
    for (const n of names) expect(help, n).toContain(n === 'color' || n === 'no-color' ? '--color / --no-color' : `--${n}`);
  });
});

describe('pre-commit: lint the staged files, see their neighbours', () => {
  const tree = () =>
    tempTree({
      'k8s/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        volumeMounts:\n        - {name: conf, mountPath: /etc/nginx/conf.d}\n      volumes:\n      - name: conf\n        configMap: {name: web-config}\n',
      'k8s/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  default.conf: ""\n',
      // a sibling with its own problem: read for context, never reported
      'k8s/other.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: other\nspec:\n  containers:\n  - name: o\n    image: x\n    volumeMounts:\n    - {name: nope, mountPath: /n}\n',
      'k8s/nested/ignored-by-siblings.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nested\n',
    });

  it('without context a staged Deployment cannot see its ConfigMap; --with-siblings reads the folder', () => {
    const dir = tree();
    const alone = podlint(['-f', 'json', 'k8s/deploy.yaml'], { cwd: dir });
    const aloneIds = JSON.parse(alone.stdout).flatMap((f: any) => f.messages.map((m: any) => m.ruleId));
    const r = podlint(['-f', 'json', '--with-siblings', 'k8s/deploy.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.map((f: any) => f.filePath.slice(dir.length + 1))).toEqual(['k8s/deploy.yaml']);
    expect(out[0].messages).toEqual([]);
    // linted alone, the staged file's ConfigMap is outside the set: counted in the summary notice
    // (absent-object policy, issue 13), which its sibling answers
    expect(aloneIds).toEqual([]);
    expect(alone.stderr).toContain('dangling-configmap-ref: 1 reference names a ConfigMap outside the linted set');
    expect(r.stderr).not.toContain('outside the linted set');
  });

  it('--context <path> does the same for any file or folder; findings in context files are not reported', () => {
    const dir = tree();
    const r = podlint(['-f', 'json', '--context', 'k8s', 'k8s/deploy.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((f: any) => f.filePath.slice(dir.length + 1))).toEqual(['k8s/deploy.yaml']);
    // the context file's own error shows when it is staged itself
    const staged = podlint(['-f', 'json', '--with-siblings', 'k8s/other.yaml'], { cwd: dir });
    expect(staged.code).toBe(1);
    expect(JSON.parse(staged.stdout).map((f: any) => f.filePath.slice(dir.length + 1))).toEqual(['k8s/other.yaml']);
  });

  it('.pre-commit-hooks.yaml declares the podlint hooks (node and system, YAML files, staged file names, siblings from the index for context)', () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    expect(hooks).toEqual([
      expect.objectContaining({ id: 'podlint', language: 'node', entry: 'podlint --with-siblings --staged', types: ['yaml'], pass_filenames: true }),
      expect.objectContaining({ id: 'podlint-system', language: 'system', entry: 'podlint --with-siblings --staged', types: ['yaml'], pass_filenames: true }),
    ]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin.podlint).toBe('bin/podlint.js');
  });
});
