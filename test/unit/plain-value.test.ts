/**
 * plainValue() (the fast path from YAML nodes to plain objects) must agree
 * with the yaml package's own toJS on every document it accepts.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMap } from 'yaml';
import { parseSource, plainValue } from '../../src/load/parse.js';
import { makeSource } from '../../src/load/source.js';

// Parse through podlint's loader, so the yaml module instance and options are the ones podlint uses.
const docsOf = (text: string): any[] => parseSource(makeSource('t.yaml', text)).docs as any[];
import { ROOT } from '../helpers/cli.js';
import { CORPUS, manifestFiles, ruleDocExamples } from '../helpers/manifests.js';

function texts(): string[] {
  const files = manifestFiles(join(ROOT, 'examples'), manifestFiles(join(ROOT, 'test', 'fixtures')));
  if (existsSync(CORPUS)) manifestFiles(CORPUS, files);
  return [...files.map((f) => f.text), ...ruleDocExamples().map((e) => e.text)];
}

describe('plainValue', () => {
  it('agrees with toJS on every document it converts, and declines aliases, merge keys, complex keys and tagged collections', () => {
    let converted = 0;
    for (const text of texts()) {
      for (const doc of docsOf(text)) {
        if (doc.errors?.length || !isMap(doc.contents)) continue;
        const fast = plainValue(doc.contents);
        if (fast === undefined) continue;
        converted++;
        expect(fast).toEqual(doc.toJS({ maxAliasCount: 100 }));
      }
    }
    expect(converted).toBeGreaterThan(100);
    const docOf = (t: string) => docsOf(t)[0].contents;
    expect(plainValue(docOf('a: &x {b: 1}\nc: *x\n'))).toBeUndefined();
    expect(plainValue(docOf('a: {b: 1}\nc:\n  <<: {d: 2}\n'))).toBeUndefined();
    expect(plainValue(docOf('? [a]\n: 1\n'))).toBeUndefined();
    expect(plainValue(docOf('s: !!set {a, b}\n'))).toBeUndefined();
    // YAML 1.1, as the API server reads it: octal modes, yes/on booleans (also as keys)
    expect(plainValue(docOf('mode: 0644\non: yes\nn: ~\n1: x\n'))).toEqual({ mode: 420, true: true, false: null, '1': 'x' }); // `n` is the boolean false in YAML 1.1
    const proto = plainValue(docOf('__proto__: {polluted: true}\n')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(({} as any).polluted).toBeUndefined();
  });
});
