import rule from '../../rules/unknown-kind.js';
import { RuleTester, y } from '../helpers/rule-tester.js';
import { lintTexts } from '../../src/engine/lint.js';
import { expect, it } from 'vitest';

new RuleTester().run(rule, {
  valid: [
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: a, image: i}]}}}\n',
    { name: 'a custom group without its CRD stays a notice', code: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n' },
    { name: 'a retired apiVersion is deprecated-api-version\'s', code: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n' },
    { name: 'a kubeconfig file', code: 'apiVersion: v1\nkind: Config\nclusters: []\n' },
    { name: 'a legacy kube-scheduler policy file', code: '{"kind": "Policy", "apiVersion": "v1", "predicates": []}\n' },
    { name: 'a kind: List', code: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n' },
    { name: 'a PodSecurityPolicy in policy/v1beta1, removed in 1.25, is deprecated-api-version\'s', code: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec: {}\n' },
    { name: 'kustomization files', code: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n' },
  ],
  invalid: [
    { name: 'kind: configmap', code: 'apiVersion: v1\nkind: configmap\nmetadata: {name: c}\n', errors: [{ message: 'kind `configmap` does not exist in apiVersion `v1`; the API server answers "no matches for kind". Kinds are case-sensitive: did you mean `ConfigMap`?', line: 2, column: 7 }] },
    { name: 'Deployment under v1', code: 'apiVersion: v1\nkind: Deployment\nmetadata: {name: d}\n', errors: [{ message: /`Deployment` is served by `apiVersion: apps\/v1`. Did you mean `apps\/v1`\?/ }] },
    { name: 'a lowercase kind in another group', code: 'apiVersion: v1\nkind: deployment\nmetadata: {name: d}\n', errors: [{ message: /Did you mean `Deployment` \(`apiVersion: apps\/v1`\)\?/ }] },
    { name: 'PodSecurityPolicy under policy/v1 (it never existed there; no release serves it)', code: 'apiVersion: policy/v1\nkind: PodSecurityPolicy\nmetadata: {name: p}\nspec: {}\n', errors: [{ line: 2, message: /^kind `PodSecurityPolicy` does not exist in apiVersion `policy\/v1`.*was only ever served by `extensions\/v1beta1` and `policy\/v1beta1`, and no release since 1\.25 serves it: migrate to Pod Security Admission/ }] },
    { name: 'a typo', code: y`
      apiVersion: apps/v1
      kind: Deploymnet
      metadata: {name: d}
    `, errors: [{ message: /Did you mean `Deployment`\?/ }] },
  ],
});

it('the schema analysis no longer prints "no schema for kind" for a built-in apiVersion', () => {
  const res = lintTexts([{ path: 'a.yaml', text: 'apiVersion: v1\nkind: configmap\nmetadata: {name: c}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n' }]);
  expect(res.notices.filter((n) => n.includes('configmap'))).toEqual([]);
  expect(res.notices.some((n) => n.includes('no schema for kind Widget'))).toBe(true);
});
