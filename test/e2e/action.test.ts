/**
 * The GitHub Action (action.yml) run locally: each step's `run:` script is
 * executed with bash the way the runner does (`bash --noprofile --norc -eo
 * pipefail`), with the step's `env:` expressions resolved from the inputs and
 * fake GITHUB_* variables, against a fixture folder. Checks the annotations,
 * the fail level, SARIF output, and that hostile inputs stay inert.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, tempTree } from '../helpers/cli.js';

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));

interface StepRun {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
  skipped?: boolean;
  /** Time from the first step's start to this step's end. */
  endedMs?: number;
}

/** Resolve the `${{ }}` expressions this action uses (inputs, github.action_path, steps outputs). */
interface Ctx {
  inputs: Record<string, string>;
  outputs: Record<string, Record<string, string>>;
  actionPath?: string;
  headSha?: string;
}

function expr(value: string, ctx: Ctx): string {
  return value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, e: string) => String(evaluate(e, ctx)));
}

function evaluate(e: string, ctx: Ctx): string | boolean {
  if (e.includes('||')) {
    for (const t of e.split('||')) {
      const v = evaluate(t.trim(), ctx);
      if (v) return v;
    }
    return '';
  }
  if (e.includes('&&')) return e.split('&&').every((t) => evaluate(t.trim(), ctx) === true || evaluate(t.trim(), ctx) === 'true');
  const cmp = /^(.*?)\s*(==|!=)\s*'(.*)'$/.exec(e);
  if (cmp) {
    const left = String(evaluate(cmp[1]!, ctx));
    return cmp[2] === '==' ? left === cmp[3] : left !== cmp[3];
  }
  if (e === 'always()') return true;
  if (e === 'github.action_path') return ctx.actionPath ?? ROOT;
  if (e === 'github.sha') return 'c0ffee0000000000000000000000000000000000';
  if (e === 'github.event.pull_request.head.sha') return ctx.headSha ?? '';
  let m = /^inputs\.([\w-]+)$/.exec(e);
  if (m) return ctx.inputs[m[1]!] ?? '';
  m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
  if (m) return ctx.outputs[m[1]!]?.[m[2]!] ?? '';
  throw new Error(`expression not understood by the test: ${e}`);
}

/** A child process, awaited (vitest's worker stays responsive while steps run). */
function run(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { ...opts, timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => done({ status: null, stdout, stderr: stderr + String(e) }));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Run the action's steps like the runner would; `uses:` steps are recorded, not run. */
async function runAction(workspace: string, given: Record<string, string>, sim: { actionPath?: string; path?: string; headSha?: string } = {}) {
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries<any>(action.inputs)) inputs[k] = given[k] ?? String(v.default ?? '');
  const outputs: Record<string, Record<string, string>> = {};
  const runnerTemp = mkdtempSync(join(tmpdir(), 'podlint-runner-'));
  const steps: StepRun[] = [];
  const uses: { uses: string; with: Record<string, string>; ran: boolean }[] = [];
  let failed = false;
  const summaryFile = join(runnerTemp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const started = performance.now();
  const def = sim.actionPath ? parse(readFileSync(join(sim.actionPath, 'action.yml'), 'utf8')) : action;
  const c = (): Ctx => ({ inputs, outputs, actionPath: sim.actionPath, headSha: sim.headSha });
  for (const step of def.runs.steps as any[]) {
    const cond = step.if ? evaluate(String(step.if).replace(/^\$\{\{\s*|\s*\}\}$/g, ''), c()) : !failed;
    if (!cond || (failed && !String(step.if ?? '').includes('always()'))) {
      steps.push({ name: step.name, code: 0, stdout: '', stderr: '', skipped: true });
      if (step.uses) uses.push({ uses: step.uses, with: {}, ran: false });
      continue;
    }
    if (step.uses) {
      const w: Record<string, string> = {};
      for (const [k, v] of Object.entries<any>(step.with ?? {})) w[k] = expr(String(v), c());
      uses.push({ uses: step.uses, with: w, ran: true });
      continue;
    }
    const outFile = join(runnerTemp, `output-${steps.length}`);
    writeFileSync(outFile, '');
    const script = join(runnerTemp, `step-${steps.length}.sh`);
    writeFileSync(script, step.run);
    const env: Record<string, string> = {
      PATH: sim.path ?? process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? runnerTemp,
      GITHUB_ACTION_PATH: sim.actionPath ?? ROOT,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SHA: 'c0ffee0000000000000000000000000000000000',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_JOB: 'podlint',
      GITHUB_RUN_ID: '1',
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: runnerTemp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
    };
    for (const [k, v] of Object.entries<any>(step.env ?? {})) env[k] = expr(String(v), c());
    const cwd = step['working-directory'] ? expr(step['working-directory'], c()) : workspace;
    const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env });
    const o: Record<string, string> = {};
    for (const line of readFileSync(outFile, 'utf8').split('\n')) {
      const i = line.indexOf('=');
      if (i > 0) o[line.slice(0, i)] = line.slice(i + 1);
    }
    if (step.id) outputs[step.id] = o;
    steps.push({ name: step.name, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, endedMs: performance.now() - started });
    if (r.status !== 0) failed = true;
  }
  const lint = steps.find((s) => s.name === 'Lint manifests')!;
  return { steps, lint, summary: readFileSync(summaryFile, 'utf8'), outputs: outputs.lint ?? {}, uses, failed, exitCode: steps.filter((s) => !s.skipped).some((s) => s.code !== 0) ? steps.find((s) => s.code !== 0)!.code : 0 };
}

/** GitHub workflow command lines in a step's stdout. */
function annotations(stdout: string) {
  return stdout
    .split('\n')
    .filter((l) => /^::(error|warning|notice)\b/.test(l))
    .map((l) => {
      const m = /^::(\w+) ([^:]*)::(.*)$/.exec(l)!;
      const props = Object.fromEntries(m[2]!.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
      return { level: m[1]!, ...props, message: m[3]!.replace(/%0A/g, '\n').replace(/%25/g, '%') } as Record<string, string>;
    });
}

const ERR_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
    volumeMounts:
    - name: cach
      mountPath: /cache
  volumes:
  - name: cache
    emptyDir: {}
  - name: scratch-space
    emptyDir: {}
`;
const WARN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: w
spec:
  containers:
  - name: w
    image: nginx
  volumes:
  - name: unused-one
    emptyDir: {}
`;

function workspace(files: Record<string, string> = { 'deploy/web.yaml': ERR_POD, 'deploy/warn.yaml': WARN_POD, 'docs/readme.md': '# not linted\n' }) {
  return tempTree(files);
}

describe('action.yml', () => {
  it('is a composite action that never interpolates inputs into a script and runs the packaged podlint', async () => {
    expect(action.runs.using).toBe('composite');
    for (const k of ['paths', 'format', 'config', 'fail-on', 'sarif']) expect(action.inputs, k).toHaveProperty(k);
    for (const step of action.runs.steps) {
      if (step.run === undefined) continue;
      expect(step.shell, step.name).toBe('bash');
      expect(step.run, step.name).not.toMatch(/\$\{\{/);
      expect(step.run, step.name).not.toMatch(/\bnpx\b|\bcurl\b|\bwget\b|npm (i|install|exec) -g|podlint@/);
    }
    const lint = action.runs.steps.find((s: any) => s.id === 'lint');
    expect(lint.run).toContain('"$GITHUB_ACTION_PATH/bin/podlint.js"');
    for (const v of Object.values<string>(lint.env)) expect(v).toMatch(/^\$\{\{ inputs\.[\w-]+ \}\}$/);
    const upload = action.runs.steps.find((s: any) => String(s.uses ?? '').startsWith('github/codeql-action/upload-sarif@'));
    expect(upload).toBeDefined();
  });

  it('the install step is a no-op when podlint is already built (no network)', async () => {
    const ws = workspace();
    const r = await runAction(ws, {});
    expect(r.steps[0]).toMatchObject({ name: 'Install podlint', code: 0 });
    expect(r.steps[0]!.stdout).toContain('podlint is already built');
  });

  it('annotates the findings (github format) and fails on errors by default', async () => {
    const ws = workspace();
    const r = await runAction(ws, {});
    expect(r.outputs['exit-code']).toBe('1');
    const a = annotations(r.lint.stdout);
    expect(a).toEqual([
      expect.objectContaining({ level: 'warning', file: 'deploy/warn.yaml', line: '10', col: '11', title: 'podlint unused-volume' }),
      expect.objectContaining({ level: 'error', file: 'deploy/web.yaml', line: '10', col: '13', endLine: '10', endColumn: '17', title: 'podlint volume-mount-missing-volume' }),
      expect.objectContaining({ level: 'warning', file: 'deploy/web.yaml', line: '15', col: '11', title: 'podlint unused-volume' }),
    ]);
    expect(a[1]!.message).toMatch(/^Container `web` mounts volume `cach`.*Did you mean `cache`\?\nhttps:\/\/github\.com\/podlint\/podlint\/blob\/main\/docs\/rules\/volume-mount-missing-volume\.md$/);
    expect(r.steps.at(-1)).toMatchObject({ name: 'Fail on findings', code: 1 });
    expect(r.uses).toEqual([{ uses: expect.stringMatching(/^github\/codeql-action\/upload-sarif@v\d+$/), with: {}, ran: false }]);
  });

  it('fail-on: none never fails on findings; warning fails on warnings; error ignores them', async () => {
    const ws = workspace();
    expect((await runAction(ws, { 'fail-on': 'none' })).exitCode).toBe(0);
    const warnOnly = workspace({ 'warn.yaml': WARN_POD });
    const e = await runAction(warnOnly, { 'fail-on': 'error' });
    expect(e.exitCode).toBe(0);
    expect(annotations(e.lint.stdout)).toHaveLength(1);
    const w = await runAction(warnOnly, { 'fail-on': 'warning' });
    expect(w.outputs['exit-code']).toBe('1');
    expect(w.exitCode).toBe(1);
  });

  it('paths: one per line, spaces kept; config and extra args are passed as single arguments', async () => {
    const ws = workspace({ 'my apps/web.yaml': ERR_POD, 'other/warn.yaml': WARN_POD, 'not-this/warn.yaml': WARN_POD, 'cfg/strict rules.yaml': 'rules:\n  unused-volume: off\n' });
    const r = await runAction(ws, { paths: 'my apps\n\nother/warn.yaml\n', config: 'cfg/strict rules.yaml', args: '--rule\nvolume-mount-missing-volume:warn' });
    const a = annotations(r.lint.stdout);
    expect(a.map((x) => `${x.level}:${x.file}:${x.title}`)).toEqual(['warning:my apps/web.yaml:podlint volume-mount-missing-volume']);
    expect(r.exitCode).toBe(0);
  });

  it('sarif: writes a SARIF file and hands it to the upload step; format stylish still annotates', async () => {
    const ws = workspace();
    const r = await runAction(ws, { sarif: 'true', format: 'stylish' });
    const file = r.outputs['sarif-file']!;
    expect(file).toMatch(/podlint\.sarif$/);
    const log = JSON.parse(readFileSync(file, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri).sort()).toEqual(['deploy/warn.yaml', 'deploy/web.yaml', 'deploy/web.yaml']);
    expect(r.uses).toEqual([{ uses: expect.stringMatching(/upload-sarif/), with: { sarif_file: file, category: 'podlint' }, ran: true }]);
    expect(r.lint.stdout).toContain('✖ 3 problems (1 error, 2 warnings)'); // the stylish log
    expect(annotations(r.lint.stdout)).toHaveLength(3); // and the annotations
    expect(r.exitCode).toBe(1);
  });

  it('hostile inputs are inert: no command substitution, no word splitting, no injection', async () => {
    const ws = workspace();
    mkdirSync(join(ws, 'keep'));
    writeFileSync(join(ws, 'keep', 'important.txt'), 'x');
    const hostile = {
      paths: 'deploy\n$(touch pwned1)\n`touch pwned2`\n"; rm -rf keep; echo "\n\'; touch pwned3 #',
      config: '$(touch pwned4)',
      format: 'github; touch pwned5',
      args: '--rule\n$(touch pwned6):off\n--namespace\n`touch pwned7`',
      'sarif-file': '$(touch pwned8).sarif',
      sarif: 'true',
    };
    const r = await runAction(ws, hostile);
    const leftovers = (dir: string) => readdirSync(dir).filter((f) => /pwned/.test(f));
    expect(leftovers(ws)).toEqual([]);
    expect(leftovers(ROOT)).toEqual([]);
    expect(existsSync(join(ws, 'keep', 'important.txt'))).toBe(true);
    // podlint saw the strings literally and refused them (usage/configuration error)
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.lint.stderr).toMatch(/\$\(touch pwned4\): no such file|unknown format "github; touch pwned5"|\$\(touch pwned6\)/);
    expect(r.exitCode).toBe(2);

    const failOn = await runAction(ws, { 'fail-on': 'error; touch pwned9' });
    expect(failOn.outputs['exit-code']).toBe('2');
    expect(failOn.lint.stdout).toContain('::error title=podlint::the fail-on input must be error, warning or none');
    expect(leftovers(ws)).toEqual([]);
  });

  it('writes a job summary: counts per rule, the first findings linked to their lines at the PR head', async () => {
    const ws = workspace();
    const r = await runAction(ws, {}, { headSha: 'feedbeef00000000000000000000000000000000' });
    expect(r.summary).toContain('### podlint: 1 error, 2 warnings in 2 files\n');
    expect(r.summary).toContain('| [volume-mount-missing-volume](https://github.com/podlint/podlint/blob/main/docs/rules/volume-mount-missing-volume.md) | 1 | 0 |\n| [unused-volume](https://github.com/podlint/podlint/blob/main/docs/rules/unused-volume.md) | 0 | 2 |\n');
    expect(r.summary).toMatch(/\n\| error \| \[deploy\/web\.yaml:10\]\(https:\/\/github\.com\/octo\/app\/blob\/feedbeef0{32}\/deploy\/web\.yaml#L10\) \| volume-mount-missing-volume \| Container `web` mounts volume `cach`/);
    // on a push (no pull request), the commit itself
    expect((await runAction(ws, {})).summary).toContain('(https://github.com/octo/app/blob/c0ffee0000000000000000000000000000000000/deploy/warn.yaml#L10)');
    expect((await runAction(workspace({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }), {})).summary).toBe('### podlint: no problems in 1 file\n\n\n');
  });

  it('the summary escapes what a pull request controls (file names, messages)', async () => {
    const ws = workspace({ 'a|b <img src=x>](javascript:x).yaml': ERR_POD });
    const md = (await runAction(ws, {})).summary;
    expect(md).not.toMatch(/<img|\]\(javascript/);
    expect(md).toContain('a\\|b &lt;img src=x&gt;\\]\\(javascript:x\\).yaml:10](https://github.com/octo/app/blob/');
    expect(md).toContain('/a%7Cb%20%3Cimg%20src%3Dx%3E%5D%28javascript%3Ax%29.yaml#L10)');
  });

  it('annotations are podlint github format whatever format and args ask for on stdout', async () => {
    const ws = workspace();
    for (const given of [{ format: 'json' }, { format: 'github', args: '--format\nstylish' }, { format: 'github', args: '-fjunit\n--output-file\nreport.xml' }, { format: 'stylish', args: '--format=sarif\n-o\nx.sarif' }]) {
      const r = await runAction(ws, given);
      const a = annotations(r.lint.stdout);
      expect(a.map((x) => `${x.level}:${x.file}:${x.line}`), JSON.stringify(given)).toEqual(['warning:deploy/warn.yaml:10', 'error:deploy/web.yaml:10', 'warning:deploy/web.yaml:15']);
      expect(r.outputs['exit-code']).toBe('1');
    }
    // annotate: false with a non-github format: none
    expect(annotations((await runAction(ws, { format: 'stylish', annotate: 'false' })).lint.stdout)).toEqual([]);
  });
});

describe('action.yml at a release tag, on a fresh checkout (scripts/release.mjs)', () => {
  it('runs with nothing installed or built: no npm, no node_modules, findings at once', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'podlint-release-test-'));
    const tree = join(tmp, 'tree');
    const rel = spawnSync(process.execPath, [join(ROOT, 'scripts', 'release.mjs'), '--out', tree], { encoding: 'utf8' });
    expect(rel.status, rel.stderr).toBe(0);
    // Committed and cloned as the runner fetches an action's ref.
    const git = (cwd: string, ...a: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    };
    git(tree, 'init', '-q', '-b', 'main');
    git(tree, 'add', '-A');
    git(tree, 'commit', '-q', '-m', 'release');
    git(tree, 'tag', 'v0.0.0-test');
    const checkout = join(tmp, 'podlint', 'podlint', 'v0.0.0-test');
    git(tmp, 'clone', '-q', '--depth', '1', '--branch', 'v0.0.0-test', `file://${tree}`, checkout);
    expect(existsSync(join(checkout, 'node_modules'))).toBe(false);
    expect(existsSync(join(checkout, 'dist', 'podlint.cjs'))).toBe(true);
    // npm on PATH fails loudly: the action must not call it
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npm'), '#!/bin/sh\necho "npm was called: $*" >&2\nexit 99\n', { mode: 0o755 });
    const ws = workspace({ 'deploy/web.yaml': ERR_POD, 'crd.yaml': CRD_AND_CR, 'script.yaml': SCRIPT_POD, 'podlint.config.yaml': 'rules: {unused-volume: off}\n' });
    const r = await runAction(ws, { sarif: 'true' }, { actionPath: checkout, path: `${bin}:${process.env.PATH}` });
    expect(r.steps[0]).toMatchObject({ name: 'Install podlint', code: 0, stdout: 'podlint is already built\n', stderr: '' });
    expect(r.lint.stderr).not.toMatch(/npm was called|Cannot find|Error:/);
    const a = annotations(r.lint.stdout);
    // ajv (a CRD's schema), mvdan-sh (a shell script), ignore and the config (ajv) all come from dist/vendor
    expect(a.map((x) => x.title).sort()).toEqual(['podlint schema', 'podlint unknown-field', 'podlint volume-mount-missing-volume']);
    expect(r.summary).toMatch(/^### podlint: 3 errors, 0 warnings in 2 files/);
    expect(JSON.parse(readFileSync(r.outputs['sarif-file']!, 'utf8')).runs[0].results).toHaveLength(3);
    // The same findings as the development build.
    const dev = await runAction(ws, {});
    expect(a).toEqual(annotations(dev.lint.stdout));
    const lint = r.steps.find((s) => s.name === 'Lint manifests')!;
    console.log(`action at a release tag: job start to the end of the lint step ${Math.round(lint.endedMs!)} ms (install step ${Math.round(r.steps[0]!.endedMs!)} ms)`);
  }, 120_000);
});

const CRD_AND_CR = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
spec: {size: big, colour: red}
`;
const SCRIPT_POD = `apiVersion: v1
kind: Pod
metadata: {name: s}
spec:
  containers:
  - name: c
    image: busybox
    command: [sh, -c, 'if [ -f /etc/app.conf ]; then exec app; fi']
`;
