/**
 * The two-namespace fixture set (test/fixtures/namespaces): references resolve
 * in their own namespace only, for every reference rule of issue 4; objects
 * without a namespace follow --namespace. Also: odd input never makes a
 * reference rule throw.
 */
import { describe, expect, it } from 'vitest';
import { basename, join } from 'node:path';
import { lintPaths, lintTexts, type RuleSetting } from '../../src/engine/lint.js';
import { allRules } from '../../rules/index.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'namespaces');
const RULES = [
  'dangling-configmap-ref',
  'dangling-secret-ref',
  'dangling-configmap-key',
  'dangling-secret-key',
  'dangling-pvc-ref',
  'dangling-service-account',
  'service-selector-no-match',
  'service-target-port',
  'ingress-backend',
  'selector-mismatch',
  'hpa-target-missing',
  'pdb-selector-no-match',
  'networkpolicy-selector-no-match',
];

// Every absent object is listed (`missing: warn`, the option that lists what the default only counts).
const listing: Record<string, RuleSetting> = Object.fromEntries(
  allRules.filter((r) => RULES.includes(r.meta.id) && r.meta.schema).map((r) => [r.meta.id, [r.meta.severity, { missing: 'warn' }]]),
);

function run(namespace?: string) {
  const res = lintPaths([dir], { only: RULES, namespace, rules: listing });
  expect(res.notices.filter((n) => n.includes('internal error'))).toEqual([]);
  return res.results
    .flatMap((r) => r.findings)
    .map((f) => `${basename(f.file.path)}:${f.line}:${f.column} ${f.severity === 2 ? 'error' : 'warn'} ${f.ruleId} ${f.message}`);
}

describe('reference rules across two namespaces (test/fixtures/namespaces)', () => {
  it('team-a resolves completely; every team-b reference to a team-a name is reported; no-namespace objects live in `default`', () => {
    const lines = run();
    expect(lines.filter((l) => l.startsWith('team-a.yaml'))).toEqual([]);
    const expected: [string, RegExp][] = [
      ['no-namespace.yaml:8:23 warn dangling-service-account', /^ServiceAccount `api`, used by .* is not among the linted manifests\./],
      ['no-namespace.yaml:13:28 warn dangling-configmap-ref', /^ConfigMap `shared-config`, used by .* is not among the linted manifests\./],
      ['team-b.yaml:28:27 warn dangling-service-account', /^ServiceAccount `api` in namespace `team-b`, used by `serviceAccountName` of StatefulSet\/worker, is not among/],
      ['team-b.yaml:33:32 warn dangling-configmap-ref', /^ConfigMap `shared-config` in namespace `team-b`, /],
      // team-b has its own `settings` ConfigMap: the key is looked up in it, not in team-a's.
      ['team-b.yaml:37:52 error dangling-configmap-key', /^Key `LOG_LEVEL` is not in ConfigMap `settings`, .*its keys are `MODE`/],
      ['team-b.yaml:40:34 warn dangling-secret-ref', /^Secret `db` in namespace `team-b`, /],
      ['team-b.yaml:45:44 warn dangling-pvc-ref', /^PersistentVolumeClaim `data` in namespace `team-b`, /],
      ['team-b.yaml:53:3 warn service-selector-no-match', /^Service `frontend` selects pods with `app=api`, but no pod template in namespace `team-b`/],
      ['team-b.yaml:64:21 warn ingress-backend', /^Service `api` in namespace `team-b`, a backend of Ingress `api`, is not among the linted manifests/],
      ['team-b.yaml:72:65 warn hpa-target-missing', /^Deployment `api` in namespace `team-b`, the scale target of HorizontalPodAutoscaler `api`, /],
      ['team-b.yaml:82:3 warn pdb-selector-no-match', /^PodDisruptionBudget `api` selects pods with `app=api`, but no pod template in namespace `team-b`/],
      ['team-b.yaml:91:3 warn networkpolicy-selector-no-match', /^NetworkPolicy `api` applies to pods with `app=api`, but no pod template in namespace `team-b`/],
    ];
    expect(lines.length, lines.join('\n')).toBe(expected.length);
    expected.forEach(([head, msg], i) => {
      expect(lines[i]!.startsWith(head + ' '), `${lines[i]}\n  expected to start with: ${head}`).toBe(true);
      expect(lines[i]!.slice(head.length + 1)).toMatch(msg);
    });
  });

  it('with --namespace team-a the objects without a namespace resolve there', () => {
    const lines = run('team-a');
    expect(lines.filter((l) => l.startsWith('no-namespace.yaml'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('team-b.yaml')).length).toBe(10);
  });
});

describe('reference rules on odd input', () => {
  const odd = [
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: null, volumes: [null, {name: v, configMap: {name: 3, items: [null, {key: null}]}}], serviceAccountName: null}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: null, x: 1}, ports: [null, {port: "80", targetPort: null}, {targetPort: {a: 1}}]}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: s2}\nspec: {selector: [a, b], ports: 7}\n',
    'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {defaultBackend: {service: {name: s, port: null}}, rules: [null, {http: {paths: [null, {backend: {serviceName: s, servicePort: {x: 1}}}]}}]}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {selector: {matchLabels: null, matchExpressions: [null, {key: a, operator: Bogus}]}, template: {metadata: {labels: null}, spec: {containers: [{name: c, env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: 5}}}]}]}}}\n',
    'apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec: {selector: {a: null}, template: {spec: {containers: []}}}\n',
    'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: {kind: Deployment, name: 5}}\n',
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b}\nspec: {selector: {matchLabels: {a: null}, matchExpressions: [{key: a, operator: In, values: null}]}}\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec: {podSelector: {matchExpressions: [null]}, ingress: [null, {from: null}, {from: [null, {podSelector: null}]}], egress: {to: 1}}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: [1, 2]\nbinaryData: "x"\n',
    'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: null\nstringData: 3\ntype: null\n',
  ];
  it('never throws (no internal-error notices)', () => {
    const res = lintTexts(odd.map((text, i) => ({ path: `odd-${i}.yaml`, text })), { only: RULES });
    expect(res.notices.filter((n) => n.includes('internal error'))).toEqual([]);
  });
});
