/**
 * Configuration files end to end: discovery (walking up), the three file
 * names, --config, rule severities and options, overrides, ignore globs and
 * .podlintignore, --print-config, precedence of the command line, and broken
 * configurations (exit 2 with the file, the JSON path and the reason).
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { podlint, tempTree } from '../helpers/cli.js';

/** A pod with a missing-volume mount (error, line 10) and an unused volume (warning, line 13). */
const POD = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: busybox
    volumeMounts:
    - name: missing
      mountPath: /m
  volumes:
  - name: spare
    emptyDir: {}
`;

function ids(stdout: string): string[] {
  return (JSON.parse(stdout) as any[]).flatMap((f) => f.messages.map((m: any) => `${f.filePath.split('/').slice(-2).join('/')}:${m.ruleId}:${m.severity}`)).sort();
}

describe('configuration file', () => {
  it('podlint.config.yaml in a parent folder is found and its rules apply; the command line wins', () => {
    const dir = tempTree({
      'podlint.config.yaml': '# team defaults\nrules:\n  unused-volume: off\n  volume-mount-missing-volume: warn\n',
      'deploy/a.yaml': POD('a'),
    });
    const sub = join(dir, 'deploy');
    const r = podlint(['-f', 'json', '.'], { cwd: sub });
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual(['deploy/a.yaml:volume-mount-missing-volume:1']);
    // --rule overrides the file
    const c = podlint(['-f', 'json', '--rule', 'volume-mount-missing-volume:error', '--rule', 'unused-volume:warn', '.'], { cwd: sub });
    expect(c.code).toBe(1);
    expect(ids(c.stdout)).toEqual(['deploy/a.yaml:unused-volume:1', 'deploy/a.yaml:volume-mount-missing-volume:2']);
    // --no-config ignores it
    expect(ids(podlint(['-f', 'json', '--no-config', '.'], { cwd: sub }).stdout)).toEqual(['deploy/a.yaml:unused-volume:1', 'deploy/a.yaml:volume-mount-missing-volume:2']);
  });

  it('.podlintrc.yaml and .podlintrc.json are read too; --config names a file anywhere', () => {
    const y = tempTree({ '.podlintrc.yaml': 'rules: { unused-volume: off }\n', 'a.yaml': POD('a') });
    expect(ids(podlint(['-f', 'json', '.'], { cwd: y }).stdout)).toEqual(['/a.yaml:volume-mount-missing-volume:2'.replace('/', y.split('/').pop() + '/')]);
    const j = tempTree({ '.podlintrc.json': '{"rules": {"volume-mount-missing-volume": 0, "unused-volume": 2}}', 'a.yaml': POD('a') });
    const rj = podlint(['-f', 'json', 'a.yaml'], { cwd: j });
    expect(rj.code).toBe(1);
    expect(ids(rj.stdout)).toEqual([`${j.split('/').pop()}/a.yaml:unused-volume:2`]);
    const elsewhere = tempTree({ 'strict.yaml': 'rules:\n  unused-volume: [error, {}]\n' });
    const rc = podlint(['-f', 'json', '--config', join(elsewhere, 'strict.yaml'), 'a.yaml'], { cwd: j });
    expect(ids(rc.stdout)).toEqual([`${j.split('/').pop()}/a.yaml:unused-volume:2`, `${j.split('/').pop()}/a.yaml:volume-mount-missing-volume:2`]);
  });

  it('overrides set severities for matching files only (later entries win, --rule wins over all)', () => {
    const dir = tempTree({
      'podlint.config.yaml': [
        'rules:',
        '  unused-volume: off',
        'overrides:',
        '  - files: ["legacy/**"]',
        '    rules:',
        '      volume-mount-missing-volume: warn',
        '  - files: ["*.strict.yaml"]   # no slash: matched against the file name anywhere',
        '    rules:',
        '      unused-volume: error',
        '',
      ].join('\n'),
      'apps/web.yaml': POD('web'),
      'legacy/old.yaml': POD('old'),
      'legacy/new.strict.yaml': POD('new'),
    });
    const r = podlint(['-f', 'json', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(ids(r.stdout)).toEqual([
      'apps/web.yaml:volume-mount-missing-volume:2',
      'legacy/new.strict.yaml:unused-volume:2',
      'legacy/new.strict.yaml:volume-mount-missing-volume:1',
      'legacy/old.yaml:volume-mount-missing-volume:1',
    ]);
    const cli = podlint(['-f', 'json', '--rule', 'volume-mount-missing-volume:error', '--rule', 'unused-volume:off', '.'], { cwd: dir });
    expect(ids(cli.stdout)).toEqual([
      'apps/web.yaml:volume-mount-missing-volume:2',
      'legacy/new.strict.yaml:volume-mount-missing-volume:2',
      'legacy/old.yaml:volume-mount-missing-volume:2',
    ]);
    // --print-config shows the effective rules for one file
    const pc = podlint(['--print-config', 'legacy/new.strict.yaml'], { cwd: dir });
    expect(pc.code).toBe(0);
    const shown = JSON.parse(pc.stdout);
    expect(shown.configFile).toBe(join(dir, 'podlint.config.yaml'));
    expect(shown.rules['unused-volume']).toBe('error');
    expect(shown.rules['volume-mount-missing-volume']).toBe('warn');
    expect(shown.rules['duplicate-mount-path']).toBe('error'); // every rule is listed
    expect(JSON.parse(podlint(['--print-config'], { cwd: dir }).stdout).rules['unused-volume']).toBe('off');
  });

  it('ignore globs, .podlintignore (gitignore syntax) and --ignore-pattern; --no-ignore', () => {
    const dir = tempTree({
      'podlint.config.yaml': 'ignore:\n  - "vendor/"\n',
      '.podlintignore': '# generated\n*.generated.yaml\n!keep.generated.yaml\n',
      'vendor/x.yaml': POD('x'),
      'app/a.generated.yaml': POD('g'),
      'app/keep.generated.yaml': POD('k'),
      'app/main.yaml': POD('m'),
      'tmp/scratch.yaml': POD('s'),
    });
    const files = (args: string[]) => [...new Set((JSON.parse(podlint(['-f', 'json', ...args], { cwd: dir }).stdout) as any[]).map((f) => f.filePath.slice(dir.length + 1)))].sort();
    expect(files(['.'])).toEqual(['app/keep.generated.yaml', 'app/main.yaml', 'tmp/scratch.yaml']);
    expect(files(['--ignore-pattern', 'tmp/', '.'])).toEqual(['app/keep.generated.yaml', 'app/main.yaml']);
    expect(files(['--no-ignore', '.'])).toEqual(['app/a.generated.yaml', 'app/keep.generated.yaml', 'app/main.yaml', 'tmp/scratch.yaml', 'vendor/x.yaml']);
    // a file named explicitly but ignored is skipped with a notice (pre-commit passes every staged file)
    const r = podlint(['-f', 'json', 'vendor/x.yaml', 'app/main.yaml'], { cwd: dir });
    expect(r.stderr).toContain('vendor/x.yaml: ignored by an ignore pattern (--no-ignore lints it)');
    expect((JSON.parse(r.stdout) as any[]).map((f) => f.filePath.slice(dir.length + 1))).toEqual(['app/main.yaml']);
    const only = podlint(['vendor/x.yaml'], { cwd: dir });
    expect(only.code).toBe(0);
    expect(only.stdout).toBe('');
  });

  it('namespace and kubernetesVersion come from the file; --namespace wins', () => {
    const dir = tempTree({ 'podlint.config.yaml': 'namespace: team-a\nkubernetesVersion: "1.30"\n', 'a.yaml': POD('a') });
    const shown = JSON.parse(podlint(['--print-config'], { cwd: dir }).stdout);
    expect(shown).toMatchObject({ namespace: 'team-a', kubernetesVersion: '1.30' });
    expect(JSON.parse(podlint(['--print-config', '-n', 'other'], { cwd: dir }).stdout).namespace).toBe('other');
  });
});

describe('broken configuration: exit 2 with the file, the JSON path and the reason', () => {
  const cases: [string, string, string, RegExp][] = [
    ['bad severity', 'podlint.config.yaml', 'rules:\n  unused-volume: of\n', /podlint\.config\.yaml: \/rules\/unused-volume must be a severity \(off, warn, error\) or \[severity, options\] \(line 2, column 3\)/],
    ['unknown top-level key', 'podlint.config.yaml', 'rulez:\n  unused-volume: off\n', /podlint\.config\.yaml: \/rulez is not a known setting \(did you mean "rules"\?\)/],
    ['unknown rule', 'podlint.config.yaml', 'rules:\n  unused-volumes: off\n', /podlint\.config\.yaml: \/rules\/unused-volumes unknown rule "unused-volumes" \(did you mean "unused-volume"\?\)/],
    ['unknown rule in overrides', '.podlintrc.yaml', 'overrides:\n  - files: ["x/**"]\n    rules: { nope: off }\n', /\.podlintrc\.yaml: \/overrides\/0\/rules\/nope unknown rule "nope"/],
    ['overrides without files', '.podlintrc.yaml', 'overrides:\n  - rules: { unused-volume: off }\n', /\/overrides\/0 must have the setting "files"/],
    ['options for a rule without options', 'podlint.config.yaml', 'rules:\n  unused-volume: [warn, {max: 3}]\n', /\/rules\/unused-volume\/1 rule "unused-volume" takes no options/],
    ['unquoted version', 'podlint.config.yaml', 'kubernetesVersion: 1.30\n', /\/kubernetesVersion must be a string \(Target Kubernetes version/],
    ['ignore not a list', 'podlint.config.yaml', 'ignore: vendor/\n', /\/ignore must be an array/],
    ['YAML syntax', 'podlint.config.yaml', 'rules: [\n', /podlint\.config\.yaml: is not valid YAML: .*\(line \d+, column \d+\)/],
    ['JSON syntax', '.podlintrc.json', '{"rules": {"unused-volume": "off",}', /\.podlintrc\.json: is not valid JSON/],
    ['duplicate key', 'podlint.config.yaml', 'rules: {}\nrules: {}\n', /is not valid YAML: Map keys must be unique/],
  ];
  for (const [name, file, text, re] of cases) {
    it(name, () => {
      const dir = tempTree({ [file]: text, 'a.yaml': POD('a') });
      const r = podlint(['.'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^podlint: \//);
      expect(r.stderr).toMatch(re);
    });
  }

  it('--config naming a missing file', () => {
    const dir = tempTree({ 'a.yaml': POD('a') });
    const r = podlint(['--config', 'nope.yaml', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.yaml: no such file/);
  });

  it('an empty configuration file is valid', () => {
    const dir = tempTree({ 'podlint.config.yaml': '# nothing yet\n', 'a.yaml': POD('a') });
    expect(podlint(['.'], { cwd: dir }).code).toBe(1);
  });

  it('rule options are validated against the rule schema when it has one', () => {
    // the only way to exercise this end to end is a rule with options; checked when one exists
    const dir = tempTree({ 'a.yaml': POD('a') });
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'podlint.config.yaml'), 'rules:\n  unused-volume: [warn]\n');
    // [severity] alone is fine
    expect(podlint(['-f', 'json', '../a.yaml'], { cwd: join(dir, 'sub') }).code).toBe(1);
  });
});
