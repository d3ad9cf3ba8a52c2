/**
 * Reading and parsing on a worker thread must not change a single byte of
 * the output: the same run with the worker forced on and forced off.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { podlint, ROOT, tempTree } from '../helpers/cli.js';

const CORPUS = join(ROOT, '..', 'shared', 'corpus');

function same(args: string[], cwd?: string) {
  const on = podlint(args, { env: { PODLINT_WORKERS: '1' }, cwd });
  const off = podlint(args, { env: { PODLINT_WORKERS: '0' }, cwd });
  expect(on.code).toBe(off.code);
  expect(on.stdout).toBe(off.stdout);
  expect(on.stderr).toBe(off.stderr);
  return on;
}

describe('worker-thread parsing', () => {
  it('gives identical JSON, stylish output and notices on the examples and fixtures', () => {
    const r = same(['-f', 'json', 'examples', 'test/fixtures', 'docs']);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(5);
    same(['examples', 'test/fixtures']);
  });

  it('really parses on a worker thread when asked (and not below the size threshold)', () => {
    const on = podlint(['-f', 'json', 'examples', 'test/fixtures'], { env: { PODLINT_WORKERS: '1', PODLINT_TRACE: '1' } });
    const m = /a worker thread parsed (\d+) of (\d+) files/.exec(on.stderr);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![1])).toBeLessThan(Number(m![2]));
    const small = podlint(['-f', 'json', 'examples'], { env: { PODLINT_TRACE: '1' } });
    expect(small.stderr).not.toMatch(/worker thread parsed/);
  });

  it('keeps per-file errors, parse errors and positions from files parsed by the worker', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      files[`f${i}.yaml`] =
        i % 3 === 0
          ? 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: {}\n'
          : `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: ["sh", "-c", "echo hi > out/data.txt; curl localhost:81"]\n    volumeMounts: [{name: shared, mountPath: /out}]\n  - name: d\n    image: busybox\n    volumeMounts: [{name: shared, mountPath: /in}]\n  volumes:\n  - name: shared\n    emptyDir: {}\n`;
    }
    const dir = tempTree(files);
    const r = same(['-f', 'json', dir]);
    const out = JSON.parse(r.stdout);
    expect(out.flatMap((f: any) => f.messages.map((m: any) => m.ruleId))).toContain('yaml-syntax');
    expect(out.flatMap((f: any) => f.messages.map((m: any) => m.ruleId))).toContain('localhost-port-unbound');
  });

  it.skipIf(!existsSync(CORPUS))('gives identical output on the real-world corpus', () => {
    same(['-f', 'json', CORPUS]);
  });
});

describe('worker-thread parsing of YAML 1.1 specifics', () => {
  it('merge keys, binary and octal values cross the thread boundary', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) {
      files[`m${i}.yaml`] = `x-base: &b {image: nginx, volumeMounts: [{name: missing, mountPath: /m}]}\napiVersion: v1\nkind: Pod\nmetadata: {name: m${i}}\nspec:\n  containers:\n  - <<: *b\n    <<: {imagePullPolicy: Always}\n    name: c\n  volumes:\n  - name: cfg\n    configMap: {name: c, defaultMode: 0644}\n`;
    }
    const dir = tempTree(files);
    const on = podlint(['-f', 'json', dir], { env: { PODLINT_WORKERS: '1', PODLINT_TRACE: '1' } });
    expect(on.stderr).toMatch(/a worker thread parsed [1-9]\d* of 8 files/);
    expect(on.stderr).not.toMatch(/worker failed/);
    const off = podlint(['-f', 'json', dir], { env: { PODLINT_WORKERS: '0' } });
    expect(on.stdout).toBe(off.stdout);
    expect(on.stdout).toContain('volume-mount-missing-volume');
  });
});
