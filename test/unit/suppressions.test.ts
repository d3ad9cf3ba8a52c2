import { describe, expect, it } from 'vitest';
import { lintTexts, type LintOptions } from '../../src/engine/lint.js';
import { commentTokens, parseIdList } from '../../src/engine/suppressions.js';
import { y } from '../helpers/rule-tester.js';

/** A pod with one unused volume (unused-volume, warning) and one mount of a missing volume (error). */
const POD = y`
  apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers:
    - name: app
      image: busybox
      volumeMounts:
      - name: missing
        mountPath: /m
    volumes:
    - name: spare
      emptyDir: {}
`;
// line 10: `    - name: missing` (volume-mount-missing-volume), line 13: `  - name: spare` (unused-volume)

const ONLY = ['volume-mount-missing-volume', 'unused-volume', 'unused-suppression'];
function lint(text: string, opts: LintOptions = {}) {
  const res = lintTexts([{ path: 'p.yaml', text }], { only: ONLY, ...opts });
  return res.results.flatMap((r) => r.findings).map((f) => `${f.line}:${f.ruleId}`);
}

const insertBefore = (text: string, line: number, add: string) => {
  const l = text.split('\n');
  l.splice(line - 1, 0, add);
  return l.join('\n');
};

describe('inline suppressions', () => {
  it('baseline: both findings are reported', () => {
    expect(lint(POD)).toEqual(['10:volume-mount-missing-volume', '13:unused-volume']);
  });

  it('podlint-disable-next-line drops the named rule on the next line only', () => {
    const t = insertBefore(POD, 10, '    # podlint-disable-next-line volume-mount-missing-volume');
    expect(lint(t)).toEqual(['14:unused-volume']);
  });

  it('podlint-disable-next-line skips blank and comment lines; `-- reason` is not a rule id', () => {
    const t = insertBefore(POD, 10, '    # podlint-disable-next-line volume-mount-missing-volume -- tracked in JIRA-1\n    # the volume arrives with the operator\n');
    expect(lint(t)).toEqual(['16:unused-volume']);
  });

  it('a directive for another rule does not suppress, and is reported as unused', () => {
    const t = insertBefore(POD, 10, '    # podlint-disable-next-line unused-volume');
    expect(lint(t)).toEqual(['10:unused-suppression', '11:volume-mount-missing-volume', '14:unused-volume']);
  });

  it('podlint-disable-line with several ids (commas or spaces)', () => {
    const t = POD.replace('    - name: missing', '    - name: missing  # podlint-disable-line unused-volume, volume-mount-missing-volume').replace(
      '  - name: spare',
      '  - name: spare  # podlint-disable-line unused-volume volume-mount-missing-volume',
    );
    // each directive used one of its two ids; the other id is reported
    expect(lint(t)).toEqual(['10:unused-suppression', '13:unused-suppression']);
  });

  it('a directive without ids covers every rule', () => {
    const t = POD.replace('    - name: missing', '    - name: missing  # podlint-disable-line');
    expect(lint(t)).toEqual(['13:unused-volume']);
  });

  it('podlint-disable / podlint-enable blocks', () => {
    const t = insertBefore(insertBefore(POD, 12, '  # podlint-enable'), 9, '    # podlint-disable');
    expect(lint(t)).toEqual(['15:unused-volume']);
    // a block open to the end of the file
    expect(lint('# podlint-disable unused-volume\n' + POD)).toEqual(['11:volume-mount-missing-volume']);
  });

  it('podlint-enable of one rule inside a disable-all block re-enables just that rule', () => {
    const t = '# podlint-disable\n# podlint-enable unused-volume\n' + POD;
    expect(lint(t)).toEqual(['15:unused-volume']);
  });

  it('the podlint.dev/ignore annotation covers its resource only', () => {
    const annotated = POD.replace('  name: p\n', '  name: p\n  annotations:\n    podlint.dev/ignore: "unused-volume"\n');
    const other = POD.replace('name: p', 'name: q');
    expect(lint(annotated + '---\n' + other)).toEqual(['12:volume-mount-missing-volume', '27:volume-mount-missing-volume', '30:unused-volume']);
    expect(lint(POD.replace('  name: p\n', "  name: p\n  annotations:\n    podlint.dev/ignore: '*'\n"))).toEqual([]);
  });

  it('used suppressions are not reported; unused-suppression can be switched off', () => {
    const t = insertBefore(POD, 10, '    # podlint-disable-next-line volume-mount-missing-volume');
    expect(lint(t).filter((x) => x.endsWith('unused-suppression'))).toEqual([]);
    const stale = insertBefore(POD, 1, '# podlint-disable-next-line duplicate-mount-path');
    expect(lint(stale, { only: [...ONLY, 'duplicate-mount-path'], rules: { 'unused-suppression': 'off' } })).toEqual(['11:volume-mount-missing-volume', '14:unused-volume']);
  });

  it('--no-inline-config (inlineConfig: false) ignores directives and annotations', () => {
    const t = insertBefore(POD, 10, '    # podlint-disable-next-line volume-mount-missing-volume');
    expect(lint(t, { inlineConfig: false })).toEqual(['11:volume-mount-missing-volume', '14:unused-volume']);
  });

  it('comment tokens come from the CST: never from inside scalars', () => {
    const text = 'a: "# podlint-disable"\nb: |\n  # podlint-disable\nc: 1 # real\n# podlint-disable x\n';
    expect(commentTokens(text).map((c) => c.source)).toEqual(['# real', '# podlint-disable x']);
  });

  it('parseIdList splits on commas and spaces and stops at --', () => {
    expect(parseIdList(' a, b c -- d e', 10).map((x) => [x.id, x.start])).toEqual([
      ['a', 11],
      ['b', 14],
      ['c', 16],
    ]);
  });
});
