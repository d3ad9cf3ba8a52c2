/**
 * Policies end to end: customRules and plugins from the configuration file
 * (ids, --rule, overrides, suppressions, SARIF, --list-rules, configuration
 * errors with positions), and the validating-admission-policy notices.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { podlint, tempTree, ROOT } from '../helpers/cli.js';

const DEPLOY = (name: string, ns: string, labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${labels}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

const CONFIG = `customRules:
  - id: team-label
    match: {kinds: [Deployment, StatefulSet]}
    expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
    message: "every workload needs a \`team\` label"
    path: metadata.labels
  - id: service-per-workload
    severity: warn
    match: {kinds: [Deployment]}
    expression: "objectsOf('Service', object.metadata.namespace).exists(s, has(s.spec.selector) && s.spec.selector.all(k, k in object.spec.template.metadata.labels && object.spec.template.metadata.labels[k] == s.spec.selector[k]))"
    messageExpression: "'no Service selects ' + object.metadata.name"
`;

const messages = (stdout: string) =>
  (JSON.parse(stdout) as any[]).flatMap((f) => f.messages.map((m: any) => `${f.filePath.split('/').pop()}:${m.line}:${m.column} ${m.ruleId} ${m.severity} ${m.message}`)).sort();

describe('customRules', () => {
  it('run with ids custom/<id>, at the path they name, cross-object through objectsOf()', () => {
    const dir = tempTree({ 'podlint.config.yaml': CONFIG, 'a.yaml': DEPLOY('web', 'shop') });
    const r = podlint(['-f', 'json', 'a.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(messages(r.stdout)).toEqual([
      'a.yaml:5:14 custom/service-per-workload 1 no Service selects web',
      'a.yaml:6:11 custom/team-label 2 every workload needs a `team` label',
    ]);
  });

  it('pass when the objects satisfy them', () => {
    const svc = '---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n';
    const dir = tempTree({ 'podlint.config.yaml': CONFIG, 'a.yaml': DEPLOY('web', 'shop', '{app: web, team: payments}') + svc });
    const r = podlint(['-f', 'json', 'a.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(messages(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('work with --rule, overrides, suppressions, --list-rules and SARIF', () => {
    const cfg = CONFIG + 'overrides:\n  - files: ["legacy/**"]\n    rules: {custom/team-label: off}\n';
    const dir = tempTree({
      'podlint.config.yaml': cfg,
      'a.yaml': DEPLOY('web', 'shop').replace('  labels:', '  # podlint-disable-next-line custom/team-label\n  labels:'),
      'legacy/b.yaml': DEPLOY('old', 'shop'),
    });
    let r = podlint(['-f', 'json', '--rule', 'custom/service-per-workload:off', '.'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(messages(r.stdout)).toEqual([]);
    r = podlint(['--list-rules'], { cwd: dir });
    expect(r.stdout).toMatch(/^custom\/team-label\s+error\s+every workload needs a `team` label$/m);
    r = podlint(['-f', 'sarif', 'legacy/b.yaml', '--rule', 'custom/team-label:error'], { cwd: dir });
    const sarif = JSON.parse(r.stdout);
    const ids = sarif.runs[0].tool.driver.rules.map((x: any) => x.id);
    expect(ids).toContain('custom/team-label');
    expect(sarif.runs[0].results.map((x: any) => x.ruleId).sort()).toEqual(['custom/service-per-workload', 'custom/team-label']);
  });

  it('a CEL syntax error is a configuration error naming the rule, the file, the line and the column inside the expression', () => {
    const dir = tempTree({
      'podlint.config.yaml': 'customRules:\n  - id: broken\n    expression: "object.spec.replicas <= "\n',
      'a.yaml': DEPLOY('web', 'shop'),
    });
    const r = podlint(['a.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/podlint\.config\.yaml: \/customRules\/0\/expression custom rule "broken": invalid CEL expression at column 25 of the expression: unexpected token: EOF \(line 3, column 42\)/);
  });

  it('a CEL type error (an unknown function) is a configuration error too', () => {
    const dir = tempTree({
      'podlint.config.yaml': "customRules:\n  - id: typo\n    expression: |\n      object.metadata.name.startWith('x')\n",
      'a.yaml': DEPLOY('web', 'shop'),
    });
    const r = podlint(['a.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/custom rule "typo": invalid CEL expression at column 1 of the expression: .*startWith.* \(line 4, column 7\)/);
  });

  it('the config schema validates customRules', () => {
    const dir = tempTree({ 'podlint.config.yaml': 'customRules:\n  - id: Bad_Id\n    expression: "true"\n', 'a.yaml': DEPLOY('web', 'shop') });
    const r = podlint(['a.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/customRules\/0\/id/);
  });
});

describe('plugins', () => {
  const plugin = join(ROOT, 'examples', 'plugin', 'podlint-plugin-example.mjs');
  it('the example plugin runs as example/image-digest, with options from the configuration', () => {
    const dir = tempTree({
      'podlint.config.yaml': `plugins:\n  example: ${JSON.stringify(plugin)}\nrules:\n  example/image-digest: [warn, {namespaces: [shop]}]\n`,
      'a.yaml': DEPLOY('web', 'shop'),
    });
    const r = podlint(['-f', 'json', 'a.yaml'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(messages(r.stdout)).toEqual([
      'a.yaml:15:16 example/image-digest 1 Deployment/web: container "web" runs image "nginx:1.27" without a digest; pin it as nginx@sha256:<digest>',
    ]);
    expect(podlint(['--list-rules'], { cwd: dir }).stdout).toMatch(/^example\/image-digest\s+warn/m);
  });

  it('a list entry names the plugin after its module; a relative path resolves from the configuration file', () => {
    const dir = tempTree({
      'podlint.config.yaml': 'plugins: [./plugins/podlint-plugin-local.mjs]\n',
      'plugins/podlint-plugin-local.mjs':
        "export const rules = { 'no-latest': { meta: { description: 'no latest', severity: 'error' }, check(ctx) { for (const c of ctx.graph.templates.flatMap((t) => t.containers)) if (c.image?.endsWith(':latest')) ctx.report({ resource: c.resource, path: [...c.path, 'image'], message: 'latest' }); } } };\n",
      'a.yaml': DEPLOY('web', 'shop').replace('nginx:1.27', 'nginx:latest'),
    });
    const r = podlint(['-f', 'json', 'a.yaml'], { cwd: dir });
    expect(messages(r.stdout)).toEqual(['a.yaml:15:16 local/no-latest 2 latest']);
  });

  it('an unknown plugin rule in the configuration and a missing module are configuration errors', () => {
    let dir = tempTree({ 'podlint.config.yaml': `plugins:\n  example: ${JSON.stringify(plugin)}\nrules:\n  example/image-digets: warn\n`, 'a.yaml': DEPLOY('web', 'shop') });
    let r = podlint(['a.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule "example\/image-digets" \(did you mean "example\/image-digest"\?\)/);
    dir = tempTree({ 'podlint.config.yaml': `plugins:\n  example: ${JSON.stringify(plugin)}\nrules:\n  example/image-digest: [warn, {namespace: [shop]}]\n`, 'a.yaml': DEPLOY('web', 'shop') });
    r = podlint(['a.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/rules\/example~1image-digest\/1\/namespace is not a known setting \(did you mean "namespaces"\?\)/);
    dir = tempTree({ 'podlint.config.yaml': 'plugins: [./nowhere.mjs]\n', 'a.yaml': DEPLOY('web', 'shop') });
    r = podlint(['a.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plugin "nowhere": no such file \.\/nowhere\.mjs/);
  });

  it('a manifest cannot load code: plugins are read from the configuration file only', () => {
    const dir = tempTree({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plugins}\ndata: {plugins: "./evil.mjs"}\n', 'evil.mjs': 'throw new Error("loaded")\n' });
    const r = podlint(['a.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
  });
});

describe('validating-admission-policy notices', () => {
  it('a namespaceSelector over a namespace absent from the set: one notice, no finding', () => {
    const vap = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: limit}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]
  validations: [{expression: "object.spec.replicas <= 1"}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: limit-prod}
spec:
  policyName: limit
  validationActions: [Deny]
  matchResources: {namespaceSelector: {matchLabels: {env: prod}}}
---
`;
    const dir = tempTree({ 'a.yaml': vap + DEPLOY('web', 'shop') + '---\n' + DEPLOY('api', 'shop') });
    const r = podlint(['-f', 'json', 'a.yaml'], { cwd: dir });
    expect(messages(r.stdout)).toEqual([]);
    expect(r.stderr.match(/namespace 'shop' is not in the linted set/g)).toHaveLength(1);
    expect(r.code).toBe(0);
  });
});
