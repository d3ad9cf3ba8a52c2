import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'policies', 'kubectl-validate-cel');
const crd = readFileSync(join(dir, 'cel_basic.yaml'), 'utf8');

/** The Status in a manifest's leading comment. */
function status(text: string): { details: { causes: { message: string; field: string }[] } } {
  const json = text
    .split('\n')
    .filter((l) => l.startsWith('# '))
    .map((l) => l.slice(2))
    .join('\n');
  return JSON.parse(json.slice(0, json.lastIndexOf('}') + 1));
}

describe('kubectl-validate CRD CEL test cases', () => {
  for (const name of ['error_cel_basic.yaml', 'error_cel_basic_multiple.yaml']) {
    it(`${name}: rejected with the Status message at the field it names`, () => {
      const text = readFileSync(join(dir, name), 'utf8');
      const st = status(text);
      const res = lintTexts([{ path: 'crd.yaml', text: crd }, { path: name, text }], { only: ['schema'] });
      const findings = res.results.flatMap((r) => r.findings);
      expect(findings.map((f) => `${f.file.path}:${f.line} ${f.message}`)).toHaveLength(st.details.causes.length);
      const errorLine = text.split('\n').findIndex((l) => l.includes('# error')) + 1;
      st.details.causes.forEach((c, i) => {
        const f = findings[i]!;
        expect(f.file.path).toBe(name);
        expect(f.severity).toBe(2);
        expect(f.message).toBe(c.field === '<nil>' ? c.message : `${c.field}: ${c.message}`);
        expect(f.line).toBe(errorLine);
      });
    });
  }

  it('the same object with valid values passes', () => {
    const text = 'apiVersion: stable.example.com/v1\nkind: CELBasic\nmetadata: {name: ok}\nvalue: 3\nother_value: 9\n';
    const res = lintTexts([{ path: 'crd.yaml', text: crd }, { path: 'ok.yaml', text }], { only: ['schema'] });
    expect(res.results.flatMap((r) => r.findings)).toEqual([]);
  });
});
