/**
 * misindented-field end to end, with every rule in the tree:
 * - the seed's sidecar manifest yields exactly one error, misindented-field;
 * - applying the fixes of each fixture gives text with no misindented-field,
 *   unknown-field or schema error, and keeps every comment line.
 */
import { describe, expect, it } from 'vitest';
import { lintTexts } from '../../src/engine/lint.js';
import { applyFixes } from '../../src/engine/apply-fixes.js';
import { misindentCases, seed } from './misindent-fixtures.js';

const SCHEMA_RULES = ['misindented-field', 'unknown-field', 'schema'];

describe('misindented-field with all rules', () => {
  it('the seed sidecar-emptydir.yaml yields exactly one error: misindented-field at 21:5', () => {
    const res = lintTexts([{ path: 'sidecar-emptydir.yaml', text: seed }]);
    const errors = res.results.flatMap((r) => r.findings).filter((f) => f.severity === 2);
    expect(errors.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(['21:5 misindented-field']);
    expect(res.notices.filter((n) => n.includes('internal error'))).toEqual([]);
  });

  for (const c of misindentCases) {
    it(`fix of "${c.name}" lints clean and keeps comments`, () => {
      const res = lintTexts([{ path: 'test.yaml', text: c.code }], { only: SCHEMA_RULES });
      const fixes = res.results.flatMap((r) => r.findings).filter((f) => f.ruleId === 'misindented-field' && f.fix).map((f) => f.fix!);
      expect(fixes.length).toBeGreaterThan(0);
      const fixed = applyFixes(c.code, fixes).output;
      const again = lintTexts([{ path: 'test.yaml', text: fixed }], { only: [...SCHEMA_RULES, 'yaml-syntax'] });
      expect(again.results.flatMap((r) => r.findings).map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([]);
      const comments = (t: string) => t.split(/\r?\n/).filter((l) => l.includes('#')).map((l) => l.trim());
      expect(comments(fixed)).toEqual(comments(c.code));
    });
  }

  it('a misplaced key suppresses the required-field error it causes (CronJob spec under metadata)', () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: nightly',
      '  spec:',
      '    schedule: "0 0 * * *"',
      '    jobTemplate:',
      '      spec:',
      '        template:',
      '          spec:',
      '            restartPolicy: OnFailure',
      '            containers: [{name: job, image: busybox}]',
      '',
    ].join('\n');
    const res = lintTexts([{ path: 'cron.yaml', text }], { only: SCHEMA_RULES });
    const fs = res.results.flatMap((r) => r.findings);
    expect(fs.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`)).toEqual([
      '5:3 misindented-field `spec` belongs at the top level of CronJob `nightly` (line 1); unindent it by 2 spaces.',
    ]);
  });

  it('a block that swallowed the next key: one finding per pass, clean after two fixes', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  replicas: 2',
      'selector:',
      '  matchLabels: {app: web}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers: [{name: web, image: nginx}]',
      '',
    ].join('\n');
    const pass = (t: string) => lintTexts([{ path: 'd.yaml', text: t }], { only: SCHEMA_RULES }).results.flatMap((r) => r.findings);
    const p0 = pass(text);
    expect(p0.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(['6:1 `selector` belongs under `spec` (line 4); indent it by 2 spaces.']);
    const t1 = applyFixes(text, [p0[0]!.fix!]).output;
    const p1 = pass(t1);
    expect(p1.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(['8:5 `template` belongs under `spec` (line 4); unindent it by 2 spaces.']);
    const t2 = applyFixes(t1, [p1[0]!.fix!]).output;
    expect(pass(t2)).toEqual([]);
    expect(t2).toBe(text.replace('selector:\n  matchLabels: {app: web}\n  template:', '  selector:\n    matchLabels: {app: web}\n  template:'));
  });
});
