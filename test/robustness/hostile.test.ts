/**
 * Hostile and odd input: every case yields a clear finding or per-file error,
 * never an exception, and the other files are still linted.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync, symlinkSync, chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { lintPaths, lintTexts } from '../../src/engine/lint.js';
import { tempTree } from '../helpers/cli.js';

const POD = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    volumeMounts: [{name: nope, mountPath: /x}]\n`;
const all = (r: ReturnType<typeof lintPaths>) => r.results.flatMap((x) => x.findings.map((f) => ({ ...f, file: x.file.path.split('/').pop() })));
/** The rules these tests are about (schema rules of other modules are tested elsewhere). */
const only = { only: ['yaml-syntax', 'duplicate-key', 'invalid-document', 'volume-mount-missing-volume'] };
const ids = (r: ReturnType<typeof lintPaths>) => all(r).map((f) => `${f.file}:${f.ruleId}`);

describe('hostile YAML', () => {
  it('alias amplification ("billion laughs") is bounded and reported', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) laughs.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill('*' + 'abcdefghij'[i - 1]).join(',')}]`);
    const text = laughs.join('\n') + '\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n';
    const r = lintTexts([{ path: 'laughs.yaml', text }, { path: 'pod.yaml', text: POD('p') }], only);
    const f = all(r as any);
    expect(f.find((x) => x.file === 'laughs.yaml')).toMatchObject({ ruleId: 'yaml-syntax', message: expect.stringMatching(/alias/) });
    expect(f.some((x) => x.file === 'pod.yaml' && x.ruleId === 'volume-mount-missing-volume')).toBe(true);
  });

  it('very deep nesting (flow and block) is reported, not a crash', () => {
    const flow = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: ' + '['.repeat(50_000) + ']'.repeat(50_000) + '}\n';
    const block = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\ndata:\n' + Array.from({ length: 5000 }, (_, i) => ' '.repeat(i + 1) + `k${i}:`).join('\n') + ' 1\n';
    const r = lintTexts([{ path: 'flow.yaml', text: flow }, { path: 'block.yaml', text: block }, { path: 'pod.yaml', text: POD('p') }], only);
    const f = all(r as any);
    expect(f.filter((x) => x.file === 'flow.yaml').map((x) => x.ruleId)).toContain('yaml-syntax');
    expect(f.filter((x) => x.file === 'block.yaml').map((x) => x.ruleId)).toContain('yaml-syntax');
    expect(f.find((x) => x.file === 'flow.yaml')!.message).toMatch(/nesting too deep/);
    expect(f.some((x) => x.file === 'pod.yaml')).toBe(true);
  });

  it('tabs as indentation are a yaml-syntax error at the tab', () => {
    const r = lintTexts([{ path: 't.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n' }], only);
    expect(all(r as any)).toMatchObject([{ ruleId: 'yaml-syntax', line: 4, message: expect.stringMatching(/[Tt]ab/) }]);
  });

  it('duplicate keys are reported as duplicate-key at the second key', () => {
    const r = lintTexts([{ path: 'd.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  name: y\nspec:\n  containers: [{name: c, image: i}]\n' }], only);
    expect(all(r as any).map((f) => [f.ruleId, f.line, f.column])).toEqual([['duplicate-key', 5, 3]]);
  });

  it('merge keys are resolved as the API server does', () => {
    const text = 'x-base: &b {image: nginx, volumeMounts: [{name: missing, mountPath: /m}]}\napiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - <<: *b\n    name: c\n';
    const r = lintTexts([{ path: 'm.yaml', text }], only);
    expect(r.graph.templates[0]!.containers[0]!.image).toBe('nginx');
    expect(all(r as any).map((f) => f.ruleId)).toEqual(['volume-mount-missing-volume']);
  });

  it('non-string and complex keys do not crash', () => {
    const r = lintTexts([{ path: 'k.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  1: a\n  ? [a, b]\n  : c\n  true: d\n' }], only);
    expect(r.graph.resources).toHaveLength(1);
  });

  it('scalar and sequence documents: an error beside manifests, silent alone', () => {
    const mixed = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\njust a string\n---\n- a\n- b\n---\n';
    const r = lintTexts([{ path: 'mixed.yaml', text: mixed }, { path: 'list.yaml', text: '- a\n- b\n' }, { path: 'str.yaml', text: 'hello\n' }], only);
    expect(all(r as any).map((f) => `${f.file}:${f.ruleId}:${f.line}`)).toEqual(['mixed.yaml:invalid-document:5', 'mixed.yaml:invalid-document:7']);
  });

  it('a 200,000-line multi-document file is linted', () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-N\ndata:\n  a: "1"\n  b: "2"\n  c: "3"\n  d: "4"\n---\n';
    const text = Array.from({ length: 20_000 }, (_, i) => doc.replace('N', String(i))).join('');
    expect(text.split('\n').length).toBeGreaterThan(200_000);
    const r = lintTexts([{ path: 'big.yaml', text }], only);
    expect(r.graph.resources).toHaveLength(20_000);
  });
});

describe('hostile bytes and files', () => {
  it('binary, NUL, UTF-16, invalid UTF-8 and oversize files are per-file errors; others are still linted', () => {
    const dir = tempTree({ 'ok.yaml': POD('ok') });
    writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]));
    writeFileSync(join(dir, 'nul.yaml'), 'apiVersion: v1\nkind: Pod\x00\n');
    writeFileSync(join(dir, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: v1\n', 'utf16le')]));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    writeFileSync(join(dir, 'huge.yaml'), 'a: b\n'.repeat(Math.ceil((21 * 1024 * 1024) / 5)));
    const r = lintPaths([dir], only);
    const f = all(r);
    const by = (n: string) => f.filter((x) => x.file === n);
    expect(by('binary.yaml')).toMatchObject([{ ruleId: null, severity: 2, message: expect.stringMatching(/binary file/) }]);
    expect(by('nul.yaml')).toMatchObject([{ ruleId: null, message: expect.stringMatching(/NUL byte/) }]);
    expect(by('utf16.yaml')).toMatchObject([{ ruleId: null, message: expect.stringMatching(/UTF-16LE encoded/) }]);
    expect(by('latin1.yaml')).toMatchObject([{ ruleId: 'yaml-syntax', line: 5, message: expect.stringMatching(/invalid UTF-8/) }]);
    expect(by('huge.yaml')).toMatchObject([{ ruleId: null, message: expect.stringMatching(/over the 20 MB limit/) }]);
    expect(by('ok.yaml').map((x) => x.ruleId)).toEqual(['volume-mount-missing-volume']);
  });

  it('symlink loops do not hang and links out of the roots are not followed', () => {
    const outside = tempTree({ 'secret.yaml': POD('outside') });
    const dir = tempTree({ 'a/pod.yaml': POD('inside') });
    symlinkSync(join(dir, 'a'), join(dir, 'a', 'loop'));
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'a', 'linked.yaml'));
    symlinkSync(outside, join(dir, 'outdir'));
    const r = lintPaths([dir], only);
    expect(r.results.map((x) => x.file.path.split('/').pop())).toEqual(['pod.yaml']);
  });

  it('a path that is not a regular file is reported and the rest linted', () => {
    const dir = tempTree({ 'ok.yaml': POD('ok') });
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = lintPaths([fifo, join(dir, 'ok.yaml')], only);
    expect(ids(r)).toEqual(['pipe.yaml:null', 'ok.yaml:volume-mount-missing-volume']);
  });

  it.skipIf(process.getuid?.() === 0)('unreadable files and folders are reported (not as root)', () => {
    const dir = tempTree({ 'ok.yaml': POD('ok'), 'locked.yaml': POD('l'), 'sub/x.yaml': POD('x') });
    chmodSync(join(dir, 'locked.yaml'), 0);
    chmodSync(join(dir, 'sub'), 0);
    const r = lintPaths([dir], only);
    expect(ids(r)).toContain('locked.yaml:null');
    expect(r.pathErrors.map((e) => e.path)).toContain(join(dir, 'sub'));
  });

  it('thousands of files in one folder, paths with spaces and unicode', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`many/cm ${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}}\n`;
    files['ünïcødé dir/pöd 1.yaml'] = POD('u');
    const dir = tempTree(files);
    mkdirSync(join(dir, 'empty dir'));
    const r = lintPaths([dir], only);
    expect(r.graph.resources).toHaveLength(3001);
    expect(ids(r)).toEqual(['pöd 1.yaml:volume-mount-missing-volume']);
  });
});
