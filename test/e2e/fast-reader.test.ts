/**
 * The fast reader builds yaml nodes only for the documents a finding, a fix
 * or a suppression needs. That must not change a byte of the output: the
 * same runs with the fast reader on and off (PODLINT_FAST=0: every file
 * through yaml, all nodes up front).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { podlint, tempTree } from '../helpers/cli.js';
import { CORPUS, ruleDocExamples } from '../helpers/manifests.js';

function same(args: string[]) {
  const on = podlint(args, { env: { PODLINT_FAST: undefined } });
  const off = podlint(args, { env: { PODLINT_FAST: '0' } });
  expect(on.code).toBe(off.code);
  expect(on.stdout).toBe(off.stdout);
  expect(on.stderr).toBe(off.stderr);
  return on;
}

describe('fast reader', () => {
  it('gives identical findings, positions, fixes and notices on the examples, fixtures and every rule doc example', () => {
    // every YAML example of the rule docs as a file of its own
    const files = Object.fromEntries(ruleDocExamples().map((e) => [`${e.name}.yaml`, e.text]));
    const docs = tempTree(files);
    const r = same(['-f', 'json', 'examples', 'test/fixtures', docs]);
    const rules = new Set(JSON.parse(r.stdout).flatMap((f: any) => f.messages.map((m: any) => m.ruleId)));
    expect(rules.size).toBeGreaterThan(25);
    same(['examples', 'test/fixtures', docs]);
    same(['--fix-dry-run', '-f', 'json', 'examples', 'test/fixtures', docs]);
    // the same examples with CRLF line ends
    const crlf = tempTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.replace(/\n/g, '\r\n')])));
    const c = same(['-f', 'json', crlf]);
    expect(JSON.parse(c.stdout).flatMap((f: any) => f.messages).length).toBeGreaterThan(20);
    same(['--fix-dry-run', '-f', 'json', crlf]);
  });

  it.skipIf(!existsSync(CORPUS))('gives identical output and fixes on the real-world corpus', () => {
    same(['-f', 'json', CORPUS]);
    same(['--fix-dry-run', '-f', 'json', CORPUS]);
  });
});
