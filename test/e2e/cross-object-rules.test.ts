/**
 * The issue-17 rules through the real CLI: listed by --list-rules with their
 * public ids and severities, documented in the README's rule table, and a
 * finding inside an embedded agent configuration lands in the ConfigMap's
 * own file at the line of the path.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { podlint, tempTree, ROOT } from '../helpers/cli.js';

const RULES: [string, 'error' | 'warn'][] = [
  ['probe-port', 'error'],
  ['env-var-reference', 'error'],
  ['hpa-missing-request', 'error'],
  ['statefulset-service', 'error'],
  ['duplicate-container-name', 'error'],
  ['readonly-mount-write', 'error'],
  ['monitor-target', 'error'],
  ['pdb-blocks-eviction', 'warn'],
  ['duplicate-env-var', 'warn'],
];

describe('cross-object rules (issue 17)', () => {
  it('are listed by --list-rules with their severities and in the README table', () => {
    const out = podlint(['--list-rules']).stdout;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const [id, sev] of RULES) {
      expect(out, id).toMatch(new RegExp(`^${id}\\s+${sev}\\s`, 'm'));
      expect(readme, id).toContain(`| [\`${id}\`](docs/rules/${id}.md) |`);
    }
  });

  it('an agent configuration path is reported in the ConfigMap file, at its line', () => {
    const dir = tempTree({
      'app/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        '      - name: web',
        '        image: busybox',
        "        command: [sh, -c, 'while true; do date >> /logs/web/access.log; sleep 1; done']",
        '        volumeMounts: [{name: logs, mountPath: /logs/web}]',
        '      - name: promtail',
        '        image: grafana/promtail:3.0.0',
        '        volumeMounts: [{name: logs, mountPath: /logs/web}, {name: cfg, mountPath: /etc/promtail}]',
        '      volumes: [{name: logs, emptyDir: {}}, {name: cfg, configMap: {name: promtail}}]',
        '',
      ].join('\n'),
      'app/promtail.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: promtail}',
        'data:',
        '  config.yaml: |',
        '    scrape_configs:',
        '      - job_name: web',
        '        static_configs:',
        '          - labels:',
        '              __path__: /log/web/*.log',
        '',
      ].join('\n'),
    });
    const r = podlint(['--format', 'json', dir]);
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
    const hits = res.flatMap((f) => f.messages.filter((m) => m.ruleId === 'mount-path-mismatch').map((m) => ({ ...m, file: f.filePath })));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.file.endsWith('promtail.yaml')).toBe(true);
    expect([hits[0]!.line, hits[0]!.column]).toEqual([10, 25]);
    expect(hits[0]!.message).toMatch(/^Promtail in container `promtail` of Deployment\/web reads `\/log\/web\/\*\.log` .*Did you mean `\/logs\/web\/\*\.log`\?$/);
  });
});
