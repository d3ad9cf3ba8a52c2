import { describe, expect, it } from 'vitest';
import rule from '../../rules/analysis-limit.js';
import { RuleTester } from '../helpers/rule-tester.js';
import { lintTexts } from '../../src/engine/lint.js';

const indent = (text: string, n: number) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');

const nginxPod = (conf: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gw}\ndata:\n  default.conf: |\n${indent(conf, 4)}\n---\n` +
  `apiVersion: v1\nkind: Pod\nmetadata: {name: gw}\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n    ports: [{containerPort: 8000}]\n` +
  `    volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]\n  volumes: [{name: conf, configMap: {name: gw}}]\n`;
const nested = (levels: number, inner: string) => 'server {\n  listen 8000;\n' + 'location /a {\n'.repeat(levels) + inner + '\n' + '}\n'.repeat(levels) + '}';

const envoyPod = (conf: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: envoy}\ndata:\n  envoy.yaml: |\n${indent(conf, 4)}\n---\n` +
  `apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n  - name: envoy\n    image: envoyproxy/envoy:v1.31-latest\n` +
  `    volumeMounts: [{name: envoy, mountPath: /etc/envoy}]\n  volumes: [{name: envoy, configMap: {name: envoy}}]\n`;
/** A listener whose filter holds `levels` nested mappings before a cluster reference. */
const envoyDeepListener = (levels: number) => {
  let body = 'cluster: billing';
  for (let i = 0; i < levels; i++) body = `k${i}:\n${indent(body, 2)}`;
  return `static_resources:\n  listeners:\n  - name: l\n    address: {socket_address: {address: 0.0.0.0, port_value: 10000}}\n    filter_chains:\n    - filters:\n      - name: f\n        typed_config:\n${indent(body, 10)}\n  clusters:\n  - name: billing\n`;
};
/** Flow nesting the YAML reader cannot hold. */
const envoyTooDeep = `static_resources: {listeners: ${'['.repeat(3000)}${']'.repeat(3000)}}`;

const crd = (levels: number) => {
  let s = 'type: string';
  for (let i = 0; i < levels; i++) s = `type: object\nproperties:\n  f${i}:\n${indent(s, 4)}`;
  return (
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n` +
    `  names: {kind: W, plural: ws, singular: w, listKind: WList}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n${indent(s, 8)}\n`
  );
};

new RuleTester().run(rule, {
  valid: [
    { name: 'nginx nested 30 levels', code: nginxPod(nested(30, 'proxy_pass http://127.0.0.1:8000;')) },
    { name: 'deep nginx, but the rules reading nginx are off: no analysis ran', code: nginxPod(nested(60, '')), lint: { rules: { 'ambassador-backend': 'off', 'localhost-port-unbound': 'off', 'proxy-config-missing': 'off' } } },
    { name: 'Envoy listener 50 levels deep', code: envoyPod(envoyDeepListener(50)) },
    { name: 'CRD schema 60 levels deep', code: crd(60) },
    { name: 'text that is not an Envoy configuration', code: envoyPod('just: [some, text') },
  ],
  invalid: [
    {
      name: 'nginx nested deeper than 40 blocks: one warning at the first skipped block',
      code: nginxPod(nested(60, 'proxy_pass http://inventroy:8080;')),
      errors: [{ message: /^nginx configuration \/etc\/nginx\/conf\.d\/default\.conf nests blocks \(and includes\) deeper than 40 levels; the directives from here on are not analysed\./, line: 6 + 2 + 40, column: 5, severity: 1 }],
    },
    {
      name: 'nginx includes nested deeper than 40 levels (an include chain)',
      code: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gw}\ndata:\n  default.conf: |\n    server { listen 8000; include /etc/nginx/conf.d/i0.inc; }\n` +
        Array.from({ length: 45 }, (_, i) => `  i${i}.inc: |\n    location /${i} { include /etc/nginx/conf.d/i${i + 1}.inc; }\n`).join('') +
        `---\napiVersion: v1\nkind: Pod\nmetadata: {name: gw}\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n    ports: [{containerPort: 8000}]\n    volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]\n  volumes: [{name: conf, configMap: {name: gw}}]\n`,
      errors: [{ message: /^nginx configuration \/etc\/nginx\/conf\.d\/i\d+\.inc nests blocks/ }],
    },
    {
      name: 'an Envoy listener deeper than 60 levels',
      code: envoyPod(envoyDeepListener(80)),
      errors: [{ message: /^Envoy configuration \/etc\/envoy\/envoy\.yaml: a listener nests deeper than 60 levels; cluster references from here on are not checked\./ }],
    },
    {
      name: 'an Envoy configuration nested thousands of levels deep',
      code: envoyPod(envoyTooDeep),
      errors: [{ message: /^Envoy configuration \/etc\/envoy\/envoy\.yaml: nested deeper than 128 levels, the most the Envoy analysis reads; the configuration is not analysed\./, line: 6 }],
    },
    {
      name: 'a CRD schema deeper than 64 levels',
      code: crd(70),
      errors: [{ message: /^this CustomResourceDefinition's schema nests deeper than 64 levels; values of its custom resources under this schema are not checked\./ }],
    },
  ],
});

describe('analysis-limit', () => {
  it('reports the hits of every analysis that ran, whatever order the rules are listed in', () => {
    // analysis-limit sorts first among the rules; an extra rule listed after it also triggers an analysis
    const text = nginxPod(nested(60, ''));
    const ids = (r: ReturnType<typeof lintTexts>) => r.results.flatMap((x) => x.findings.map((f) => f.ruleId));
    expect(ids(lintTexts([{ path: 'a.yaml', text }], { only: ['analysis-limit', 'ambassador-backend'] }))).toEqual(['analysis-limit']);
    expect(ids(lintTexts([{ path: 'a.yaml', text }], { only: ['ambassador-backend', 'analysis-limit'] }))).toEqual(['analysis-limit']);
  });

  it('a finding can be suppressed like any other', () => {
    const text = nginxPod(nested(60, '')).replace('apiVersion: v1\nkind: Pod', '# podlint-disable analysis-limit\napiVersion: v1\nkind: Pod').replace(/^/, '# podlint-disable analysis-limit\n');
    const r = lintTexts([{ path: 'a.yaml', text }], { only: ['analysis-limit', 'ambassador-backend'] });
    expect(r.results.flatMap((x) => x.findings.map((f) => f.ruleId))).toEqual([]);
  });
});
