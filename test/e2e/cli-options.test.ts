/**
 * The options an ESLint user types: quoted globs, --stdin-filename, --cache,
 * -o into a missing folder, short usage errors, and standard input bounded
 * by --max-file-size.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, podlint, tempTree } from '../helpers/cli.js';

const UNUSED = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: nginx}]
  volumes: [{name: data, emptyDir: {}}]
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        envFrom: [{configMapRef: {name: web-env}}]
`;
const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: web-env}
data: {A: "1"}
`;

const json = (s: string) => JSON.parse(s) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
const rel = (dir: string, p: string) => p.slice(dir.length + 1);

describe('glob arguments', () => {
  const dir = tempTree({
    'k8s/a.yaml': UNUSED,
    'k8s/deep/b.yml': UNUSED,
    'k8s/deep/c.json': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}',
    'k8s/vendor/v.yaml': UNUSED,
    'k8s/node_modules/m.yaml': UNUSED,
    'k8s/notes.txt': 'not a manifest',
    'other/o.yaml': UNUSED,
    '.podlintignore': 'k8s/vendor/\n',
  });

  it('expands a quoted ** pattern from its base, honouring ignore files and skipped folders', () => {
    const r = podlint(['-f', 'json', 'k8s/**/*.{yaml,yml}'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(json(r.stdout).map((f) => rel(dir, f.filePath)).sort()).toEqual(['k8s/a.yaml', 'k8s/deep/b.yml']);
  });

  it('matches one level with *, and --ignore-pattern applies to matches', () => {
    expect(json(podlint(['-f', 'json', 'k8s/*.yaml'], { cwd: dir }).stdout).map((f) => rel(dir, f.filePath))).toEqual(['k8s/a.yaml']);
    const r = podlint(['-f', 'json', '--ignore-pattern', 'deep/', 'k8s/**/*.yml', 'k8s/*.yaml'], { cwd: dir });
    expect(json(r.stdout).map((f) => rel(dir, f.filePath))).toEqual(['k8s/a.yaml']);
  });

  it('a pattern that matches nothing is an error naming it (exit 2), other paths still linted', () => {
    const r = podlint(['-f', 'json', 'nothing/**/*.yaml', 'k8s/a.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('podlint: nothing/**/*.yaml: no files match this pattern\n');
    expect(json(r.stdout)).toHaveLength(1);
  });
});

describe('--stdin-filename', () => {
  const dir = tempTree({
    'podlint.config.yaml': 'ignore: ["vendor/**"]\noverrides:\n  - files: ["legacy/**"]\n    rules: {unused-volume: error}\n',
  });

  it('names standard input in the report (stylish, json, sarif)', () => {
    const s = podlint(['--stdin-filename', 'k8s/web.yaml', '-'], { cwd: dir, input: UNUSED });
    expect(s.stdout).toMatch(/^\nk8s\/web\.yaml\n {2}6:20 {2}warning/);
    const j = json(podlint(['-f', 'json', '--stdin-filename', 'k8s/web.yaml', '-'], { cwd: dir, input: UNUSED }).stdout);
    expect(j[0]!.filePath).toBe(join(dir, 'k8s/web.yaml'));
    const sarif = JSON.parse(podlint(['-f', 'sarif', '--stdin-filename', 'k8s/web.yaml'], { cwd: dir, input: UNUSED }).stdout);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('k8s/web.yaml');
  });

  it('configuration overrides apply to the path it names', () => {
    const r = podlint(['-f', 'json', '--stdin-filename', 'legacy/web.yaml', '-'], { cwd: dir, input: UNUSED });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0].messages[0]).toMatchObject({ ruleId: 'unused-volume', severity: 2 });
  });

  it('an ignored path is skipped with a notice, exit 0; --no-ignore lints it', () => {
    const r = podlint(['--stdin-filename', 'vendor/web.yaml', '-'], { cwd: dir, input: UNUSED });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toBe('podlint: vendor/web.yaml (standard input): ignored by an ignore pattern (--no-ignore lints it)\n');
    expect(podlint(['--no-ignore', '--stdin-filename', 'vendor/web.yaml', '-'], { cwd: dir, input: UNUSED }).stdout).toMatch(/vendor\/web\.yaml/);
  });

  it('--fix prints the fixed text and never writes the named file', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    volumeMounts: [{name: dta, mountPath: /d}]\n  volumes: [{name: data, emptyDir: {}}]\n';
    writeFileSync(join(dir, 'web.yaml'), 'kept\n');
    const r = podlint(['--fix', '--stdin-filename', 'web.yaml', '-'], { cwd: dir, input: pod });
    expect(r.stdout).toBe(pod.replace('name: dta', 'name: data'));
    expect(readFileSync(join(dir, 'web.yaml'), 'utf8')).toBe('kept\n');
  });

  it('without - among other paths is a usage error', () => {
    const r = podlint(['--stdin-filename', 'a.yaml', 'podlint.config.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('podlint: --stdin-filename names standard input; add - to the paths. See podlint --help.\n');
  });
});

describe('standard input is bounded by --max-file-size', () => {
  it('stops reading at the limit with the file error wording, exit 2 (a 1.2 MB stream against 1 MB)', () => {
    const r = podlint(['--max-file-size', '1', '-'], { input: '#'.repeat(1_200_000) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('podlint: <stdin>: standard input is over the 1.0 MB limit; not linted (raise it with --max-file-size)\n');
    expect(r.stdout).toBe('');
  });

  it('an endless producer (/dev/zero) ends at once instead of growing', () => {
    const r = spawnSync('sh', ['-c', `exec "${process.execPath}" "${BIN}" --max-file-size 2 - < /dev/zero`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/standard input is over the 2\.0 MB limit/);
  });

  it('under the limit, input is linted as before; with --stdin-filename the error names it', () => {
    expect(podlint(['--max-file-size', '1', '-'], { input: UNUSED }).code).toBe(0);
    const r = podlint(['--max-file-size', '1', '--stdin-filename', 'k8s/x.yaml'], { input: '#'.repeat(1_100_000) });
    expect(r.stderr).toBe('podlint: k8s/x.yaml (standard input): standard input is over the 1.0 MB limit; not linted (raise it with --max-file-size)\n');
  });
});

describe('--cache', () => {
  it('reuses every result when nothing changed, re-lints all when any file changed (cross-file rules active)', () => {
    const dir = tempTree({ 'k8s/deploy.yaml': DEPLOY, 'k8s/cm.yaml': CONFIGMAP });
    const first = podlint(['-f', 'json', '--cache', 'k8s'], { cwd: dir });
    expect(first.code).toBe(0);
    const cache = join(dir, '.podlintcache');
    expect(existsSync(cache)).toBe(true);
    const again = podlint(['-f', 'json', '--cache', 'k8s'], { cwd: dir });
    expect(again.stdout).toBe(first.stdout);
    expect(json(first.stdout).flatMap((f) => f.messages)).toEqual([]);
    // Nothing changed: the results are the cached ones (a planted entry shows).
    const c = JSON.parse(readFileSync(cache, 'utf8'));
    const key = Object.keys(c.files).find((k) => k.endsWith('deploy.yaml'))!;
    c.files[key].findings.push({ ruleId: 'unused-volume', severity: 1, message: 'PLANTED', start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 });
    writeFileSync(cache, JSON.stringify(c));
    expect(podlint(['--cache', 'k8s'], { cwd: dir }).stdout).toMatch(/PLANTED/);
    // The ConfigMap renamed: the unchanged Deployment's result depends on it.
    writeFileSync(join(dir, 'k8s/cm.yaml'), CONFIGMAP.replace('web-env', 'web-envs'));
    const changed = podlint(['-f', 'json', '--cache', 'k8s'], { cwd: dir });
    expect(changed.stdout).not.toMatch(/PLANTED/);
    expect(json(changed.stdout).find((f) => f.filePath.endsWith('deploy.yaml'))!.messages.map((m) => m.ruleId)).toEqual(['dangling-configmap-ref']);
  });

  it('with only file-local rules, skips unchanged files: a cached finding survives until its file changes', () => {
    const dir = tempTree({ 'a.yaml': UNUSED, 'b.yaml': UNUSED.replace('name: p', 'name: q') });
    const only = ['--no-config', ...onlyFileLocal()];
    const first = podlint(['-f', 'json', '--cache', ...only, '.'], { cwd: dir });
    expect(json(first.stdout).map((f) => f.messages.map((m) => m.ruleId))).toEqual([['unused-volume'], ['unused-volume']]);
    // Poison the cached entry of a.yaml: a run that re-linted it would not show this message.
    const c = JSON.parse(readFileSync(join(dir, '.podlintcache'), 'utf8'));
    const a = Object.keys(c.files).find((k) => k.endsWith('a.yaml'))!;
    c.files[a].findings[0].message = 'FROM CACHE';
    writeFileSync(join(dir, '.podlintcache'), JSON.stringify(c));
    writeFileSync(join(dir, 'b.yaml'), CONFIGMAP);
    const second = json(podlint(['-f', 'json', '--cache', ...only, '.'], { cwd: dir }).stdout);
    expect(second.map((f) => f.messages.map((m: any) => m.message))).toEqual([['FROM CACHE'], []]);
    // A changed configuration drops the cache.
    const third = json(podlint(['-f', 'json', '--cache', ...only, '--rule', 'unused-volume:error', '.'], { cwd: dir }).stdout);
    expect(third[0]!.messages.map((m: any) => m.message)[0]).toMatch(/^Volume `data`/);
  });

  it('a config file edit and a different podlint version invalidate the cache', () => {
    const dir = tempTree({ 'a.yaml': UNUSED, 'podlint.config.yaml': 'rules: {}\n' });
    podlint(['--cache', '.'], { cwd: dir });
    const c = JSON.parse(readFileSync(join(dir, '.podlintcache'), 'utf8'));
    writeFileSync(join(dir, 'podlint.config.yaml'), 'rules: {unused-volume: off}\n');
    podlint(['--cache', '.'], { cwd: dir });
    const c2 = JSON.parse(readFileSync(join(dir, '.podlintcache'), 'utf8'));
    expect(c2.key).not.toBe(c.key);
    expect(Object.values<any>(c2.files)[0].findings).toEqual([]);
  });

  it('a run served from the cache repeats the notices of the run it reuses', () => {
    const dir = tempTree({ 'a.yaml': 'apiVersion: x.io/v1\nkind: Foo\nmetadata: {name: a}\n' });
    const first = podlint(['--cache', '.'], { cwd: dir });
    expect(first.stderr).toBe('podlint: no schema for kind Foo (apiVersion x.io/v1); skipped\n');
    expect(podlint(['--cache', '.'], { cwd: dir }).stderr).toBe(first.stderr);
  });

  it('--cache-location takes a file or a folder ending in /, created when missing', () => {
    const dir = tempTree({ 'a.yaml': UNUSED });
    podlint(['--cache', '--cache-location', 'tmp/cache/', '.'], { cwd: dir });
    expect(statSync(join(dir, 'tmp/cache/.podlintcache')).isFile()).toBe(true);
    podlint(['--cache', '--cache-location', 'my.cache', '.'], { cwd: dir });
    expect(statSync(join(dir, 'my.cache')).isFile()).toBe(true);
    expect(existsSync(join(dir, '.podlintcache'))).toBe(false);
  });
});

/** --rule off for every rule that does not declare itself file-local. */
function onlyFileLocal(): string[] {
  const list = podlint(['--list-rules']).stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]!);
  const local = new Set(['yaml-syntax', 'duplicate-key', 'invalid-document', 'duplicate-mount-path', 'volume-mount-missing-volume', 'unused-volume', 'container-port-conflict']);
  return list.filter((id) => !local.has(id)).flatMap((id) => ['--rule', `${id}:off`]);
}

describe('--with-siblings --staged', () => {
  const git = (cwd: string, ...a: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd, encoding: 'utf8' });

  // Since issue 13 a ConfigMap absent from the set is listed only with `missing: warn` (by default
  // one summary notice on stderr): the config lists it, so that a sibling read wrongly shows.
  const LIST_ABSENT = 'rules:\n  dangling-configmap-ref: [warn, {missing: warn}]\n';

  it('reads siblings from the git index: a committed one is found with its staged text, an untracked one is not read', () => {
    const dir = tempTree({ 'k8s/cm.yaml': CONFIGMAP, 'k8s/deploy.yaml': DEPLOY, 'podlint.config.yaml': LIST_ABSENT });
    git(dir, 'init', '-q');
    git(dir, 'add', 'k8s/cm.yaml');
    git(dir, 'commit', '-q', '-m', 'cm');
    const staged = podlint(['-f', 'json', '--with-siblings', '--staged', 'k8s/deploy.yaml'], { cwd: dir });
    expect(json(staged.stdout).map((f) => [rel(dir, f.filePath), f.messages.map((m) => m.ruleId)])).toEqual([['k8s/deploy.yaml', []]]);
    // The ConfigMap renamed on disk only (unstaged): the index still has web-env.
    writeFileSync(join(dir, 'k8s/cm.yaml'), CONFIGMAP.replace('web-env', 'renamed'));
    expect(json(podlint(['-f', 'json', '--with-siblings', '--staged', 'k8s/deploy.yaml'], { cwd: dir }).stdout)[0]!.messages).toEqual([]);
    expect(json(podlint(['-f', 'json', '--with-siblings', 'k8s/deploy.yaml'], { cwd: dir }).stdout)[0]!.messages.map((m) => m.ruleId)).toEqual(['dangling-configmap-ref']);
    // An untracked ConfigMap is not part of the commit.
    const other = tempTree({ 'cm.yaml': CONFIGMAP, 'deploy.yaml': DEPLOY, 'podlint.config.yaml': LIST_ABSENT });
    git(other, 'init', '-q');
    expect(json(podlint(['-f', 'json', '--with-siblings', '--staged', 'deploy.yaml'], { cwd: other }).stdout)[0]!.messages.map((m) => m.ruleId)).toEqual(['dangling-configmap-ref']);
    // With the default policy the absent ConfigMap is counted in the summary notice instead.
    const quiet = podlint(['-f', 'json', '--no-config', '--with-siblings', '--staged', 'deploy.yaml'], { cwd: other });
    expect(json(quiet.stdout)[0]!.messages).toEqual([]);
    expect(quiet.stderr).toMatch(/dangling-configmap-ref: 1 reference names a ConfigMap outside the linted set/);
    expect(podlint(['-f', 'json', '--no-config', '--with-siblings', '--staged', 'k8s/deploy.yaml'], { cwd: dir }).stderr).not.toMatch(/outside the linted set/);
  });

  it('outside a git repository it is an error (exit 2); without --with-siblings a usage error', () => {
    const dir = tempTree({ 'deploy.yaml': DEPLOY });
    const r = podlint(['--with-siblings', '--staged', 'deploy.yaml'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dirname(dir) } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^podlint: --staged: cannot list the git index \(fatal: not a git repository/);
    expect(podlint(['--staged', 'deploy.yaml'], { cwd: dir }).stderr).toBe('podlint: --staged only applies with --with-siblings. See podlint --help.\n');
  });
});

describe('-o and usage errors', () => {
  it('-o creates the missing folders of the report', () => {
    const dir = tempTree({ 'a.yaml': UNUSED });
    const r = podlint(['-f', 'sarif', '-o', 'reports/ci/podlint.sarif', 'a.yaml'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(JSON.parse(readFileSync(join(dir, 'reports/ci/podlint.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it.each([
    [['--foo'], "podlint: unknown option '--foo'. See podlint --help.\n"],
    [['-x', 'a.yaml'], "podlint: unknown option '-x'. See podlint --help.\n"],
    [['--foo=bar'], "podlint: unknown option '--foo'. See podlint --help.\n"],
    [['--format'], "podlint: option '--format' needs a value. See podlint --help.\n"],
    [['--quiet=yes', '.'], "podlint: option '--quiet' does not take a value. See podlint --help.\n"],
    [[], 'podlint: no paths given. See podlint --help.\n'],
  ])('%j: one short line on stderr, exit 2', (args, err) => {
    const r = podlint(args);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: err });
  });
});
