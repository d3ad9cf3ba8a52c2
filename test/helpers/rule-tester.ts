/**
 * An ESLint-style RuleTester: each rule lists `valid` manifests (no finding of
 * that rule) and `invalid` ones with the exact findings expected (message,
 * line, column ...) and optionally the text after applying fixes.
 */
import { describe, expect, it } from 'vitest';
import { lintTexts, type LintOptions } from '../../src/engine/lint.js';
import { applyFixes } from '../../src/engine/apply-fixes.js';
import type { Rule } from '../../src/engine/types.js';

export interface ExtraFile {
  path: string;
  text: string;
}
export interface ValidCase {
  name?: string;
  code: string;
  files?: ExtraFile[];
  options?: Record<string, unknown>;
  lint?: LintOptions;
}
export interface ExpectedError {
  message?: string | RegExp;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity?: 1 | 2;
  /** The finding is in this extra file rather than the main one. */
  path?: string;
  hasFix?: boolean;
}
export interface InvalidCase extends ValidCase {
  errors: ExpectedError[] | number;
  /** Text of the main file after applying all fixes once. */
  output?: string;
}

const MAIN = 'test.yaml';

export function runRule(rule: Rule, c: ValidCase) {
  const res = lintTexts([{ path: MAIN, text: c.code }, ...(c.files ?? [])], {
    ...c.lint,
    // a rule of the after-rules phase reports what the other rules' analyses noted: they run too
    only: rule.meta.phase === 'after-rules' ? undefined : [rule.meta.id],
    rules: { ...(c.lint?.rules ?? {}), ...(c.options ? { [rule.meta.id]: [rule.meta.severity, c.options] } : {}) },
  });
  const findings = res.results.flatMap((r) => r.findings).filter((f) => f.ruleId === rule.meta.id);
  return { res, findings };
}

export class RuleTester {
  run(rule: Rule, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }) {
    describe(rule.meta.id, () => {
      cases.valid.forEach((v, i) => {
        const c = typeof v === 'string' ? { code: v } : v;
        it(`valid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
          const { findings } = runRule(rule, c);
          expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
        });
      });
      cases.invalid.forEach((c, i) => {
        it(`invalid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
          const { findings } = runRule(rule, c);
          const expected = typeof c.errors === 'number' ? Array.from({ length: c.errors }, () => ({})) : c.errors;
          expect(findings.length, findings.map((f) => `${f.file.path}:${f.line}:${f.column} ${f.message}`).join('\n')).toBe(expected.length);
          expected.forEach((e, j) => {
            const f = findings[j]!;
            if (e.path !== undefined) expect(f.file.path).toBe(e.path);
            if (typeof e.message === 'string') expect(f.message).toBe(e.message);
            else if (e.message) expect(f.message).toMatch(e.message);
            if (e.line !== undefined) expect(f.line).toBe(e.line);
            if (e.column !== undefined) expect(f.column).toBe(e.column);
            if (e.endLine !== undefined) expect(f.endLine).toBe(e.endLine);
            if (e.endColumn !== undefined) expect(f.endColumn).toBe(e.endColumn);
            if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
            if (e.hasFix !== undefined) expect(!!f.fix).toBe(e.hasFix);
          });
          if (c.output !== undefined) {
            const fixes = findings.filter((f) => f.fix && f.file.path === MAIN).map((f) => f.fix!);
            expect(applyFixes(c.code, fixes).output).toBe(c.output);
          }
        });
      });
    });
  }
}

/** Dedent a template literal so fixtures can be indented in test files. */
export function y(strings: TemplateStringsArray, ...vals: unknown[]): string {
  let s = strings.reduce((acc, str, i) => acc + str + (i < vals.length ? String(vals[i]) : ''), '');
  s = s.replace(/^\n/, '');
  const lines = s.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n').replace(/[ \t]+$/, '');
}
