/**
 * Every rule has a documentation page whose "Incorrect" example produces a
 * finding of that rule and whose "Correct" example produces none.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../rules/index.js';
import { lintTexts } from '../src/engine/lint.js';
// @ts-expect-error plain ESM script without types
import { render } from '../scripts/gen-rule-index.mjs';

const root = join(import.meta.dirname, '..');

export function docExamples(md: string): { incorrect: string[]; correct: string[] } {
  const out = { incorrect: [] as string[], correct: [] as string[] };
  let section: 'incorrect' | 'correct' | undefined;
  const re = /^## (.*)$|^```ya?ml[^\n]*\n([\s\S]*?)^```/gm;
  for (let m; (m = re.exec(md)); ) {
    if (m[1] !== undefined) {
      const h = m[1].toLowerCase();
      section = h.startsWith('incorrect') ? 'incorrect' : h.startsWith('correct') ? 'correct' : undefined;
    } else if (section) out[section].push(m[2]!);
  }
  return out;
}

describe('rule documentation', () => {
  it('rules/index.ts lists every rule module', () => {
    expect(readFileSync(join(root, 'rules/index.ts'), 'utf8')).toBe(render());
  });
  it('every docs/rules page belongs to a rule', () => {
    const ids = new Set(allRules.map((r) => r.meta.id));
    for (const f of readdirSync(join(root, 'docs/rules'))) if (f.endsWith('.md')) expect(ids, f).toContain(f.slice(0, -3));
  });
  for (const rule of allRules) {
    describe(rule.meta.id, () => {
      const page = join(root, rule.meta.docs);
      it('has a page at its docs path', () => {
        expect(rule.meta.docs).toBe(`docs/rules/${rule.meta.id}.md`);
        expect(existsSync(page)).toBe(true);
      });
      if (!existsSync(page)) return;
      const md = readFileSync(page, 'utf8');
      const ex = docExamples(md);
      it('has a failing and a passing example', () => {
        expect(md.startsWith(`# ${rule.meta.id}\n`)).toBe(true);
        expect(ex.incorrect.length).toBeGreaterThan(0);
        expect(ex.correct.length).toBeGreaterThan(0);
      });
      // a rule of the after-rules phase reports what the other rules' analyses noted: they run too
      const only = rule.meta.phase === 'after-rules' ? undefined : [rule.meta.id];
      ex.incorrect.forEach((code, i) =>
        it(`incorrect example ${i + 1} is reported`, () => {
          const res = lintTexts([{ path: 'example.yaml', text: code }], { only, rules: { [rule.meta.id]: 'error' } });
          expect(res.results.flatMap((r) => r.findings).filter((f) => f.ruleId === rule.meta.id).length).toBeGreaterThan(0);
        }),
      );
      ex.correct.forEach((code, i) =>
        it(`correct example ${i + 1} is clean`, () => {
          const res = lintTexts([{ path: 'example.yaml', text: code }], { only, rules: { [rule.meta.id]: 'error' } });
          expect(res.results.flatMap((r) => r.findings).filter((f) => f.ruleId === rule.meta.id).map((f) => f.message)).toEqual([]);
        }),
      );
    });
  }
});
