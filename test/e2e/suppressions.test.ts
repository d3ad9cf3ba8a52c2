/**
 * Each suppression form through the CLI, and the unused-suppression warning
 * that keeps them from rotting.
 */
import { describe, expect, it } from 'vitest';
import { podlint, tempTree } from '../helpers/cli.js';

/** A pod with a missing-volume mount (error) and an unused volume (warning). */
const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}${extra}
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

function findings(text: string, args: string[] = []) {
  const dir = tempTree({ 'm.yaml': text });
  const r = podlint(['-f', 'json', ...args, 'm.yaml'], { cwd: dir });
  return { code: r.code, ids: (JSON.parse(r.stdout)[0].messages as any[]).map((m) => `${m.line}:${m.ruleId}`) };
}

describe('suppressions through the CLI', () => {
  it('baseline', () => {
    expect(findings(pod('p')).ids).toEqual(['10:volume-mount-missing-volume', '13:unused-volume']);
  });

  it('# podlint-disable-next-line rule-a, rule-b', () => {
    const t = pod('p').replace('    - name: missing', '    # podlint-disable-next-line volume-mount-missing-volume, unused-volume -- volume added by the operator\n    - name: missing');
    const r = findings(t);
    // the error is suppressed (exit 0); `unused-volume` in the list suppressed nothing on that line
    expect(r.code).toBe(0);
    expect(r.ids).toEqual(['10:unused-suppression', '14:unused-volume']);
  });

  it('# podlint-disable-line', () => {
    const t = pod('p').replace('  - name: spare', '  - name: spare  # podlint-disable-line unused-volume');
    expect(findings(t).ids).toEqual(['10:volume-mount-missing-volume']);
  });

  it('# podlint-disable / # podlint-enable blocks', () => {
    const t = '# podlint-disable volume-mount-missing-volume\n' + pod('p') + '# podlint-enable volume-mount-missing-volume\n---\n' + pod('q');
    const r = findings(t);
    expect(r.ids).toEqual(['14:unused-volume', '27:volume-mount-missing-volume', '30:unused-volume']);
  });

  it('the podlint.dev/ignore annotation', () => {
    const t = pod('p', '\n  annotations:\n    podlint.dev/ignore: "unused-volume,volume-mount-missing-volume"') + '---\n' + pod('q');
    expect(findings(t).ids).toEqual(['27:volume-mount-missing-volume', '30:unused-volume']);
  });

  it('unused and misspelt suppressions are reported as warnings (exit 0), and can be switched off', () => {
    const t = pod('p').replace('    image: busybox', '    image: busybox  # podlint-disable-line volume-mount-missing-volum');
    const r = findings(t, ['--rule', 'volume-mount-missing-volume:off', '--rule', 'unused-volume:off']);
    expect(r.code).toBe(0);
    expect(r.ids).toEqual(['8:unused-suppression']);
    const dir = tempTree({ 'm.yaml': t });
    const out = podlint(['--rule', 'volume-mount-missing-volume:off', '--rule', 'unused-volume:off', 'm.yaml'], { cwd: dir });
    expect(out.stdout).toContain('8:44  warning  `volume-mount-missing-volum` in this `podlint-disable-line` directive is not a podlint rule, so it suppresses nothing. Did you mean `volume-mount-missing-volume`?  unused-suppression');
    expect(findings(t, ['--rule', 'unused-suppression:off', '--rule', 'volume-mount-missing-volume:off', '--rule', 'unused-volume:off']).ids).toEqual([]);
  });

  it('--no-inline-config ignores all of them', () => {
    const t = pod('p', '\n  annotations:\n    podlint.dev/ignore: "*"').replace('  - name: spare', '  - name: spare  # podlint-disable-line');
    expect(findings(t).ids).toEqual([]);
    expect(findings(t, ['--no-inline-config']).ids).toEqual(['12:volume-mount-missing-volume', '15:unused-volume']);
  });

  it('a configuration override can switch unused-suppression to an error for CI', () => {
    const dir = tempTree({
      'podlint.config.yaml': 'rules:\n  unused-suppression: error\n',
      'm.yaml': pod('p').replace('  - name: spare', '  - name: spare  # podlint-disable-line unused-volume, duplicate-mount-path'),
    });
    const r = podlint(['-f', 'json', 'm.yaml'], { cwd: dir });
    const msgs = JSON.parse(r.stdout)[0].messages as any[];
    expect(msgs.find((m) => m.ruleId === 'unused-suppression')).toMatchObject({ severity: 2, line: 13 });
  });
});
